// Package fuzzrun holds the test that runs every fuzz target of the module for
// a while, as CI does: `go test ./...` runs each target's seed corpus only;
// with AGORA_FUZZ_TIME set (a Go duration such as "4s"), TestFuzzTargets also
// fuzzes each target for that long. See docs/FUZZING.md.
package fuzzrun
