package mastoapi

import (
	"bytes"
	"embed"
	"html/template"
	"net/http"

	"agora"
)

//go:embed templates/*.html
var templateFS embed.FS

var authorizeTmpl = template.Must(template.ParseFS(templateFS, "templates/authorize.html"))

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
	w.Header().Set("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'")
	w.WriteHeader(status)
	_, _ = w.Write(buf.Bytes())
	return nil
}
