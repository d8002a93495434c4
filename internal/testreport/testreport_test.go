package testreport

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestLine(t *testing.T) {
	path := filepath.Join(t.TempDir(), "report")
	t.Setenv(EnvVar, path)
	Line(t, "%d kill cycles", 22)
	Line(t, "fuzzed %s", "4s")
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	want := "TestLine: 22 kill cycles\nTestLine: fuzzed 4s\n"
	if string(b) != want {
		t.Errorf("report file holds %q, want %q", b, want)
	}
	t.Setenv(EnvVar, "")
	Line(t, "only logged")
	if b2, _ := os.ReadFile(path); strings.Contains(string(b2), "only logged") {
		t.Error("a line was written with the variable unset")
	}
}
