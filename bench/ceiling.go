package bench

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"time"
)

// RunCeiling measures what this machine's HTTP stack can do at all: it starts a
// trivial net/http server on 127.0.0.1:0 in this process, whose every answer is
// the JSON body [], and runs the load against it with the same client the
// scenarios use. Results of a scenario divided by the ceiling's hold better from
// one machine, or one noisy minute, to another than the raw figures do.
func RunCeiling(ctx context.Context, load Load) (Result, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return Result{}, fmt.Errorf("ceiling: listen: %w", err)
	}
	srv := &http.Server{
		Handler: http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
			w.Header().Set("Content-Type", "application/json; charset=utf-8")
			w.Write([]byte("[]"))
		}),
		ReadHeaderTimeout: 10 * time.Second,
	}
	served := make(chan error, 1)
	go func() { served <- srv.Serve(ln) }()
	defer func() {
		srv.Close()
		<-served
	}()
	c, err := NewClient("http://"+ln.Addr().String(), load.Connections)
	if err != nil {
		return Result{}, err
	}
	defer c.Close()
	t, elapsed, err := runLoad(ctx, c, (*worker).ceiling, load, fixture{})
	if err != nil {
		return Result{}, fmt.Errorf("ceiling: %w", err)
	}
	return newResult(Ceiling, c.Target(), load, t, elapsed), nil
}
