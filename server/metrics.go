package server

import (
	"fmt"
	"log/slog"
	"net/http"
	"strconv"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"agora/geoip"
)

// Metrics are the server's Prometheus metrics, served by Handler on a listener
// of the operator's (never the public one):
//
//   - agora_viewer_country_total{source}: requests by where the viewer's country
//     came from: "header", "geoip" or "none" (unknown).
//   - agora_http_requests_total{method, code}: finished requests.
//   - agora_http_request_duration_seconds{route}: a histogram of the time the
//     mux and the handler take, by the route pattern that matched (such as
//     "GET /api/v1/statuses/{id}"), never the raw path, so the number of series
//     stays bounded.
//
// and the Go runtime and process collectors.
type Metrics struct {
	reg      *prometheus.Registry
	country  map[string]prometheus.Counter // by Lookup.Source
	requests *prometheus.CounterVec
	duration *prometheus.HistogramVec
}

// NewMetrics registers the server's metrics and the Go runtime and process
// collectors in reg, and returns them. reg is the registry of one server, not
// the global one, so that several servers can run in one process; other parts
// of the program may register their own metrics in it. It fails if reg already
// holds them.
func NewMetrics(reg *prometheus.Registry) (*Metrics, error) {
	country := prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "agora_viewer_country_total",
		Help: "Requests by the source of the viewer's country: header (a trusted proxy's country header), geoip (the client IP in the database) or none (unknown).",
	}, []string{"source"})
	m := &Metrics{
		reg:     reg,
		country: make(map[string]prometheus.Counter),
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "agora_http_requests_total",
			Help: "HTTP requests by method and status code.",
		}, []string{"method", "code"}),
		duration: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:    "agora_http_request_duration_seconds",
			Help:    "Time spent handling HTTP requests, by route pattern.",
			Buckets: prometheus.DefBuckets,
		}, []string{"route"}),
	}
	for _, source := range []string{geoip.SourceHeader, geoip.SourceGeoIP, geoip.SourceNone} {
		m.country[source] = country.WithLabelValues(source) // present from the start, at 0
	}
	for _, c := range []prometheus.Collector{
		country, m.requests, m.duration,
		collectors.NewGoCollector(),
		collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}),
	} {
		if err := reg.Register(c); err != nil {
			return nil, fmt.Errorf("register metrics: %w", err)
		}
	}
	return m, nil
}

// Handler serves the registry, with whatever other parts of the program put in
// it, in the Prometheus exposition format. It has no authentication: mount it
// only on a listener that is not public.
func (m *Metrics) Handler(log *slog.Logger) http.Handler {
	return promhttp.HandlerFor(m.reg, promhttp.HandlerOpts{
		ErrorLog: slog.NewLogLogger(log.Handler(), slog.LevelError),
		Registry: m.reg, // counts its own errors
	})
}

// countCountry counts one request whose country came from source.
func (m *Metrics) countCountry(source string) {
	if m == nil {
		return
	}
	if c, ok := m.country[source]; ok {
		c.Inc()
	}
}

// instrument records the status and duration of each request. It must wrap the
// ServeMux directly: the mux sets http.Request.Pattern on the request it is
// given, which is read back afterwards. A request whose handler panics counts
// with the status written before the panic, or 500.
func (m *Metrics) instrument(next http.Handler) http.Handler {
	if m == nil {
		return next
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		sw, ok := w.(*statusWriter) // the access log's, when it runs outside
		if !ok {
			sw = &statusWriter{ResponseWriter: w}
			w = sw
		}
		done := false
		defer func() {
			code := sw.status
			switch {
			case code == 0 && !done:
				code = http.StatusInternalServerError
			case code == 0:
				code = http.StatusOK
			}
			route := r.Pattern
			if route == "" {
				route = "unmatched" // e.g. the mux's redirects to a cleaned path
			}
			m.requests.WithLabelValues(methodLabel(r.Method), strconv.Itoa(code)).Inc()
			m.duration.WithLabelValues(route).Observe(time.Since(start).Seconds())
		}()
		next.ServeHTTP(w, r)
		done = true
	})
}

// methodLabel returns the method as a label value: the standard methods as
// they are, anything else as "OTHER", since clients may send any token.
func methodLabel(method string) string {
	switch method {
	case http.MethodGet, http.MethodHead, http.MethodPost, http.MethodPut, http.MethodPatch,
		http.MethodDelete, http.MethodOptions, http.MethodConnect, http.MethodTrace:
		return method
	}
	return "OTHER"
}
