package e2e

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/mattn/go-mastodon"

	"agora/agoratest"
)

// wireFilter is Mastodon's v2 Filter entity as agora sends it.
type wireFilter struct {
	ID           string   `json:"id"`
	Title        string   `json:"title"`
	Context      []string `json:"context"`
	ExpiresAt    *string  `json:"expires_at"`
	FilterAction string   `json:"filter_action"`
	Keywords     []struct {
		ID        string `json:"id"`
		Keyword   string `json:"keyword"`
		WholeWord bool   `json:"whole_word"`
	} `json:"keywords"`
	Statuses []struct {
		ID       string `json:"id"`
		StatusID string `json:"status_id"`
	} `json:"statuses"`
}

func (f wireFilter) keywords() []string {
	var out []string
	for _, k := range f.Keywords {
		out = append(out, k.Keyword)
	}
	return out
}

// fDo sends body (url.Values as a form, anything else as JSON) and checks the
// status; it returns the answer's body.
func fDo(t *testing.T, r *rig, token, method, path string, body any, want int) []byte {
	t.Helper()
	ct, data := "", ""
	switch b := body.(type) {
	case nil:
	case url.Values:
		ct, data = "application/x-www-form-urlencoded", b.Encode()
	default:
		raw, err := json.Marshal(b)
		if err != nil {
			t.Fatal(err)
		}
		ct, data = "application/json", string(raw)
	}
	status, got, _ := r.do(method, path, token, ct, data)
	if status != want {
		t.Fatalf("%s %s: %d %s, want %d", method, path, status, got, want)
	}
	return got
}

// countFilters returns how many filters the token's account has.
func countFilters(t *testing.T, r *rig, token string) int {
	t.Helper()
	var fs []wireFilter
	mustJSON(t, fDo(t, r, token, "GET", "/api/v2/filters", nil, http.StatusOK), &fs)
	return len(fs)
}

// TestFilters_V2 drives the v2 filter API over plain HTTP (JSON and form
// bodies, answers checked against the schema): create, read, update with
// keywords_attributes (change, add, _destroy), keywords and statuses of their
// own, someone else's filter as 404, and bad input as 422 with details and
// nothing written.
func TestFilters_V2(t *testing.T) {
	for _, b := range agoratest.Backends() {
		t.Run(string(b), func(t *testing.T) {
			r := newRig(t, b)
			r.mustAccount("alice")
			r.mustAccount("bob")
			alice, bob := r.passwordLogin("alice"), r.passwordLogin("bob")
			at, bt := alice.Config.AccessToken, bob.Config.AccessToken
			bobPost := post(t, bob, &mastodon.Toot{Status: "bob's post", Visibility: "public"})

			var f wireFilter
			mustJSON(t, fDo(t, r, at, "POST", "/api/v2/filters", map[string]any{
				"title": "Pets", "context": []string{"home", "public"}, "filter_action": "hide",
				"keywords_attributes": []map[string]any{{"keyword": "cat", "whole_word": true}, {"keyword": "dog", "whole_word": false}},
			}, http.StatusOK), &f)
			if f.Title != "Pets" || !slices.Equal(f.Context, []string{"home", "public"}) || f.FilterAction != "hide" || f.ExpiresAt != nil ||
				!slices.Equal(f.keywords(), []string{"cat", "dog"}) || !f.Keywords[0].WholeWord || f.Keywords[1].WholeWord || f.Statuses == nil || len(f.Statuses) != 0 {
				t.Fatalf("created filter = %+v", f)
			}
			var list []wireFilter
			mustJSON(t, fDo(t, r, at, "GET", "/api/v2/filters", nil, http.StatusOK), &list)
			if len(list) != 1 || list[0].ID != f.ID {
				t.Fatalf("GET /api/v2/filters = %+v", list)
			}

			// Update by form: a new title and action, one keyword changed, one
			// destroyed, one added.
			mustJSON(t, fDo(t, r, at, "PUT", "/api/v2/filters/"+f.ID, url.Values{
				"title": {"Animals"}, "filter_action": {"warn"}, "expires_in": {"3600"},
				"keywords_attributes[0][id]": {f.Keywords[0].ID}, "keywords_attributes[0][_destroy]": {"1"},
				"keywords_attributes[1][id]": {f.Keywords[1].ID}, "keywords_attributes[1][keyword]": {"dogs"},
				"keywords_attributes[2][keyword]": {"bird"},
			}, http.StatusOK), &f)
			if f.Title != "Animals" || f.FilterAction != "warn" || f.ExpiresAt == nil || !slices.Equal(f.keywords(), []string{"dogs", "bird"}) || !f.Keywords[1].WholeWord {
				t.Fatalf("updated filter = %+v", f)
			}
			mustJSON(t, fDo(t, r, at, "GET", "/api/v2/filters/"+f.ID, nil, http.StatusOK), &f)
			if !slices.Equal(f.keywords(), []string{"dogs", "bird"}) {
				t.Fatalf("filter read again = %+v", f)
			}
			// expires_in empty: never again.
			mustJSON(t, fDo(t, r, at, "PUT", "/api/v2/filters/"+f.ID, url.Values{"expires_in": {""}}, http.StatusOK), &f)
			if f.ExpiresAt != nil {
				t.Errorf("expires_in empty: expires_at = %v, want null", *f.ExpiresAt)
			}

			// Keywords of their own.
			var k struct {
				ID, Keyword string
				WholeWord   bool `json:"whole_word"`
			}
			mustJSON(t, fDo(t, r, at, "POST", "/api/v2/filters/"+f.ID+"/keywords", url.Values{"keyword": {"Fish"}, "whole_word": {"false"}}, http.StatusOK), &k)
			if k.Keyword != "Fish" || k.WholeWord {
				t.Errorf("added keyword = %+v", k)
			}
			fDo(t, r, at, "GET", "/api/v2/filters/keywords/"+k.ID, nil, http.StatusOK) // a FilterKeyword, as the rig's transport checks
			mustJSON(t, fDo(t, r, at, "PUT", "/api/v2/filters/keywords/"+k.ID, url.Values{"whole_word": {"true"}}, http.StatusOK), &k)
			if !k.WholeWord || k.Keyword != "Fish" {
				t.Errorf("keyword after PUT = %+v", k)
			}
			var kws []struct{ Keyword string }
			mustJSON(t, fDo(t, r, at, "GET", "/api/v2/filters/"+f.ID+"/keywords", nil, http.StatusOK), &kws)
			if len(kws) != 3 || kws[2].Keyword != "Fish" {
				t.Errorf("keywords = %+v", kws)
			}
			if got := strings.TrimSpace(string(fDo(t, r, at, "DELETE", "/api/v2/filters/keywords/"+k.ID, nil, http.StatusOK))); got != "{}" {
				t.Errorf("DELETE keyword = %s, want {}", got)
			}
			fDo(t, r, at, "GET", "/api/v2/filters/keywords/"+k.ID, nil, http.StatusNotFound)

			// Statuses.
			var fs struct {
				ID       string
				StatusID string `json:"status_id"`
			}
			mustJSON(t, fDo(t, r, at, "POST", "/api/v2/filters/"+f.ID+"/statuses", url.Values{"status_id": {string(bobPost.ID)}}, http.StatusOK), &fs)
			if fs.StatusID != string(bobPost.ID) {
				t.Errorf("filter status = %+v", fs)
			}
			body := fDo(t, r, at, "POST", "/api/v2/filters/"+f.ID+"/statuses", url.Values{"status_id": {string(bobPost.ID)}}, http.StatusUnprocessableEntity)
			if !strings.Contains(string(body), "status_id") {
				t.Errorf("the same status again: %s, want details on status_id", body)
			}
			fDo(t, r, at, "POST", "/api/v2/filters/"+f.ID+"/statuses", url.Values{"status_id": {"123456789"}}, http.StatusNotFound)
			fDo(t, r, at, "GET", "/api/v2/filters/statuses/"+fs.ID, nil, http.StatusOK) // a FilterStatus
			var fss []struct{ ID string }
			mustJSON(t, fDo(t, r, at, "GET", "/api/v2/filters/"+f.ID+"/statuses", nil, http.StatusOK), &fss)
			if len(fss) != 1 || fss[0].ID != fs.ID {
				t.Errorf("filter statuses = %+v", fss)
			}

			// Someone else's filter, keyword and status: 404, as none, and
			// nothing changes.
			for _, c := range []struct{ method, path string }{
				{"GET", "/api/v2/filters/" + f.ID}, {"PUT", "/api/v2/filters/" + f.ID}, {"DELETE", "/api/v2/filters/" + f.ID},
				{"GET", "/api/v2/filters/" + f.ID + "/keywords"}, {"POST", "/api/v2/filters/" + f.ID + "/keywords"},
				{"GET", "/api/v2/filters/" + f.ID + "/statuses"}, {"POST", "/api/v2/filters/" + f.ID + "/statuses"},
				{"GET", "/api/v2/filters/keywords/" + f.Keywords[0].ID}, {"PUT", "/api/v2/filters/keywords/" + f.Keywords[0].ID},
				{"DELETE", "/api/v2/filters/keywords/" + f.Keywords[0].ID},
				{"GET", "/api/v2/filters/statuses/" + fs.ID}, {"DELETE", "/api/v2/filters/statuses/" + fs.ID},
				{"GET", "/api/v1/filters/" + f.Keywords[0].ID}, {"DELETE", "/api/v1/filters/" + f.Keywords[0].ID},
			} {
				fDo(t, r, bt, c.method, c.path, url.Values{"title": {"mine now"}, "keyword": {"x"}, "status_id": {string(bobPost.ID)}}, http.StatusNotFound)
			}
			// A keywords_attributes id of another filter's keyword: 404, nothing written.
			var bobs wireFilter
			mustJSON(t, fDo(t, r, bt, "POST", "/api/v2/filters", url.Values{"title": {"bob's"}, "context[]": {"home"}, "keywords_attributes[][keyword]": {"bobword"}}, http.StatusOK), &bobs)
			fDo(t, r, at, "PUT", "/api/v2/filters/"+f.ID, url.Values{"title": {"Stolen"}, "keywords_attributes[0][id]": {bobs.Keywords[0].ID}, "keywords_attributes[0][keyword]": {"mine"}}, http.StatusNotFound)
			var again wireFilter
			mustJSON(t, fDo(t, r, at, "GET", "/api/v2/filters/"+f.ID, nil, http.StatusOK), &again)
			mustJSON(t, fDo(t, r, bt, "GET", "/api/v2/filters/"+bobs.ID, nil, http.StatusOK), &bobs)
			if again.Title != "Animals" || bobs.Keywords[0].Keyword != "bobword" {
				t.Errorf("after the refused update: alice's %+v, bob's %+v", again, bobs)
			}

			// Bad input: 422 naming the field, nothing written.
			before := countFilters(t, r, at)
			for _, c := range []struct {
				form  url.Values
				field string
			}{
				{url.Values{"title": {"x"}, "context[]": {"home", "elsewhere"}}, "context"},
				{url.Values{"title": {"x"}}, "context"},
				{url.Values{"title": {"  "}, "context[]": {"home"}}, "title"},
				{url.Values{"title": {strings.Repeat("t", 201)}, "context[]": {"home"}}, "title"},
				{url.Values{"title": {"x"}, "context[]": {"home"}, "filter_action": {"nuke"}}, "filter_action"},
				{url.Values{"title": {"x"}, "context[]": {"home"}, "expires_in": {"-5"}}, "expires_in"},
				{url.Values{"title": {"x"}, "context[]": {"home"}, "expires_in": {"soon"}}, "expires_in"},
				{url.Values{"title": {"x"}, "context[]": {"home"}, "keywords_attributes[][keyword]": {" "}}, "keyword"},
				{url.Values{"title": {"x"}, "context[]": {"home"}, "keywords_attributes[][keyword]": {strings.Repeat("k", 201)}}, "keyword"},
			} {
				body := fDo(t, r, at, "POST", "/api/v2/filters", c.form, http.StatusUnprocessableEntity)
				var e struct {
					Error   string
					Details map[string]any
				}
				mustJSON(t, body, &e)
				if e.Error == "" || e.Details[c.field] == nil {
					t.Errorf("POST %v: %s, want an error with details on %s", c.form, body, c.field)
				}
			}
			fDo(t, r, at, "PUT", "/api/v2/filters/"+f.ID, url.Values{"title": {"Renamed"}, "context[]": {"nowhere"}}, http.StatusUnprocessableEntity)
			fDo(t, r, at, "POST", "/api/v2/filters/"+f.ID+"/keywords", url.Values{"keyword": {""}}, http.StatusUnprocessableEntity)
			fDo(t, r, at, "POST", "/api/v2/filters/"+f.ID+"/statuses", url.Values{}, http.StatusUnprocessableEntity)
			mustJSON(t, fDo(t, r, at, "GET", "/api/v2/filters/"+f.ID, nil, http.StatusOK), &again)
			if after := countFilters(t, r, at); after != before || again.Title != "Animals" || len(again.Keywords) != 2 {
				t.Errorf("after bad input: %d filters (was %d), filter %+v", after, before, again)
			}

			if got := strings.TrimSpace(string(fDo(t, r, at, "DELETE", "/api/v2/filters/"+f.ID, nil, http.StatusOK))); got != "{}" {
				t.Errorf("DELETE filter = %s, want {}", got)
			}
			fDo(t, r, at, "GET", "/api/v2/filters/"+f.ID, nil, http.StatusNotFound)
			fDo(t, r, at, "GET", "/api/v2/filters/statuses/"+fs.ID, nil, http.StatusNotFound)
		})
	}
}

// TestFilters_V1 drives the v1 view through go-mastodon: one keyword per v1
// filter, irreversible as hide, and a v2 filter with several keywords seen as
// several v1 filters that cannot be changed through v1.
func TestFilters_V1(t *testing.T) {
	for _, b := range agoratest.Backends() {
		t.Run(string(b), func(t *testing.T) {
			ctx := context.Background()
			r := newRig(t, b)
			r.mustAccount("alice")
			r.mustAccount("bob")
			alice, bob := r.passwordLogin("alice"), r.passwordLogin("bob")
			f, err := alice.CreateFilter(ctx, &mastodon.Filter{Phrase: "spoilers", Context: []string{"home", "thread"}, WholeWord: true, Irreversible: true,
				ExpiresAt: time.Now().Add(time.Hour)})
			if err != nil {
				t.Fatal(err)
			}
			if f.Phrase != "spoilers" || !f.WholeWord || !f.Irreversible || !slices.Equal(f.Context, []string{"home", "thread"}) || f.ExpiresAt.IsZero() {
				t.Fatalf("created v1 filter = %+v", f)
			}
			var v2 []wireFilter
			mustJSON(t, fDo(t, r, alice.Config.AccessToken, "GET", "/api/v2/filters", nil, http.StatusOK), &v2)
			if len(v2) != 1 || v2[0].Title != "spoilers" || v2[0].FilterAction != "hide" || len(v2[0].Keywords) != 1 || v2[0].Keywords[0].ID != string(f.ID) {
				t.Fatalf("the v1 filter as v2 = %+v", v2)
			}
			f.Phrase, f.Irreversible, f.WholeWord, f.ExpiresAt = "leaks", false, false, time.Time{}
			got, err := alice.UpdateFilter(ctx, f.ID, f)
			if err != nil {
				t.Fatal(err)
			}
			if got.Phrase != "leaks" || got.Irreversible || got.WholeWord || !got.ExpiresAt.IsZero() {
				t.Errorf("updated v1 filter = %+v", got)
			}
			if got, err := alice.GetFilter(ctx, f.ID); err != nil || got.Phrase != "leaks" {
				t.Errorf("GetFilter = %+v, %v", got, err)
			}
			if _, err := bob.GetFilter(ctx, f.ID); !isStatus(err, http.StatusNotFound) {
				t.Errorf("bob reads alice's filter: %v, want 404", err)
			}
			if _, err := alice.CreateFilter(ctx, &mastodon.Filter{Phrase: "x", Context: []string{"home", "everywhere"}}); !isStatus(err, http.StatusUnprocessableEntity) {
				t.Errorf("unknown context: %v, want 422", err)
			}

			// A v2 filter with two keywords: two v1 filters, whose filter v1
			// cannot change.
			var multi wireFilter
			mustJSON(t, fDo(t, r, alice.Config.AccessToken, "POST", "/api/v2/filters", url.Values{"title": {"two"}, "context[]": {"public"},
				"keywords_attributes[][keyword]": {"one", "two"}}, http.StatusOK), &multi)
			all, err := alice.GetFilters(ctx)
			if err != nil {
				t.Fatal(err)
			}
			var phrases []string
			for _, g := range all {
				phrases = append(phrases, g.Phrase)
			}
			if !slices.Equal(phrases, []string{"leaks", "one", "two"}) {
				t.Errorf("v1 filters = %q, want leaks, one, two", phrases)
			}
			if _, err := alice.UpdateFilter(ctx, mastodon.ID(multi.Keywords[0].ID), &mastodon.Filter{Phrase: "uno", Context: []string{"home"}}); !isStatus(err, http.StatusUnprocessableEntity) {
				t.Errorf("changing the context of a two-keyword filter through v1: %v, want 422", err)
			}
			// The same context, action and expiry again change only the keyword.
			if got, err := alice.UpdateFilter(ctx, mastodon.ID(multi.Keywords[0].ID), &mastodon.Filter{Phrase: "uno", Context: []string{"public"}}); err != nil || got.Phrase != "uno" {
				t.Errorf("renaming a keyword of a two-keyword filter through v1: %+v, %v", got, err)
			}
			// Deleting one of its v1 filters leaves the other; deleting the
			// last one deletes the filter.
			if err := alice.DeleteFilter(ctx, mastodon.ID(multi.Keywords[0].ID)); err != nil {
				t.Fatal(err)
			}
			var left wireFilter
			mustJSON(t, fDo(t, r, alice.Config.AccessToken, "GET", "/api/v2/filters/"+multi.ID, nil, http.StatusOK), &left)
			if !slices.Equal(left.keywords(), []string{"two"}) || left.Title != "two" || !slices.Equal(left.Context, []string{"public"}) {
				t.Errorf("after deleting one v1 filter: %+v", left)
			}
			if err := alice.DeleteFilter(ctx, f.ID); err != nil {
				t.Fatal(err)
			}
			if countFilters(t, r, alice.Config.AccessToken) != 1 {
				t.Errorf("deleting the only keyword's v1 filter left its filter")
			}
		})
	}
}
