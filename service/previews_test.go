package service_test

import (
	"context"
	"slices"
	"strconv"
	"testing"

	"agora"
	"agora/feedcache"
	"agora/oauth"
	"agora/service"
	"agora/sqlstore"
	"agora/storetest"
)

// TestRules_Previews: what a reviewer is shown of subjects, through the gate:
// staff see withheld accounts, statuses and hashtags; an account's latest public
// posts, newest first, without boosts or private posts; a status with its
// author; a hashtag's recent public use. A viewer without staff access, in the
// country, is shown none of the withheld ones; missing subjects are absent.
func TestRules_Previews(t *testing.T) {
	ctx := agora.WithCountries(context.Background(), "IN")
	svc, _ := newTestService(t, nil)
	staff, err := svc.CreateAccount(ctx, oauth.NewAccount{Username: "lena", Email: "lena@x.example", Password: "password-lena", Role: agora.RoleLegal})
	if err != nil {
		t.Fatal(err)
	}
	alice, bob, carol := mustAccount(t, svc, "alice"), mustAccount(t, svc, "bob"), mustAccount(t, svc, "carol")
	post := func(a *agora.Account, text, vis string) *agora.Status {
		t.Helper()
		b, err := svc.PostStatus(ctx, svc.As(ctx, a), service.NewStatus{Text: text, Visibility: vis})
		if err != nil {
			t.Fatal(err)
		}
		return b.Statuses[0]
	}
	var alicePosts []*agora.Status
	for _, text := range []string{"one #news", "two", "three", "four"} {
		alicePosts = append(alicePosts, post(alice, text, "public"))
	}
	post(alice, "followers only", "private")
	bobPost := post(bob, "bob's #news", "unlisted")
	if _, err := svc.Reblog(ctx, svc.As(ctx, alice), bobPost.ID, ""); err != nil {
		t.Fatal(err)
	}
	carolPost := post(carol, "carol's", "public")
	for _, subject := range []string{"@alice", carolPost.ID.String(), "#news"} {
		if _, err := svc.Withhold(ctx, nil, service.NewRule{Subject: subject, Countries: []string{"IN"}, Reason: "legal_demand"}); err != nil {
			t.Fatal(err)
		}
	}
	aliceSubj := agora.Subject{Kind: agora.SubjectAccount, ID: alice.ID}
	carolSubj := agora.Subject{Kind: agora.SubjectStatus, ID: carolPost.ID}
	bobSubj := agora.Subject{Kind: agora.SubjectStatus, ID: bobPost.ID}
	news := agora.Subject{Kind: agora.SubjectHashtag, Hashtag: "news"}
	subjects := []agora.Subject{aliceSubj, carolSubj, bobSubj, news, aliceSubj,
		{Kind: agora.SubjectAccount, ID: 12345}, {Kind: agora.SubjectStatus, ID: 12345}}

	got, err := svc.Previews(ctx, svc.As(ctx, staff), subjects)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 4 {
		t.Errorf("staff: %d previews, want 4 (the missing account and status absent)", len(got))
	}
	if p := got[aliceSubj]; p == nil || p.Account == nil || p.Account.Username != "alice" || p.Status != nil {
		t.Errorf("alice's preview: %+v", p)
	} else {
		var ids []agora.ID
		for _, st := range p.Recent {
			ids = append(ids, st.ID)
		}
		if want := []agora.ID{alicePosts[3].ID, alicePosts[2].ID, alicePosts[1].ID}; !slices.Equal(ids, want) {
			t.Errorf("alice's latest posts %v, want %v (newest first, no boost or private post)", ids, want)
		}
		if p.Account.StatusesCount != 6 {
			t.Errorf("alice's statuses count %d, want 6", p.Account.StatusesCount)
		}
	}
	if p := got[carolSubj]; p == nil || p.Status == nil || p.Status.Text != "carol's" || p.Account == nil || p.Account.ID != carol.ID {
		t.Errorf("carol's status preview: %+v", p)
	}
	if p := got[bobSubj]; p == nil || p.Status == nil || p.Account == nil || p.Account.ID != bob.ID {
		t.Errorf("bob's status preview: %+v", p)
	}
	if p := got[news]; p == nil || p.Tag == nil || *p.Tag != (agora.TagTrend{Name: "news", Uses: 1, Accounts: 1}) {
		t.Errorf("#news preview: %+v (want 1 public use by 1 account)", p)
	}

	// An ordinary viewer in IN is shown none of what is withheld there.
	got, err = svc.Previews(ctx, svc.As(ctx, bob), subjects)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 1 || got[bobSubj] == nil {
		t.Errorf("a viewer in IN: previews of %v, want bob's status only", keysOf(got))
	}
}

func keysOf(m map[agora.Subject]*agora.SubjectPreview) []agora.Subject {
	var out []agora.Subject
	for k := range m {
		out = append(out, k)
	}
	return out
}

// TestRules_Previews_Batched: a page of subjects costs a fixed number of store
// reads, whatever its length: one read of each kind, none per subject.
func TestRules_Previews_Batched(t *testing.T) {
	ctx := context.Background()
	db, err := sqlstore.Open(ctx, storetest.SQLitePath(t))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	counting := storetest.NewCounting(db)
	svc := service.NewForTest(t, counting, feedcache.NewMemory(0), nil)
	staff, err := svc.CreateAccount(ctx, oauth.NewAccount{Username: "lena", Email: "lena@x.example", Password: "password-lena", Role: agora.RoleLegal})
	if err != nil {
		t.Fatal(err)
	}
	var subjects []agora.Subject
	for i := range 40 {
		a := mustAccount(t, svc, "user"+strconv.Itoa(i))
		for _, text := range []string{"one #t" + strconv.Itoa(i%5), "two"} {
			b, err := svc.PostStatus(ctx, svc.As(ctx, a), service.NewStatus{Text: text, Visibility: "public"})
			if err != nil {
				t.Fatal(err)
			}
			subjects = append(subjects, agora.Subject{Kind: agora.SubjectStatus, ID: b.Statuses[0].ID})
		}
		subjects = append(subjects, agora.Subject{Kind: agora.SubjectAccount, ID: a.ID})
		if i < 5 {
			subjects = append(subjects, agora.Subject{Kind: agora.SubjectHashtag, Hashtag: "t" + strconv.Itoa(i)})
		}
	}
	counting.Reset()
	got, err := svc.Previews(ctx, svc.As(ctx, staff), subjects)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != len(subjects) {
		t.Errorf("%d previews of %d subjects", len(got), len(subjects))
	}
	t.Logf("store reads: %v", counting.Calls())
	for method, n := range counting.Calls() {
		if n > 1 || method == "Status" || method == "Account" {
			t.Errorf("%d subjects: %s called %d times, want at most once and no read of one item", len(subjects), method, n)
		}
	}
}
