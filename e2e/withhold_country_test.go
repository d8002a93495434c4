package e2e

import (
	"context"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/mattn/go-mastodon"

	"agora/agoratest"
	"agora/app"
	"agora/service"
)

// TestWithholdConflictingCountryHeaders checks that a country header from a
// trusted proxy that names several countries (the header twice, or a list in one
// value) puts the viewer in every valid country named: a status withheld in any
// of them answers 451 and is left out of the public timeline. Values that name no
// country among them change nothing; when none names one, the country is unknown.
func TestWithholdConflictingCountryHeaders(t *testing.T) {
	for _, closed := range []bool{false, true} {
		name := "open"
		if closed {
			name = "closed"
		}
		t.Run(name, func(t *testing.T) {
			r := newRig(t, agoratest.SQLite, whTrusted, func(c *app.Config) { c.UnknownCountry = name })
			r.mustAccount("poster")
			poster := r.passwordLogin("poster")
			st := post(t, poster, &mastodon.Toot{Status: "withheld in India", Visibility: "public"})
			if _, err := r.srv.Service.Withhold(context.Background(), nil, service.NewRule{
				Subject: string(st.ID), Countries: []string{"IN"}, Reason: "legal_demand"}); err != nil {
				t.Fatal(err)
			}
			for _, tt := range []struct {
				values []string // the header lines, in order
				hidden bool
			}{
				{[]string{"DE"}, false},
				{[]string{"IN"}, true},
				{[]string{"DE", "IN"}, true},
				{[]string{"IN", "DE"}, true},
				{[]string{"DE, IN"}, true},
				{[]string{"de", " in "}, true},
				{[]string{"DE", "FR"}, false},
				{[]string{"IN, XX"}, true},
				{[]string{"IN,,"}, true},
				{[]string{"T1", "IN"}, true},
				{[]string{"XX", "de,in"}, true},
				// No value names a country: unknown, as one invalid value is.
				{[]string{"", ""}, closed},
				{[]string{"XX", "T1"}, closed},
			} {
				get := func(path string) (int, []byte) {
					t.Helper()
					req, err := http.NewRequest(http.MethodGet, r.srv.URL+path, nil)
					if err != nil {
						t.Fatal(err)
					}
					for _, v := range tt.values {
						req.Header.Add(whHeader, v)
					}
					resp, err := r.hc.Do(req)
					if err != nil {
						t.Fatal(err)
					}
					defer resp.Body.Close()
					b, _ := io.ReadAll(resp.Body)
					return resp.StatusCode, b
				}
				what := whHeader + ": " + strings.Join(tt.values, " | ")
				wantCode, wantList := http.StatusOK, []string{string(st.ID)}
				if tt.hidden {
					wantCode, wantList = http.StatusUnavailableForLegalReasons, nil
				}
				if code, body := get("/api/v1/statuses/" + string(st.ID)); code != wantCode {
					t.Errorf("%s: status withheld in IN = %d %s, want %d", what, code, whShort(body), wantCode)
				}
				code, body := get("/api/v1/timelines/public")
				var list []*mastodon.Status
				mustJSON(t, body, &list)
				if got := ids(list); code != http.StatusOK || !cmp.Equal(got, wantList, cmpNilEmpty) {
					t.Errorf("%s: public timeline = %d %v, want %v", what, code, got, wantList)
				}
			}
		})
	}
}
