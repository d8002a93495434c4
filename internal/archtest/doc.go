// Package archtest holds the architecture test: the rules on which agora package may
// import which, checked against `go list` of the module. It has no code of its own.
package archtest
