//go:build unix

package e2e

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"
)

// report logs a summary line of a test, and makes it visible in a plain
// `go test ./...` run too (as .ci/run makes), where go test shows nothing a
// passing package prints: without -v, the line is also written to the standard
// error of the go command that ran this test binary, when it is the parent
// process (Linux: /proc/PPID/fd/2). Elsewhere, or under another runner, it is
// only in the test's log.
func report(t *testing.T, format string, args ...any) {
	t.Helper()
	line := fmt.Sprintf(format, args...)
	t.Log(line)
	if testing.Verbose() {
		return
	}
	ppid := os.Getppid()
	exe, err := os.Readlink(fmt.Sprintf("/proc/%d/exe", ppid))
	if err != nil || filepath.Base(exe) != "go" {
		return
	}
	f, err := os.OpenFile(fmt.Sprintf("/proc/%d/fd/2", ppid), os.O_WRONLY|os.O_APPEND, 0)
	if err != nil {
		return
	}
	defer f.Close()
	fmt.Fprintf(f, "%s: %s\n", t.Name(), line)
}
