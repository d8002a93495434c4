package e2e

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/mattn/go-mastodon"

	"agora/agoratest"
)

// TestFilters_StatusesNoLongerVisible checks, on both stores, that a filter's
// statuses the owner can no longer see do not hold places under the limit of
// 200: once a status is deleted, or withheld from the owner, another can be
// added in its place, while 200 the owner can see are still the limit.
func TestFilters_StatusesNoLongerVisible(t *testing.T) {
	for _, b := range agoratest.Backends() {
		t.Run(string(b), func(t *testing.T) {
			ctx := context.Background()
			r := newRig(t, b)
			r.mustAccount("alice")
			r.mustAccount("bob")
			alice, bob := r.passwordLogin("alice"), r.passwordLogin("bob")
			at := alice.Config.AccessToken
			var ids []string
			for i := range 203 {
				ids = append(ids, string(post(t, bob, &mastodon.Toot{Status: fmt.Sprint("post ", i), Visibility: "public"}).ID))
			}
			var f wireFilter
			mustJSON(t, fDo(t, r, at, "POST", "/api/v2/filters", map[string]any{"title": "posts", "context": []string{"home"}}, http.StatusOK), &f)
			add := func(id string, want int) []byte {
				return fDo(t, r, at, "POST", "/api/v2/filters/"+f.ID+"/statuses", map[string]any{"status_id": id}, want)
			}
			for _, id := range ids[:200] {
				add(id, http.StatusOK)
			}
			if body := add(ids[200], http.StatusUnprocessableEntity); !strings.Contains(string(body), "200 statuses") {
				t.Errorf("the 201st status: %s, want the limit named", body)
			}

			// Deleted: its place is free.
			if err := bob.DeleteStatus(ctx, mastodon.ID(ids[0])); err != nil {
				t.Fatal(err)
			}
			add(ids[200], http.StatusOK)
			// Withheld from alice (everywhere): its place is free too.
			r.mustWithhold(ids[1], "XX")
			add(ids[201], http.StatusOK)
			add(ids[202], http.StatusUnprocessableEntity)

			mustJSON(t, fDo(t, r, at, "GET", "/api/v2/filters/"+f.ID, nil, http.StatusOK), &f)
			if len(f.Statuses) != 200 {
				t.Errorf("the filter lists %d statuses, want the 200 alice can see", len(f.Statuses))
			}
			for _, s := range f.Statuses {
				if s.StatusID == ids[0] || s.StatusID == ids[1] {
					t.Errorf("the filter lists %s, deleted or withheld", s.StatusID)
				}
			}
		})
	}
}
