package storetest

import (
	"crypto/sha256"
	"encoding/hex"
	"strings"
	"testing"
	"time"

	"agora"
)

func testOrderNotices(t *testing.T, s agora.Store) {
	f := newFixture(t, s)
	ctx := t.Context()
	o := f.order(newOrder(), nil)
	other := f.order(newOrder(), nil)
	hearing := &agora.OrderNotice{ID: ids.New(), OrderID: o.ID, Kind: agora.NoticeHearing, ReceivedAt: legalTime(5),
		Deadline: legalTime(48), Summary: "Hearing on 12 March", DocumentID: ids.New(), CreatedBy: 42, CreatedAt: legalTime(5.1)}
	revocation := &agora.OrderNotice{ID: ids.New(), OrderID: o.ID, Kind: agora.NoticeRevocation, ReceivedAt: legalTime(4),
		CreatedAt: legalTime(5.2)}
	elsewhere := &agora.OrderNotice{ID: ids.New(), OrderID: other.ID, Kind: agora.NoticeOther, ReceivedAt: legalTime(1),
		CreatedAt: legalTime(1)}
	event := newEvent("notice.create", "order", o.ID)
	mustOK(t, s.CreateOrderNotice(ctx, hearing, []*agora.AuditEvent{event}), "CreateOrderNotice")
	mustOK(t, s.CreateOrderNotice(ctx, revocation, nil), "CreateOrderNotice")
	mustOK(t, s.CreateOrderNotice(ctx, elsewhere, nil), "CreateOrderNotice")
	if hearing.Deadline != ms(legalTime(48)) || hearing.ReceivedAt.Location() != time.UTC {
		t.Errorf("times not normalized in place: %v, %v", hearing.Deadline, hearing.ReceivedAt)
	}
	got, err := s.OrderNotices(ctx, o.ID)
	mustOK(t, err, "OrderNotices")
	equal(t, "notices by receipt", got, []*agora.OrderNotice{revocation, hearing})
	equal(t, "audit", auditOf(t, s, "order", o.ID), []*agora.AuditEvent{event})
	got, err = s.OrderNotices(ctx, ids.New())
	mustOK(t, err, "OrderNotices of a missing order")
	equal(t, "notices of a missing order", got, []*agora.OrderNotice{})

	missing := &agora.OrderNotice{ID: ids.New(), OrderID: ids.New(), Kind: agora.NoticeOther, ReceivedAt: legalTime(1), CreatedAt: legalTime(1)}
	wantCode(t, s.CreateOrderNotice(ctx, missing, []*agora.AuditEvent{newEvent("notice.create", "order", missing.OrderID)}), agora.ENOTFOUND)
	equal(t, "audit of the missing order", auditOf(t, s, "order", missing.OrderID), []*agora.AuditEvent{})
	dup := *revocation
	wantCode(t, s.CreateOrderNotice(ctx, &dup, nil), agora.ECONFLICT)

	// A notice is answered once; the answer and its event are one transaction.
	answer := newEvent("notice.answer", "order", o.ID)
	mustOK(t, s.AnswerNotice(ctx, hearing.ID, legalTime(30), []*agora.AuditEvent{answer}), "AnswerNotice")
	hearing.AnsweredAt = ms(legalTime(30))
	n, err := s.OrderNotice(ctx, hearing.ID)
	mustOK(t, err, "OrderNotice")
	equal(t, "answered notice", n, hearing)
	wantCode(t, s.AnswerNotice(ctx, hearing.ID, legalTime(31), []*agora.AuditEvent{newEvent("notice.answer", "order", o.ID)}), agora.ECONFLICT)
	wantCode(t, s.AnswerNotice(ctx, ids.New(), legalTime(31), nil), agora.ENOTFOUND)
	equal(t, "audit after answering", auditOf(t, s, "order", o.ID), []*agora.AuditEvent{event, answer})
	_, err = s.OrderNotice(ctx, ids.New())
	wantCode(t, err, agora.ENOTFOUND)
}

func testCorrespondence(t *testing.T, s agora.Store) {
	f := newFixture(t, s)
	ctx := t.Context()
	o := f.order(newOrder(), nil)
	out := &agora.Correspondence{ID: ids.New(), OrderID: o.ID, Direction: "out", Channel: "email", Date: legalTime(3),
		Parties: "Agora Ltd to MeitY", Summary: "Acknowledgement", DocumentID: ids.New(), CreatedBy: 42, CreatedAt: legalTime(3.5)}
	in := &agora.Correspondence{ID: ids.New(), OrderID: o.ID, Direction: "in", Channel: "portal", Date: legalTime(2),
		Parties: "MeitY to Agora Ltd", CreatedAt: legalTime(3.6)}
	event := newEvent("correspondence.create", "order", o.ID)
	mustOK(t, s.CreateCorrespondence(ctx, out, []*agora.AuditEvent{event}), "CreateCorrespondence")
	mustOK(t, s.CreateCorrespondence(ctx, in, nil), "CreateCorrespondence")
	if out.Date != ms(legalTime(3)) {
		t.Errorf("Date not normalized in place: %v", out.Date)
	}
	got, err := s.Correspondence(ctx, o.ID)
	mustOK(t, err, "Correspondence")
	equal(t, "correspondence by date", got, []*agora.Correspondence{in, out})
	equal(t, "audit", auditOf(t, s, "order", o.ID), []*agora.AuditEvent{event})

	missing := &agora.Correspondence{ID: ids.New(), OrderID: ids.New(), Direction: "in", Date: legalTime(1), CreatedAt: legalTime(1)}
	wantCode(t, s.CreateCorrespondence(ctx, missing, []*agora.AuditEvent{newEvent("correspondence.create", "order", missing.OrderID)}), agora.ENOTFOUND)
	equal(t, "audit of the missing order", auditOf(t, s, "order", missing.OrderID), []*agora.AuditEvent{})
	dup := *in
	wantCode(t, s.CreateCorrespondence(ctx, &dup, nil), agora.ECONFLICT)
}

func testDocuments(t *testing.T, s agora.Store) {
	ctx := t.Context()
	data := make([]byte, 70_000)
	for i := range data {
		data[i] = byte(i * 7)
	}
	sum := sha256.Sum256(data)
	digest := hex.EncodeToString(sum[:])
	doc := &agora.Document{ID: ids.New(), OrderID: ids.New(), Name: "order.pdf", ContentType: "application/pdf",
		Data: data, CreatedAt: legalTime(1)}
	mustOK(t, s.CreateDocument(ctx, doc), "CreateDocument")
	if doc.SHA256 != digest || doc.Size != len(data) || doc.CreatedAt != ms(legalTime(1)) {
		t.Errorf("SHA256 %q, Size %d, CreatedAt %v; want %q, %d, %v", doc.SHA256, doc.Size, doc.CreatedAt,
			digest, len(data), ms(legalTime(1)))
	}
	got, err := s.Document(ctx, doc.ID)
	mustOK(t, err, "Document")
	equal(t, "document", got, doc)

	empty := &agora.Document{ID: ids.New(), Name: "empty.txt", ContentType: "text/plain", CreatedAt: legalTime(2)}
	mustOK(t, s.CreateDocument(ctx, empty), "CreateDocument (empty)")
	got, err = s.Document(ctx, empty.ID)
	mustOK(t, err, "Document")
	equal(t, "empty document", got, empty)
	if empty.Size != 0 || empty.SHA256 != "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855" {
		t.Errorf("empty document: Size %d, SHA256 %q", empty.Size, empty.SHA256)
	}

	// A digest given must match the data; upper case is accepted.
	given := &agora.Document{ID: ids.New(), Name: "x", Data: data, SHA256: strings.ToUpper(digest), CreatedAt: legalTime(3)}
	mustOK(t, s.CreateDocument(ctx, given), "CreateDocument (digest given)")
	if given.SHA256 != digest {
		t.Errorf("SHA256 = %q, want %q", given.SHA256, digest)
	}
	wrong := &agora.Document{ID: ids.New(), Name: "x", Data: data, SHA256: strings.Repeat("0", 64), CreatedAt: legalTime(3)}
	wantCode(t, s.CreateDocument(ctx, wrong), agora.EINVALID)
	big := &agora.Document{ID: ids.New(), Name: "big", Data: make([]byte, agora.MaxDocumentBytes+1), CreatedAt: legalTime(3)}
	wantCode(t, s.CreateDocument(ctx, big), agora.EINVALID)
	for _, id := range []agora.ID{wrong.ID, big.ID, ids.New()} {
		_, err := s.Document(ctx, id)
		wantCode(t, err, agora.ENOTFOUND)
	}
	dup := &agora.Document{ID: doc.ID, Name: "dup", CreatedAt: legalTime(4)}
	wantCode(t, s.CreateDocument(ctx, dup), agora.ECONFLICT)
}

func testSetAccessUntil(t *testing.T, s agora.Store) {
	f := newFixture(t, s)
	ctx := t.Context()
	staff, other := f.account("staff"), f.account("other")
	until := legalTime(24 * 90)
	event := newEvent("account.access", "account", staff.ID)
	mustOK(t, s.SetAccessUntil(ctx, staff.ID, until, []*agora.AuditEvent{event}), "SetAccessUntil")
	want := *staff
	want.AccessUntil = ms(until)
	equal(t, "account", f.reload(staff), &want)
	got, err := s.AccountByUsername(ctx, "staff")
	mustOK(t, err, "AccountByUsername")
	equal(t, "account by username", got, &want)
	all, err := s.Accounts(ctx, []agora.ID{staff.ID, other.ID})
	mustOK(t, err, "Accounts")
	equal(t, "accounts", all, map[agora.ID]*agora.Account{staff.ID: &want, other.ID: other})
	equal(t, "audit", auditOf(t, s, "account", staff.ID), []*agora.AuditEvent{event})

	mustOK(t, s.SetAccessUntil(ctx, staff.ID, time.Time{}, nil), "SetAccessUntil (no end)")
	equal(t, "account without an end", f.reload(staff), staff)

	missing := ids.New()
	wantCode(t, s.SetAccessUntil(ctx, missing, until, []*agora.AuditEvent{newEvent("account.access", "account", missing)}), agora.ENOTFOUND)
	equal(t, "audit of the missing account", auditOf(t, s, "account", missing), []*agora.AuditEvent{})

	// CreateAccount stores both times as given.
	id := ids.New()
	created := &agora.Account{ID: id, Username: "created", Email: "created@example.org", Role: agora.RoleLegal,
		CreatedAt: id.Time(), AccessUntil: until, SuspendedAt: legalTime(1)}
	mustOK(t, s.CreateAccount(ctx, created), "CreateAccount")
	if created.AccessUntil != ms(until) {
		t.Errorf("AccessUntil not normalized in place: %v", created.AccessUntil)
	}
	equal(t, "created account", f.reload(created), created)
}

func testHandover(t *testing.T, s agora.Store) {
	f := newFixture(t, s)
	ctx := t.Context()
	a, b, c := f.account("a"), f.account("b"), f.account("c")
	assignedTarget := func(to *agora.Account) *agora.Target {
		return newTarget(func(t *agora.Target) { t.AssignedTo = to.ID })
	}
	// Targets assigned to a: one in an open order of a's, one in an open
	// order of b's, one in a closed order; and one of b's in a's order.
	mineInOpen1, bsInOpen1 := assignedTarget(a), assignedTarget(b)
	mineInOfB, mineInClosed := assignedTarget(a), assignedTarget(a)
	assigned := func(to *agora.Account, state agora.OrderState, targets ...*agora.Target) *agora.Order {
		return f.order(newOrder(func(o *agora.Order) { o.AssignedTo, o.State = to.ID, state }), targets)
	}
	open1, open2 := assigned(a, agora.OrderReceived, mineInOpen1, bsInOpen1), assigned(a, agora.OrderAnswered)
	closed := assigned(a, agora.OrderClosed, mineInClosed)
	ofB := assigned(b, agora.OrderInReview, mineInOfB)
	unassigned := f.order(newOrder(), nil)
	assignee := func(o *agora.Order) agora.ID { return mustOrder(t, s, o.ID).AssignedTo }
	targetAssignee := func(tg *agora.Target) agora.ID {
		got, err := s.Target(ctx, tg.ID)
		mustOK(t, err, "Target")
		return got.AssignedTo
	}

	event := newEvent("staff.handover", "account", a.ID)
	perOrderEvents := map[agora.ID]*agora.AuditEvent{}
	perOrder := func(id agora.ID) *agora.AuditEvent {
		e := newEvent("order.handover", "order", id)
		if perOrderEvents[id] != nil {
			t.Errorf("two events for order %d", id)
		}
		perOrderEvents[id] = e
		return e
	}
	orders, targets, err := s.Handover(ctx, a.ID, c.ID, []*agora.AuditEvent{event}, perOrder)
	mustOK(t, err, "Handover")
	if orders != 2 || targets != 2 {
		t.Errorf("Handover moved %d orders and %d targets, want 2 and 2", orders, targets)
	}
	equal(t, "assignees", []agora.ID{assignee(open1), assignee(open2), assignee(closed), assignee(ofB), assignee(unassigned)},
		[]agora.ID{c.ID, c.ID, a.ID, b.ID, 0})
	equal(t, "target assignees", []agora.ID{targetAssignee(mineInOpen1), targetAssignee(bsInOpen1), targetAssignee(mineInOfB), targetAssignee(mineInClosed)},
		[]agora.ID{c.ID, b.ID, c.ID, a.ID})
	equal(t, "audit", auditOf(t, s, "account", a.ID), []*agora.AuditEvent{event})
	// Each order moved, or with targets moved, has the move in its own audit
	// trail; the others do not.
	for _, o := range []*agora.Order{open1, open2, ofB} {
		equal(t, "audit of a moved order", auditOf(t, s, "order", o.ID), []*agora.AuditEvent{perOrderEvents[o.ID]})
	}
	for _, o := range []*agora.Order{closed, unassigned} {
		equal(t, "audit of an order not moved", auditOf(t, s, "order", o.ID), []*agora.AuditEvent{})
	}
	moved1 := perOrderEvents[open1.ID]
	clear(perOrderEvents)

	orders, targets, err = s.Handover(ctx, a.ID, c.ID, nil, perOrder)
	mustOK(t, err, "Handover again")
	if orders != 0 || targets != 0 {
		t.Errorf("Handover again moved %d orders and %d targets, want 0", orders, targets)
	}
	_, _, err = s.Handover(ctx, c.ID, ids.New(), []*agora.AuditEvent{newEvent("staff.handover", "account", c.ID)}, perOrder)
	wantCode(t, err, agora.ENOTFOUND)
	equal(t, "assignees after a failed handover", []agora.ID{assignee(open1), assignee(open2), targetAssignee(mineInOpen1)}, []agora.ID{c.ID, c.ID, c.ID})
	equal(t, "audit after a failed handover", auditOf(t, s, "account", c.ID), []*agora.AuditEvent{})
	equal(t, "order audit after a failed handover", auditOf(t, s, "order", open1.ID), []*agora.AuditEvent{moved1})

	orders, targets, err = s.Handover(ctx, c.ID, 0, nil, nil)
	mustOK(t, err, "Handover to nobody")
	if orders != 2 || targets != 2 || assignee(open1) != 0 || targetAssignee(mineInOfB) != 0 {
		t.Errorf("Handover to nobody moved %d orders and %d targets (open1 assigned to %d), want 2, 2 and 0", orders, targets, assignee(open1))
	}
	_, _, err = s.Handover(ctx, 0, c.ID, nil, nil)
	wantCode(t, err, agora.EINVALID)
}

func testNotificationWarningID(t *testing.T, s agora.Store) {
	f := newFixture(t, s)
	ctx := t.Context()
	alice := f.account("alice")
	plain := f.notify(agora.NotifyFollow, alice, f.account("bob"), nil)
	id := ids.New()
	n := &agora.Notification{ID: id, AccountID: alice.ID, Type: agora.NotifyModerationWarning, WarningID: ids.New(),
		CreatedAt: id.Time()}
	mustOK(t, s.CreateNotifications(ctx, []*agora.Notification{n}), "CreateNotifications")
	got, err := s.Notification(ctx, alice.ID, n.ID)
	mustOK(t, err, "Notification")
	equal(t, "notification", got, n)
	list, err := s.Notifications(ctx, alice.ID, agora.NotificationQuery{Types: []agora.NotificationType{agora.NotifyModerationWarning, agora.NotifyFollow}})
	mustOK(t, err, "Notifications")
	equal(t, "notifications", list, []*agora.Notification{n, plain})
}
