package main

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"agora/app"
)

// result is what one run of the command printed and returned.
type result struct {
	code           int
	stdout, stderr string
}

// env returns a getenv backed by m, so a test never sees the real environment.
func env(m map[string]string) func(string) string {
	return func(k string) string { return m[k] }
}

// runCmd runs the command with the arguments in the environment m.
func runCmd(t *testing.T, m map[string]string, args ...string) result {
	t.Helper()
	var stdout, stderr bytes.Buffer
	code := run(context.Background(), args, env(m), &stdout, &stderr)
	return result{code: code, stdout: stdout.String(), stderr: stderr.String()}
}

// mustRun runs the command and fails unless it exits 0.
func mustRun(t *testing.T, m map[string]string, args ...string) result {
	t.Helper()
	r := runCmd(t, m, args...)
	if r.code != 0 {
		t.Fatalf("agora %s: exit %d\nstdout: %s\nstderr: %s", strings.Join(args, " "), r.code, r.stdout, r.stderr)
	}
	return r
}

func TestRun_NoArguments(t *testing.T) {
	r := runCmd(t, nil)
	if r.code != 2 {
		t.Errorf("exit = %d, want 2", r.code)
	}
	if !strings.Contains(r.stderr, "Usage:") {
		t.Errorf("stderr does not show the usage:\n%s", r.stderr)
	}
}

func TestRun_UnknownCommand(t *testing.T) {
	r := runCmd(t, nil, "frobnicate")
	if r.code != 2 {
		t.Errorf("exit = %d, want 2", r.code)
	}
	for _, want := range []string{`unknown command "frobnicate"`, "Usage:", "agora serve"} {
		if !strings.Contains(r.stderr, want) {
			t.Errorf("stderr does not contain %q:\n%s", want, r.stderr)
		}
	}
	if r.stdout != "" {
		t.Errorf("stdout = %q, want nothing", r.stdout)
	}
}

func TestRun_Help(t *testing.T) {
	for _, arg := range []string{"help", "-h", "--help"} {
		t.Run(arg, func(t *testing.T) {
			r := mustRun(t, nil, arg)
			if !strings.Contains(r.stdout, "Usage:") {
				t.Errorf("stdout does not show the usage:\n%s", r.stdout)
			}
		})
	}
}

func TestRun_Version(t *testing.T) {
	for _, arg := range []string{"version", "--version", "-v"} {
		t.Run(arg, func(t *testing.T) {
			r := mustRun(t, nil, arg)
			if !strings.HasPrefix(r.stdout, "agora "+app.Version) || !strings.HasSuffix(r.stdout, "\n") {
				t.Errorf("stdout = %q, want \"agora %s...\\n\"", r.stdout, app.Version)
			}
			if strings.Count(r.stdout, "\n") != 1 {
				t.Errorf("stdout = %q, want one line", r.stdout)
			}
		})
	}
}

func TestRun_SubcommandUsage(t *testing.T) {
	for _, args := range [][]string{
		{"account"},
		{"account", "delete"},
		{"token"},
		{"token", "revoke"},
		{"config"},
		{"config", "show"},
		{"token", "create", "--db", "x.db"}, // no --username
		{"serve", "--no-such-flag"},
		{"serve", "--addr", "127.0.0.1:0", "extra"},
	} {
		t.Run(strings.Join(args, "_"), func(t *testing.T) {
			r := runCmd(t, nil, args...)
			if r.code != 2 {
				t.Errorf("exit = %d, want 2; stderr: %s", r.code, r.stderr)
			}
			if !strings.Contains(r.stderr, "agora: ") {
				t.Errorf("stderr = %q, want an \"agora: \" message", r.stderr)
			}
		})
	}
}

// TestRun_FlagErrorsGoToStderr checks that a bad flag leaves stdout empty, so a
// script reading a command's output (such as the token on the last line of
// `token create`) never mistakes the flag help for it.
func TestRun_FlagErrorsGoToStderr(t *testing.T) {
	for _, args := range [][]string{
		{"serve", "--nope"},
		{"account", "create", "--nope"},
		{"token", "create", "--nope"},
		{"config", "dump", "--nope"},
	} {
		t.Run(args[0], func(t *testing.T) {
			r := runCmd(t, nil, args...)
			if r.code != 2 {
				t.Errorf("exit = %d, want 2", r.code)
			}
			if r.stdout != "" {
				t.Errorf("stdout = %q, want nothing", r.stdout)
			}
			if !strings.Contains(r.stderr, "-nope") {
				t.Errorf("stderr = %q, want it to name the bad flag", r.stderr)
			}
		})
	}
}
