package mastoapi

import (
	"bytes"
	"embed"
	"html/template"
	"net/http"

	"agora"
	"agora/internal/httpx"
)

//go:embed templates/*.html
var templateFS embed.FS

var authorizeTmpl = template.Must(template.ParseFS(templateFS, "templates/authorize.html"))

// authorizeCSP is the sign-in page's Content-Security-Policy: its own inline
// style (by hash) and nothing else; no script, no frame. It names no
// form-action, as browsers hold the redirect that follows the form's post to
// it and the redirect goes to the app's redirect_uri, wherever that is.
var authorizeCSP = func() string {
	page, err := templateFS.ReadFile("templates/authorize.html")
	if err != nil {
		panic(err)
	}
	return "default-src 'none'; style-src " + httpx.StyleHashes(string(page)) + "; base-uri 'none'; frame-ancestors 'none'"
}()

// authorizeView is what the sign-in and consent page shows.
type authorizeView struct {
	Title, App, Error, Code                  string
	Scopes                                   agora.Scopes
	ClientID, RedirectURI, Scope, State      string
	CodeChallenge, CodeChallengeMethod, CSRF string
}

func (a appHandlers) renderAuthorize(w http.ResponseWriter, status int, v authorizeView) error {
	if v.Title == "" {
		v.Title = a.info.Title
	}
	var buf bytes.Buffer
	if err := authorizeTmpl.Execute(&buf, v); err != nil {
		return err
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.Header().Set("X-Frame-Options", "DENY")
	w.Header().Set("Content-Security-Policy", authorizeCSP)
	w.WriteHeader(status)
	_, _ = w.Write(buf.Bytes())
	return nil
}
