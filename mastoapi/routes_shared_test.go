package mastoapi

import (
	"net/http"
	"testing"

	"agora/service"
)

// TestSharedMounts checks that every route sharedMounts names is in the route
// table, so that the map cannot outlive a route, and that the table mounts on
// one ServeMux, which panics on patterns it cannot hold side by side.
func TestSharedMounts(t *testing.T) {
	a := New(service.New(service.Config{}, nil, nil, nil, nil, nil), nil, nil, Info{}, nil)
	inTable := map[string]bool{}
	for _, rt := range a.Routes() {
		inTable[rt.Pattern] = true
	}
	for p, sp := range sharedMounts {
		if !inTable[p] {
			t.Errorf("sharedMounts names %q (under %q), which is not in the route table: remove it", p, sp)
		}
	}
	a.Register(http.NewServeMux())
}
