package main

import (
	"strings"
	"testing"

	"agora"
	"agora/sqlstore"
)

func TestAuthorityClient(t *testing.T) {
	db := tempDB(t)
	r := mustRun(t, nil, "authority", "create", "--db", db, "--name", "MeitY", "--country", "IN")
	authID := lastLine(t, r.stdout)

	r = mustRun(t, nil, "authority", "client", "--db", db, "--authority", authID, "--label", "portal")
	creds := map[string]string{}
	for _, line := range strings.Split(strings.TrimSpace(r.stdout), "\n") {
		k, v, _ := strings.Cut(line, "\t")
		creds[k] = v
	}
	clientID, secret := creds["client_id"], creds["client_secret"]
	if _, err := agora.ParseID(clientID); err != nil || !strings.HasPrefix(secret, "agora_client_secret_") || len(creds) != 2 {
		t.Fatalf("stdout %q: want client_id and client_secret, one a line", r.stdout)
	}
	r = mustRun(t, nil, "authority", "clients", "--db", db, "--authority", authID)
	if strings.Contains(r.stdout, secret) || !strings.HasPrefix(r.stdout, clientID+"\t") || !strings.Contains(r.stdout, "valid\tportal") {
		t.Fatalf("clients list:\n%s\nwant the client valid, labelled, and not its secret", r.stdout)
	}
	mustRun(t, nil, "authority", "client", "revoke", "--db", db, "--id", clientID)
	r = mustRun(t, nil, "authority", "clients", "--db", db, "--authority", authID)
	if !strings.Contains(r.stdout, "revoked ") {
		t.Errorf("clients list after revoke:\n%s", r.stdout)
	}

	// Both commands are in the audit trail, as the token commands are.
	store, err := sqlstore.Open(t.Context(), db)
	if err != nil {
		t.Fatal(err)
	}
	defer store.Close()
	aid, _ := agora.ParseID(authID)
	cid, _ := agora.ParseID(clientID)
	var actions []string
	for _, q := range []agora.AuditQuery{{ObjectKind: "authority", ObjectID: aid}, {ObjectKind: "authority_client", ObjectID: cid}} {
		events, err := store.Audit(t.Context(), q)
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range events {
			if e.ActorKind != "cli" {
				t.Errorf("event %s by %s, want cli", e.Action, e.ActorKind)
			}
			actions = append(actions, e.Action)
		}
	}
	if got := strings.Join(actions, " "); got != "authority.create authority.client.create authority.client.revoke" {
		t.Errorf("audit actions %q", got)
	}

	for _, args := range [][]string{
		{"authority", "client", "--db", db},
		{"authority", "clients", "--db", db},
		{"authority", "client", "--db", db, "--authority", "nope"},
		{"authority", "client", "revoke", "--db", db},
		{"authority", "client", "revoke", "--db", db, "--id", "12345"},
		{"authority", "client", "--db", db, "--authority", "12345"},
	} {
		if r := runCmd(t, nil, args...); r.code == 0 {
			t.Errorf("agora %s succeeded", strings.Join(args, " "))
		}
	}
}
