package mastoapi

import (
	"net/http"

	"agora"
)

// setLink writes the Link header of a paged list whose items carry the cursors
// newest and oldest (the first and last item): rel="next" (older items, max_id)
// first, then rel="prev" (newer items, min_id), as Mastodon does. Nothing is written
// for an empty page.
func setLink(w http.ResponseWriter, r *http.Request, base string, newest, oldest agora.ID) {
	if newest == 0 || oldest == 0 {
		return
	}
	// The request's other parameters, in a stable order, then the cursor.
	q := r.URL.Query()
	delete(q, "max_id")
	delete(q, "min_id")
	delete(q, "since_id")
	// The path as escaped on the wire: a Link target is an ASCII URI (RFC
	// 8288), and a raw '>' in it would end the link early.
	prefix := "<" + base + r.URL.EscapedPath() + "?"
	if rest := q.Encode(); rest != "" {
		prefix += rest + "&"
	}
	w.Header().Set("Link", prefix+"max_id="+oldest.String()+`>; rel="next", `+
		prefix+"min_id="+newest.String()+`>; rel="prev"`)
}
