package mastoapi

import (
	"fmt"
	"net/http"
	"net/url"

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
	link := func(key string, id agora.ID) string {
		q := url.Values{}
		for k, v := range r.URL.Query() {
			switch k {
			case "max_id", "min_id", "since_id":
			default:
				q[k] = v
			}
		}
		q.Set(key, id.String())
		return base + r.URL.Path + "?" + q.Encode()
	}
	w.Header().Set("Link", fmt.Sprintf(`<%s>; rel="next", <%s>; rel="prev"`, link("max_id", oldest), link("min_id", newest)))
}
