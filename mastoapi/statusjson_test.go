package mastoapi

import (
	"bytes"
	"context"
	"encoding/json"
	"reflect"
	"testing"
	"time"

	"agora"
	"agora/service"
)

// TestJSONCache checks that statuses written from kept encodings equal, value for
// value, what converting and encoding them afresh gives, for a viewer and for an
// anonymous reader, and still do after each change that must make a kept
// encoding stale: a counter, a profile, a withholding rule, a viewer's flag.
func TestJSONCache(t *testing.T) {
	ctx := context.Background()
	api, svc, db := newTestAPI(t, "https://x.example")
	mk := func(name string) *agora.Account { return mustAccount(t, svc, name) }
	post := func(a *agora.Account, text string) agora.ID {
		b, err := svc.PostStatus(ctx, svc.As(ctx, a), service.NewStatus{Text: text, Visibility: "public", Language: "en"})
		if err != nil {
			t.Fatal(err)
		}
		return b.Statuses[0].ID
	}
	reader, alice, bob, carol := mk("reader"), mk("alice"), mk("bob"), mk("carol")
	for _, a := range []*agora.Account{alice, bob} {
		if _, err := svc.Follow(ctx, svc.As(ctx, reader), a.ID); err != nil {
			t.Fatal(err)
		}
	}
	fromAlice := post(alice, "Hello @bob and @carol, about #news & <things>")
	fromCarol := post(carol, "A post by someone the reader does not follow, \"quoted\" #art")
	own := post(reader, "The reader's own post")
	if _, err := svc.Reblog(ctx, svc.As(ctx, bob), fromCarol, "public"); err != nil {
		t.Fatal(err)
	}
	if _, err := svc.Pin(ctx, svc.As(ctx, reader), own); err != nil {
		t.Fatal(err)
	}

	check := func(step string) {
		t.Helper()
		home, err := svc.HomeTimeline(ctx, svc.As(ctx, reader), agora.Page{Limit: 40})
		if err != nil {
			t.Fatal(err)
		}
		public, err := svc.PublicTimeline(ctx, svc.As(ctx, nil), agora.Page{Limit: 40})
		if err != nil {
			t.Fatal(err)
		}
		for name, b := range map[string]*service.Bundle{"home": home, "public, anonymous": public} {
			if len(b.Statuses) < 3 {
				t.Fatalf("%s: %s has %d statuses, want at least 3", step, name, len(b.Statuses))
			}
			// Twice: the second time from what the first kept.
			for round := range 2 {
				got := api.json.appendStatuses(nil, api.conv, b)
				want := encode(api.conv.statuses(b))
				if !sameJSON(t, got, want) {
					t.Errorf("%s: %s, round %d: kept encoding differs from a fresh one:\n got %s\nwant %s", step, name, round, got, want)
				}
				for _, st := range b.Statuses {
					one := api.json.appendStatus(nil, api.conv, b, st)
					if !sameJSON(t, one, encode(api.conv.status(b, st))) {
						t.Errorf("%s: %s, round %d: status %d differs: %s", step, name, round, st.ID, one)
					}
				}
			}
		}
	}
	check("first")
	if _, err := svc.Favourite(ctx, svc.As(ctx, reader), fromAlice); err != nil {
		t.Fatal(err)
	}
	check("after a favourite (count and flag)")
	if _, err := svc.UpdateProfile(ctx, svc.As(ctx, alice), service.ProfileUpdate{DisplayName: ptr("Alice A.")}); err != nil {
		t.Fatal(err)
	}
	check("after a profile change")
	rule := &agora.Rule{ID: agora.IDAt(time.Now()) | 1, Reason: agora.ReasonLegalDemand, Origin: "test", Since: time.Now().UTC(),
		Kind: agora.SubjectAccount, SubjectID: alice.ID, Countries: []string{"DE"}}
	if _, err := db.CreateRules(ctx, []*agora.Rule{rule}, nil); err != nil {
		t.Fatal(err)
	}
	if err := loadRules(ctx, svc); err != nil {
		t.Fatal(err)
	}
	check("after a rule on alice in DE")
	if _, err := svc.Unpin(ctx, svc.As(ctx, reader), own); err != nil {
		t.Fatal(err)
	}
	check("after an unpin")
	// The reader's filters: per viewer, added to what is kept, never in it.
	words := []service.KeywordChange{{Keyword: ptr("hello")}, {Keyword: ptr("quoted")}}
	if _, err := svc.CreateFilter(ctx, svc.As(ctx, reader), service.FilterUpdate{Title: ptr("words"),
		Context: &[]agora.FilterContext{agora.FilterHome, agora.FilterPublic}, Keywords: words}); err != nil {
		t.Fatal(err)
	}
	check("after a filter of the reader's")
	home, err := svc.HomeTimeline(ctx, svc.As(ctx, reader), agora.Page{Limit: 40})
	if err != nil {
		t.Fatal(err)
	}
	public, err := svc.PublicTimeline(ctx, svc.As(ctx, nil), agora.Page{Limit: 40})
	if err != nil {
		t.Fatal(err)
	}
	if got := api.json.appendStatuses(nil, api.conv, home); !bytes.Contains(got, []byte(`"filtered":[{"filter":{"id"`)) {
		t.Errorf("the reader's home carries no filtered: %.400s", got)
	}
	if got := api.json.appendStatuses(nil, api.conv, public); bytes.Contains(got, []byte(`"filtered"`)) {
		t.Errorf("the anonymous public timeline, after the reader's, carries filtered: %.400s", got)
	}
}

// sameJSON reports whether a and b are valid JSON of the same value.
func sameJSON(t *testing.T, a, b []byte) bool {
	t.Helper()
	var va, vb any
	if err := json.Unmarshal(a, &va); err != nil {
		t.Errorf("invalid JSON %s: %v", a, err)
		return false
	}
	if err := json.Unmarshal(b, &vb); err != nil {
		t.Errorf("invalid JSON %s: %v", b, err)
		return false
	}
	return reflect.DeepEqual(va, vb)
}

func ptr[T any](v T) *T { return &v }
