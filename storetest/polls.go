package storetest

import (
	"slices"
	"testing"
	"time"

	"agora"

	"github.com/google/go-cmp/cmp"
)

var pollTests = []test{
	{"CreatePollStatus", testCreatePollStatus},
	{"Vote", testVote},
	{"UpdateStatus", testUpdateStatus},
	{"UpdateStatus/Poll", testUpdateStatusPoll},
	{"EndPoll", testEndPoll},
	{"DeleteStatus/PollAndEdits", testDeletePollStatus},
}

// pollStatus makes a status by author with a poll of the options, ending in d.
func (f *fixture) pollStatus(author *agora.Account, text string, d time.Duration, options ...string) (*agora.Status, *agora.Poll) {
	f.t.Helper()
	id := ids.New()
	s := &agora.Status{ID: id, AccountID: author.ID, Text: text, Content: "<p>" + text + "</p>",
		Visibility: agora.VisibilityPublic, ThreadID: id, CreatedAt: id.Time()}
	p := &agora.Poll{Options: options, ExpiresAt: id.Time().Add(d)}
	if err := f.s.CreatePollStatus(f.ctx, s, p, ""); err != nil {
		f.t.Fatalf("CreatePollStatus(%q): %v", text, err)
	}
	return s, p
}

// poll reads the poll with its counts.
func (f *fixture) poll(id agora.ID) *agora.Poll {
	f.t.Helper()
	got, err := f.s.Polls(f.ctx, []agora.ID{id})
	if err != nil {
		f.t.Fatalf("Polls: %v", err)
	}
	if got[id] == nil {
		f.t.Fatalf("Polls: no poll %d", id)
	}
	return got[id]
}

func testCreatePollStatus(t *testing.T, s agora.Store) {
	f := newFixture(t, s)
	me := f.account("me")
	st, p := f.pollStatus(me, "tea or coffee?", time.Hour, "tea", "coffee")
	plain := f.status(me, "no poll")
	if got := f.reloadStatus(st); !got.HasPoll {
		t.Error("a status made with a poll reads HasPoll false")
	}
	if f.reloadStatus(plain).HasPoll {
		t.Error("a status made without a poll reads HasPoll true")
	}
	got, err := s.Polls(t.Context(), []agora.ID{st.ID, plain.ID, 12345})
	if err != nil {
		t.Fatal(err)
	}
	want := &agora.Poll{ID: st.ID, AccountID: me.ID, Options: []string{"tea", "coffee"}, ExpiresAt: p.ExpiresAt, OptionVotes: []int{0, 0}}
	if diff := cmp.Diff(map[agora.ID]*agora.Poll{st.ID: want}, got); diff != "" {
		t.Errorf("Polls (-want +got):\n%s", diff)
	}
}

func testVote(t *testing.T, s agora.Store) {
	f := newFixture(t, s)
	ctx := t.Context()
	me, bob, carol := f.account("me"), f.account("bob"), f.account("carol")
	st, _ := f.pollStatus(me, "which?", time.Hour, "a", "b", "c")
	now := time.Now()
	if err := s.Vote(ctx, st.ID, bob.ID, []int{0, 2}, now); err != nil {
		t.Fatal(err)
	}
	if err := s.Vote(ctx, st.ID, carol.ID, []int{2}, now); err != nil {
		t.Fatal(err)
	}
	wantCode(t, s.Vote(ctx, st.ID, bob.ID, []int{1}, now), agora.ECONFLICT)
	wantCode(t, s.Vote(ctx, ids.New(), bob.ID, []int{1}, now), agora.ENOTFOUND)
	p := f.poll(st.ID)
	if !slices.Equal(p.OptionVotes, []int{1, 0, 2}) || p.VotesCount != 3 || p.VotersCount != 2 {
		t.Errorf("counts after votes: options %v, votes %d, voters %d; want [1 0 2], 3, 2", p.OptionVotes, p.VotesCount, p.VotersCount)
	}
	votes, err := s.PollVotes(ctx, bob.ID, []agora.ID{st.ID})
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(map[agora.ID][]int{st.ID: {0, 2}}, votes); diff != "" {
		t.Errorf("PollVotes (-want +got):\n%s", diff)
	}
	if votes, _ := s.PollVotes(ctx, me.ID, []agora.ID{st.ID}); len(votes) != 0 {
		t.Errorf("PollVotes of one who did not vote = %v", votes)
	}
	voters, err := s.PollVoters(ctx, st.ID)
	if err != nil {
		t.Fatal(err)
	}
	if want := []agora.ID{bob.ID, carol.ID}; !slices.Equal(voters, want) {
		t.Errorf("PollVoters = %v, want %v", voters, want)
	}
}

func testUpdateStatus(t *testing.T, s agora.Store) {
	f := newFixture(t, s)
	ctx := t.Context()
	me, bob := f.account("me"), f.account("bob")
	st := f.status(me, "old words #before", func(s *agora.Status) { s.Tags = []string{"before"} })
	edited := *st
	edited.Text, edited.Content, edited.SpoilerText, edited.Sensitive = "new words #after @bob", "<p>new</p>", "cw", true
	edited.Tags, edited.Mentions = []string{"after"}, []agora.ID{bob.ID}
	edited.EditedAt = time.Now().Truncate(time.Millisecond)
	first := &agora.StatusEdit{ID: ids.New(), StatusID: st.ID, AccountID: me.ID, Text: st.Text, Content: st.Content, CreatedAt: st.CreatedAt}
	second := &agora.StatusEdit{ID: ids.New(), StatusID: st.ID, AccountID: me.ID, Text: edited.Text, Content: edited.Content,
		SpoilerText: "cw", Sensitive: true, Mentions: []agora.ID{bob.ID}, CreatedAt: edited.EditedAt}
	if err := s.UpdateStatus(ctx, &agora.StatusUpdate{Status: &edited, History: []*agora.StatusEdit{first, second}}); err != nil {
		t.Fatal(err)
	}
	got := f.reloadStatus(st)
	want := edited
	want.EditedAt = edited.EditedAt.UTC()
	if diff := cmp.Diff(&want, got); diff != "" {
		t.Errorf("status after UpdateStatus (-want +got):\n%s", diff)
	}
	for tag, n := range map[string]int{"before": 0, "after": 1} {
		list, err := s.ListStatuses(ctx, agora.StatusQuery{Tag: tag, Page: agora.Page{Limit: 10}})
		if err != nil {
			t.Fatal(err)
		}
		if len(list) != n {
			t.Errorf("statuses tagged #%s after the edit: %d, want %d", tag, len(list), n)
		}
	}
	for word, n := range map[string]int{"old": 0, "new": 1} {
		list, err := s.SearchStatuses(ctx, agora.StatusSearch{Text: word, Limit: 10})
		if err != nil {
			t.Fatal(err)
		}
		if len(list) != n {
			t.Errorf("statuses found by %q after the edit: %d, want %d", word, len(list), n)
		}
	}
	edits, err := s.StatusEdits(ctx, st.ID, 10)
	if err != nil {
		t.Fatal(err)
	}
	first.CreatedAt, second.CreatedAt = first.CreatedAt.UTC(), second.CreatedAt.UTC()
	if diff := cmp.Diff([]*agora.StatusEdit{first, second}, edits); diff != "" {
		t.Errorf("StatusEdits (-want +got):\n%s", diff)
	}
	missing := edited
	missing.ID = ids.New()
	wantCode(t, s.UpdateStatus(ctx, &agora.StatusUpdate{Status: &missing}), agora.ENOTFOUND)
}

func testUpdateStatusPoll(t *testing.T, s agora.Store) {
	f := newFixture(t, s)
	ctx := t.Context()
	me, bob := f.account("me"), f.account("bob")
	st, p := f.pollStatus(me, "which?", time.Hour, "a", "b")
	if err := s.Vote(ctx, st.ID, bob.ID, []int{1}, time.Now()); err != nil {
		t.Fatal(err)
	}
	update := func(p *agora.Poll, reset bool) {
		t.Helper()
		edited := *f.reloadStatus(st)
		edited.EditedAt = time.Now()
		if err := s.UpdateStatus(ctx, &agora.StatusUpdate{Status: &edited, Poll: p, ResetVotes: reset}); err != nil {
			t.Fatal(err)
		}
	}
	// Hiding the totals keeps the votes.
	kept := *p
	kept.HideTotals = true
	update(&kept, false)
	if got := f.poll(st.ID); !got.HideTotals || got.VotesCount != 1 {
		t.Errorf("after an edit keeping the options: hide_totals %v, votes %d; want true, 1", got.HideTotals, got.VotesCount)
	}
	// New options drop them.
	update(&agora.Poll{Options: []string{"x", "y", "z"}, ExpiresAt: p.ExpiresAt}, true)
	got := f.poll(st.ID)
	if !slices.Equal(got.Options, []string{"x", "y", "z"}) || got.VotesCount != 0 || got.VotersCount != 0 {
		t.Errorf("after an edit resetting the votes: %v, %d votes, %d voters", got.Options, got.VotesCount, got.VotersCount)
	}
	if err := s.Vote(ctx, st.ID, bob.ID, []int{2}, time.Now()); err != nil {
		t.Errorf("voting again after the reset: %v", err)
	}
	// No poll removes it.
	update(nil, false)
	if polls, err := s.Polls(ctx, []agora.ID{st.ID}); err != nil || len(polls) != 0 {
		t.Errorf("Polls after the poll was removed = %v, %v", polls, err)
	}
	if f.reloadStatus(st).HasPoll {
		t.Error("HasPoll after the poll was removed")
	}
	// And a poll can be added by an edit.
	update(&agora.Poll{Options: []string{"p", "q"}, ExpiresAt: p.ExpiresAt}, true)
	if got := f.poll(st.ID); !slices.Equal(got.Options, []string{"p", "q"}) || !f.reloadStatus(st).HasPoll {
		t.Errorf("after adding a poll: %v", got.Options)
	}
}

func testEndPoll(t *testing.T, s agora.Store) {
	f := newFixture(t, s)
	ctx := t.Context()
	me, bob := f.account("me"), f.account("bob")
	soon, _ := f.pollStatus(me, "soon", time.Minute, "a", "b")
	later, _ := f.pollStatus(me, "later", time.Hour, "a", "b")
	at := soon.CreatedAt.Add(2 * time.Minute)
	due, err := s.EndablePolls(ctx, at, 10)
	if err != nil {
		t.Fatal(err)
	}
	if len(due) != 1 || due[0].ID != soon.ID {
		t.Fatalf("EndablePolls = %v, want only the poll of %d", due, soon.ID)
	}
	n := &agora.Notification{ID: ids.New(), AccountID: bob.ID, Type: agora.NotifyPoll, FromAccountID: me.ID, StatusID: soon.ID, CreatedAt: at}
	if err := s.EndPoll(ctx, soon.ID, at, []*agora.Notification{n}); err != nil {
		t.Fatal(err)
	}
	// A second sweep (another node) finds it ended and makes nothing.
	n2 := &agora.Notification{ID: ids.New(), AccountID: bob.ID, Type: agora.NotifyPoll, FromAccountID: me.ID, StatusID: soon.ID, CreatedAt: at}
	wantCode(t, s.EndPoll(ctx, soon.ID, at, []*agora.Notification{n2}), agora.ECONFLICT)
	wantCode(t, s.EndPoll(ctx, ids.New(), at, nil), agora.ENOTFOUND)
	got, err := s.Notifications(ctx, bob.ID, agora.NotificationQuery{Page: agora.Page{Limit: 10}})
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 1 || got[0].ID != n.ID || got[0].Type != agora.NotifyPoll {
		t.Errorf("bob's notifications after two sweeps: %v, want the one poll notification", got)
	}
	if due, _ := s.EndablePolls(ctx, at, 10); len(due) != 0 {
		t.Errorf("EndablePolls after the end was announced = %v", due)
	}
	if p := f.poll(soon.ID); !p.EndedAt.Equal(at.Truncate(time.Millisecond)) {
		t.Errorf("EndedAt = %v, want %v", p.EndedAt, at)
	}
	if p := f.poll(later.ID); !p.EndedAt.IsZero() {
		t.Errorf("a running poll has EndedAt %v", p.EndedAt)
	}
}

func testDeletePollStatus(t *testing.T, s agora.Store) {
	f := newFixture(t, s)
	ctx := t.Context()
	me, bob := f.account("me"), f.account("bob")
	st, _ := f.pollStatus(me, "which?", time.Hour, "a", "b")
	if err := s.Vote(ctx, st.ID, bob.ID, []int{0}, time.Now()); err != nil {
		t.Fatal(err)
	}
	edited := *st
	edited.Text, edited.EditedAt = "edited", time.Now()
	e := &agora.StatusEdit{ID: ids.New(), StatusID: st.ID, AccountID: me.ID, Text: "edited", CreatedAt: time.Now()}
	if err := s.UpdateStatus(ctx, &agora.StatusUpdate{Status: &edited, Poll: f.poll(st.ID), History: []*agora.StatusEdit{e}}); err != nil {
		t.Fatal(err)
	}
	if err := s.DeleteStatus(ctx, st.ID); err != nil {
		t.Fatal(err)
	}
	if polls, err := s.Polls(ctx, []agora.ID{st.ID}); err != nil || len(polls) != 0 {
		t.Errorf("Polls after the status was deleted = %v, %v", polls, err)
	}
	if edits, err := s.StatusEdits(ctx, st.ID, 10); err != nil || len(edits) != 0 {
		t.Errorf("StatusEdits after the status was deleted = %v, %v", edits, err)
	}
	wantCode(t, s.Vote(ctx, st.ID, me.ID, []int{0}, time.Now()), agora.ENOTFOUND)
}
