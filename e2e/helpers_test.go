package e2e

import (
	"context"
	"encoding/json"
	"errors"
	"testing"

	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/mattn/go-mastodon"
)

var cmpNilEmpty = cmpopts.EquateEmpty()

func post(t *testing.T, c *mastodon.Client, toot *mastodon.Toot) *mastodon.Status {
	t.Helper()
	s, err := c.PostStatus(context.Background(), toot)
	if err != nil {
		t.Fatalf("post %q: %v", toot.Status, err)
	}
	return s
}

func mustJSON(t *testing.T, data []byte, v any) {
	t.Helper()
	if err := json.Unmarshal(data, v); err != nil {
		t.Fatalf("decode %s: %v", data, err)
	}
}

// isStatus reports whether err is a go-mastodon API error with the HTTP status.
func isStatus(err error, status int) bool {
	var apiErr *mastodon.APIError
	return errors.As(err, &apiErr) && apiErr.StatusCode == status
}
