package e2e

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"testing"

	"github.com/mattn/go-mastodon"

	"agora/agoratest"
)

// TestFeaturedTags features hashtags on a profile through the Mastodon API on
// both backends: created by name (with or without '#', any case), listed with
// the owner's use of them, at most ten, once each, deleted by their owner only;
// bad names and a missing name are refused with an error, and a hashtag
// withheld from the owner's country can be neither featured nor seen there.
// Others read an account's featured tags without the statuses and hashtags
// withheld from them.
func TestFeaturedTags(t *testing.T) {
	for _, b := range agoratest.Backends() {
		t.Run(string(b), func(t *testing.T) { testFeaturedTags(t, b) })
	}
}

type featuredTag struct {
	ID            string  `json:"id"`
	Name          string  `json:"name"`
	URL           string  `json:"url"`
	StatusesCount string  `json:"statuses_count"`
	LastStatusAt  *string `json:"last_status_at"`
}

func testFeaturedTags(t *testing.T, b agoratest.Backend) {
	r := newRig(t, b, whTrusted)
	alice, bob := r.mustMember("alice"), r.mustMember("bob")
	post(t, alice.c, &mastodon.Toot{Status: "#Cats one", Visibility: "public"})
	post(t, alice.c, &mastodon.Toot{Status: "#cats two", Visibility: "unlisted"})
	post(t, alice.c, &mastodon.Toot{Status: "#cats private", Visibility: "private"})
	post(t, bob.c, &mastodon.Toot{Status: "#cats by bob", Visibility: "public"})

	feature := func(tok, name string, want int) featuredTag {
		t.Helper()
		status, body := r.postForm("/api/v1/featured_tags", tok, url.Values{"name": {name}})
		var f featuredTag
		if status != want {
			t.Fatalf("featuring %q: %d %s, want %d", name, status, body, want)
		}
		if want == http.StatusOK {
			mustJSON(t, body, &f)
		} else {
			var e struct{ Error string }
			if json.Unmarshal(body, &e) != nil || e.Error == "" {
				t.Errorf("featuring %q: %s, want an error", name, body)
			}
		}
		return f
	}
	list := func(tok string) []featuredTag {
		t.Helper()
		var fs []featuredTag
		getJSON(t, r, "/api/v1/featured_tags", tok, &fs)
		return fs
	}

	cats := feature(alice.tok, "#CATS", http.StatusOK)
	if cats.Name != "cats" || cats.StatusesCount != "2" || cats.LastStatusAt == nil || cats.URL != r.srv.URL+"/@alice/tagged/cats" {
		t.Errorf("featured #cats = %+v, want 2 statuses of alice's and her tagged URL", cats)
	}
	dogs := feature(alice.tok, "dogs", http.StatusOK)
	if dogs.StatusesCount != "0" || dogs.LastStatusAt != nil {
		t.Errorf("featured #dogs = %+v, want no statuses", dogs)
	}
	feature(alice.tok, "Cats", http.StatusUnprocessableEntity) // once each
	feature(alice.tok, "no tag", http.StatusBadRequest)
	feature(alice.tok, "", http.StatusUnprocessableEntity)
	if got := list(alice.tok); len(got) != 2 || got[0].ID != cats.ID || got[0].StatusesCount != "2" || got[1].ID != dogs.ID {
		t.Errorf("alice's featured tags = %+v, want cats then dogs", got)
	}
	if got := list(bob.tok); len(got) != 0 {
		t.Errorf("bob's featured tags = %+v, want none", got)
	}

	// Someone else's is not found; the owner's goes once.
	if status, body, _ := r.do("DELETE", "/api/v1/featured_tags/"+dogs.ID, bob.tok, "", ""); status != http.StatusNotFound {
		t.Errorf("bob deletes alice's: %d %s, want 404", status, body)
	}
	if status, body, _ := r.do("DELETE", "/api/v1/featured_tags/"+dogs.ID, alice.tok, "", ""); status != http.StatusOK || string(body) != "{}\n" && string(body) != "{}" {
		t.Errorf("alice deletes hers: %d %q, want 200 {}", status, body)
	}
	if status, _, _ := r.do("DELETE", "/api/v1/featured_tags/"+dogs.ID, alice.tok, "", ""); status != http.StatusNotFound {
		t.Errorf("deleting twice: %d, want 404", status)
	}
	if status, _, _ := r.do("DELETE", "/api/v1/featured_tags/nonsense", alice.tok, "", ""); status < 400 || status >= 500 {
		t.Errorf("deleting a bad ID: %d, want a 4xx", status)
	}

	// At most ten.
	for i := range 9 {
		feature(alice.tok, fmt.Sprintf("tag%d", i), http.StatusOK)
	}
	feature(alice.tok, "eleventh", http.StatusUnprocessableEntity)

	// A withheld hashtag: not featured, not listed where it is withheld.
	r.mustWithhold("#cats", "DE")
	status, body, _ := r.do("POST", "/api/v1/featured_tags", bob.tok, "application/x-www-form-urlencoded", "name=cats", whHeader, "DE")
	if status != http.StatusUnavailableForLegalReasons {
		t.Errorf("featuring a withheld hashtag from DE: %d %s, want 451", status, body)
	}
	status, body, _ = r.do("GET", "/api/v1/featured_tags", alice.tok, "", "", whHeader, "DE")
	var de []featuredTag
	mustJSON(t, body, &de)
	if status != http.StatusOK || len(de) != 9 {
		t.Errorf("alice's list from DE: %d, %d tags, want the 9 but cats", status, len(de))
	}
	for _, f := range de {
		if f.Name == "cats" {
			t.Errorf("alice's list from DE holds the withheld #cats")
		}
	}
	if got := list(alice.tok); len(got) != 10 {
		t.Errorf("alice's list elsewhere: %d tags, want 10", len(got))
	}
	var sugg []any
	getJSON(t, r, "/api/v1/featured_tags/suggestions", alice.tok, &sugg)

	// Another's featured tags, as the reader may see them: a withheld status
	// of the account's is not counted where it is withheld, nor the hashtag
	// withheld in DE listed there.
	post(t, alice.c, &mastodon.Toot{Status: "#tag0 seen", Visibility: "public"})
	hid := post(t, alice.c, &mastodon.Toot{Status: "#tag0 hidden", Visibility: "public"})
	r.mustWithhold(string(hid.ID), "FR")
	counts := func(country string) map[string]string {
		t.Helper()
		var hdr []string
		if country != "" {
			hdr = []string{whHeader, country}
		}
		status, body, _ := r.do("GET", "/api/v1/accounts/"+string(alice.id)+"/featured_tags", "", "", "", hdr...)
		if status != http.StatusOK {
			t.Fatalf("alice's featured tags from %q: %d %s", country, status, body)
		}
		var fs []featuredTag
		mustJSON(t, body, &fs)
		m := map[string]string{}
		for _, f := range fs {
			m[f.Name] = f.StatusesCount
			if f.URL != r.srv.URL+"/@alice/tagged/"+f.Name {
				t.Errorf("%s: url %s", f.Name, f.URL)
			}
		}
		return m
	}
	if m := counts(""); m["tag0"] != "2" || m["cats"] != "2" || len(m) != 10 {
		t.Errorf("from nowhere: %v, want tag0 2, cats 2, 10 tags", m)
	}
	if m := counts("FR"); m["tag0"] != "1" || len(m) != 10 {
		t.Errorf("from FR: %v, want tag0 1 (its withheld status left out)", m)
	}
	if m := counts("DE"); m["tag0"] != "2" || len(m) != 9 || m["cats"] != "" {
		t.Errorf("from DE: %v, want 9 tags without cats", m)
	}
	if status, _, _ := r.do("GET", "/api/v1/accounts/"+string(hid.ID)+"/featured_tags", "", "", ""); status != http.StatusNotFound {
		t.Errorf("featured tags of no account: %d, want 404", status)
	}
}
