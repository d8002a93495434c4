package server

import "net/http"

// DefaultCSP is the Content-Security-Policy of every answer whose handler sets
// none: JSON, feeds, files and errors load nothing, run nothing, post no form
// and are shown in no frame. Pages replace it with their own policy (each
// surface's renderer), which keeps frame-ancestors 'none' and base-uri.
const DefaultCSP = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'"

// withSecurityHeaders sets the headers every answer carries, before the
// handler runs, so that a handler may replace the Content-Security-Policy
// with its page's own and every other answer, errors and panics included,
// keeps these:
//   - X-Content-Type-Options: nosniff, so no browser guesses a type (a JSON
//     error or an uploaded annex never runs as HTML or script);
//   - X-Frame-Options: DENY, frame-ancestors 'none' for browsers without CSP;
//   - Referrer-Policy: same-origin, so the address of a console page (an
//     order's number) or of a post never leaves the instance in a Referer;
//   - Content-Security-Policy: DefaultCSP unless the handler sets another.
func withSecurityHeaders(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("X-Frame-Options", "DENY")
		h.Set("Referrer-Policy", "same-origin")
		h.Set("Content-Security-Policy", DefaultCSP)
		next.ServeHTTP(w, r)
	})
}
