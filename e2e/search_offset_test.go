package e2e

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"testing"

	"agora/agoratest"
	"agora/service"
)

// TestSearchOffsetCountsVisible walks an account search as clients do, the next
// offset being the number of results received so far, as a viewer from a country
// where one of the matching accounts is withheld: the walk returns every other match
// exactly once, as the offset counts only what the viewer may see.
func TestSearchOffsetCountsVisible(t *testing.T) {
	ctx := context.Background()
	r := newRig(t, agoratest.SQLite, whTrusted)
	r.mustAccount("reader")
	tok := r.passwordLogin("reader").Config.AccessToken
	var want []string
	for i := range 7 {
		name := fmt.Sprintf("pager%d", i)
		r.mustAccount(name)
		if i != 1 {
			want = append(want, name)
		}
	}
	if _, err := r.srv.Service.Withhold(ctx, nil, service.NewRule{Subject: "@pager1", Countries: []string{"IN"}, Reason: "legal_demand"}); err != nil {
		t.Fatal(err)
	}
	var got []string
	for offset := 0; offset < 20; offset = len(got) {
		_, body, _ := whDo(t, r, whViewer{name: "reader", token: tok, country: "IN"}, "GET",
			fmt.Sprintf("/api/v2/search?type=accounts&q=pager&limit=2&offset=%d", offset), nil)
		var res struct {
			Accounts []struct{ Username string }
		}
		if err := json.Unmarshal(body, &res); err != nil {
			t.Fatalf("offset %d: %s", offset, body)
		}
		if len(res.Accounts) == 0 {
			break
		}
		for _, a := range res.Accounts {
			got = append(got, a.Username)
		}
	}
	sorted := slices.Sorted(slices.Values(got))
	if !slices.Equal(sorted, want) {
		t.Errorf("walk by offset found %v, want %v", got, want)
	}
}
