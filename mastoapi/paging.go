package mastoapi

import (
	"net/http"

	"agora"
	"agora/service"
)

// setLink writes the Link header of a paged list whose items carry the cursors
// newest and oldest (the first and last item): rel="next" (older items, max_id)
// first, then rel="prev" (newer items, min_id), as Mastodon does. Nothing is written
// for an empty page.
func setLink(w http.ResponseWriter, r *http.Request, base string, newest, oldest agora.ID) {
	writeLink(w, r, base, newest, oldest, true)
}

// setLastPageLink is setLink for the lists Mastodon pages only while records
// continue (lists of accounts, favourites, bookmarks): rel="next" only when the
// page read as many rows as limit, so that a client following next links until
// there is none (megalodon's get_all) stops at the last page rather than asking
// for an empty one, which answers no Link header at all.
func setLastPageLink(w http.ResponseWriter, r *http.Request, base string, span service.Span, limit int) {
	writeLink(w, r, base, span.Newest, span.Oldest, span.Read >= limit)
}

// writeLink sets the Link header of a page from newest to oldest: rel="prev",
// and rel="next" when next is true; none for an empty page.
func writeLink(w http.ResponseWriter, r *http.Request, base string, newest, oldest agora.ID, next bool) {
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
	prev := prefix + "min_id=" + newest.String() + `>; rel="prev"`
	if !next {
		w.Header().Set("Link", prev)
		return
	}
	w.Header().Set("Link", prefix+"max_id="+oldest.String()+`>; rel="next", `+prev)
}
