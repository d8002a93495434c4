package e2e

import (
	"context"
	"net/http"
	"net/url"
	"testing"

	"github.com/mattn/go-mastodon"

	"agora/agoratest"
	"agora/service"
)

// TestFilters_MastodonPaths drives Mastodon's paths of one filter keyword and
// one filter status, GET /api/v2/filters/keywords/:id and
// /api/v2/filters/statuses/:id, which share the mux with
// /api/v2/filters/:id/keywords and /statuses (httpx.Shared), over plain HTTP;
// the rig's transport checks every answer against the schema (FilterKeyword,
// FilterStatus, Error). The owner reads them; another account, an unknown or
// malformed ID and any other middle segment are 404; a filter status of a
// status withheld since is 451, while the keyword stays readable.
func TestFilters_MastodonPaths(t *testing.T) {
	for _, b := range agoratest.Backends() {
		t.Run(string(b), func(t *testing.T) {
			r := newRig(t, b)
			r.mustAccount("alice")
			r.mustAccount("bob")
			alice, bob := r.passwordLogin("alice"), r.passwordLogin("bob")
			at, bt := alice.Config.AccessToken, bob.Config.AccessToken
			bobPost := post(t, bob, &mastodon.Toot{Status: "an otter", Visibility: "public"})

			var f wireFilter
			mustJSON(t, fDo(t, r, at, "POST", "/api/v2/filters", url.Values{"title": {"Otters"}, "context[]": {"home"},
				"keywords_attributes[0][keyword]": {"otter"}, "keywords_attributes[0][whole_word]": {"false"}}, http.StatusOK), &f)
			var fs struct {
				ID       string `json:"id"`
				StatusID string `json:"status_id"`
			}
			mustJSON(t, fDo(t, r, at, "POST", "/api/v2/filters/"+f.ID+"/statuses", url.Values{"status_id": {string(bobPost.ID)}}, http.StatusOK), &fs)
			kid := f.Keywords[0].ID

			// The owner: 200, the keyword and the filter status as created.
			var k struct {
				ID        string `json:"id"`
				Keyword   string `json:"keyword"`
				WholeWord bool   `json:"whole_word"`
			}
			mustJSON(t, fDo(t, r, at, "GET", "/api/v2/filters/keywords/"+kid, nil, http.StatusOK), &k)
			if k.ID != kid || k.Keyword != "otter" || k.WholeWord {
				t.Errorf("GET keyword = %+v, want %s otter, not whole_word", k, kid)
			}
			var got struct {
				ID       string `json:"id"`
				StatusID string `json:"status_id"`
			}
			mustJSON(t, fDo(t, r, at, "GET", "/api/v2/filters/statuses/"+fs.ID, nil, http.StatusOK), &got)
			if got.ID != fs.ID || got.StatusID != string(bobPost.ID) {
				t.Errorf("GET filter status = %+v, want %s of %s", got, fs.ID, bobPost.ID)
			}
			// The filter's lists, whose paths the two overlap, keep theirs.
			var kws, fss []struct{ ID string }
			mustJSON(t, fDo(t, r, at, "GET", "/api/v2/filters/"+f.ID+"/keywords", nil, http.StatusOK), &kws)
			mustJSON(t, fDo(t, r, at, "GET", "/api/v2/filters/"+f.ID+"/statuses", nil, http.StatusOK), &fss)
			if len(kws) != 1 || kws[0].ID != kid || len(fss) != 1 || fss[0].ID != fs.ID {
				t.Errorf("the filter's keywords %+v and statuses %+v", kws, fss)
			}

			// Another account's, unknown, malformed, other segments: 404.
			for _, c := range []struct{ token, path string }{
				{bt, "/api/v2/filters/keywords/" + kid},
				{bt, "/api/v2/filters/statuses/" + fs.ID},
				{at, "/api/v2/filters/keywords/123456789"},
				{at, "/api/v2/filters/statuses/123456789"},
				{at, "/api/v2/filters/keywords/otter"},
				{at, "/api/v2/filters/statuses/" + kid}, // a keyword's ID is no filter status's
				{at, "/api/v2/filters/other/" + kid},
				{at, "/api/v2/filters/keywords/statuses"}, // a filter "keywords" has no statuses
			} {
				body := fDo(t, r, c.token, "GET", c.path, nil, http.StatusNotFound)
				var e struct{ Error string }
				if mustJSON(t, body, &e); e.Error == "" {
					t.Errorf("GET %s: %s, want an error", c.path, body)
				}
			}
			// Without a token: 401, as the filter routes.
			fDo(t, r, "", "GET", "/api/v2/filters/keywords/"+kid, nil, http.StatusUnauthorized)
			fDo(t, r, "", "GET", "/api/v2/filters/statuses/"+fs.ID, nil, http.StatusUnauthorized)

			// Withheld since it was added: the filter status answers 451, as
			// the status does; the keyword is no content and stays.
			if _, err := r.srv.Service.Withhold(context.Background(), nil, service.NewRule{Subject: string(bobPost.ID), Countries: []string{"XX"}, Reason: "legal_demand"}); err != nil {
				t.Fatal(err)
			}
			fDo(t, r, at, "GET", "/api/v1/statuses/"+string(bobPost.ID), nil, http.StatusUnavailableForLegalReasons)
			body := fDo(t, r, at, "GET", "/api/v2/filters/statuses/"+fs.ID, nil, http.StatusUnavailableForLegalReasons)
			var e struct{ Error string }
			if mustJSON(t, body, &e); e.Error == "" {
				t.Errorf("withheld filter status: %s, want an error", body)
			}
			fDo(t, r, at, "GET", "/api/v2/filters/keywords/"+kid, nil, http.StatusOK)
		})
	}
}
