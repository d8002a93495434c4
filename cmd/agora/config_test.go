package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// dumped returns the value config dump printed for key, unquoted.
func dumped(t *testing.T, out, key string) string {
	t.Helper()
	for _, line := range strings.Split(out, "\n") {
		if k, v, ok := strings.Cut(line, " = "); ok && k == key {
			return strings.Trim(v, `"`)
		}
	}
	t.Fatalf("config dump printed no %s:\n%s", key, out)
	return ""
}

func TestConfigDump_MasksPasswords(t *testing.T) {
	for _, tc := range []struct {
		name, db, want, secret string
	}{
		{"UserInfo", "postgres://agora:s3cr3t-pw@db.example:5432/agora?sslmode=disable",
			"postgres://agora:****@db.example:5432/agora?sslmode=disable", "s3cr3t-pw"},
		{"Escaped", "postgres://agora:p%40ss%2Fword@db.example/agora", "postgres://agora:****@db.example/agora", "ss%2Fword"},
		{"Postgresql", "postgresql://agora:s3cr3t-pw@[::1]:5432/agora", "postgresql://agora:****@[::1]:5432/agora", "s3cr3t-pw"},
		{"QueryParameter", "postgres://agora@db.example/agora?password=s3cr3t-pw", "postgres://agora@db.example/agora?password=****", "s3cr3t-pw"},
		{"NoPassword", "postgres://agora@db.example/agora", "postgres://agora@db.example/agora", ""},
		{"SQLitePath", "/var/lib/agora/agora.db", "/var/lib/agora/agora.db", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			for _, via := range []string{"flag", "env"} {
				var r result
				if via == "flag" {
					r = mustRun(t, nil, "config", "dump", "--db", tc.db)
				} else {
					r = mustRun(t, map[string]string{"AGORA_DB": tc.db}, "config", "dump")
				}
				if got := dumped(t, r.stdout, "db"); got != tc.want {
					t.Errorf("%s: db = %q, want %q", via, got, tc.want)
				}
				if tc.secret != "" && strings.Contains(r.stdout+r.stderr, tc.secret) {
					t.Errorf("%s: the password appears in the output:\n%s", via, r.stdout)
				}
			}
		})
	}
}

func TestConfigDump_MasksPasswordFromFile(t *testing.T) {
	secretFile := filepath.Join(t.TempDir(), "db-url")
	if err := os.WriteFile(secretFile, []byte("postgres://agora:s3cr3t-pw@db.example/agora\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	r := mustRun(t, map[string]string{"AGORA_DB_FILE": secretFile}, "config", "dump")
	if got := dumped(t, r.stdout, "db"); got != "postgres://agora:****@db.example/agora" {
		t.Errorf("db = %q, want the URL from AGORA_DB_FILE, masked", got)
	}
}

// TestConfigDump_BadPasswordURL checks that an invalid URL is not echoed back with its
// password in the error.
func TestConfigDump_BadPasswordURL(t *testing.T) {
	r := runCmd(t, nil, "config", "dump", "--db", "postgres://agora:s3cr3t pw@db.example/agora")
	if r.code != 2 {
		t.Errorf("exit = %d, want 2", r.code)
	}
	if strings.Contains(r.stdout+r.stderr, "s3cr3t") {
		t.Errorf("the password appears in the output:\nstdout: %s\nstderr: %s", r.stdout, r.stderr)
	}
}

func TestConfigDump_Precedence(t *testing.T) {
	conf := filepath.Join(t.TempDir(), "agora.conf")
	if err := os.WriteFile(conf, []byte("title = From File\nlog_level = debug\ncontact_email = file@example.org\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	e := map[string]string{
		"AGORA_CONFIG":        conf,
		"AGORA_TITLE":         "From Env",
		"AGORA_ADDR":          "127.0.0.1:7001",
		"AGORA_REGISTRATIONS": "open",
	}
	r := mustRun(t, e, "config", "dump", "--title", "From Flag", "--log-level", "warn")
	for key, want := range map[string]string{
		"title":         "From Flag",        // flag > env > file
		"log_level":     "warn",             // flag > file
		"addr":          "127.0.0.1:7001",   // env > default
		"registrations": "open",             // env > default
		"contact_email": "file@example.org", // file > default
		"log_format":    "text",             // default
	} {
		if got := dumped(t, r.stdout, key); got != want {
			t.Errorf("%s = %q, want %q", key, got, want)
		}
	}

	// Without the flag, the environment wins over the file.
	r = mustRun(t, e, "config", "dump")
	if got := dumped(t, r.stdout, "title"); got != "From Env" {
		t.Errorf("without --title: title = %q, want From Env", got)
	}
	// --config wins over AGORA_CONFIG.
	other := filepath.Join(t.TempDir(), "other.conf")
	if err := os.WriteFile(other, []byte("contact_email = other@example.org\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	r = mustRun(t, e, "config", "dump", "--config", other)
	if got := dumped(t, r.stdout, "contact_email"); got != "other@example.org" {
		t.Errorf("with --config: contact_email = %q, want other@example.org", got)
	}
}

func TestConfigDump_Invalid(t *testing.T) {
	for name, tc := range map[string]struct {
		env  map[string]string
		args []string
		want string
	}{
		"BadFlagValue":  {nil, []string{"--registrations", "maybe"}, "registrations"},
		"BadEnvValue":   {map[string]string{"AGORA_LOG_LEVEL": "loud"}, nil, "AGORA_LOG_LEVEL"},
		"MissingConfig": {nil, []string{"--config", "/nonexistent/agora.conf"}, "/nonexistent/agora.conf"},
	} {
		t.Run(name, func(t *testing.T) {
			r := runCmd(t, tc.env, append([]string{"config", "dump"}, tc.args...)...)
			if r.code != 2 {
				t.Errorf("exit = %d, want 2", r.code)
			}
			if !strings.Contains(r.stderr, tc.want) {
				t.Errorf("stderr = %q, want it to name %q", r.stderr, tc.want)
			}
			if r.stdout != "" {
				t.Errorf("stdout = %q, want no dump", r.stdout)
			}
		})
	}
}
