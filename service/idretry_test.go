package service_test

import (
	"context"
	"testing"

	"agora"
	"agora/feedcache"
	"agora/service"
	"agora/sqlstore"
	"agora/storetest"
)

// otherNode is the database as a second agora process shares it: before the
// first mark, follow or follow request the service writes, the other process
// writes a record of its own that took the ID the write is about to use (the
// mark's or follow's own, or that of its notification). Two processes' ID
// generators can make the same ID in the same millisecond; the service must
// then retry with new IDs rather than take the refusal for "done before".
type otherNode struct {
	agora.Store
	take func(ctx context.Context, id agora.ID) // writes another record with the ID
	// which picks the ID to take from the write: its own or its notification's.
	which func(own agora.ID, notes []*agora.Notification) agora.ID
	done  bool
}

func (o *otherNode) collide(ctx context.Context, own agora.ID, notes []*agora.Notification) {
	if o.done || o.take == nil {
		return
	}
	o.done = true
	o.take(ctx, o.which(own, notes))
}

func (o *otherNode) CreateMark(ctx context.Context, m *agora.StatusMark, notes ...*agora.Notification) error {
	o.collide(ctx, m.ID, notes)
	return o.Store.CreateMark(ctx, m, notes...)
}

func (o *otherNode) CreateFollow(ctx context.Context, f *agora.Follow, notes ...*agora.Notification) error {
	o.collide(ctx, f.ID, notes)
	return o.Store.CreateFollow(ctx, f, notes...)
}

func (o *otherNode) CreateFollowRequest(ctx context.Context, r *agora.FollowRequest, notes ...*agora.Notification) error {
	o.collide(ctx, r.ID, notes)
	return o.Store.CreateFollowRequest(ctx, r, notes...)
}

func ownID(own agora.ID, _ []*agora.Notification) agora.ID { return own }

func noteID(_ agora.ID, notes []*agora.Notification) agora.ID { return notes[0].ID }

// TestIDTaken_Retried makes every kind of write whose refusal used to read as
// "done before" meet an ID another process took, and checks that what was
// answered as done is stored, with its notification.
func TestIDTaken_Retried(t *testing.T) {
	for _, tc := range []struct {
		name  string
		which func(agora.ID, []*agora.Notification) agora.ID
	}{{"own ID", ownID}, {"notification's ID", noteID}} {
		t.Run("favourite/"+tc.name, func(t *testing.T) {
			ctx := context.Background()
			svc, node := newOtherNodeService(t, tc.which)
			alice, bob := mustAccount(t, svc, "alice"), mustAccount(t, svc, "bob")
			st := mustPost(t, svc, alice, "hello")
			node.take = node.otherMark(t, svc)
			if _, err := svc.Favourite(ctx, svc.As(ctx, bob), st); err != nil {
				t.Fatalf("favourite: %v", err)
			}
			if !node.done {
				t.Fatal("the other process wrote nothing: the test tested nothing")
			}
			wantNotified(t, svc, alice, bob, agora.NotifyFavourite)
			b, err := svc.Favourite(ctx, svc.As(ctx, bob), st) // fresh counters and flags
			if err != nil {
				t.Fatal(err)
			}
			if got := b.Statuses[0].FavouritesCount; got != 1 {
				t.Errorf("favourites count %d; want 1 (the favourite answered 200 was not stored)", got)
			}
		})
		t.Run("follow/"+tc.name, func(t *testing.T) {
			ctx := context.Background()
			svc, node := newOtherNodeService(t, tc.which)
			alice, bob := mustAccount(t, svc, "alice"), mustAccount(t, svc, "bob")
			node.take = node.otherFollow(t, svc)
			rel, err := svc.Follow(ctx, svc.As(ctx, bob), alice.ID)
			if err != nil {
				t.Fatalf("follow: %v", err)
			}
			if !node.done {
				t.Fatal("the other process wrote nothing: the test tested nothing")
			}
			if !rel.Following {
				t.Errorf("relationship after follow: %+v; want following", rel)
			}
			wantNotified(t, svc, alice, bob, agora.NotifyFollow)
		})
	}
}

// newOtherNodeService returns a service over a fresh SQLite database shared with
// an otherNode, which collides with the ID which picks.
func newOtherNodeService(t *testing.T, which func(agora.ID, []*agora.Notification) agora.ID) (*service.Service, *otherNode) {
	t.Helper()
	db, err := sqlstore.Open(context.Background(), storetest.SQLitePath(t))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	node := &otherNode{Store: db, which: which}
	return service.NewForTest(t, node, feedcache.NewMemory(0), nil), node
}

// otherFollow returns a take that stores, as the other process, a follow
// between two accounts of its own with the ID, notified under the ID too when
// the ID is a notification's.
func (o *otherNode) otherFollow(t *testing.T, svc *service.Service) func(context.Context, agora.ID) {
	x, y := mustAccount(t, svc, "x"), mustAccount(t, svc, "y")
	return func(ctx context.Context, id agora.ID) {
		f := &agora.Follow{ID: id, AccountID: x.ID, TargetAccountID: y.ID, CreatedAt: id.Time()}
		n := &agora.Notification{ID: id, AccountID: y.ID, Type: agora.NotifyFollow, FromAccountID: x.ID, CreatedAt: id.Time()}
		if err := o.Store.CreateFollow(ctx, f, n); err != nil {
			t.Errorf("the other process's follow: %v", err)
		}
	}
}

// otherMark returns a take that stores, as the other process, a favourite with
// the ID and its notification under the ID too.
func (o *otherNode) otherMark(t *testing.T, svc *service.Service) func(context.Context, agora.ID) {
	x, y := mustAccount(t, svc, "x"), mustAccount(t, svc, "y")
	st := mustPost(t, svc, y, "the other's")
	return func(ctx context.Context, id agora.ID) {
		m := &agora.StatusMark{ID: id, Kind: agora.MarkFavourite, AccountID: x.ID, StatusID: st, CreatedAt: id.Time()}
		n := &agora.Notification{ID: id, AccountID: y.ID, Type: agora.NotifyFavourite, FromAccountID: x.ID, StatusID: st, CreatedAt: id.Time()}
		if err := o.Store.CreateMark(ctx, m, n); err != nil {
			t.Errorf("the other process's favourite: %v", err)
		}
	}
}

func mustPost(t *testing.T, svc *service.Service, a *agora.Account, text string) agora.ID {
	t.Helper()
	ctx := context.Background()
	b, err := svc.PostStatus(ctx, svc.As(ctx, a), service.NewStatus{Text: text, Visibility: string(agora.VisibilityPublic)})
	if err != nil {
		t.Fatal(err)
	}
	return b.Statuses[0].ID
}

// wantNotified fails unless to has a notification of the type from from.
func wantNotified(t *testing.T, svc *service.Service, to, from *agora.Account, typ agora.NotificationType) {
	t.Helper()
	ctx := context.Background()
	page, err := svc.Notifications(ctx, svc.As(ctx, to), agora.NotificationQuery{})
	if err != nil {
		t.Fatal(err)
	}
	for _, n := range page.Notifications {
		if n.Type == typ && n.FromAccountID == from.ID {
			return
		}
	}
	t.Errorf("%s has no %s notification from %s", to.Username, typ, from.Username)
}
