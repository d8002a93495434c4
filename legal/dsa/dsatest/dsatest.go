// Package dsatest gives tests the DSA Transparency Database's rules
// (dsa.Rules) from the transcription beside agora, ../shared/legal/
// dsa-sor-rules.json relative to the module's root, or from the file
// AGORA_DSA_RULES names. Without the file, tests that need it are skipped,
// saying where it was looked for. The file is read, never copied into the
// repository.
package dsatest

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"sync"
	"testing"

	"agora/legal/dsa"
)

// RulesEnv names a dsa-sor-rules.json to use instead of the shared one.
const RulesEnv = "AGORA_DSA_RULES"

// sharedPath is where the rules are, relative to the module's root.
const sharedPath = "../shared/legal/dsa-sor-rules.json"

// Path returns the path of the rules file the tests read: AGORA_DSA_RULES when
// set, otherwise ../shared/legal/dsa-sor-rules.json beside the module's root
// (the directory of go.mod, looked for from the working directory up).
func Path() (string, error) {
	if p := os.Getenv(RulesEnv); p != "" {
		return p, nil
	}
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return filepath.Join(dir, filepath.FromSlash(sharedPath)), nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", errors.New("no go.mod above the working directory")
		}
		dir = parent
	}
}

var load = sync.OnceValues(func() (*dsa.Rules, error) {
	p, err := Path()
	if err != nil {
		return nil, err
	}
	return dsa.LoadRules(p)
})

// Rules returns the rules, read once per test binary. It skips the test when
// the file does not exist and fails it when the file cannot be read as rules.
func Rules(tb testing.TB) *dsa.Rules {
	tb.Helper()
	r, err := load()
	if errors.Is(err, fs.ErrNotExist) {
		p, _ := Path()
		tb.Skipf("DSA rules not found at %s (set %s to a dsa-sor-rules.json to run this test)", p, RulesEnv)
	}
	if err != nil {
		tb.Fatalf("DSA rules: %v", err)
	}
	return r
}

// MustValid fails the test, naming every problem, unless each statement is
// valid under the rules, and unless no two share a puid.
func MustValid(tb testing.TB, statements []*dsa.Statement) {
	tb.Helper()
	r := Rules(tb)
	seen := map[string]int{}
	for i, st := range statements {
		if err := r.CheckStatement(st); err != nil {
			tb.Errorf("statement %d (puid %s): %v", i, st.PUID, err)
		}
		if j, dup := seen[st.PUID]; dup {
			tb.Errorf("statements %d and %d share the puid %q", j, i, st.PUID)
		}
		seen[st.PUID] = i
	}
}
