package storetest

import (
	"testing"

	"agora"
)

// testFeaturedTags checks featured hashtags: created once per account and
// name (case aside), listed oldest first with the count and newest time of
// the account's own public and unlisted statuses carrying them (boosts,
// private statuses and others' statuses aside), deleted only by their owner.
func testFeaturedTags(t *testing.T, s agora.Store) {
	f := newFixture(t, s)
	ctx := t.Context()
	alice, bob := f.account("alice"), f.account("bob")
	tags := func(t ...string) func(*agora.Status) { return func(s *agora.Status) { s.Tags = t } }
	vis := func(v agora.Visibility) func(*agora.Status) { return func(s *agora.Status) { s.Visibility = v } }
	f.status(alice, "#go", tags("go"))
	last := f.status(alice, "#go unlisted", tags("go"), vis(agora.VisibilityUnlisted))
	f.status(alice, "#go private", tags("go"), vis(agora.VisibilityPrivate))
	bobs := f.status(bob, "#go by bob", tags("go"))
	f.status(alice, "", boostOf(bobs))

	var made []*agora.FeaturedTag
	for _, name := range []string{"Go", "rust"} {
		id := ids.New()
		ft := &agora.FeaturedTag{ID: id, AccountID: alice.ID, Name: name, CreatedAt: id.Time()}
		mustOK(t, s.CreateFeaturedTag(ctx, ft), "CreateFeaturedTag")
		made = append(made, ft)
	}
	if made[0].Name != "go" {
		t.Errorf("name = %q, want it lowercased", made[0].Name)
	}
	id := ids.New()
	wantCode(t, s.CreateFeaturedTag(ctx, &agora.FeaturedTag{ID: id, AccountID: alice.ID, Name: "GO", CreatedAt: id.Time()}), agora.ECONFLICT)
	id = ids.New()
	wantCode(t, s.CreateFeaturedTag(ctx, &agora.FeaturedTag{ID: id, AccountID: ids.New(), Name: "go", CreatedAt: id.Time()}), agora.ENOTFOUND)

	list, err := s.FeaturedTags(ctx, alice.ID)
	mustOK(t, err, "FeaturedTags")
	if len(list) != 2 || list[0].ID != made[0].ID || list[1].ID != made[1].ID {
		t.Fatalf("featured tags = %+v, want go then rust", list)
	}
	if g := list[0]; g.Name != "go" || g.StatusesCount != 2 || g.LastStatusAt == nil || !g.LastStatusAt.Equal(last.CreatedAt) ||
		!g.CreatedAt.Equal(made[0].CreatedAt) || g.AccountID != alice.ID {
		t.Errorf("go = %+v, want 2 statuses, the last at %v", g, last.CreatedAt)
	}
	if r := list[1]; r.StatusesCount != 0 || r.LastStatusAt != nil {
		t.Errorf("rust = %+v, want no statuses", r)
	}
	if other, err := s.FeaturedTags(ctx, bob.ID); err != nil || len(other) != 0 {
		t.Errorf("bob's = %v, %v; want none", other, err)
	}

	wantCode(t, s.DeleteFeaturedTag(ctx, bob.ID, made[0].ID), agora.ENOTFOUND)
	mustOK(t, s.DeleteFeaturedTag(ctx, alice.ID, made[0].ID), "DeleteFeaturedTag")
	wantCode(t, s.DeleteFeaturedTag(ctx, alice.ID, made[0].ID), agora.ENOTFOUND)
	if list, _ := s.FeaturedTags(ctx, alice.ID); len(list) != 1 || list[0].Name != "rust" {
		t.Errorf("after deleting go: %+v, want rust", list)
	}
}
