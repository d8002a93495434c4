package bench

import (
	"bufio"
	"path/filepath"
	"strings"
	"testing"

	"slices"
)

func TestReadTokens(t *testing.T) {
	t.Run("valid", func(t *testing.T) {
		in := "# accounts\nalice\tTOKEN-a\r\n\n  \nbob\t TOKEN-b \n"
		got, err := ReadTokens(strings.NewReader(in))
		want := []Credential{{"alice", "TOKEN-a"}, {"bob", "TOKEN-b"}}
		if err != nil || !slices.Equal(got, want) {
			t.Errorf("ReadTokens = %v, %v; want %v", got, err, want)
		}
	})
	for name, in := range map[string]string{
		"no tab":         "alice TOKEN\n",
		"no token":       "alice\t\n",
		"no username":    "\tTOKEN\n",
		"space in token": "alice\tTO KEN\n",
	} {
		t.Run(name, func(t *testing.T) {
			if _, err := ReadTokens(strings.NewReader(in)); err == nil || !strings.Contains(err.Error(), "line 1") {
				t.Errorf("ReadTokens(%q) error = %v, want one naming line 1", in, err)
			}
		})
	}
}

func TestWriteTokensFile_RoundTrip(t *testing.T) {
	name := filepath.Join(t.TempDir(), "tokens")
	want := []Credential{{"alice", "a1"}, {"bob", "b2"}}
	if err := WriteTokensFile(name, want); err != nil {
		t.Fatal(err)
	}
	got, err := ReadTokensFile(name)
	if err != nil || !slices.Equal(got, want) {
		t.Errorf("read back %v, %v; want %v", got, err, want)
	}
	if err := WriteTokensFile(name, nil); err != nil {
		t.Fatal(err)
	}
	if _, err := ReadTokensFile(name); err == nil {
		t.Error("ReadTokensFile of an empty file: no error")
	}
}

func TestParseRSS(t *testing.T) {
	for name, tc := range map[string]struct {
		in   string
		want int64
		ok   bool
	}{
		"agora":      {"# HELP process_resident_memory_bytes Resident memory size in bytes.\n# TYPE process_resident_memory_bytes gauge\nprocess_resident_memory_bytes 3.2669696e+07\n", 32669696, true},
		"labels":     {"process_resident_memory_bytes{job=\"x\"} 1024 1700000000\n", 1024, true},
		"other name": {"process_resident_memory_bytes_total 5\nprocess_virtual_memory_bytes 9\n", 0, false},
		"none":       {"up 1\n", 0, false},
	} {
		t.Run(name, func(t *testing.T) {
			got, ok := parseRSS(bufio.NewScanner(strings.NewReader(tc.in)))
			if got != tc.want || ok != tc.ok {
				t.Errorf("parseRSS = %d, %v; want %d, %v", got, ok, tc.want, tc.ok)
			}
		})
	}
}
