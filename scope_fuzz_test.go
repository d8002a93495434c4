package agora_test

import (
	"slices"
	"strings"
	"testing"

	"agora"
)

// FuzzParseScopes checks the OAuth scope parameter: it never panics; a refusal
// is EINVALID with a message; accepted scopes are known ones, each once, in the
// order asked, and an empty request is "read"; they grant themselves; and their
// String reads back as the same scopes.
func FuzzParseScopes(f *testing.F) {
	for _, s := range []string{
		"", "read", "read write follow push", "read:statuses  write:media\tadmin:read", "read read",
		"legal:read legal:write", "admin:read:accounts", "read:", "Read", "read\u00a0write", "write:statuses\x00",
		"openid profile", strings.Repeat("read ", 100),
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		sc, err := agora.ParseScopes(s)
		if err != nil {
			if agora.ErrorCode(err) != agora.EINVALID || agora.ErrorMessage(err) == "" {
				t.Fatalf("ParseScopes(%q) = %v: want EINVALID with a message", s, err)
			}
			return
		}
		if len(strings.Fields(s)) == 0 && !slices.Equal(sc, agora.Scopes{"read"}) {
			t.Fatalf("ParseScopes(%q) = %q, want read", s, sc)
		}
		for i, x := range sc {
			if !slices.Contains(agora.TopScopes, x) && !slices.Contains(agora.SubScopes, x) || slices.Contains(sc[:i], x) || !sc.Allows(x) {
				t.Fatalf("ParseScopes(%q) = %q: scope %q", s, sc, x)
			}
		}
		if again, err := agora.ParseScopes(sc.String()); err != nil || !slices.Equal(again, sc) || !sc.Subset(again) {
			t.Fatalf("ParseScopes(%q) = %q, written %q reads as %q, %v", s, sc, sc.String(), again, err)
		}
	})
}
