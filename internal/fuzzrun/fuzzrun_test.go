package fuzzrun

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"agora/internal/testreport"
)

// target is one fuzz target: the function and the package directory, relative
// to the module's root ("." for the root package).
type target struct {
	dir, name string
}

func (t target) String() string { return "./" + filepath.ToSlash(t.dir) + " " + t.name }

// fuzzFunc matches the declaration of a fuzz target.
var fuzzFunc = regexp.MustCompile(`^func (Fuzz\w*)\(\w+ \*testing\.F\) \{`)

// moduleRoot returns the directory of the module's go.mod.
func moduleRoot(tb testing.TB) string {
	tb.Helper()
	out, err := exec.Command("go", "env", "GOMOD").Output()
	if err != nil || strings.TrimSpace(string(out)) == "" {
		tb.Fatalf("go env GOMOD: %v", err)
	}
	return filepath.Dir(strings.TrimSpace(string(out)))
}

// findTargets returns every fuzz target declared in the module's test files,
// sorted by package and name.
func findTargets(root string) ([]target, error) {
	var found []target
	err := filepath.WalkDir(root, func(path string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			if path != root && (d.Name() == "testdata" || strings.HasPrefix(d.Name(), ".") || strings.HasPrefix(d.Name(), "_")) {
				return filepath.SkipDir
			}
			return nil
		}
		if !strings.HasSuffix(path, "_test.go") {
			return nil
		}
		f, err := os.Open(path)
		if err != nil {
			return err
		}
		defer f.Close()
		dir, err := filepath.Rel(root, filepath.Dir(path))
		if err != nil {
			return err
		}
		sc := bufio.NewScanner(f)
		for sc.Scan() {
			if m := fuzzFunc.FindStringSubmatch(sc.Text()); m != nil {
				found = append(found, target{dir: dir, name: m[1]})
			}
		}
		return sc.Err()
	})
	slices.SortFunc(found, func(a, b target) int { return strings.Compare(a.String(), b.String()) })
	return found, err
}

// TestFindTargets: the runner finds the module's fuzz targets, in the root
// package and below, so that none is left out of CI's fuzzing.
func TestFindTargets(t *testing.T) {
	targets, err := findTargets(moduleRoot(t))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []target{
		{".", "FuzzParseScopes"}, {"internal/textfmt", "FuzzRender"}, {"internal/textfmt", "FuzzRender_Parsed"},
		{"e2e", "FuzzLegalAPIBodies"}, {"geoip", "FuzzResolve"}, {"legal", "FuzzParseAnnex"},
	} {
		if !slices.Contains(targets, want) {
			t.Errorf("findTargets = %v: %v is missing", targets, want)
		}
	}
	for i, tg := range targets {
		if slices.Contains(targets[:i], tg) {
			t.Errorf("target %v found twice", tg)
		}
	}
}

// TestFuzzTargets fuzzes every target of the module for AGORA_FUZZ_TIME each,
// one after the other with one worker, and fails with the output of each
// target that fails (which names the failing input, written to the package's
// testdata/fuzz). It reports the targets and the total time through
// internal/testreport, since go test shows nothing of a passing package.
func TestFuzzTargets(t *testing.T) {
	fuzzTime := os.Getenv("AGORA_FUZZ_TIME")
	if fuzzTime == "" {
		t.Skip("AGORA_FUZZ_TIME is not set: the fuzz targets ran their seed corpora only (set it, e.g. to 4s, to fuzz each for that long)")
	}
	if d, err := time.ParseDuration(fuzzTime); err != nil || d <= 0 {
		t.Fatalf("AGORA_FUZZ_TIME=%q is not a positive Go duration such as 4s", fuzzTime)
	}
	root := moduleRoot(t)
	targets, err := findTargets(root)
	if err != nil {
		t.Fatal(err)
	}
	// Stop a target that runs into the test's deadline, so that the failure
	// names it rather than go test's timeout panic.
	ctx := context.Background()
	if d, ok := t.Deadline(); ok {
		var cancel context.CancelFunc
		ctx, cancel = context.WithDeadline(ctx, d.Add(-30*time.Second))
		defer cancel()
	}
	start := time.Now()
	var lines []string
	for _, tg := range targets {
		began := time.Now()
		cmd := exec.CommandContext(ctx, "go", "test", "-run", "^$", "-fuzz", "^"+tg.name+"$", "-fuzztime", fuzzTime, "-parallel", "1", "./"+filepath.ToSlash(tg.dir))
		cmd.Dir = root
		out, err := cmd.CombinedOutput()
		took := time.Since(began).Round(100 * time.Millisecond)
		status := "ok"
		switch {
		case err != nil && deadlineRace(out):
			status = "race"
			t.Logf("fuzzing %v: Go's fuzzing coordinator reported its own deadline (go.dev/issue/75804), no failing input:\n%s", tg, tail(out, 8))
		case err != nil:
			status = "FAIL"
			t.Errorf("fuzzing %v for %s failed after %s: %v\n%s", tg, fuzzTime, took, err, tail(out, 60))
		}
		lines = append(lines, fmt.Sprintf("%-4s %-42s %8s %s", status, tg, took, lastProgress(out)))
		if ctx.Err() != nil {
			t.Errorf("stopped at the test's deadline: raise go test's -timeout, or lower AGORA_FUZZ_TIME")
			break
		}
	}
	testreport.Line(t, "fuzz: %d targets, %s each, %s in all (build included; race: go.dev/issue/75804, not a finding)",
		len(targets), fuzzTime, time.Since(start).Round(time.Second))
	for _, l := range lines {
		testreport.Line(t, "%s", l)
	}
}

// deadlineRace reports whether a fuzz run's failure is only Go's fuzzing
// coordinator tripping over its own -fuzztime deadline (go.dev/issue/75804,
// fixed in Go 1.27): "context deadline exceeded" with no failing input, in the
// seed corpus or found.
func deadlineRace(out []byte) bool {
	return bytes.Contains(out, []byte("\n    context deadline exceeded\n")) &&
		!bytes.Contains(out, []byte("Failing input written")) &&
		!bytes.Contains(out, []byte("failure while testing seed corpus entry")) &&
		!bytes.Contains(out, []byte("\n    --- FAIL: "))
}

// lastProgress returns the last "execs: N" progress of a fuzz run's output.
func lastProgress(out []byte) string {
	i := bytes.LastIndex(out, []byte("execs: "))
	if i < 0 {
		return ""
	}
	line, _, _ := bytes.Cut(out[i:], []byte("\n"))
	return string(line)
}

// tail returns the last n lines of out.
func tail(out []byte, n int) string {
	lines := strings.Split(strings.TrimRight(string(out), "\n"), "\n")
	return strings.Join(lines[max(0, len(lines)-n):], "\n")
}
