// Package server is agora's HTTP server: the middleware every request passes
// (security headers, recover, request ID, access log, the viewer's country, the API's rate
// limits, text input that is UTF-8 without NUL, metrics) and the health and metrics endpoints. The
// surfaces mount their routes on its mux.
package server

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"log/slog"
	"net/http"
	"strings"
	"time"

	"agora"
	"agora/geoip"
	"agora/internal/httpx"
)

// Ready reports whether the server can serve: nil when it can.
type Ready func(ctx context.Context) error

// Options are the optional parts of the server.
type Options struct {
	// Country resolves the viewer's country of each request; nil leaves every
	// viewer's country unknown.
	Country *geoip.Resolver
	// Metrics records each request; nil for none. Handler does not serve them:
	// they count legal orders, confidential ones included, and are for the
	// operator's own listener (Metrics.Handler).
	Metrics *Metrics
	// RateLimit limits API requests (see withRateLimit); nil for none.
	RateLimit *RateLimiter
}

// Handler wraps mux with agora's middleware and adds /healthz (the process is up)
// and /readyz (its dependencies answer); with opts.Metrics every request is
// counted, but /metrics is not served here (see Metrics.Handler). Every
// request's context carries the viewer's countries (agora.CountriesFrom),
// resolved once by opts.Country.
func Handler(mux *http.ServeMux, log *slog.Logger, ready Ready, opts Options) http.Handler {
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		_, _ = w.Write([]byte("ok\n"))
	})
	mux.Handle("GET /readyz", httpx.Handle(log, func(w http.ResponseWriter, r *http.Request) error {
		ctx, cancel := context.WithTimeout(r.Context(), 2*time.Second)
		defer cancel()
		if err := ready(ctx); err != nil {
			return &agora.Error{Code: agora.EUNAVAILABLE, Message: "Not ready.", Err: err}
		}
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		_, _ = w.Write([]byte("ok\n"))
		return nil
	}))
	mux.Handle("/", httpx.Handle(log, func(http.ResponseWriter, *http.Request) error {
		return agora.Errorf(agora.ENOTFOUND, "Not found.")
	}))
	return withSecurityHeaders(withRequestLog(log, withRecover(log, withCountry(opts.Country, opts.Metrics,
		withoutTrailingSlash(withRateLimit(opts.RateLimit, withValidText(log, opts.Metrics.instrument(mux))))))))
}

// withoutTrailingSlash routes a path ending in one slash as the path without
// it (/api/v1/instance/ as /api/v1/instance), as Rails, and so Mastodon,
// ignores a trailing slash on every route; "/" stays "/". No route of agora's
// ends in a slash, so none is shadowed.
func withoutTrailingSlash(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		p, raw := r.URL.Path, r.URL.RawPath
		if len(p) > 1 && strings.HasSuffix(p, "/") && (raw == "" || strings.HasSuffix(raw, "/")) {
			u := *r.URL
			u.Path, u.RawPath = strings.TrimSuffix(p, "/"), strings.TrimSuffix(raw, "/")
			r = r.WithContext(r.Context()) // a shallow copy, as the request is not ours to change
			r.URL = &u
		}
		next.ServeHTTP(w, r)
	})
}

// RequestID returns the ID of the request the context belongs to, "" outside one.
func RequestID(ctx context.Context) string { return agora.RequestIDFrom(ctx) }

func newRequestID() string {
	var b [8]byte
	_, _ = rand.Read(b[:])
	return hex.EncodeToString(b[:])
}

// statusWriter records the status written, for the access log.
type statusWriter struct {
	http.ResponseWriter
	status int
	bytes  int
}

func (w *statusWriter) WriteHeader(code int) {
	if w.status == 0 {
		w.status = code
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *statusWriter) Write(b []byte) (int, error) {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	n, err := w.ResponseWriter.Write(b)
	w.bytes += n
	return n, err
}

func (w *statusWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// withRequestLog gives every request an ID (X-Request-Id, echoed) and logs it once
// when it ends: method, path, status, bytes and duration. Query strings are not
// logged, as they may carry tokens.
func withRequestLog(log *slog.Logger, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		id := newRequestID()
		w.Header().Set("X-Request-Id", id)
		sw := &statusWriter{ResponseWriter: w}
		ctx := agora.WithRequestID(r.Context(), id)
		next.ServeHTTP(sw, r.WithContext(ctx))
		log.LogAttrs(ctx, slog.LevelInfo, "request",
			slog.String("id", id), slog.String("method", r.Method), slog.String("path", r.URL.Path),
			slog.Int("status", sw.status), slog.Int("bytes", sw.bytes),
			slog.Duration("duration", time.Since(start)))
	})
}

// withRecover turns a panic in a handler into a logged 500, so one bad request
// cannot take the server down.
func withRecover(log *slog.Logger, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		defer func() {
			if v := recover(); v != nil {
				if v == http.ErrAbortHandler {
					panic(v)
				}
				log.ErrorContext(r.Context(), "panic", "value", v, "id", RequestID(r.Context()), "path", r.URL.Path)
				httpx.WriteJSON(w, http.StatusInternalServerError, map[string]string{"error": "An internal error occurred."})
			}
		}()
		next.ServeHTTP(w, r)
	})
}
