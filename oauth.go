package agora

import (
	"net/url"
	"slices"
	"strings"
	"time"
	"unicode/utf8"
)

// OOBRedirect is the out-of-band redirect URI: the code is shown to the user instead.
const OOBRedirect = "urn:ietf:wg:oauth:2.0:oob"

// Application is an OAuth client registered through POST /api/v1/apps.
type Application struct {
	ID           ID
	Name         string
	Website      string
	RedirectURIs []string
	Scopes       Scopes
	ClientID     string
	ClientSecret string
	CreatedAt    time.Time
}

// Limits on application fields.
const (
	MaxAppNameLen     = 100
	MaxWebsiteLen     = 2000
	MaxRedirectURIs   = 10
	MaxRedirectURILen = 2000
)

// Validate checks the fields given at registration.
func (a *Application) Validate() error {
	if a.Name == "" {
		return Errorf(EUNPROCESSABLE, "Validation failed: Application name can't be blank.")
	}
	if utf8.RuneCountInString(a.Name) > MaxAppNameLen {
		return Errorf(EUNPROCESSABLE, "Validation failed: Application name is too long (at most 100 characters).")
	}
	if len(a.Website) > MaxWebsiteLen {
		return Errorf(EUNPROCESSABLE, "Validation failed: Website is too long.")
	}
	if len(a.RedirectURIs) == 0 {
		return Errorf(EUNPROCESSABLE, "Validation failed: Redirect URI can't be blank.")
	}
	if len(a.RedirectURIs) > MaxRedirectURIs {
		return Errorf(EUNPROCESSABLE, "Validation failed: At most %d redirect URIs.", MaxRedirectURIs)
	}
	for _, r := range a.RedirectURIs {
		if !ValidRedirectURI(r) {
			return Errorf(EUNPROCESSABLE, "Validation failed: Redirect URI must be an absolute http(s) URI, %s, or an app's own scheme (such as com.example.app:/callback), without a fragment; javascript:, data:, vbscript:, file: and the like are refused.", OOBRedirect)
		}
	}
	return nil
}

// forbiddenSchemes are the URI schemes a browser runs, renders or reads locally
// rather than hands to an app: a redirect to one would run the code's receiver
// in the sign-in page's origin, or show it a local file.
var forbiddenSchemes = map[string]bool{
	"javascript": true, "vbscript": true, "livescript": true, "data": true,
	"file": true, "blob": true, "filesystem": true, "about": true,
	"view-source": true, "jar": true, "urn": true, // urn: only as OOBRedirect
}

// ValidRedirectURI reports whether uri may be a redirect URI: OOBRedirect, an
// absolute http or https URI with a host, or one of an app's own scheme (RFC
// 8252 7.1, such as com.example.app:/callback or myapp://oauth); never a scheme
// in forbiddenSchemes, in any case; no fragment (RFC 6749 3.1.2).
func ValidRedirectURI(uri string) bool {
	if uri == OOBRedirect {
		return true
	}
	u, err := url.Parse(uri)
	if err != nil || len(uri) > MaxRedirectURILen || u.Scheme == "" || u.Fragment != "" || strings.Contains(uri, "#") {
		return false
	}
	switch scheme := strings.ToLower(u.Scheme); {
	case scheme == "http" || scheme == "https":
		return u.Host != "" && u.Opaque == ""
	case forbiddenSchemes[scheme]:
		return false
	}
	return true
}

// AllowsRedirect reports whether uri is one of the registered redirect URIs.
func (a *Application) AllowsRedirect(uri string) bool { return slices.Contains(a.RedirectURIs, uri) }

// Token is an OAuth access token. Only its SHA-256 hash is stored.
type Token struct {
	ID            ID
	Hash          string // hex SHA-256 of the bearer value
	ApplicationID ID     // 0 for tokens made by `agora token create`
	AccountID     ID     // 0 for client-credentials (app) tokens
	Scopes        Scopes
	CreatedAt     time.Time
	RevokedAt     time.Time // zero while valid
}

// AuthCode is an authorization code waiting to be exchanged for a token. Only its
// hash is stored; it is used once and expires after ten minutes. A used code is
// kept, so that its reuse revokes the token it gave (RFC 6749 4.1.2).
type AuthCode struct {
	Hash                string
	ApplicationID       ID
	AccountID           ID
	Scopes              Scopes
	RedirectURI         string
	CodeChallenge       string // PKCE, "" when the client sent none
	CodeChallengeMethod string // "S256" or ""
	ExpiresAt           time.Time
}

// Marker is a client's saved reading position in a timeline ("home" or "notifications").
type Marker struct {
	AccountID  ID
	Timeline   string
	LastReadID ID
	Version    int
	UpdatedAt  time.Time
}
