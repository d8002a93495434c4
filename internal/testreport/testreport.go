// Package testreport collects the summary lines tests want a reader of a plain
// `go test ./...` run to see (how many kill cycles a crash test made, how long
// the fuzzers ran), which go test hides for a passing package unless -v is
// given. A line goes to the test's log and, when the environment variable
// AGORA_TEST_REPORT names a file, is appended to that file; .ci/run sets it and
// prints the file after the tests.
package testreport

import (
	"fmt"
	"os"
	"testing"
)

// EnvVar names the file summary lines are appended to.
const EnvVar = "AGORA_TEST_REPORT"

// Line logs the line made of format and args as t.Log does and appends it,
// prefixed with the test's name, to the file EnvVar names, if any. A failure to
// write the file fails the test: a report that silently goes missing would hide
// what CI is meant to show.
func Line(t testing.TB, format string, args ...any) {
	t.Helper()
	line := fmt.Sprintf(format, args...)
	t.Log(line)
	path := os.Getenv(EnvVar)
	if path == "" {
		return
	}
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_APPEND|os.O_CREATE, 0o644)
	if err != nil {
		t.Errorf("testreport: %v", err)
		return
	}
	// One write of a short line with O_APPEND: lines of tests running in
	// parallel, in this or other packages' processes, do not interleave.
	if _, err := fmt.Fprintf(f, "%s: %s\n", t.Name(), line); err != nil {
		t.Errorf("testreport: %v", err)
	}
	if err := f.Close(); err != nil {
		t.Errorf("testreport: %v", err)
	}
}
