package geoip

import (
	"maps"
	"sync"
	"sync/atomic"
)

// maxCached bounds the offset cache. A country database has one record per
// country (and a few variants), a few hundred in all; a city database used by
// mistake has millions, and past this many records they are decoded each time.
const maxCached = 4096

// offsetCache maps the offset of a database record to the country code decoded
// from it, so that a lookup decodes nothing once its record has been seen.
// Reads take no lock: the map is replaced, never changed, and there are few
// distinct records.
type offsetCache struct {
	m  atomic.Pointer[map[uintptr]string]
	mu sync.Mutex // serializes put
}

func (c *offsetCache) get(off uintptr) (string, bool) {
	m := c.m.Load()
	if m == nil {
		return "", false
	}
	code, ok := (*m)[off]
	return code, ok
}

func (c *offsetCache) put(off uintptr, code string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	old := c.m.Load()
	var next map[uintptr]string
	if old == nil {
		next = make(map[uintptr]string)
	} else {
		if _, ok := (*old)[off]; ok || len(*old) >= maxCached {
			return
		}
		next = maps.Clone(*old)
	}
	next[off] = code
	c.m.Store(&next)
}
