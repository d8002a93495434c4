package service_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"agora"
	"agora/feedcache"
	"agora/oauth"
	"agora/service"
	"agora/sqlstore"
	"agora/storetest"
)

// TestChangeRules_ReadsFlowDuringWrite checks that a rule change does not hold reads
// up while its transaction runs, and that reads withhold its content from the start:
// a read from the rule's country made during the write finishes, withheld; a failed
// write takes the rule out again.
func TestChangeRules_ReadsFlowDuringWrite(t *testing.T) {
	ctx := context.Background()
	db, err := sqlstore.Open(ctx, storetest.SQLitePath(t))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	svc := service.NewForTest(t, db, feedcache.NewMemory(0), nil)
	a, err := svc.CreateAccount(ctx, oauth.NewAccount{Username: "alice", Email: "alice@x.example", Password: "password-alice"})
	if err != nil {
		t.Fatal(err)
	}
	b, err := svc.PostStatus(ctx, svc.As(ctx, a), service.NewStatus{Text: "hello"})
	if err != nil {
		t.Fatal(err)
	}
	id := b.Statuses[0].ID
	inIN := agora.WithCountry(ctx, "IN")
	ids := agora.IDGenerator{}
	rule := func() *agora.Rule {
		return &agora.Rule{ID: ids.New(), Kind: agora.SubjectStatus, SubjectID: id, Countries: []string{"IN"},
			Reason: agora.ReasonLegalDemand, Origin: "test", Since: time.Now().UTC().Truncate(time.Millisecond)}
	}
	// readDuring changes the rule and, while the write is in progress, reads the
	// status from another goroutine; the write waits for the read, so a read held
	// up by the change would never finish (reported after 5 s).
	readDuring := func(r *agora.Rule, fail bool) error {
		var readErr error
		err := service.GateForTest(svc).ChangeRules(ctx, []*agora.Rule{r}, func() error {
			done := make(chan struct{})
			go func() {
				defer close(done)
				_, readErr = svc.Status(inIN, svc.As(inIN, nil), id)
			}()
			select {
			case <-done:
			case <-time.After(5 * time.Second):
				t.Fatal("a read was held up by a rule change in progress")
			}
			if fail {
				return errors.New("the transaction failed")
			}
			_, err := db.CreateRules(ctx, []*agora.Rule{r}, nil)
			return err
		})
		if fail != (err != nil) {
			t.Fatalf("ChangeRules: %v", err)
		}
		return readErr
	}

	if err := readDuring(rule(), true); agora.ErrorCode(err) != agora.EWITHHELD {
		t.Errorf("read during a write: %v, want withheld", err)
	}
	if _, err := svc.Status(inIN, svc.As(inIN, nil), id); err != nil {
		t.Errorf("after a failed write the status is still withheld: %v", err)
	}
	if err := readDuring(rule(), false); agora.ErrorCode(err) != agora.EWITHHELD {
		t.Errorf("read during a committing write: %v", err)
	}
	if _, err := svc.Status(inIN, svc.As(inIN, nil), id); agora.ErrorCode(err) != agora.EWITHHELD {
		t.Errorf("after the commit: %v, want withheld", err)
	}
}
