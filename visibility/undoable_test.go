package visibility

import (
	"context"
	"testing"
	"time"

	"agora"
)

// fakeReader is a Reader over fixed statuses and accounts, with no follows,
// blocks or mutes.
type fakeReader struct {
	statuses map[agora.ID]*agora.Status
}

func (f fakeReader) Statuses(_ context.Context, ids []agora.ID) (map[agora.ID]*agora.Status, error) {
	out := map[agora.ID]*agora.Status{}
	for _, id := range ids {
		if st := f.statuses[id]; st != nil {
			out[id] = st
		}
	}
	return out, nil
}

func (fakeReader) Account(_ context.Context, id agora.ID) (*agora.Account, error) {
	return &agora.Account{ID: id, Username: "someone"}, nil
}

func (fakeReader) Relations(context.Context, agora.ID, []agora.ID) (map[agora.ID]agora.Relation, error) {
	return nil, nil
}

func (fakeReader) AccountFilter(context.Context, agora.ID, time.Time) (*agora.AccountFilter, error) {
	return &agora.AccountFilter{}, nil
}

// TestSnapshot_Undoable checks that a status withheld from the viewer is kept
// for undoing, marked as a shell with its notice, that one not withheld is kept
// unmarked, and that the audience rules still refuse.
func TestSnapshot_Undoable(t *testing.T) {
	ctx := agora.WithCountry(context.Background(), "IN")
	const author, viewer = agora.ID(1), agora.ID(2)
	open := &agora.Status{ID: 10, AccountID: author, Visibility: agora.VisibilityPublic}
	held := &agora.Status{ID: 11, AccountID: author, Visibility: agora.VisibilityPublic}
	private := &agora.Status{ID: 12, AccountID: author, Visibility: agora.VisibilityPrivate}
	boost := &agora.Status{ID: 13, AccountID: 3, Visibility: agora.VisibilityPublic, ReblogOfID: held.ID}
	read := fakeReader{statuses: map[agora.ID]*agora.Status{10: open, 11: held, 12: private, 13: boost}}
	g := New(Config{BaseURL: "https://agora.test"}, nil, read, nil, nil)
	rule := &agora.Rule{ID: 99, Kind: agora.SubjectStatus, SubjectID: held.ID, Countries: []string{"IN"}, Reason: agora.ReasonLegalDemand}
	g.rules.mu.Lock()
	g.rules.applyLocked([]*agora.Rule{rule}, 1)
	g.rules.mu.Unlock()
	v := g.Snapshot(ctx, &agora.Account{ID: viewer})

	if _, err := v.Status(ctx, held); agora.ErrorCode(err) != agora.EWITHHELD {
		t.Fatalf("Status(held) = %v, want EWITHHELD", err)
	}
	for _, tc := range []struct {
		st         *agora.Status
		shell      bool
		wantNotice string
	}{
		{open, false, ""},
		{held, true, "https://agora.test/notices/" + rule.ID.String()},
		{boost, true, "https://agora.test/notices/" + rule.ID.String()},
	} {
		got, err := v.Undoable(ctx, tc.st)
		if err != nil || len(got.Kept) != 1 || got.Kept[0] != tc.st {
			t.Fatalf("Undoable(%d) = %+v, %v; want it kept", tc.st.ID, got, err)
		}
		notice, shell := got.Marks.Shell(tc.st.ID)
		if shell != tc.shell || notice != tc.wantNotice || got.Marks.Redacts(tc.st) != tc.shell {
			t.Errorf("Undoable(%d): Shell = %q, %v; Redacts %v; want %q, %v", tc.st.ID, notice, shell, got.Marks.Redacts(tc.st), tc.wantNotice, tc.shell)
		}
	}
	if _, err := v.Undoable(ctx, private); agora.ErrorCode(err) != agora.ENOTFOUND {
		t.Errorf("Undoable(private of another) = %v, want ENOTFOUND", err)
	}
}
