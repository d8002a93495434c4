package mastoapi

import (
	"net/http"
	"strings"

	"agora"
	"agora/internal/httpx"
)

func (a appHandlers) createApp(w http.ResponseWriter, r *http.Request) error {
	p, err := httpx.ReadParams(r)
	if err != nil {
		return err
	}
	name, err := p.String("client_name")
	if err != nil {
		return err
	}
	website, err := p.String("website")
	if err != nil {
		return err
	}
	scopes, err := p.String("scopes")
	if err != nil {
		return err
	}
	// redirect_uris is a string with one URI per line, or a JSON array.
	var uris []string
	list, err := p.Strings("redirect_uris")
	if err != nil {
		return err
	}
	for _, s := range list {
		uris = append(uris, strings.Fields(s)...)
	}
	app, err := a.oauth.NewApp(r.Context(), strings.TrimSpace(name), strings.TrimSpace(website), uris, scopes)
	if err != nil {
		return err
	}
	return writeJSON(w, a.conv.application(app, true))
}

func (a appHandlers) verifyApp(w http.ResponseWriter, r *http.Request) error {
	auth := authOf(r)
	if auth.App == nil {
		return agora.Errorf(agora.EUNAUTHORIZED, "This token does not belong to an application.")
	}
	return writeJSON(w, a.conv.application(auth.App, false))
}
