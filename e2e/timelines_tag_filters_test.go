package e2e

import (
	"encoding/json"
	"net/http"
	"net/url"
	"slices"
	"testing"

	"github.com/mattn/go-mastodon"

	"agora/agoratest"
)

// TestTagTimelineAnyAllNone reads GET /api/v1/timelines/tag/:hashtag with
// Mastodon's any[], all[] and none[] on both backends: statuses with the
// hashtag or any of any[], every one of all[], none of none[]; more than four
// names in a list or a name that is no hashtag is refused with an error; and a
// hashtag withheld from the reader's country is left out of the lists, so it
// brings none of its statuses in there, while elsewhere it does.
func TestTagTimelineAnyAllNone(t *testing.T) {
	for _, b := range agoratest.Backends() {
		t.Run(string(b), func(t *testing.T) { testTagTimelineAnyAllNone(t, b) })
	}
}

func testTagTimelineAnyAllNone(t *testing.T, b agoratest.Backend) {
	r := newRig(t, b, whTrusted)
	alice := r.mustMember("alice")
	ids := map[string]mastodon.ID{}
	for _, p := range [][2]string{
		{"cats", "#cats only"},
		{"dogs", "#dogs only"},
		{"both", "#cats and #dogs"},
		{"catsnews", "#cats #news"},
		{"hidden", "#zzhidden only"},
		{"other", "#other only"},
	} {
		ids[p[0]] = post(t, alice.c, &mastodon.Toot{Status: p[1], Visibility: "public"}).ID
	}
	r.mustWithhold("#zzhidden", "DE")

	read := func(query, country string) []string {
		t.Helper()
		var hdr []string
		if country != "" {
			hdr = []string{whHeader, country}
		}
		status, body, _ := r.do("GET", "/api/v1/timelines/tag/cats?"+query, "", "", "", hdr...)
		if status != http.StatusOK {
			t.Fatalf("?%s from %q: %d %s", query, country, status, body)
		}
		var list []struct{ ID mastodon.ID }
		if err := json.Unmarshal(body, &list); err != nil {
			t.Fatalf("?%s: %v", query, err)
		}
		var got []string
		for _, s := range list {
			for label, id := range ids {
				if id == s.ID {
					got = append(got, label)
				}
			}
		}
		return got
	}
	for _, tc := range []struct {
		query, country string
		want           []string // newest first
	}{
		{"", "", []string{"catsnews", "both", "cats"}},
		{"any[]=dogs", "", []string{"catsnews", "both", "dogs", "cats"}},
		{"any[]=DOGS&any[]=news&any[]=", "", []string{"catsnews", "both", "dogs", "cats"}},
		{"all[]=dogs", "", []string{"both"}},
		{"none[]=dogs&none[]=news", "", []string{"cats"}},
		{"any[]=dogs&none[]=cats", "", []string{"dogs"}},
		{"any[]=dogs&all[]=news", "", []string{"catsnews"}},
		{"any[]=dogs&limit=2", "", []string{"catsnews", "both"}},
		// As Mastodon, only the first four names of a list count: a fifth brings nothing in.
		{"any[]=a&any[]=b&any[]=c&any[]=d&any[]=dogs", "", []string{"catsnews", "both", "cats"}},
		{"any[]=dogs&max_id=" + string(ids["both"]), "", []string{"dogs", "cats"}},
		// The withheld hashtag brings its statuses in only where it is not withheld.
		{"any[]=zzhidden", "", []string{"hidden", "catsnews", "both", "cats"}},
		{"any[]=zzhidden", "FR", []string{"hidden", "catsnews", "both", "cats"}},
		{"any[]=zzhidden", "DE", []string{"catsnews", "both", "cats"}},
		{"any[]=zzhidden&any[]=dogs", "DE", []string{"catsnews", "both", "dogs", "cats"}},
		{"all[]=zzhidden", "DE", []string{"catsnews", "both", "cats"}},
		{"none[]=zzhidden", "DE", []string{"catsnews", "both", "cats"}},
	} {
		if got := read(tc.query, tc.country); !slices.Equal(got, tc.want) {
			t.Errorf("?%s from %q: %v, want %v", tc.query, tc.country, got, tc.want)
		}
	}

	// Bad input: an error Mastodon's way, never a 5xx.
	for q, want := range map[string]int{
		"none[]=" + url.QueryEscape("no tag"): http.StatusBadRequest,
		"all[]=" + url.QueryEscape("#"):       http.StatusBadRequest,
	} {
		status, body, _ := r.do("GET", "/api/v1/timelines/tag/cats?"+q, "", "", "")
		var e struct{ Error string }
		if status != want || json.Unmarshal(body, &e) != nil || e.Error == "" {
			t.Errorf("?%s: %d %s, want %d with an error", q, status, body, want)
		}
	}
}
