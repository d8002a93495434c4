package storetest

import (
	"bytes"
	"testing"

	"agora"
)

func init() {
	authorityTests = append(authorityTests,
		test{"Authority/Messages", testAuthorityMessages},
		test{"Authority/MessageInBatch", testAuthorityMessageInBatch},
		test{"Authority/OrderDocuments", testOrderDocuments},
		test{"Authority/CorrespondenceDocuments", testCorrespondenceDocuments},
	)
}

// newDoc returns a document of n bytes.
func newDoc(name string, n int) *agora.Document {
	return &agora.Document{ID: ids.New(), Name: name, ContentType: "application/pdf",
		Data: bytes.Repeat([]byte{'x'}, n), CreatedAt: legalTime(1)}
}

// info is d without its data, as lists return it.
func info(d *agora.Document) *agora.Document {
	c := *d
	c.Data = nil
	return &c
}

// channelMessage returns a message on the authority channel.
func channelMessage(orderID agora.ID, direction string, docs ...*agora.Document) *agora.Correspondence {
	return &agora.Correspondence{ID: ids.New(), OrderID: orderID, Direction: direction, Channel: agora.ChannelAuthorityAPI,
		Date: legalTime(2), Parties: "MeitY", Summary: "message " + direction, CreatedAt: legalTime(2), Documents: docs}
}

func testAuthorityMessages(t *testing.T, s agora.Store) {
	f := newFixture(t, s)
	ctx := t.Context()
	in := f.authority("MeitY", "IN")
	o := f.order(newOrder(func(o *agora.Order) { o.AuthorityID = in.ID }), nil)

	// A notice sent as a message, with two documents, under a key, confirming
	// the order: one transaction.
	d1, d2 := newDoc("notice.pdf", 10), newDoc("annexure.pdf", 20)
	m1 := channelMessage(o.ID, "in", d1, d2)
	n := &agora.OrderNotice{ID: ids.New(), OrderID: o.ID, Kind: agora.NoticeEmergencyConfirmation, ReceivedAt: legalTime(2),
		Deadline: legalTime(50), Summary: m1.Summary, DocumentID: d1.ID, CreatedAt: legalTime(2)}
	m1.NoticeID, m1.DocumentID = n.ID, d1.ID
	read := mustOrder(t, s, o.ID)
	stale := *read
	read.ConfirmedAt = ms(legalTime(2))
	ev := newEvent("correspondence.in", "order", o.ID)
	mustOK(t, s.CreateAuthorityMessage(ctx, &agora.AuthorityMessage{Message: m1, Notice: n, Order: read,
		Submission: &agora.MessageSubmission{AuthorityID: in.ID, Key: "k1", RequestDigest: "r1", CreatedAt: legalTime(2)}},
		[]*agora.AuditEvent{ev}), "CreateAuthorityMessage")
	if d1.OrderID != o.ID || d1.CorrespondenceID != m1.ID || d1.SHA256 == "" || d1.Size != 10 {
		t.Errorf("document not filled in place: %+v", info(d1))
	}
	if got := mustOrder(t, s, o.ID); !got.ConfirmedAt.Equal(ms(legalTime(2))) || got.Version != read.Version {
		t.Errorf("order confirmed at %v, version %d; want %v, %d", got.ConfirmedAt, got.Version, ms(legalTime(2)), read.Version)
	}
	notices, err := s.OrderNotices(ctx, o.ID)
	mustOK(t, err, "OrderNotices")
	equal(t, "notices", notices, []*agora.OrderNotice{n})
	sub, err := s.MessageSubmission(ctx, in.ID, "k1")
	mustOK(t, err, "MessageSubmission")
	equal(t, "submission", sub, &agora.MessageSubmission{AuthorityID: in.ID, Key: "k1", OrderID: o.ID, CorrespondenceID: m1.ID,
		RequestDigest: "r1", CreatedAt: ms(legalTime(2))})
	_, err = s.MessageSubmission(ctx, in.ID, "k2")
	wantCode(t, err, agora.ENOTFOUND)

	// The desk's answer on the channel, and a record of an e-mail, which is not
	// on the channel.
	m2 := channelMessage(o.ID, "out")
	mustOK(t, s.CreateCorrespondence(ctx, m2, nil), "CreateCorrespondence")
	email := &agora.Correspondence{ID: ids.New(), OrderID: o.ID, Direction: "out", Channel: "email", Date: legalTime(1), CreatedAt: legalTime(3),
		Documents: []*agora.Document{newDoc("letter.pdf", 5)}}
	mustOK(t, s.CreateCorrespondence(ctx, email, nil), "CreateCorrespondence")
	m3 := channelMessage(o.ID, "in")
	mustOK(t, s.CreateAuthorityMessage(ctx, &agora.AuthorityMessage{Message: m3}, nil), "CreateAuthorityMessage")

	list, err := s.ChannelMessages(ctx, o.ID, 0, 200)
	mustOK(t, err, "ChannelMessages")
	m1.Documents = []*agora.Document{info(d1), info(d2)}
	equal(t, "channel messages", list, []*agora.Correspondence{m1, m2, m3})
	list, err = s.ChannelMessages(ctx, o.ID, m1.ID, 1)
	mustOK(t, err, "ChannelMessages")
	equal(t, "second page", list, []*agora.Correspondence{m2})
	list, err = s.ChannelMessages(ctx, o.ID, m3.ID, 10)
	mustOK(t, err, "ChannelMessages")
	equal(t, "after the last", list, []*agora.Correspondence{})
	all, err := s.Correspondence(ctx, o.ID)
	mustOK(t, err, "Correspondence")
	if len(all) != 4 || all[0].ID != email.ID || len(all[0].Documents) != 1 {
		t.Errorf("the desk's correspondence = %d messages, first %v; want 4, the e-mail first with its document", len(all), all[0])
	}

	// The key again, a taken ID, a stale order, a document too large: nothing
	// of the message is stored.
	before := auditOf(t, s, "order", o.ID)
	for name, m := range map[string]*agora.AuthorityMessage{
		"key taken": {Message: channelMessage(o.ID, "in", newDoc("x.pdf", 1)),
			Notice:     &agora.OrderNotice{ID: ids.New(), OrderID: o.ID, Kind: agora.NoticeHearing, ReceivedAt: legalTime(3), CreatedAt: legalTime(3)},
			Submission: &agora.MessageSubmission{AuthorityID: in.ID, Key: "k1", RequestDigest: "r2", CreatedAt: legalTime(3)}},
		"stale order": {Message: channelMessage(o.ID, "in", newDoc("x.pdf", 1)), Order: &stale},
		"too large":   {Message: channelMessage(o.ID, "in", newDoc("a.pdf", 1), newDoc("big.pdf", agora.MaxDocumentBytes+1))},
	} {
		err := s.CreateAuthorityMessage(ctx, m, []*agora.AuditEvent{newEvent("correspondence.in", "order", o.ID)})
		want := agora.ECONFLICT
		if name == "too large" {
			want = agora.EINVALID
		}
		wantCode(t, err, want)
		for _, d := range m.Message.Documents {
			if _, err := s.Document(ctx, d.ID); agora.ErrorCode(err) != agora.ENOTFOUND {
				t.Errorf("%s: document %s stored (%v)", name, d.Name, err)
			}
		}
	}
	list, err = s.ChannelMessages(ctx, o.ID, 0, 200)
	mustOK(t, err, "ChannelMessages")
	if len(list) != 3 {
		t.Errorf("%d channel messages after failed writes, want 3", len(list))
	}
	notices, err = s.OrderNotices(ctx, o.ID)
	mustOK(t, err, "OrderNotices")
	if len(notices) != 1 {
		t.Errorf("%d notices after failed writes, want 1", len(notices))
	}
	equal(t, "audit after failed writes", auditOf(t, s, "order", o.ID), before)
	missing := channelMessage(ids.New(), "in")
	wantCode(t, s.CreateAuthorityMessage(ctx, &agora.AuthorityMessage{Message: missing}, nil), agora.ENOTFOUND)
}

// testAuthorityMessageInBatch: a revocation sent as a message is recorded with
// the decision batch that lifts the order's rules, or not at all.
func testAuthorityMessageInBatch(t *testing.T, s agora.Store) {
	f := newFixture(t, s)
	ctx := t.Context()
	in := f.authority("MeitY", "IN")
	o := f.order(newOrder(func(o *agora.Order) { o.AuthorityID = in.ID }), nil)
	m := channelMessage(o.ID, "in", newDoc("revocation.pdf", 3))
	n := &agora.OrderNotice{ID: ids.New(), OrderID: o.ID, Kind: agora.NoticeRevocation, ReceivedAt: legalTime(2), Summary: m.Summary, CreatedAt: legalTime(2)}
	m.NoticeID = n.ID
	sub := &agora.MessageSubmission{AuthorityID: in.ID, Key: "rev", RequestDigest: "r", CreatedAt: legalTime(2)}
	_, err := s.ApplyDecisions(ctx, &agora.DecisionBatch{OrderID: o.ID, Message: &agora.AuthorityMessage{Message: m, Notice: n, Submission: sub}})
	mustOK(t, err, "ApplyDecisions")
	list, err := s.ChannelMessages(ctx, o.ID, 0, 10)
	mustOK(t, err, "ChannelMessages")
	if len(list) != 1 || list[0].NoticeID != n.ID || len(list[0].Documents) != 1 {
		t.Fatalf("channel messages = %v, want the revocation with its document", list)
	}
	// A batch whose message reuses the key fails whole.
	again := channelMessage(o.ID, "in")
	_, err = s.ApplyDecisions(ctx, &agora.DecisionBatch{OrderID: o.ID, Message: &agora.AuthorityMessage{Message: again,
		Submission: &agora.MessageSubmission{AuthorityID: in.ID, Key: "rev", RequestDigest: "r", CreatedAt: legalTime(2)}},
		Events: []*agora.AuditEvent{newEvent("order.lift", "order", o.ID)}})
	wantCode(t, err, agora.ECONFLICT)
	list, err = s.ChannelMessages(ctx, o.ID, 0, 10)
	mustOK(t, err, "ChannelMessages")
	if len(list) != 1 {
		t.Errorf("%d channel messages after a failed batch, want 1", len(list))
	}
}

func testOrderDocuments(t *testing.T, s agora.Store) {
	f := newFixture(t, s)
	ctx := t.Context()
	in := f.authority("MeitY", "IN")
	annex := newDoc("annex.csv", agora.MaxDocumentBytes+1) // an annex has a larger bound
	annex.Role, annex.ContentType = agora.DocumentAnnex, "text/csv"
	letter := newDoc("letter.pdf", 7)
	letter.Role = agora.DocumentOfOrder
	o := newOrder(func(o *agora.Order) { o.AuthorityID = in.ID })
	// Without a key: the documents, no submission.
	mustOK(t, s.CreateSubmittedOrder(ctx, o, newTargets(1), &agora.OrderSubmission{AuthorityID: in.ID,
		Documents: []*agora.Document{annex, letter}, CreatedAt: legalTime(0)}, nil), "CreateSubmittedOrder")
	got, err := s.OrderDocuments(ctx, o.ID)
	mustOK(t, err, "OrderDocuments")
	equal(t, "order documents", got, []*agora.Document{info(annex), info(letter)})
	doc, err := s.Document(ctx, letter.ID)
	mustOK(t, err, "Document")
	equal(t, "document", doc, letter)
	_, err = s.OrderSubmission(ctx, in.ID, "")
	wantCode(t, err, agora.ENOTFOUND)

	// A message's documents are not the order's.
	mustOK(t, s.CreateCorrespondence(ctx, channelMessage(o.ID, "in", newDoc("m.pdf", 1)), nil), "CreateCorrespondence")
	got, err = s.OrderDocuments(ctx, o.ID)
	mustOK(t, err, "OrderDocuments")
	if len(got) != 2 {
		t.Errorf("%d order documents, want 2", len(got))
	}

	// A document too large: no order.
	big := newDoc("big.pdf", agora.MaxDocumentBytes+1)
	big.Role = agora.DocumentOfOrder
	other := newOrder(func(o *agora.Order) { o.AuthorityID = in.ID })
	wantCode(t, s.CreateSubmittedOrder(ctx, other, newTargets(1), &agora.OrderSubmission{AuthorityID: in.ID, Key: "k",
		Documents: []*agora.Document{big}, CreatedAt: legalTime(0)}, nil), agora.EINVALID)
	_, err = s.Order(ctx, other.ID)
	wantCode(t, err, agora.ENOTFOUND)
}

func testCorrespondenceDocuments(t *testing.T, s agora.Store) {
	f := newFixture(t, s)
	ctx := t.Context()
	o := f.order(newOrder(), nil)
	d1, d2 := newDoc("one.pdf", 1), newDoc("two.pdf", 2)
	m := &agora.Correspondence{ID: ids.New(), OrderID: o.ID, Direction: "out", Channel: "post", Date: legalTime(1),
		Summary: "Letter", DocumentID: d1.ID, CreatedAt: legalTime(1), Documents: []*agora.Document{d1, d2}}
	mustOK(t, s.CreateCorrespondence(ctx, m, nil), "CreateCorrespondence")
	got, err := s.Correspondence(ctx, o.ID)
	mustOK(t, err, "Correspondence")
	m.Documents = []*agora.Document{info(d1), info(d2)}
	equal(t, "correspondence", got, []*agora.Correspondence{m})
	doc, err := s.Document(ctx, d2.ID)
	mustOK(t, err, "Document")
	if doc.CorrespondenceID != m.ID || string(doc.Data) != "xx" || doc.Role != agora.DocumentAttached {
		t.Errorf("document = %+v, want message %s's with its data", info(doc), m.ID)
	}
	// A document too large: no message.
	bad := &agora.Correspondence{ID: ids.New(), OrderID: o.ID, Direction: "in", Date: legalTime(2), CreatedAt: legalTime(2),
		Documents: []*agora.Document{newDoc("big.pdf", agora.MaxDocumentBytes+1)}}
	wantCode(t, s.CreateCorrespondence(ctx, bad, nil), agora.EINVALID)
	got, err = s.Correspondence(ctx, o.ID)
	mustOK(t, err, "Correspondence")
	if len(got) != 1 {
		t.Errorf("%d messages after a failed write, want 1", len(got))
	}
}
