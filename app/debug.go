package app

import (
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"net/http/pprof"
	"time"
)

// openDebug starts listening on addr for Go's profiler: the handlers of
// net/http/pprof under /debug/pprof/, and nothing else. The server has no
// authentication, which is why it is off unless debug_addr is set and why it
// runs on its own listener rather than the public one.
func openDebug(addr string, log *slog.Logger) (net.Listener, *http.Server, error) {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, nil, fmt.Errorf("listen on debug_addr %s: %w", addr, err)
	}
	mux := http.NewServeMux()
	mux.HandleFunc("/debug/pprof/", pprof.Index)
	mux.HandleFunc("/debug/pprof/cmdline", pprof.Cmdline)
	mux.HandleFunc("/debug/pprof/profile", pprof.Profile)
	mux.HandleFunc("/debug/pprof/symbol", pprof.Symbol)
	mux.HandleFunc("/debug/pprof/trace", pprof.Trace)
	srv := &http.Server{
		Handler:           mux,
		ReadHeaderTimeout: 10 * time.Second,
		// No WriteTimeout: a CPU profile or trace streams for as long as asked.
		ErrorLog: slog.NewLogLogger(log.Handler(), slog.LevelWarn),
	}
	return ln, srv, nil
}
