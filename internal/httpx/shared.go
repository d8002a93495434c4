package httpx

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
)

// Shared mounts, under one http.ServeMux pattern, routes whose own patterns the
// mux cannot hold beside others of the table. ServeMux refuses two patterns that
// match a common path when neither is more specific: Mastodon's
// "GET /api/v2/filters/{id}/keywords" and "GET /api/v2/filters/keywords/{id}"
// both match /api/v2/filters/keywords/keywords. Such routes are mounted together
// under a pattern with a wildcard where they have their literal segment
// ("GET /api/v2/filters/{part}/{id}"). The routes they overlap are more specific
// than that pattern, so the mux still gives those every path they match; Shared
// hands each other request to the member whose own pattern matches its path
// segment by segment, with the member's wildcards as the request's path values
// and the member's pattern as its Pattern (which metrics read), and answers
// any path no member matches 404 with Mastodon's error body, as an unknown route.
type Shared struct {
	pattern string
	method  string
	segs    []string
	members []sharedMember
}

type sharedMember struct {
	pattern string
	segs    []string
	h       http.Handler
}

// NewShared returns a Shared, with no member yet, for the mux pattern
// "METHOD /path/...". It panics, as ServeMux.Handle does on a bad pattern, if
// the pattern has no method, a host, or a "{name...}" or "{$}" wildcard: a
// mistake in a route table, found at start-up.
func NewShared(pattern string) *Shared {
	method, segs := splitPattern(pattern)
	return &Shared{pattern: pattern, method: method, segs: segs}
}

// Pattern returns the ServeMux pattern to mount s under.
func (s *Shared) Pattern() string { return s.pattern }

// Add makes h serve pattern, a member: it must have the shared pattern's method
// and number of segments and the shared pattern's literal segments, and it must
// not match a path another member matches. Add panics otherwise (a mistake in a
// route table).
func (s *Shared) Add(pattern string, h http.Handler) {
	method, segs := splitPattern(pattern)
	if method != s.method || len(segs) != len(s.segs) {
		panic(fmt.Sprintf("httpx: %q cannot be mounted under %q: another method or length", pattern, s.pattern))
	}
	for i, seg := range s.segs {
		if !isWildcard(seg) && seg != segs[i] {
			panic(fmt.Sprintf("httpx: %q cannot be mounted under %q: segment %q differs", pattern, s.pattern, segs[i]))
		}
	}
	for _, m := range s.members {
		if overlap(m.segs, segs) {
			panic(fmt.Sprintf("httpx: %q and %q, both under %q, match the same paths", m.pattern, pattern, s.pattern))
		}
	}
	s.members = append(s.members, sharedMember{pattern: pattern, segs: segs, h: h})
}

// Match returns the member serving r's path, and its pattern; ok is false
// when no member matches. It only reads r.
func (s *Shared) Match(r *http.Request) (h http.Handler, pattern string, ok bool) {
	m, _ := s.match(r)
	if m == nil {
		return nil, "", false
	}
	return m.h, m.pattern, true
}

// ServeHTTP serves r with the member its path matches, or answers 404.
func (s *Shared) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	m, values := s.match(r)
	if m == nil {
		WriteJSON(w, http.StatusNotFound, errorBody{Error: "Not found."})
		return
	}
	for name, v := range values {
		r.SetPathValue(name, v)
	}
	r.Pattern = m.pattern // the request the mux set it on, so metrics name the member
	m.h.ServeHTTP(w, r)
}

// match returns the member matching r's path and its wildcards' values.
func (s *Shared) match(r *http.Request) (*sharedMember, map[string]string) {
	raw := strings.Split(strings.TrimPrefix(r.URL.EscapedPath(), "/"), "/")
	path := make([]string, len(raw))
	for i, seg := range raw {
		v, err := url.PathUnescape(seg)
		if err != nil {
			return nil, nil
		}
		path[i] = v
	}
	for i := range s.members {
		m := &s.members[i]
		if len(m.segs) != len(path) {
			continue
		}
		values, ok := map[string]string{}, true
		for j, seg := range m.segs {
			switch {
			case isWildcard(seg):
				values[strings.Trim(seg, "{}")] = path[j]
			case seg != path[j]:
				ok = false
			}
		}
		if ok {
			return m, values
		}
	}
	return nil, nil
}

// splitPattern returns a pattern's method and path segments, panicking on
// what Shared does not support.
func splitPattern(pattern string) (method string, segs []string) {
	method, path, ok := strings.Cut(pattern, " ")
	if !ok || method == "" || !strings.HasPrefix(path, "/") {
		panic(fmt.Sprintf("httpx: shared pattern %q: want \"METHOD /path\"", pattern))
	}
	segs = strings.Split(path[1:], "/")
	for _, seg := range segs {
		if strings.HasSuffix(seg, "...}") || seg == "{$}" || seg == "" {
			panic(fmt.Sprintf("httpx: shared pattern %q: segment %q is not supported", pattern, seg))
		}
	}
	return method, segs
}

func isWildcard(seg string) bool { return strings.HasPrefix(seg, "{") && strings.HasSuffix(seg, "}") }

// overlap reports whether two patterns' segments, of equal length, match a
// common path.
func overlap(a, b []string) bool {
	for i := range a {
		if !isWildcard(a[i]) && !isWildcard(b[i]) && a[i] != b[i] {
			return false
		}
	}
	return true
}
