package transparencyapi

import (
	"bytes"
	"embed"
	"html/template"
	"net/http"
	"strings"
	"time"

	"agora"
	"agora/internal/country"
	"agora/internal/httpx"
	"agora/legal"
)

//go:embed templates/*.html
var templateFS embed.FS

// pages are the HTML pages, each with the shared layout (templates/layout.html).
var pages = func() map[string]*template.Template {
	funcs := template.FuncMap{
		"date":      formatDate,
		"countries": countryNames,
		"country":   countryName,
		"add":       func(a, b int) int { return a + b },
		"sub":       func(a, b int) int { return a - b },
	}
	out := map[string]*template.Template{}
	for _, name := range []string{"report", "order_notice", "rule_notice", "error"} {
		out[name] = template.Must(template.New("layout.html").Funcs(funcs).ParseFS(templateFS, "templates/layout.html", "templates/"+name+".html"))
	}
	return out
}()

// pageCSP is the pages' Content-Security-Policy: the layout's inline style
// (by hash) and no other, no scripts, no requests of any kind but the period
// form's submission to the page itself. The charts are inline SVG, which
// needs no source.
var pageCSP = func() string {
	page, err := templateFS.ReadFile("templates/layout.html")
	if err != nil {
		panic(err)
	}
	return "default-src 'none'; style-src " + httpx.StyleHashes(string(page)) + "; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
}()

// render answers with the page, its data v carrying the instance title.
func (a *API) render(w http.ResponseWriter, status int, name string, v pageData) error {
	v.setInstance(a.info.Title)
	var buf bytes.Buffer
	if err := pages[name].Execute(&buf, v); err != nil {
		return err
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Content-Security-Policy", pageCSP)
	w.Header().Set("X-Content-Type-Options", "nosniff")
	w.WriteHeader(status)
	_, _ = w.Write(buf.Bytes())
	return nil
}

// pageData is what every page's data has: the instance's name for the layout.
type pageData interface{ setInstance(string) }

// layout is the part of every page's data that the layout reads.
type layout struct {
	Instance string
	Title    string // of the page, before " – " and the instance
}

func (l *layout) setInstance(s string) { l.Instance = s }

// errorView is the error page.
type errorView struct {
	layout
	Status  int
	Message string
}

// page adapts an HTML handler: an error it returns is answered with the error
// page, with the status and message the one error mapping gives it
// (httpx.StatusOf); an unexpected one is logged and shown as a generic
// message, as httpx.WriteError does for JSON.
func (a *API) page(h httpx.HandlerFunc) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		err := h(w, r)
		if err == nil {
			return
		}
		status := httpx.StatusOf(agora.ErrorCode(err))
		v := &errorView{layout: layout{Title: http.StatusText(status)}, Status: status, Message: agora.ErrorMessage(err)}
		if status == http.StatusInternalServerError {
			v.Message = "An internal error occurred."
			a.logger.ErrorContext(r.Context(), "request failed", "err", err, "method", r.Method, "path", r.URL.Path)
		}
		if err := a.render(w, status, "error", v); err != nil {
			a.logger.ErrorContext(r.Context(), "render error page", "err", err)
			http.Error(w, v.Message, status)
		}
	})
}

// formatDate writes a time as the pages do: "2 March 2026, 09:00 UTC".
func formatDate(t time.Time) string { return t.UTC().Format("2 January 2006, 15:04 UTC") }

// countryName is the English name of a country code; "Unknown" for
// legal.UnknownCountry.
func countryName(code string) string {
	if code == legal.UnknownCountry {
		return "Unknown"
	}
	return country.Name(code)
}

// countryNames joins the names of the codes, as notices write them.
func countryNames(codes []string) string {
	names := make([]string, len(codes))
	for i, c := range codes {
		names[i] = countryName(c)
	}
	return strings.Join(names, ", ")
}
