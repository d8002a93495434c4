package e2e

import (
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"agora"
	"agora/agoratest"
	"agora/legalapi/wire"
)

// TestLegal_ConfidentialMarks: what a confidential order shows before its gag ends,
// consistent with holding back the owner's notification. The content is withheld
// in the covered country at once (451 with the generic notice); but neither the
// owner nor viewers elsewhere see withheld_in_countries or the withheld object,
// only legal staff do; and the public notice says that content is withheld, where
// and why, without naming it. When the gag ends, all of it shows.
func TestLegal_ConfidentialMarks(t *testing.T) {
	t.Parallel()
	for _, b := range agoratest.Backends() {
		t.Run(string(b), func(t *testing.T) {
			t.Parallel()
			r := newRig(t, b, whTrusted)
			_, staffTok := lgStaff(t, r, "lena", agora.RoleLegal, lgAllScopes)
			lc := r.legal(staffTok)
			people := lgPopulate(t, r, 2, func(i int) string { return "hello from " + lgName(i) })
			auth := lc.authority("Court of Mumbai", "IN", "court")
			until := time.Now().UTC().Add(2 * time.Second).Truncate(time.Millisecond)
			for i, gag := range []*time.Time{&until, nil} {
				in := wire.OrderInput{AuthorityID: auth, Reference: "gag " + lgName(i), TerritorialScope: []string{"IN"},
					Confidential: gag != nil, ConfidentialUntil: gag, Targets: []string{"@" + lgName(i)}}
				o := lc.order(in)
				lc.decide(o.ID, wire.DecisionInput{Filter: &wire.TargetFilter{Resolution: "resolved"}, Action: "withhold"}, false)
			}
			sealed, open := people.acct[0].ID.String(), people.acct[1].ID.String()
			owner := whViewer{name: "owner@DE", token: lgToken(t, r, lgName(0), "read"), country: "DE"}
			elsewhere := whViewer{name: "anonymous@DE", country: "DE"}
			staff := whViewer{name: "staff@IN", token: staffTok, country: "IN"}
			inside := whViewer{name: "anonymous@IN", country: "IN"}

			marks := func(v whViewer, id string) []string {
				t.Helper()
				code, body, _ := whDo(t, r, v, "GET", "/api/v1/accounts/"+id, nil)
				if code != http.StatusOK {
					t.Fatalf("%s: account %s: %d %s", v.name, id, code, whShort(body))
				}
				e := whEntity(t, body)
				var got []string
				if list, ok := e["withheld_in_countries"].([]any); ok {
					for _, c := range list {
						got = append(got, c.(string))
					}
				}
				if (e["withheld"] != nil) != (len(got) > 0) {
					t.Errorf("%s: account %s: withheld %v but withheld_in_countries %v", v.name, id, e["withheld"], got)
				}
				return got
			}
			// notice follows the 451's Link to the public notice page.
			notice := func(id string) string {
				t.Helper()
				code, body, h := whDo(t, r, inside, "GET", "/api/v1/accounts/"+id, nil)
				if code != http.StatusUnavailableForLegalReasons {
					t.Fatalf("account %s from IN: %d %s, want 451", id, code, whShort(body))
				}
				link := strings.TrimPrefix(strings.Split(h.Get("Link"), ">")[0], "<")
				resp, err := http.Get(link)
				if err != nil {
					t.Fatal(err)
				}
				defer resp.Body.Close()
				var page strings.Builder
				buf := make([]byte, 4096)
				for {
					n, err := resp.Body.Read(buf)
					page.Write(buf[:n])
					if err != nil {
						break
					}
				}
				return page.String()
			}

			// Before the gag ends.
			if got := marks(owner, sealed); got != nil {
				t.Errorf("the owner sees the marks of a confidential order: %v", got)
			}
			if got := marks(elsewhere, sealed); got != nil {
				t.Errorf("a viewer elsewhere sees the marks of a confidential order: %v", got)
			}
			if got := marks(staff, sealed); !slices.Equal(got, []string{"IN"}) {
				t.Errorf("legal staff see %v, want [IN]", got)
			}
			if got := marks(elsewhere, open); !slices.Equal(got, []string{"IN"}) {
				t.Errorf("an order that is not confidential: marks %v, want [IN]", got)
			}
			page := notice(sealed)
			if strings.Contains(page, "@"+lgName(0)) || !strings.Contains(page, "confidential") || !strings.Contains(page, "India") {
				t.Errorf("the notice of a confidential order names its subject or hides its confidentiality:\n%s", page)
			}
			if page := notice(open); !strings.Contains(page, "@"+lgName(1)) {
				t.Errorf("the notice of an open order does not name its subject:\n%s", page)
			}
			// A second read as a viewer elsewhere, after staff read the same
			// account, must not be served staff's kept encoding.
			if got := marks(elsewhere, sealed); got != nil {
				t.Errorf("after a staff read, a viewer elsewhere sees %v", got)
			}

			// After the gag ends: everyone may see it is withheld, and what.
			time.Sleep(time.Until(until) + 50*time.Millisecond)
			if got := marks(owner, sealed); !slices.Equal(got, []string{"IN"}) {
				t.Errorf("after the gag: the owner sees %v, want [IN]", got)
			}
			if got := marks(elsewhere, sealed); !slices.Equal(got, []string{"IN"}) {
				t.Errorf("after the gag: a viewer elsewhere sees %v, want [IN]", got)
			}
			if page := notice(sealed); !strings.Contains(page, "@"+lgName(0)) {
				t.Errorf("after the gag the notice does not name its subject:\n%s", page)
			}
		})
	}
}
