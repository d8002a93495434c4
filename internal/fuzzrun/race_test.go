package fuzzrun

import "testing"

// TestDeadlineRace: only the coordinator's own deadline, with no failing
// input, counts as the race; a target's failure never does.
func TestDeadlineRace(t *testing.T) {
	for _, tt := range []struct {
		name, out string
		want      bool
	}{
		{"the race", "fuzz: elapsed: 5s, execs: 17199 (5273/sec)\n--- FAIL: FuzzX (4.61s)\n    context deadline exceeded\nFAIL\nexit status 1\n", true},
		{"a failing input", "--- FAIL: FuzzX (7.21s)\n    --- FAIL: FuzzX (0.00s)\n        x_test.go:37: bad\n    context deadline exceeded\n    Failing input written to testdata/fuzz/FuzzX/a7\nFAIL\n", false},
		{"a seed that fails", "failure while testing seed corpus entry: FuzzX/98\n--- FAIL: FuzzX (1.47s)\n    context deadline exceeded\nFAIL\n", false},
		{"a build error", "# agora/x\nx_test.go:3:1: syntax error\nFAIL\tagora/x [build failed]\n", false},
	} {
		if got := deadlineRace([]byte(tt.out)); got != tt.want {
			t.Errorf("%s: deadlineRace = %v, want %v", tt.name, got, tt.want)
		}
	}
}
