package main

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"agora/agoratest"
)

// lastLine returns the last line of s, which must end with a newline.
func lastLine(t *testing.T, s string) string {
	t.Helper()
	lines := strings.Split(strings.TrimSuffix(s, "\n"), "\n")
	if !strings.HasSuffix(s, "\n") || len(lines) == 0 {
		t.Fatalf("output %q does not end with a line", s)
	}
	return lines[len(lines)-1]
}

// getWithToken sends GET path with the bearer token and returns the status and
// decoded JSON body.
func getWithToken(t *testing.T, url, token string) (int, map[string]any) {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, url, nil)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Authorization", "Bearer "+token)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var body map[string]any
	if err := json.NewDecoder(resp.Body).Decode(&body); err != nil {
		t.Fatalf("GET %s: status %d, body is not JSON: %v", url, resp.StatusCode, err)
	}
	return resp.StatusCode, body
}

func TestTokenCreate(t *testing.T) {
	db := tempDB(t)
	mustCreateAccount(t, db, "alice")
	mustCreateAccount(t, db, "bob")

	r := mustRun(t, nil, "token", "create", "--db", db, "--username", "alice", "--scopes", "read write")
	token := lastLine(t, r.stdout)
	if token == "" || strings.ContainsAny(token, " \t\"") {
		t.Fatalf("last line %q is not a bare token; stdout:\n%s", token, r.stdout)
	}
	if !strings.Contains(r.stdout, `"read write"`) {
		t.Errorf("stdout does not name the scopes:\n%s", r.stdout)
	}
	r = mustRun(t, nil, "token", "create", "--db", db, "--username", "bob", "--scopes", "write:statuses")
	writeOnly := lastLine(t, r.stdout)
	if writeOnly == token {
		t.Fatal("two token create runs printed the same token")
	}

	srv := agoratest.MustRunServer(t, agoratest.SQLite, agoratest.WithDB(db))
	verify := srv.URL + "/api/v1/accounts/verify_credentials"

	status, body := getWithToken(t, verify, token)
	if status != http.StatusOK {
		t.Fatalf("verify_credentials with the printed token: status %d, body %v", status, body)
	}
	if body["username"] != "alice" {
		t.Errorf("verify_credentials username = %v, want alice", body["username"])
	}

	// The scope printed is the scope granted.
	if status, body := getWithToken(t, verify, writeOnly); status != http.StatusForbidden {
		t.Errorf("verify_credentials with a write:statuses token: status %d, want 403; body %v", status, body)
	}
	// And the check above is not passing by accident.
	if status, _ := getWithToken(t, verify, token+"x"); status != http.StatusUnauthorized {
		t.Errorf("verify_credentials with a wrong token: status %d, want 401", status)
	}
}

func TestTokenCreate_Errors(t *testing.T) {
	db := tempDB(t)
	mustCreateAccount(t, db, "alice")
	for _, tc := range []struct {
		name     string
		args     []string
		wantCode int
		wantErr  string
	}{
		{"UnknownUser", []string{"--username", "nobody"}, 1, "agora: "},
		{"UnknownScope", []string{"--username", "alice", "--scopes", "read everything"}, 2, `"everything" is unknown`},
		{"NoUsername", []string{}, 2, "--username"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := runCmd(t, nil, append([]string{"token", "create", "--db", db}, tc.args...)...)
			if r.code != tc.wantCode {
				t.Errorf("exit = %d, want %d; stderr: %s", r.code, tc.wantCode, r.stderr)
			}
			if !strings.Contains(r.stderr, tc.wantErr) {
				t.Errorf("stderr = %q, want it to contain %q", r.stderr, tc.wantErr)
			}
			if r.stdout != "" {
				t.Errorf("stdout = %q, want no token", r.stdout)
			}
		})
	}
}
