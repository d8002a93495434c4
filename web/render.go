package web

import (
	"bytes"
	"embed"
	"encoding/json"
	"errors"
	"html/template"
	"io/fs"
	"mime"
	"net/http"
	"strconv"
	"strings"
	"time"

	"agora"
	"agora/internal/httpx"
)

//go:embed templates/*.html
var templateFS embed.FS

//go:embed static/agora.css
var stylesheet []byte

// pages are the templates, each page parsed with the layout it fills in.
var pages = func() map[string]*template.Template {
	names, err := fs.Glob(templateFS, "templates/*.html")
	if err != nil {
		panic(err)
	}
	m := map[string]*template.Template{}
	for _, n := range names {
		name := strings.TrimSuffix(strings.TrimPrefix(n, "templates/"), ".html")
		if name == "layout" || strings.HasPrefix(name, "_") {
			continue
		}
		m[name] = template.Must(template.New("layout.html").Funcs(funcs).ParseFS(templateFS, "templates/layout.html", "templates/_*.html", n))
	}
	return m
}()

// funcs are the templates' helpers.
var funcs = template.FuncMap{
	// iso is a time as a <time datetime> value.
	"iso": func(t time.Time) string { return t.UTC().Format(time.RFC3339) },
	// date is a time as people read it.
	"date": func(t time.Time) string { return t.UTC().Format("2 Jan 2006, 15:04 UTC") },
	// day is the day of a time.
	"day": func(t time.Time) string { return t.UTC().Format("2 January 2006") },
	// plural is "1 reply", "2 replies".
	"plural": func(n int, one, many string) string {
		if n == 1 {
			return "1 " + one
		}
		return strconv.Itoa(n) + " " + many
	},
}

// contentSecurityPolicy allows the pages their stylesheet and nothing else: no
// script, no frame, no form posted elsewhere.
const contentSecurityPolicy = "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'"

// layout is what every page shows around its content.
type layout struct {
	Site      Info
	Title     string // of the page; "" on the front page
	Canonical string // the page's own address
	Feed      string // the page's Atom feed, if any
}

// render writes the page with the status; v is the page's view, which embeds
// layout.
func (s *Site) render(w http.ResponseWriter, status int, page string, v any) error {
	var buf bytes.Buffer
	if err := pages[page].Execute(&buf, v); err != nil {
		return err
	}
	h := w.Header()
	h.Set("Content-Type", "text/html; charset=utf-8")
	h.Set("Content-Security-Policy", contentSecurityPolicy)
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Referrer-Policy", "same-origin")
	noSharedCache(h)
	w.WriteHeader(status)
	_, _ = w.Write(buf.Bytes())
	return nil
}

// noSharedCache keeps every answer out of shared caches: what a page shows
// depends on the viewer's country, which a cache in front of the server does not
// key on, and an answer cached for one country must not reach another.
func noSharedCache(h http.Header) {
	h.Set("Cache-Control", "private, no-cache")
	h.Add("Vary", "Accept")
}

// wantsJSON reports whether the request asks for JSON rather than a page: an
// Accept header naming a JSON type (application/json, application/activity+json,
// application/ld+json) and no HTML. Such clients, Mastodon apps and fediverse
// servers among them, get the API's JSON errors from these paths, as before the
// pages existed; agora does not speak ActivityPub.
func wantsJSON(r *http.Request) bool {
	json := false
	for _, part := range strings.Split(r.Header.Get("Accept"), ",") {
		mt, _, err := mime.ParseMediaType(strings.TrimSpace(part))
		if err != nil {
			continue
		}
		switch {
		case mt == "text/html" || mt == "application/xhtml+xml":
			return false
		case mt == "application/json" || strings.HasSuffix(mt, "+json"):
			json = true
		}
	}
	return json
}

// handle adapts h to http.Handler: a request for JSON gets the API's not-found
// answer, and an error h returns is written as a page (errorPage).
func (s *Site) handle(h httpx.HandlerFunc) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if wantsJSON(r) {
			w.Header().Add("Vary", "Accept")
			httpx.WriteError(w, r, s.log, agora.Errorf(agora.ENOTFOUND, "Not found."))
			return
		}
		if err := h(w, r); err != nil {
			s.writeError(w, r, err)
		}
	})
}

// errorView is the page of an error.
type errorView struct {
	layout
	Status  int
	Heading string
	Message string // safe to show; for a withheld page, the notice text without "Learn more"
	Notice  string // for a withheld page: the public notice "Learn more" links to
	// LogEntry is, for a withheld page, the rule's entry in the transparency
	// log: the refusal on the public record; "" when it has none yet.
	LogEntry string
}

// writeError answers with the page of err. The status, the headers (the Link to
// the notice of a 451 among them), the logging of unexpected errors and the
// client-safe message are the API's, from the one mapping in httpx.WriteError,
// which writes them to a recorder first.
func (s *Site) writeError(w http.ResponseWriter, r *http.Request, err error) {
	rec := &recorder{header: http.Header{}}
	httpx.WriteError(rec, r, s.log, err)
	if rec.status == 499 { // the client went away
		w.WriteHeader(rec.status)
		return
	}
	for k, vs := range rec.header {
		if k != "Content-Type" && k != "Content-Length" {
			w.Header()[k] = vs
		}
	}
	var body struct {
		Error string `json:"error"`
	}
	_ = json.Unmarshal(rec.body.Bytes(), &body)
	v := errorView{layout: layout{Site: s.info}, Status: rec.status, Message: body.Error}
	switch rec.status {
	case http.StatusNotFound:
		v.Heading, v.Message = "Not found", "There is nothing here. The address may be mistyped, or what was here was deleted or is not public."
	case http.StatusUnavailableForLegalReasons:
		v.Heading = "Unavailable for legal reasons"
		v.Message = strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(v.Message), "Learn more"))
		var ae *agora.Error
		if errors.As(err, &ae) {
			v.Notice, v.LogEntry = ae.Notice, ae.LogEntry
		}
	case http.StatusUnauthorized:
		v.Heading = "Not signed in"
	case http.StatusServiceUnavailable:
		v.Heading = "Temporarily unavailable"
	case http.StatusInternalServerError:
		v.Heading = "Something went wrong"
	default:
		v.Heading = http.StatusText(rec.status)
	}
	v.Title = v.Heading
	if err := s.render(w, rec.status, "error", v); err != nil {
		s.log.ErrorContext(r.Context(), "render error page", "err", err)
	}
}

// recorder keeps what httpx.WriteError writes.
type recorder struct {
	header http.Header
	status int
	body   bytes.Buffer
}

func (r *recorder) Header() http.Header { return r.header }

func (r *recorder) WriteHeader(status int) {
	if r.status == 0 {
		r.status = status
	}
}

func (r *recorder) Write(b []byte) (int, error) {
	if r.status == 0 {
		r.status = http.StatusOK
	}
	return r.body.Write(b)
}

// serveStylesheet serves the pages' one stylesheet.
func serveStylesheet(w http.ResponseWriter, _ *http.Request) error {
	w.Header().Set("Content-Type", "text/css; charset=utf-8")
	w.Header().Set("Cache-Control", "public, max-age=3600")
	_, _ = w.Write(stylesheet)
	return nil
}
