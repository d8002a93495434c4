package legal

import (
	"context"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"agora"
)

// The dialogue of the authority channel (DESIGN section 6): an authority sends
// messages about its own orders, with documents; a message may be a notice
// (non-compliance, hearing, emergency confirmation, revocation, other) with a
// deadline, recorded as the desk records notices. The desk answers with a
// message out on agora.ChannelAuthorityAPI (AddCorrespondence), which is what
// the authority reads. Messages on other channels are the desk's own records
// and are never shown to an authority.

// MaxMessageText bounds a message's text, in characters.
const MaxMessageText = 20_000

// MessageInput is a message an authority sends about one of its orders.
type MessageInput struct {
	Text string
	// Kind makes the message a notice of that kind; "" for none.
	Kind agora.NoticeKind
	// Deadline is the notice's deadline (after now); zero for none. Only with
	// a Kind.
	Deadline  time.Time
	Documents []*DocumentInput // at most MaxDocuments
}

// Message is one message of an order's dialogue on the authority channel as
// the order's authority sees it: no parties, no author, no note.
type Message struct {
	ID        agora.ID
	Direction string           // "in": the authority's; "out": the platform's
	Kind      agora.NoticeKind // the notice the message is; "" when none
	Text      string
	CreatedAt time.Time
	// Deadline and AnsweredAt are the notice's (zero when none, or not
	// answered yet).
	Deadline   time.Time
	AnsweredAt time.Time
	Documents  []*agora.Document // metadata only
}

// SendMessage records a message from the authority about one of its orders,
// as correspondence in on agora.ChannelAuthorityAPI from the authority (its
// name as the parties), with its documents and, when it has a Kind, the notice
// it is, in one transaction: a revocation lifts the order's rules and closes
// it in the same transaction; an emergency confirmation records that the order
// was confirmed; a deadline counts toward the order's being overdue until the
// desk answers the notice. Under a key the authority used before for the same
// message it returns the message then recorded and replayed true.
//
// Errors, after which nothing is recorded: ENOTFOUND for an order of another
// authority, as for one that does not exist; EINVALID for a key too long;
// EUNPROCESSABLE for no text or too long, an unknown kind, a deadline without
// a kind or not in the future, an emergency confirmation of an order that is
// not an emergency one, too many documents or a bad one, or a key used for
// another request; ECONFLICT for a revocation of an order revoked already, or
// when the order changed meanwhile (a retry may succeed).
func (d *Channel) SendMessage(ctx context.Context, auth *agora.Authority, orderID agora.ID, in MessageInput, sub Submission) (msg Message, replayed bool, err error) {
	if len(sub.Key) > MaxIdempotencyKey {
		return Message{}, false, agora.Errorf(agora.EINVALID, "The Idempotency-Key is longer than %d characters.", MaxIdempotencyKey)
	}
	o, err := d.AuthorityOrder(ctx, auth, orderID)
	if err != nil {
		return Message{}, false, err
	}
	if sub.Key != "" {
		if m, err := d.replayMessage(ctx, auth, o, sub); err == nil || agora.ErrorCode(err) != agora.ENOTFOUND {
			return m, err == nil, err
		}
	}
	if err := checkMessage(in, d.now()); err != nil {
		return Message{}, false, err
	}
	docs, err := d.newDocuments(in.Documents, agora.DocumentAttached)
	if err != nil {
		return Message{}, false, err
	}
	now := d.clock()
	c := &agora.Correspondence{
		ID: d.ids.New(), OrderID: o.ID, Direction: "in", Channel: agora.ChannelAuthorityAPI, Date: now,
		Parties: auth.Name, Summary: in.Text, CreatedAt: now, Documents: docs,
	}
	if len(docs) > 0 {
		c.DocumentID = docs[0].ID
	}
	m := &agora.AuthorityMessage{Message: c}
	if sub.Key != "" {
		m.Submission = &agora.MessageSubmission{AuthorityID: auth.ID, Key: sub.Key, RequestDigest: sub.RequestDigest, CreatedAt: now}
	}
	events := []*agora.AuditEvent{d.authorityEvent(ctx, auth, "correspondence.in", o.ID,
		fmt.Sprintf("message in via %s from the authority, %d documents", agora.ChannelAuthorityAPI, len(docs)))}
	if in.Kind != "" {
		m.Notice = &agora.OrderNotice{
			ID: d.ids.New(), OrderID: o.ID, Kind: in.Kind, ReceivedAt: now, Deadline: truncMS(in.Deadline),
			Summary: in.Text, DocumentID: c.DocumentID, CreatedAt: now,
		}
		c.NoticeID = m.Notice.ID
		events = append(events, d.authorityEvent(ctx, auth, "notice."+string(in.Kind), o.ID,
			fmt.Sprintf("%s notice received through the authority channel", in.Kind)))
	}
	switch in.Kind {
	case agora.NoticeRevocation:
		if !o.RevokedAt.IsZero() {
			return Message{}, false, agora.Errorf(agora.ECONFLICT, "The order is revoked already.")
		}
		// The message, its notice, the lifts, the revocation time and the
		// closing in one transaction, as for a revocation the desk records.
		o.RevokedAt = now
		err = d.liftOrderWith(ctx, nil, o, "revoked by the authority", &agora.DecisionBatch{Message: m, Events: events})
	case agora.NoticeEmergencyConfirmation:
		if !o.Emergency {
			return Message{}, false, agora.Errorf(agora.EUNPROCESSABLE, "Validation failed: the order is not an emergency order; there is nothing to confirm.")
		}
		if o.ConfirmedAt.IsZero() {
			o.ConfirmedAt, m.Order = now, o
			events = append(events, d.authorityEvent(ctx, auth, "order.confirm", o.ID, "emergency order confirmed by the authority"))
		}
		err = d.store.CreateAuthorityMessage(ctx, m, events)
	default:
		err = d.store.CreateAuthorityMessage(ctx, m, events)
	}
	if agora.ErrorCode(err) == agora.ECONFLICT && sub.Key != "" {
		// The same key arrived meanwhile: answer as its retry.
		if m, rerr := d.replayMessage(ctx, auth, o, sub); rerr == nil || agora.ErrorCode(rerr) != agora.ENOTFOUND {
			return m, rerr == nil, rerr
		}
	}
	if err != nil {
		return Message{}, false, err
	}
	for _, doc := range docs {
		doc.Data = nil
	}
	return messageOf(c, m.Notice), false, nil
}

// checkMessage checks a message's form at now.
func checkMessage(in MessageInput, now time.Time) error {
	if strings.TrimSpace(in.Text) == "" {
		return agora.Errorf(agora.EUNPROCESSABLE, "Validation failed: text is required.")
	}
	if !utf8.ValidString(in.Text) {
		return agora.Errorf(agora.EUNPROCESSABLE, "Validation failed: text must be UTF-8.")
	}
	if n := utf8.RuneCountInString(in.Text); n > MaxMessageText {
		return agora.Errorf(agora.EUNPROCESSABLE, "Validation failed: text is %d characters long; at most %d are allowed.", n, MaxMessageText)
	}
	switch in.Kind {
	case "":
		if !in.Deadline.IsZero() {
			return agora.Errorf(agora.EUNPROCESSABLE, "Validation failed: a deadline is given with a notice; send its kind too.")
		}
	case agora.NoticeNonCompliance, agora.NoticeHearing, agora.NoticeEmergencyConfirmation, agora.NoticeRevocation, agora.NoticeOther:
	default:
		return agora.Errorf(agora.EUNPROCESSABLE, "Validation failed: kind %q is unknown; use non_compliance, hearing, emergency_confirmation, revocation or other, or none for a message that is no notice.", truncate(string(in.Kind), 30))
	}
	if !in.Deadline.IsZero() && !in.Deadline.After(now) {
		return agora.Errorf(agora.EUNPROCESSABLE, "Validation failed: deadline must be in the future.")
	}
	if len(in.Documents) > MaxDocuments {
		return agora.Errorf(agora.EUNPROCESSABLE, "Validation failed: a message has at most %d documents.", MaxDocuments)
	}
	return nil
}

// replayMessage returns the message sent under the key: ENOTFOUND when there
// is none, EUNPROCESSABLE when it was another request or about another order.
func (d *desk) replayMessage(ctx context.Context, auth *agora.Authority, o *agora.Order, sub Submission) (Message, error) {
	prev, err := d.store.MessageSubmission(ctx, auth.ID, sub.Key)
	if err != nil {
		return Message{}, err
	}
	if prev.OrderID != o.ID || prev.RequestDigest != sub.RequestDigest {
		return Message{}, agora.Errorf(agora.EUNPROCESSABLE, "This Idempotency-Key was used for another request; use a new key for a new message.")
	}
	list, err := d.store.ChannelMessages(ctx, o.ID, prev.CorrespondenceID-1, 1)
	if err != nil {
		return Message{}, err
	}
	if len(list) == 0 || list[0].ID != prev.CorrespondenceID {
		return Message{}, fmt.Errorf("replay message: message %s of key not found", prev.CorrespondenceID)
	}
	var n *agora.OrderNotice
	if list[0].NoticeID != 0 {
		if n, err = d.store.OrderNotice(ctx, list[0].NoticeID); err != nil {
			return Message{}, err
		}
	}
	return messageOf(list[0], n), nil
}

// MaxMessagesPage bounds a page of messages.
const MaxMessagesPage = 200

// AuthorityMessages lists the dialogue on one of the authority's orders: the
// messages on agora.ChannelAuthorityAPI, both directions, after the message
// afterID (0: from the first), oldest first, at most limit (1 to
// MaxMessagesPage). ENOTFOUND as AuthorityOrder.
func (d *Channel) AuthorityMessages(ctx context.Context, auth *agora.Authority, orderID, afterID agora.ID, limit int) ([]Message, error) {
	o, err := d.AuthorityOrder(ctx, auth, orderID)
	if err != nil {
		return nil, err
	}
	list, err := d.store.ChannelMessages(ctx, o.ID, afterID, min(max(limit, 1), MaxMessagesPage))
	if err != nil {
		return nil, err
	}
	notices := map[agora.ID]*agora.OrderNotice{}
	for _, c := range list {
		if c.NoticeID != 0 {
			all, err := d.store.OrderNotices(ctx, o.ID)
			if err != nil {
				return nil, err
			}
			for _, n := range all {
				notices[n.ID] = n
			}
			break
		}
	}
	out := make([]Message, len(list))
	for i, c := range list {
		out[i] = messageOf(c, notices[c.NoticeID])
	}
	return out, nil
}

// messageOf is what the authority is told of the message c and its notice n
// (nil: none).
func messageOf(c *agora.Correspondence, n *agora.OrderNotice) Message {
	m := Message{ID: c.ID, Direction: c.Direction, Text: c.Summary, CreatedAt: c.CreatedAt, Documents: c.Documents}
	if n != nil {
		m.Kind, m.Deadline, m.AnsweredAt = n.Kind, n.Deadline, n.AnsweredAt
	}
	return m
}

// AuthorityDocument returns a document of one of the authority's orders, with
// its data: one received with the order, or with a message on the authority
// channel. ENOTFOUND for any other, and as AuthorityOrder.
func (d *Channel) AuthorityDocument(ctx context.Context, auth *agora.Authority, orderID, docID agora.ID) (*agora.Document, error) {
	o, err := d.AuthorityOrder(ctx, auth, orderID)
	if err != nil {
		return nil, err
	}
	doc, err := d.store.Document(ctx, docID)
	if err != nil {
		return nil, err
	}
	notFound := agora.Errorf(agora.ENOTFOUND, "Record not found.")
	if doc.OrderID != o.ID {
		return nil, notFound
	}
	switch {
	case doc.Role == agora.DocumentAnnex || doc.Role == agora.DocumentOfOrder:
		return doc, nil
	case doc.CorrespondenceID != 0:
		list, err := d.store.ChannelMessages(ctx, o.ID, doc.CorrespondenceID-1, 1)
		if err != nil {
			return nil, err
		}
		if len(list) == 1 && list[0].ID == doc.CorrespondenceID {
			return doc, nil
		}
	}
	return nil, notFound
}

// AuthorityOrderDocuments lists the documents received with one of the
// authority's orders (its annex file and the others), without their data.
// ENOTFOUND as AuthorityOrder.
func (d *Channel) AuthorityOrderDocuments(ctx context.Context, auth *agora.Authority, orderID agora.ID) ([]*agora.Document, error) {
	o, err := d.AuthorityOrder(ctx, auth, orderID)
	if err != nil {
		return nil, err
	}
	return d.store.OrderDocuments(ctx, o.ID)
}

// OrderDocuments lists the documents received with the order (its annex file
// and the others an authority sent with it), without their data. ENOTFOUND for
// no such order.
func (d *Followup) OrderDocuments(ctx context.Context, actor *agora.Account, orderID agora.ID) ([]*agora.Document, error) {
	if err := d.staff(actor); err != nil {
		return nil, err
	}
	if _, err := d.store.Order(ctx, orderID); err != nil {
		return nil, err
	}
	return d.store.OrderDocuments(ctx, orderID)
}

// checkChannelAnswer checks a message the desk records on
// agora.ChannelAuthorityAPI, which the order's authority reads: only answers
// out, on an order with an authority, whose text names no staff member (as
// checkParties tells). EUNPROCESSABLE otherwise.
func (d *desk) checkChannelAnswer(ctx context.Context, o *agora.Order, in CorrespondenceInput) error {
	if in.Direction != "out" {
		return agora.Errorf(agora.EUNPROCESSABLE, "Validation failed: messages in on the %s channel are the authority's own; record this one under the channel it came by.", agora.ChannelAuthorityAPI)
	}
	if o.AuthorityID == 0 {
		return agora.Errorf(agora.EUNPROCESSABLE, "Validation failed: the order has no authority to answer on the %s channel.", agora.ChannelAuthorityAPI)
	}
	staff, err := d.store.StaffAccounts(ctx)
	if err != nil {
		return err
	}
	words := partyWords(in.Summary)
	phrase := " " + joinWords(words) + " "
	for _, a := range staff {
		if namesStaff(words, phrase, a) {
			return agora.Errorf(agora.EUNPROCESSABLE, "Validation failed: the authority reads this answer; it must not name a staff member. Write as the organisation.")
		}
	}
	return nil
}
