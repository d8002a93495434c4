package agora_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"agora"
)

func TestScopes_Allows(t *testing.T) {
	for _, tc := range []struct {
		have string
		need string
		want bool
	}{
		{"read", "read", true},
		{"read", "read:statuses", true},
		{"read", "read:accounts", true},
		{"read", "write", false},
		{"read", "write:statuses", false},
		{"read", "admin:read", false},
		{"read", "admin:read:accounts", false},
		{"read", "follow", false},
		{"write", "write:statuses", true},
		{"write", "write:follows", true},
		{"write", "read:statuses", false},
		{"read:statuses", "read:statuses", true},
		{"read:statuses", "read", false},
		{"read:statuses", "read:accounts", false},
		{"follow", "follow", true},
		{"follow", "write:follows", true},
		{"follow", "read:follows", true},
		{"follow", "read:blocks", true},
		{"follow", "write:blocks", true},
		{"follow", "read:mutes", true},
		{"follow", "write:mutes", true},
		{"follow", "write:statuses", false},
		{"follow", "read:statuses", false},
		{"admin:read", "admin:read:accounts", true},
		{"admin:read", "admin:read:reports", true},
		{"admin:read", "admin:write:accounts", false},
		{"admin:read", "read:accounts", false},
		{"admin:write", "admin:write:accounts", true},
		{"admin:write", "admin:read:accounts", false},
		{"read write follow", "write:follows", true},
		{"read write follow", "admin:read", false},
		{"read", "readx", false},
		{"", "read", false},
	} {
		t.Run(tc.have+"/"+tc.need, func(t *testing.T) {
			s := agora.Scopes(strings.Fields(tc.have))
			if got := s.Allows(tc.need); got != tc.want {
				t.Errorf("Scopes(%q).Allows(%q) = %v, want %v", tc.have, tc.need, got, tc.want)
			}
		})
	}
}

func TestScopes_Subset(t *testing.T) {
	rw := agora.Scopes{"read", "write"}
	for _, tc := range []struct {
		sub  agora.Scopes
		want bool
	}{
		{nil, true},
		{agora.Scopes{"read"}, true},
		{agora.Scopes{"read:statuses", "write:media"}, true},
		{agora.Scopes{"read", "follow"}, false},
		{agora.Scopes{"admin:read"}, false},
	} {
		if got := rw.Subset(tc.sub); got != tc.want {
			t.Errorf("%v.Subset(%v) = %v, want %v", rw, tc.sub, got, tc.want)
		}
	}
}

func TestParseScopes(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want agora.Scopes
	}{
		{"", agora.Scopes{"read"}},
		{"   \t\n", agora.Scopes{"read"}},
		{"read", agora.Scopes{"read"}},
		{"read write follow push", agora.Scopes{"read", "write", "follow", "push"}},
		{" read\twrite\nread ", agora.Scopes{"read", "write"}},
		{"read:statuses admin:read:accounts profile", agora.Scopes{"read:statuses", "admin:read:accounts", "profile"}},
	} {
		got, err := agora.ParseScopes(tc.in)
		if err != nil {
			t.Errorf("ParseScopes(%q): %v", tc.in, err)
			continue
		}
		if diff := cmp.Diff(tc.want, got); diff != "" {
			t.Errorf("ParseScopes(%q) (-want +got):\n%s", tc.in, diff)
		}
		if again, _ := agora.ParseScopes(got.String()); !cmp.Equal(again, got) {
			t.Errorf("ParseScopes(%q) does not round-trip: %v", got.String(), again)
		}
	}
}

func TestParseScopes_Errors(t *testing.T) {
	for _, in := range []string{
		"bogus", "read bogus", "READ", "read,write", "read:", "admin", "admin:read:everything",
		strings.Repeat("x", 200),
	} {
		t.Run(in, func(t *testing.T) {
			got, err := agora.ParseScopes(in)
			var e *agora.Error
			if !errors.As(err, &e) || e.Code != agora.EINVALID {
				t.Fatalf("ParseScopes(%q) = %v, %v; want EINVALID", in, got, err)
			}
			if got != nil {
				t.Errorf("ParseScopes(%q) = %v with the error, want nil", in, got)
			}
			if !strings.Contains(e.Message, "unknown") || len(e.Message) > 100 {
				t.Errorf("message %q: want a short message saying the scope is unknown", e.Message)
			}
		})
	}
}
