package archtest

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os/exec"
	"slices"
	"strings"
	"testing"
)

// module is the module path; its root package is the domain.
const module = "agora"

// surfaces serve clients over HTTP. Besides those named here, any package whose name
// ends in "api", and any package under a surface, is one. Add new surfaces here.
var surfaces = []string{
	"agora/mastoapi",
	"agora/legalapi",
	"agora/authorityapi",
	"agora/transparencyapi",
	"agora/web",
	"agora/server",
}

// behindSurfaces are the packages no surface may reach, directly or through others:
// a surface reads content through the service and its visibility gate, never from
// the store or the feed cache, and does not know the wiring.
var behindSurfaces = []string{"agora/sqlstore", "agora/cachestore", "agora/feedcache", "agora/mediafs", "agora/app"}

// adapters implement the domain's interfaces on a dependency. They import the root
// package and agora/internal/... only: no other agora package, and never each other.
var adapters = []string{"agora/sqlstore", "agora/cachestore", "agora/feedcache", "agora/geoip", "agora/mediafs"}

// knownExceptions are rule breaks found and not yet fixed, by the package that breaks
// the rule and the package it must not reach. Each value is a TODO naming the fix. A
// listed pair that no longer occurs fails the test, so the list only shrinks.
var knownExceptions = map[edge]string{}

// edge is a package and a package it reaches.
type edge struct{ from, to string }

// pkg is one package of `go list -json`.
type pkg struct {
	ImportPath string
	Imports    []string // direct, test files excluded
	Deps       []string // transitive, test files excluded
}

// violation is one rule break: from reaches to by way of chain (from first, to last).
type violation struct {
	edge
	rule  string
	chain []string
}

func (v violation) String() string {
	return fmt.Sprintf("%s: %s", v.rule, strings.Join(v.chain, " -> "))
}

func isSurface(path string) bool {
	for _, s := range surfaces {
		if path == s || strings.HasPrefix(path, s+"/") {
			return true
		}
	}
	name := path[strings.LastIndex(path, "/")+1:]
	return path != module && strings.HasSuffix(name, "api")
}

func inModule(path string) bool { return path == module || strings.HasPrefix(path, module+"/") }

// check returns every break of the import rules in pkgs, by package path:
//   - a surface reaches none of behindSurfaces;
//   - an adapter reaches no agora package but the root and agora/internal/...;
//   - the root package imports no agora package.
//
// Reaching counts imports of imports; test files are not looked at, as tests wire
// concrete types.
func check(pkgs map[string]*pkg) []violation {
	var out []violation
	paths := make([]string, 0, len(pkgs))
	for p := range pkgs {
		paths = append(paths, p)
	}
	slices.Sort(paths)
	for _, from := range paths {
		p := pkgs[from]
		for _, to := range p.Deps {
			var rule string
			switch {
			case isSurface(from) && slices.Contains(behindSurfaces, to):
				rule = "a surface reaches " + to
			case slices.Contains(adapters, from) && inModule(to) && to != module && !strings.HasPrefix(to, module+"/internal/"):
				rule = "an adapter reaches an agora package other than the root and internal/"
			case from == module && inModule(to):
				rule = "the root package reaches another agora package"
			default:
				continue
			}
			out = append(out, violation{edge: edge{from, to}, rule: rule, chain: chain(pkgs, from, to)})
		}
	}
	return out
}

// chain returns the shortest import path from one package to another, both included.
func chain(pkgs map[string]*pkg, from, to string) []string {
	prev := map[string]string{from: ""}
	queue := []string{from}
	for len(queue) > 0 {
		p := queue[0]
		queue = queue[1:]
		if p == to {
			var c []string
			for ; p != ""; p = prev[p] {
				c = append(c, p)
			}
			slices.Reverse(c)
			return c
		}
		if pkgs[p] == nil {
			continue
		}
		for _, next := range pkgs[p].Imports {
			if _, seen := prev[next]; !seen {
				prev[next] = p
				queue = append(queue, next)
			}
		}
	}
	return []string{from, "...", to}
}

// goList returns the module's packages as `go list` sees them.
func goList(t *testing.T) map[string]*pkg {
	t.Helper()
	goBin, err := exec.LookPath("go")
	if err != nil {
		t.Skip("no go binary on PATH")
	}
	cmd := exec.Command(goBin, "list", "-json=ImportPath,Imports,Deps", module+"/...")
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("go list: %v\n%s", err, stderr.Bytes())
	}
	pkgs := map[string]*pkg{}
	dec := json.NewDecoder(bytes.NewReader(out))
	for {
		var p pkg
		if err := dec.Decode(&p); errors.Is(err, io.EOF) {
			break
		} else if err != nil {
			t.Fatalf("go list output: %v", err)
		}
		pkgs[p.ImportPath] = &p
	}
	return pkgs
}

// TestArchitecture_Imports fails when a package of the module breaks an import rule
// (see check) that knownExceptions does not list.
func TestArchitecture_Imports(t *testing.T) {
	pkgs := goList(t)
	for _, p := range slices.Concat([]string{module, "agora/mastoapi", "agora/legalapi"}, behindSurfaces, adapters) {
		if pkgs[p] == nil {
			t.Errorf("go list does not name %s: the rules name packages that are gone; update them", p)
		}
	}
	found := map[edge]bool{}
	for _, v := range check(pkgs) {
		found[v.edge] = true
		if todo, ok := knownExceptions[v.edge]; ok {
			t.Logf("known exception: %v (%s)", v, todo)
			continue
		}
		t.Errorf("%v", v)
	}
	for e, todo := range knownExceptions {
		if !found[e] {
			t.Errorf("known exception %s -> %s no longer occurs: remove it from knownExceptions (%s)", e.from, e.to, todo)
		}
	}
}

// TestArchitecture_Check runs the rules on made-up graphs, so that
// TestArchitecture_Imports passing means the module keeps them rather than that
// check finds nothing.
func TestArchitecture_Check(t *testing.T) {
	// graph builds packages from "importer: imported imported" lines, filling Deps.
	graph := func(lines ...string) map[string]*pkg {
		pkgs := map[string]*pkg{}
		for _, l := range lines {
			from, imports, _ := strings.Cut(l, ":")
			pkgs[from] = &pkg{ImportPath: from, Imports: strings.Fields(imports)}
		}
		for from, p := range pkgs {
			p.Deps = reachable(pkgs, from)
		}
		return pkgs
	}
	tests := []struct {
		name  string
		pkgs  map[string]*pkg
		wants []string // violations, as String returns them
	}{
		{"clean", graph(
			"agora:",
			"agora/internal/httpx: agora",
			"agora/service: agora agora/internal/httpx",
			"agora/mastoapi: agora agora/service agora/internal/httpx",
			"agora/sqlstore: agora agora/internal/country",
			"agora/internal/country:",
			"agora/app: agora/mastoapi agora/sqlstore",
		), nil},
		{"surface through the service", graph(
			"agora:",
			"agora/service: agora agora/sqlstore",
			"agora/sqlstore: agora",
			"agora/legalapi: agora/service",
		), []string{"a surface reaches agora/sqlstore: agora/legalapi -> agora/service -> agora/sqlstore"}},
		{"new surface by name", graph(
			"agora:",
			"agora/feedcache: agora",
			"agora/fooapi: agora/feedcache",
		), []string{"a surface reaches agora/feedcache: agora/fooapi -> agora/feedcache"}},
		{"package under a surface", graph(
			"agora:",
			"agora/app: agora",
			"agora/web/console: agora/app",
		), []string{"a surface reaches agora/app: agora/web/console -> agora/app"}},
		{"adapter imports adapter", graph(
			"agora:",
			"agora/feedcache: agora",
			"agora/sqlstore: agora agora/feedcache",
		), []string{"an adapter reaches an agora package other than the root and internal/: agora/sqlstore -> agora/feedcache"}},
		{"root imports internal", graph(
			"agora: agora/internal/country",
			"agora/internal/country:",
		), []string{"the root package reaches another agora package: agora -> agora/internal/country"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got []string
			for _, v := range check(tt.pkgs) {
				got = append(got, v.String())
			}
			slices.Sort(got)
			if !slices.Equal(got, tt.wants) {
				t.Errorf("check = %q, want %q", got, tt.wants)
			}
		})
	}
}

// reachable returns every package from reaches in pkgs, itself excluded.
func reachable(pkgs map[string]*pkg, from string) []string {
	var out []string
	seen := map[string]bool{from: true}
	queue := []string{from}
	for len(queue) > 0 {
		p := queue[0]
		queue = queue[1:]
		for _, next := range pkgs[p].Imports {
			if !seen[next] {
				seen[next] = true
				out = append(out, next)
				queue = append(queue, next)
			}
		}
	}
	return out
}
