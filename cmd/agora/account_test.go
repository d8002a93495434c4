package main

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// tempDB returns the path of a SQLite file, not yet created, in a temporary directory.
func tempDB(t *testing.T) string {
	t.Helper()
	return filepath.Join(t.TempDir(), "agora.db")
}

// mustCreateAccount runs `agora account create` for username on db.
func mustCreateAccount(t *testing.T, db, username string) result {
	t.Helper()
	return mustRun(t, nil, "account", "create", "--db", db,
		"--username", username, "--email", username+"@example.org", "--password", "password-"+username)
}

var createdRE = regexp.MustCompile(`^created account @(\w+) \(id (\d+), role (\w+)\)\n$`)

func TestAccountCreate(t *testing.T) {
	t.Run("Success", func(t *testing.T) {
		r := mustRun(t, nil, "account", "create", "--db", tempDB(t),
			"--username", "alice", "--email", "alice@example.org", "--password", "a long password", "--role", "admin")
		m := createdRE.FindStringSubmatch(r.stdout)
		if m == nil {
			t.Fatalf("stdout = %q, want \"created account @alice (id N, role admin)\"", r.stdout)
		}
		if m[1] != "alice" || m[3] != "admin" {
			t.Errorf("printed @%s with role %s, want @alice with role admin", m[1], m[3])
		}
		if r.stderr != "" {
			t.Errorf("stderr = %q, want nothing", r.stderr)
		}
	})

	t.Run("DefaultRoleIsUser", func(t *testing.T) {
		r := mustCreateAccount(t, tempDB(t), "bob")
		if m := createdRE.FindStringSubmatch(r.stdout); m == nil || m[3] != "user" {
			t.Errorf("stdout = %q, want role user", r.stdout)
		}
	})

	t.Run("PasswordFromEnvironment", func(t *testing.T) {
		mustRun(t, map[string]string{"AGORA_PASSWORD": "from the environment"},
			"account", "create", "--db", tempDB(t), "--username", "carol", "--email", "carol@example.org")
	})

	t.Run("DuplicateUsername", func(t *testing.T) {
		db := tempDB(t)
		mustCreateAccount(t, db, "alice")
		r := runCmd(t, nil, "account", "create", "--db", db,
			"--username", "alice", "--email", "other@example.org", "--password", "a long password")
		if r.code != 1 && r.code != 2 {
			t.Errorf("exit = %d, want 1 or 2", r.code)
		}
		if !strings.Contains(r.stderr, "Username is already taken") {
			t.Errorf("stderr = %q, want it to say the username is taken", r.stderr)
		}
		if r.stdout != "" {
			t.Errorf("stdout = %q, want nothing", r.stdout)
		}
	})

	t.Run("DuplicateUsernameOtherCase", func(t *testing.T) {
		db := tempDB(t)
		mustCreateAccount(t, db, "alice")
		r := runCmd(t, nil, "account", "create", "--db", db,
			"--username", "ALICE", "--email", "other@example.org", "--password", "a long password")
		if r.code == 0 || !strings.Contains(r.stderr, "already taken") {
			t.Errorf("exit = %d, stderr = %q; want a failure saying the username is taken", r.code, r.stderr)
		}
	})

	t.Run("DuplicateEmail", func(t *testing.T) {
		db := tempDB(t)
		mustCreateAccount(t, db, "alice")
		r := runCmd(t, nil, "account", "create", "--db", db,
			"--username", "alice2", "--email", "alice@example.org", "--password", "a long password")
		if r.code == 0 || !strings.Contains(r.stderr, "Email is already taken") {
			t.Errorf("exit = %d, stderr = %q; want a failure saying the email is taken", r.code, r.stderr)
		}
	})

	t.Run("BadRole", func(t *testing.T) {
		db := tempDB(t)
		r := runCmd(t, nil, "account", "create", "--db", db,
			"--username", "alice", "--email", "alice@example.org", "--password", "a long password", "--role", "root")
		if r.code != 2 {
			t.Errorf("exit = %d, want 2", r.code)
		}
		if !strings.Contains(r.stderr, "--role must be one of") {
			t.Errorf("stderr = %q, want it to name the allowed roles", r.stderr)
		}
		if _, err := os.Stat(db); !os.IsNotExist(err) {
			t.Errorf("the database was created for a rejected command (stat: %v)", err)
		}
	})

	for name, args := range map[string][]string{
		"ShortPassword":   {"--username", "alice", "--email", "alice@example.org", "--password", "short"},
		"NoPassword":      {"--username", "alice", "--email", "alice@example.org"},
		"BadUsername":     {"--username", "al-ice", "--email", "alice@example.org", "--password", "a long password"},
		"NoUsername":      {"--email", "alice@example.org", "--password", "a long password"},
		"BadEmail":        {"--username", "alice", "--email", "alice", "--password", "a long password"},
		"ExtraArgument":   {"--username", "alice", "--email", "alice@example.org", "--password", "a long password", "extra"},
		"UnknownFlag":     {"--username", "alice", "--email", "alice@example.org", "--password", "a long password", "--nope"},
		"ServerOnlyFlag":  {"--username", "alice", "--email", "alice@example.org", "--password", "a long password", "--addr", ":1"},
		"PasswordTooLong": {"--username", "alice", "--email", "alice@example.org", "--password", strings.Repeat("x", 73)},
	} {
		t.Run(name, func(t *testing.T) {
			db := tempDB(t)
			r := runCmd(t, nil, append([]string{"account", "create", "--db", db}, args...)...)
			if r.code == 0 {
				t.Fatalf("exit 0, want a failure; stdout: %s", r.stdout)
			}
			if !strings.Contains(r.stderr, "agora: ") {
				t.Errorf("stderr = %q, want an error message", r.stderr)
			}
			if strings.Contains(r.stdout, "created account") {
				t.Errorf("stdout = %q, want no account created", r.stdout)
			}
		})
	}

	t.Run("ShortPasswordMessage", func(t *testing.T) {
		r := runCmd(t, nil, "account", "create", "--db", tempDB(t),
			"--username", "alice", "--email", "alice@example.org", "--password", "short")
		if !strings.Contains(r.stderr, "Password is too short") {
			t.Errorf("stderr = %q, want it to say the password is too short", r.stderr)
		}
	})
}

// TestAccountCreate_DBPrecedence checks that --db wins over AGORA_DB, which wins over
// the config file.
func TestAccountCreate_DBPrecedence(t *testing.T) {
	dir := t.TempDir()
	fileDB, envDB, flagDB := filepath.Join(dir, "file.db"), filepath.Join(dir, "env.db"), filepath.Join(dir, "flag.db")
	conf := filepath.Join(dir, "agora.conf")
	if err := os.WriteFile(conf, []byte("db = "+fileDB+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	e := map[string]string{"AGORA_CONFIG": conf, "AGORA_DB": envDB}
	args := []string{"account", "create", "--username", "alice", "--email", "alice@example.org", "--password", "a long password"}

	mustRun(t, e, append(args, "--db", flagDB)...)
	for path, want := range map[string]bool{fileDB: false, envDB: false, flagDB: true} {
		if _, err := os.Stat(path); (err == nil) != want {
			t.Errorf("%s exists = %v, want %v", filepath.Base(path), err == nil, want)
		}
	}

	mustRun(t, e, args...)
	if _, err := os.Stat(envDB); err != nil {
		t.Errorf("without --db the account went elsewhere than AGORA_DB: %v", err)
	}
	if _, err := os.Stat(fileDB); err == nil {
		t.Errorf("without --db the config file won over AGORA_DB")
	}

	delete(e, "AGORA_DB")
	mustRun(t, e, args...)
	if _, err := os.Stat(fileDB); err != nil {
		t.Errorf("without --db and AGORA_DB the config file's db was not used: %v", err)
	}
}
