package app

import (
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"net/http/pprof"
	"time"

	"agora/server"
)

// openDebug starts listening on addr for Go's profiler: the handlers of
// net/http/pprof under /debug/pprof/, and nothing else. The server has no
// authentication, which is why it is off unless debug_addr is set and why it
// runs on its own listener rather than the public one.
func openDebug(addr string, log *slog.Logger) (net.Listener, *http.Server, error) {
	mux := http.NewServeMux()
	mux.HandleFunc("/debug/pprof/", pprof.Index)
	mux.HandleFunc("/debug/pprof/cmdline", pprof.Cmdline)
	mux.HandleFunc("/debug/pprof/profile", pprof.Profile)
	mux.HandleFunc("/debug/pprof/symbol", pprof.Symbol)
	mux.HandleFunc("/debug/pprof/trace", pprof.Trace)
	// No WriteTimeout: a CPU profile or trace streams for as long as asked.
	return openSide("debug_addr", addr, mux, 0, log)
}

// openMetrics starts listening on addr for Prometheus: GET /metrics and
// nothing else. The metrics count legal orders, confidential ones included,
// so the public listener never serves them; this one has no authentication,
// which is why it is off unless metrics_addr is set.
func openMetrics(addr string, m *server.Metrics, log *slog.Logger) (net.Listener, *http.Server, error) {
	mux := http.NewServeMux()
	mux.Handle("GET /metrics", m.Handler(log))
	return openSide("metrics_addr", addr, mux, 30*time.Second, log)
}

// openSide starts listening on addr, the setting key's, for a side server of
// the operator's with mux.
func openSide(key, addr string, mux *http.ServeMux, writeTimeout time.Duration, log *slog.Logger) (net.Listener, *http.Server, error) {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, nil, fmt.Errorf("listen on %s %s: %w", key, addr, err)
	}
	srv := &http.Server{
		Handler:           mux,
		ReadHeaderTimeout: 10 * time.Second,
		WriteTimeout:      writeTimeout,
		ErrorLog:          slog.NewLogLogger(log.Handler(), slog.LevelWarn),
	}
	return ln, srv, nil
}
