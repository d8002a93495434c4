package main

import (
	"strings"
	"testing"
)

func TestAuthorityToken(t *testing.T) {
	db := tempDB(t)
	r := mustRun(t, nil, "authority", "create", "--db", db, "--name", "MeitY", "--country", "IN")
	authID := lastLine(t, r.stdout)

	r = mustRun(t, nil, "authority", "token", "--db", db, "--authority", authID, "--label", "portal")
	token := lastLine(t, r.stdout)
	if !strings.HasPrefix(token, "agora_authority_") || strings.ContainsAny(token, " \t") {
		t.Fatalf("token %q is not a bare authority token; stdout:\n%s", token, r.stdout)
	}
	r = mustRun(t, nil, "authority", "tokens", "--db", db, "--authority", authID)
	if strings.Contains(r.stdout, token) || !strings.Contains(r.stdout, "valid\tportal") {
		t.Fatalf("tokens list:\n%s\nwant the token valid, labelled, and not the token itself", r.stdout)
	}
	tokenID, _, _ := strings.Cut(r.stdout, "\t")
	mustRun(t, nil, "authority", "token", "revoke", "--db", db, "--id", tokenID)
	r = mustRun(t, nil, "authority", "tokens", "--db", db, "--authority", authID)
	if !strings.Contains(r.stdout, "revoked ") {
		t.Errorf("tokens list after revoke:\n%s", r.stdout)
	}

	for _, args := range [][]string{
		{"authority", "token", "--db", db},
		{"authority", "token", "--db", db, "--authority", "nope"},
		{"authority", "token", "revoke", "--db", db},
		{"authority", "token", "--db", db, "--authority", "12345"},
	} {
		if r := runCmd(t, nil, args...); r.code == 0 {
			t.Errorf("agora %s succeeded", strings.Join(args, " "))
		}
	}
}
