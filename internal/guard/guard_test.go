package guard

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"agora"
	"agora/internal/httpx"
	"agora/oauth"
	"agora/visibility"
)

// tokens is an Authenticator and AuthorityAuthenticator over fixed tokens.
type tokens struct {
	accounts    map[string]*oauth.Auth
	authorities map[string]*agora.Authority
}

func (t tokens) Authenticate(_ context.Context, tok string) (*oauth.Auth, error) {
	if a := t.accounts[tok]; a != nil {
		return a, nil
	}
	return nil, agora.Errorf(agora.EUNAUTHORIZED, "The access token is invalid")
}

func (t tokens) AuthenticateAuthority(_ context.Context, tok string) (*agora.Authority, error) {
	if a := t.authorities[tok]; a != nil {
		return a, nil
	}
	return nil, agora.Errorf(agora.EUNAUTHORIZED, "The authority token is invalid or revoked.")
}

// TestGuard_Wrap checks who each access level admits, the status of each refusal,
// and what the handler then finds in the request.
func TestGuard_Wrap(t *testing.T) {
	now := time.Date(2026, 12, 6, 12, 0, 0, 0, time.UTC)
	scopes := func(s string) agora.Scopes { sc, _ := agora.ParseScopes(s); return sc }
	user := &agora.Account{ID: 1, Username: "alice", Role: agora.RoleUser}
	staff := &agora.Account{ID: 2, Username: "lena", Role: agora.RoleLegal}
	ended := &agora.Account{ID: 3, Username: "omar", Role: agora.RoleLegal, AccessUntil: now.Add(-time.Hour)}
	ts := tokens{
		accounts: map[string]*oauth.Auth{
			"user":       {Account: user, Token: &agora.Token{Scopes: scopes("read write")}},
			"user-read":  {Account: user, Token: &agora.Token{Scopes: scopes("read")}},
			"app":        {Token: &agora.Token{Scopes: scopes("read write")}},
			"staff":      {Account: staff, Token: &agora.Token{Scopes: scopes("read legal:read legal:write")}},
			"staff-read": {Account: staff, Token: &agora.Token{Scopes: scopes("legal:read")}},
			"ended":      {Account: ended, Token: &agora.Token{Scopes: scopes("legal:read legal:write")}},
		},
		authorities: map[string]*agora.Authority{"meity": {ID: 9, Name: "MeitY", Country: "IN"}},
	}
	gate := visibility.New(visibility.Config{}, nil, nil, func() time.Time { return now }, nil)
	g := New(ts, ts, gate)
	tests := []struct {
		name   string
		access Access
		scope  string
		token  string
		want   int
	}{
		{"public, anonymous", Public, "", "", 200},
		{"public, a bad token", Public, "", "nope", 401},
		{"public, a user", Public, "read:statuses", "user", 200},
		{"public, outside the scopes", Public, "write:statuses", "user-read", 403},
		{"public, HTTP Basic of a token endpoint's client", Public, "", "Basic Y2xpZW50OnNlY3JldA==", 200},
		{"app, HTTP Basic", App, "", "Basic Y2xpZW50OnNlY3JldA==", 401},
		{"app, anonymous", App, "", "", 401},
		{"app, an app token", App, "", "app", 200},
		{"user, anonymous", User, "", "", 401},
		{"user, an app token", User, "", "app", 422},
		{"user, in scope", User, "write:statuses", "user", 200},
		{"user, outside the scopes", User, "write:statuses", "user-read", 403},
		{"staff, anonymous", Staff, "legal:read", "", 401},
		{"staff, a user", Staff, "legal:read", "user", 403},
		{"staff, legal", Staff, "legal:write", "staff", 200},
		{"staff, without the scope", Staff, "legal:write", "staff-read", 403},
		{"staff, access ended", Staff, "legal:read", "ended", 403},
		{"authority, anonymous", Authority, "", "", 401},
		{"authority, an account token", Authority, "", "staff", 401},
		{"authority, its token", Authority, "", "meity", 200},
	}
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var seen *http.Request
			h := httpx.Handle(log, g.Wrap(tt.access, tt.scope, func(w http.ResponseWriter, r *http.Request) error {
				seen = r
				return nil
			}))
			req := httptest.NewRequest("GET", "/x", nil)
			switch {
			case strings.HasPrefix(tt.token, "Basic "):
				req.Header.Set("Authorization", tt.token)
			case tt.token != "":
				req.Header.Set("Authorization", "Bearer "+tt.token)
			}
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, req)
			if rec.Code != tt.want {
				t.Fatalf("status %d, want %d: %s", rec.Code, tt.want, rec.Body)
			}
			if tt.want != 200 {
				if seen != nil {
					t.Error("the handler ran for a refused request")
				}
				if tt.access == Authority && rec.Header().Get("WWW-Authenticate") == "" {
					t.Error("a refused authority request has no WWW-Authenticate challenge")
				}
				return
			}
			if Snapshot(seen) == nil {
				t.Error("the handler has no snapshot")
			}
			switch {
			case tt.access == Authority && AuthorityOf(seen) != ts.authorities[tt.token]:
				t.Errorf("authority %v", AuthorityOf(seen))
			case tt.access != Authority && AuthOf(seen) != ts.accounts[tt.token]:
				t.Errorf("auth %v, want the token's", AuthOf(seen))
			case tt.access == Staff && !Snapshot(seen).Staff():
				t.Error("a staff request's snapshot has no staff access")
			}
		})
	}
}
