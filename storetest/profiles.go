package storetest

import (
	"testing"
	"time"

	"agora"
)

var profileTests = []test{
	{"AccountNotes", testAccountNotes},
	{"Endorsements", testEndorsements},
	{"FeaturedTags", testFeaturedTags},
}

func testAccountNotes(t *testing.T, s agora.Store) {
	f := newFixture(t, s)
	ctx := t.Context()
	alice, bob, carol := f.account("alice"), f.account("bob"), f.account("carol")
	at := time.Date(2030, 1, 2, 0, 0, 0, 0, time.UTC)
	if err := s.SetAccountNote(ctx, alice.ID, bob.ID, "first", at); err != nil {
		t.Fatal(err)
	}
	if err := s.SetAccountNote(ctx, alice.ID, bob.ID, "second", at); err != nil { // replaces
		t.Fatal(err)
	}
	got, err := s.ProfileRelations(ctx, alice.ID, []agora.ID{bob.ID, carol.ID})
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 || got[bob.ID].Note != "second" || got[carol.ID].Note != "" {
		t.Errorf("alice's notes = %+v, want second on bob, none on carol", got)
	}
	if other, _ := s.ProfileRelations(ctx, carol.ID, []agora.ID{bob.ID}); other[bob.ID].Note != "" {
		t.Errorf("carol sees alice's note: %+v", other)
	}
	if err := s.SetAccountNote(ctx, alice.ID, bob.ID, "", at); err != nil {
		t.Fatal(err)
	}
	if got, _ := s.ProfileRelations(ctx, alice.ID, []agora.ID{bob.ID}); got[bob.ID].Note != "" {
		t.Errorf("after clearing: %+v", got)
	}
	if err := s.SetAccountNote(ctx, alice.ID, 1, "x", at); agora.ErrorCode(err) != agora.ENOTFOUND {
		t.Errorf("note on a missing account: %v, want ENOTFOUND", err)
	}
}

// testEndorsements: listed newest first and counted only while the endorser
// follows the account.
func testEndorsements(t *testing.T, s agora.Store) {
	f := newFixture(t, s)
	ctx := t.Context()
	alice, bob, carol := f.account("alice"), f.account("bob"), f.account("carol")
	for _, target := range []*agora.Account{bob, carol} {
		if err := s.CreateFollow(ctx, &agora.Follow{ID: ids.New(), AccountID: alice.ID, TargetAccountID: target.ID, CreatedAt: time.Now()}); err != nil {
			t.Fatal(err)
		}
	}
	var es []*agora.Endorsement
	for _, target := range []*agora.Account{bob, carol} {
		id := ids.New()
		e := &agora.Endorsement{ID: id, AccountID: alice.ID, TargetAccountID: target.ID, CreatedAt: id.Time()}
		if err := s.CreateEndorsement(ctx, e); err != nil {
			t.Fatal(err)
		}
		es = append(es, e)
	}
	if err := s.CreateEndorsement(ctx, &agora.Endorsement{ID: ids.New(), AccountID: alice.ID, TargetAccountID: bob.ID, CreatedAt: time.Now()}); agora.ErrorCode(err) != agora.ECONFLICT {
		t.Errorf("endorsing twice: %v, want ECONFLICT", err)
	}
	list, err := s.Endorsements(ctx, alice.ID, agora.Page{})
	if err != nil {
		t.Fatal(err)
	}
	if len(list) != 2 || list[0].ID != es[1].ID || list[1].ID != es[0].ID {
		t.Errorf("endorsements = %v, want carol then bob", list)
	}
	if list, _ := s.Endorsements(ctx, alice.ID, agora.Page{Limit: 1, MaxID: es[1].ID}); len(list) != 1 || list[0].TargetAccountID != bob.ID {
		t.Errorf("second page = %v, want bob", list)
	}
	// An endorsement of an account no longer followed does not count.
	if err := s.DeleteFollow(ctx, alice.ID, carol.ID); err != nil {
		t.Fatal(err)
	}
	if list, _ := s.Endorsements(ctx, alice.ID, agora.Page{}); len(list) != 1 || list[0].TargetAccountID != bob.ID {
		t.Errorf("after unfollowing carol = %v, want bob only", list)
	}
	rel, err := s.ProfileRelations(ctx, alice.ID, []agora.ID{bob.ID, carol.ID})
	if err != nil || !rel[bob.ID].Endorsed || rel[carol.ID].Endorsed {
		t.Errorf("relations = %+v, %v; want bob endorsed, carol not", rel, err)
	}
	if err := s.DeleteEndorsement(ctx, alice.ID, bob.ID); err != nil {
		t.Fatal(err)
	}
	if err := s.DeleteEndorsement(ctx, alice.ID, bob.ID); agora.ErrorCode(err) != agora.ENOTFOUND {
		t.Errorf("deleting twice: %v, want ENOTFOUND", err)
	}
}
