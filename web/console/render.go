package console

import (
	"bytes"
	"embed"
	"encoding/json"
	"fmt"
	"html/template"
	"io/fs"
	"net/http"
	"strings"
	"time"

	"agora"
	"agora/internal/httpx"
)

//go:embed templates/*.html
var templateFS embed.FS

//go:embed static/console.css
var stylesheet []byte

// scripts are the console's scripts, served from /legal/static/: htmx
// (htmx.org 2.0.11, unmodified; docs/DEPENDENCIES.md) and the console's own
// keyboard shortcuts for the targets table. Pages work without them.
//
//go:embed static/htmx.min.js static/console.js
var scripts embed.FS

// pages are the templates, each page parsed with the layout it fills in and
// the parts pages share (templates/_*.html).
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
	"iso": func(t time.Time) string { return t.UTC().Format(time.RFC3339) },
	"date": func(t time.Time) string {
		if t.IsZero() {
			return "—"
		}
		return t.UTC().Format("2 Jan 2006, 15:04 UTC")
	},
	"join": strings.Join,
	"dict": func(kv ...any) map[string]any { // named arguments of a template: "dict" "Name" value ...
		m := map[string]any{}
		for i := 0; i+1 < len(kv); i += 2 {
			m[fmt.Sprint(kv[i])] = kv[i+1]
		}
		return m
	},
	"state": func(s any) string { // an enum value as people read it: "in_review" -> "in review"
		return strings.ReplaceAll(fmt.Sprint(s), "_", " ")
	},
}

// contentSecurityPolicy allows the console its own stylesheet and scripts
// (served from /legal/static/, none inline, no eval) and requests to itself
// only; forms post only to the console.
const contentSecurityPolicy = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'"

// layout is what every page shows around its content.
type layout struct {
	Site  string
	Title string
	Staff *agora.Account // nil on the sign-in page and for error pages without a session
	CSRF  string         // the session's token, for the sign-out form
	Nav   string         // the section the page belongs to: "dashboard", "orders"
	// Scripts loads htmx and the console's script (the targets table's
	// keyboard shortcuts); the page works without them.
	Scripts bool
}

func (c *Console) layout(r *request, title string) layout {
	return layout{Site: c.cfg.Title, Title: title, Staff: r.staff, CSRF: r.csrf}
}

// render writes the page with the status; v is the page's view, which embeds
// layout.
func (c *Console) render(w http.ResponseWriter, status int, page string, v any) error {
	var buf bytes.Buffer
	if err := pages[page].Execute(&buf, v); err != nil {
		return err
	}
	h := w.Header()
	h.Set("Content-Type", "text/html; charset=utf-8")
	h.Set("Content-Security-Policy", contentSecurityPolicy)
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Referrer-Policy", "same-origin")
	h.Set("X-Frame-Options", "DENY")
	w.WriteHeader(status)
	_, _ = w.Write(buf.Bytes())
	return nil
}

// errorView is the page of an error.
type errorView struct {
	layout
	Status  int
	Message string
	SignIn  bool // offer to sign in (again)
}

// writeError answers with the page of err: the status, the logging of
// unexpected errors and the client-safe message come from the one mapping,
// httpx.WriteError, written to a recorder first.
func (c *Console) writeError(w http.ResponseWriter, r *request, err error) {
	rec := &recorder{header: http.Header{}}
	httpx.WriteError(rec, r.Request, c.log, err)
	if rec.status == 499 {
		w.WriteHeader(rec.status)
		return
	}
	var body struct {
		Error string `json:"error"`
	}
	_ = json.Unmarshal(rec.body.Bytes(), &body)
	title := http.StatusText(rec.status)
	switch rec.status {
	case http.StatusForbidden:
		title = "Not allowed"
	case http.StatusNotFound:
		title, body.Error = "Not found", "There is nothing here."
	case http.StatusInternalServerError:
		title = "Something went wrong"
	}
	v := errorView{layout: c.layout(r, title), Status: rec.status, Message: body.Error,
		SignIn: rec.status == http.StatusUnauthorized || rec.status == http.StatusForbidden && r.staff == nil}
	if err := c.render(w, rec.status, "error", v); err != nil {
		c.log.ErrorContext(r.Context(), "render console error page", "err", err)
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

// serveStylesheet serves the console's stylesheet.
func serveStylesheet(w http.ResponseWriter, _ *request) error {
	w.Header().Set("Content-Type", "text/css; charset=utf-8")
	w.Header().Set("Cache-Control", "public, max-age=3600")
	_, _ = w.Write(stylesheet)
	return nil
}

// serveScript serves one of the console's scripts; ENOTFOUND for any other
// name.
func serveScript(w http.ResponseWriter, r *request) error {
	name := r.PathValue("name")
	if name != "htmx.min.js" && name != "console.js" {
		return agora.Errorf(agora.ENOTFOUND, "Record not found.")
	}
	b, err := scripts.ReadFile("static/" + name)
	if err != nil {
		return err
	}
	w.Header().Set("Content-Type", "text/javascript; charset=utf-8")
	w.Header().Set("Cache-Control", "public, max-age=3600")
	w.Header().Set("X-Content-Type-Options", "nosniff")
	_, _ = w.Write(b)
	return nil
}
