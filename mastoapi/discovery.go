package mastoapi

import (
	"net/http"
)

// health answers GET /health as Mastodon does: 200 with the text "OK". It says
// the process serves requests; /readyz (server.Handler) also asks the database.
func (a appHandlers) health(w http.ResponseWriter, _ *http.Request) error {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	_, _ = w.Write([]byte("OK"))
	return nil
}
