package e2e

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"

	"agora"
	"agora/agoratest"
	"agora/mastoapi"
	"agora/service"
)

// TestBatchReads checks GET /api/v1/statuses?id[]= and GET /api/v1/accounts?id[]=
// (Mastodon 4.3) on both stores: what the viewer may see, in the order asked,
// each once; missing, hidden, withheld and suspended items left out rather
// than refusing the list; more than 20 IDs refused with a message.
func TestBatchReads(t *testing.T) {
	for _, b := range agoratest.Backends() {
		t.Run(string(b), func(t *testing.T) { testBatchReads(t, b) })
	}
}

func testBatchReads(t *testing.T, b agoratest.Backend) {
	r := newRig(t, b)
	ctx := context.Background()
	alice, aliceTok := lgStaff(t, r, "alice", agora.RoleUser, "read write")
	bob, bobTok := lgStaff(t, r, "bob", agora.RoleUser, "read write")
	carol, carolTok := lgStaff(t, r, "carol", agora.RoleUser, "read write")
	dave, daveTok := lgStaff(t, r, "dave", agora.RoleUser, "read write")
	_, modTok := lgStaff(t, r, "mod", agora.RoleModerator, "read write admin:read:accounts admin:write:accounts")
	postAs := func(tok, text, vis string) string {
		code, body, _ := r.do("POST", "/api/v1/statuses", tok, "application/x-www-form-urlencoded",
			url.Values{"status": {text}, "visibility": {vis}}.Encode())
		if code != http.StatusOK {
			t.Fatalf("post %q: %d %s", text, code, body)
		}
		var st mastoapi.Status
		mustJSON(t, body, &st)
		return st.ID
	}
	s1 := postAs(aliceTok, "first", "public")
	s2 := postAs(aliceTok, "withheld one", "public")
	s3 := postAs(aliceTok, "third", "unlisted")
	p1 := postAs(aliceTok, "followers only", "private")
	c1 := postAs(carolTok, "by a withheld author", "public")
	d1 := postAs(daveTok, "by a suspended author", "public")
	for _, subject := range []string{s2, "@carol"} {
		if _, err := r.srv.Service.Withhold(ctx, nil, service.NewRule{Subject: subject, Countries: []string{"XX"}, Reason: "legal_demand"}); err != nil {
			t.Fatalf("withhold %s: %v", subject, err)
		}
	}
	if code, body, _ := r.do("POST", "/api/v1/admin/accounts/"+dave.ID.String()+"/action", modTok,
		"application/x-www-form-urlencoded", "type=suspend"); code != http.StatusOK {
		t.Fatalf("suspend dave: %d %s", code, body)
	}

	query := func(ids ...string) string { return "?" + url.Values{"id[]": ids}.Encode() }
	getStatuses := func(tok string, ids ...string) []string {
		t.Helper()
		code, body, _ := r.do("GET", "/api/v1/statuses"+query(ids...), tok, "", "")
		if code != http.StatusOK {
			t.Fatalf("GET /api/v1/statuses%v: %d %s", ids, code, body)
		}
		var list []mastoapi.Status
		mustJSON(t, body, &list)
		got := make([]string, len(list))
		for i, st := range list {
			got[i] = st.ID
		}
		return got
	}
	asked := []string{s3, s2, "nonsense", s1, p1, c1, d1, "9999999999", s3}
	for _, c := range []struct {
		who, tok string
		want     []string
	}{
		{"bob", bobTok, []string{s3, s1}},
		{"anonymous", "", []string{s3, s1}},
		// The owner sees her withheld status, and her private one.
		{"alice", aliceTok, []string{s3, s2, s1, p1}},
	} {
		if got := getStatuses(c.tok, asked...); !slices.Equal(got, c.want) {
			t.Errorf("%s: GET /api/v1/statuses = %v, want %v", c.who, got, c.want)
		}
	}
	if got := getStatuses(bobTok); len(got) != 0 {
		t.Errorf("no IDs: %v, want []", got)
	}

	getAccounts := func(tok string, ids ...string) []string {
		t.Helper()
		code, body, _ := r.do("GET", "/api/v1/accounts"+query(ids...), tok, "", "")
		if code != http.StatusOK {
			t.Fatalf("GET /api/v1/accounts%v: %d %s", ids, code, body)
		}
		var list []mastoapi.Account
		mustJSON(t, body, &list)
		got := make([]string, len(list))
		for i, a := range list {
			got[i] = a.ID
		}
		return got
	}
	askedAccounts := []string{carol.ID.String(), bob.ID.String(), "x", dave.ID.String(), alice.ID.String(), bob.ID.String()}
	for _, c := range []struct {
		who, tok string
		want     []string
	}{
		{"bob", bobTok, []string{bob.ID.String(), alice.ID.String()}},
		{"anonymous", "", []string{bob.ID.String(), alice.ID.String()}},
		{"carol herself", carolTok, []string{carol.ID.String(), bob.ID.String(), alice.ID.String()}},
	} {
		if got := getAccounts(c.tok, askedAccounts...); !slices.Equal(got, c.want) {
			t.Errorf("%s: GET /api/v1/accounts = %v, want %v", c.who, got, c.want)
		}
	}

	// More than 20 IDs: refused with a message, for both.
	var many []string
	for i := range 21 {
		many = append(many, fmt.Sprint(1000+i))
	}
	for _, path := range []string{"/api/v1/statuses", "/api/v1/accounts"} {
		code, body, _ := r.do("GET", path+query(many...), bobTok, "", "")
		if code != http.StatusBadRequest || !strings.Contains(string(body), `"error":"Too many IDs: give at most 20 values of id[]."`) {
			t.Errorf("GET %s with 21 IDs = %d %s, want 400 with the limit", path, code, body)
		}
		// 20, repeated, is fine.
		if code, body, _ := r.do("GET", path+query(append(many[:20:20], many[:20]...)...), bobTok, "", ""); code != http.StatusOK {
			t.Errorf("GET %s with 20 IDs twice = %d %s, want 200", path, code, body)
		}
	}
}
