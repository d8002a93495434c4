package agora

import (
	"slices"
	"strings"
)

// Scopes is a set of OAuth scopes such as "read", "write:statuses" or "admin:read".
type Scopes []string

// TopScopes are the scopes an app may ask for besides the sub-scopes below.
var TopScopes = []string{"read", "write", "follow", "push", "profile", "admin:read", "admin:write", "legal:read", "legal:write"}

// SubScopes are Mastodon's granular scopes. The list is append-only.
var SubScopes = []string{
	"read:accounts", "read:blocks", "read:bookmarks", "read:favourites", "read:filters",
	"read:follows", "read:lists", "read:mutes", "read:notifications", "read:search",
	"read:statuses",
	"write:accounts", "write:blocks", "write:bookmarks", "write:conversations",
	"write:favourites", "write:filters", "write:follows", "write:lists", "write:media",
	"write:mutes", "write:notifications", "write:reports", "write:statuses",
	"admin:read:accounts", "admin:read:reports", "admin:read:domain_allows",
	"admin:read:domain_blocks", "admin:read:ip_blocks", "admin:read:email_domain_blocks",
	"admin:read:canonical_email_blocks",
	"admin:write:accounts", "admin:write:reports", "admin:write:domain_allows",
	"admin:write:domain_blocks", "admin:write:ip_blocks", "admin:write:email_domain_blocks",
	"admin:write:canonical_email_blocks",
}

// followScopes are what the legacy "follow" scope grants.
var followScopes = []string{"read:follows", "write:follows", "read:blocks", "write:blocks", "read:mutes", "write:mutes"}

// ParseScopes splits a space-separated scope string. An empty string means "read",
// as Mastodon defaults. Unknown scopes fail with EINVALID.
func ParseScopes(s string) (Scopes, error) {
	f := strings.Fields(s)
	if len(f) == 0 {
		return Scopes{"read"}, nil
	}
	var out Scopes
	for _, sc := range f {
		if !slices.Contains(TopScopes, sc) && !slices.Contains(SubScopes, sc) {
			return nil, Errorf(EINVALID, "The requested scope %q is unknown.", truncate(sc, 40))
		}
		if !slices.Contains(out, sc) {
			out = append(out, sc)
		}
	}
	return out, nil
}

// String joins the scopes with spaces.
func (s Scopes) String() string { return strings.Join(s, " ") }

// Allows reports whether s grants the scope need, for example "read:statuses":
// a scope grants itself and every sub-scope below it ("read" grants "read:statuses",
// "admin:read" grants "admin:read:accounts"), and "follow" grants the follow, block
// and mute sub-scopes.
func (s Scopes) Allows(need string) bool {
	for _, have := range s {
		if have == need || strings.HasPrefix(need, have+":") {
			return true
		}
		if have == "follow" && slices.Contains(followScopes, need) {
			return true
		}
	}
	return false
}

// Subset reports whether every scope in sub is granted by s.
func (s Scopes) Subset(sub Scopes) bool {
	for _, sc := range sub {
		if !s.Allows(sc) {
			return false
		}
	}
	return true
}
