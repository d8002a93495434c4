package e2e

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/mattn/go-mastodon"

	"agora/agoratest"
)

// TestIdempotencyKey sends the same post twice with one Idempotency-Key.
func TestIdempotencyKey(t *testing.T) {
	r := newRig(t, agoratest.SQLite)
	r.mustAccount("alice")
	tok := r.passwordLogin("alice").Config.AccessToken
	var first, second struct{ ID string }
	for _, dst := range []any{&first, &second} {
		status, body, _ := r.do("POST", "/api/v1/statuses", tok, "application/json", `{"status": "only once"}`, "Idempotency-Key", "key-1")
		if status != http.StatusOK {
			t.Fatalf("post: %d %s", status, body)
		}
		mustJSON(t, body, dst)
	}
	if first.ID != second.ID {
		t.Errorf("retry made a second status: %s, %s", first.ID, second.ID)
	}
	if n := countStatuses(t, r); n != 1 {
		t.Errorf("%d statuses, want 1", n)
	}
	// Another key posts anew.
	status, body, _ := r.do("POST", "/api/v1/statuses", tok, "application/json", `{"status": "only once"}`, "Idempotency-Key", "key-2")
	mustJSON(t, body, &second)
	if status != http.StatusOK || second.ID == first.ID {
		t.Errorf("a new key did not post: %d %s", status, body)
	}
}

// TestRestart stops the server and starts it again on the same database: accounts,
// statuses, follows and tokens are all still there and home timelines are rebuilt.
func TestRestart(t *testing.T) {
	for _, b := range agoratest.Backends() {
		t.Run(string(b), func(t *testing.T) {
			ctx := context.Background()
			r := newRig(t, b)
			alice := r.mustAccount("alice")
			r.mustAccount("bob")
			ac, bc := r.passwordLogin("alice"), r.passwordLogin("bob")
			if _, err := bc.AccountFollow(ctx, mastodon.ID(alice.ID.String())); err != nil {
				t.Fatal(err)
			}
			var want []string
			for _, text := range []string{"one", "two", "three"} {
				want = append([]string{string(post(t, ac, &mastodon.Toot{Status: text}).ID)}, want...)
			}
			before, err := bc.GetTimelineHome(ctx, nil)
			if err != nil {
				t.Fatal(err)
			}
			r.srv.Stop(t)

			srv2 := agoratest.MustRunServer(t, b, agoratest.WithDB(r.srv.DSN))
			r.srv = srv2
			bc2, ac2 := r.client(bc.Config.AccessToken), r.client(ac.Config.AccessToken)
			after, err := bc2.GetTimelineHome(ctx, nil)
			if err != nil {
				t.Fatalf("home after restart: %v", err)
			}
			if diff := cmp.Diff(ids(before), ids(after)); diff != "" {
				t.Errorf("home after restart (-before +after):\n%s", diff)
			}
			if diff := cmp.Diff(want, ids(after)); diff != "" {
				t.Errorf("home after restart (-want +got):\n%s", diff)
			}
			me, err := ac2.GetAccountCurrentUser(ctx)
			if err != nil || me.StatusesCount != 3 || me.FollowersCount != 1 {
				t.Errorf("alice after restart: %+v, %v", me, err)
			}
			rels, err := bc2.GetAccountRelationships(ctx, []string{alice.ID.String()})
			if err != nil || len(rels) != 1 || !rels[0].Following {
				t.Errorf("bob's relationship to alice after restart: %+v, %v", rels, err)
			}
		})
	}
}

// TestRegistration signs up through the API with an app token, as apps do.
func TestRegistration(t *testing.T) {
	ctx := context.Background()
	r := newRig(t, agoratest.SQLite, agoratest.WithRegistrations(true))
	appTok := r.postToken(url.Values{
		"grant_type": {"client_credentials"}, "client_id": {r.app.ClientID},
		"client_secret": {r.app.ClientSecret}, "scope": {"write"},
	}, http.StatusOK)["access_token"].(string)
	c := r.client(appTok)
	if _, err := c.VerifyAppCredentials(ctx); err != nil {
		t.Errorf("verify app credentials: %v", err)
	}
	reg := func(form url.Values) (int, map[string]any) {
		status, body, _ := r.do("POST", "/api/v1/accounts", appTok, "application/x-www-form-urlencoded", form.Encode())
		var m map[string]any
		_ = json.Unmarshal(body, &m)
		return status, m
	}
	ok := url.Values{"username": {"dana"}, "email": {"dana@example.org"}, "password": {"secret-pass"}, "agreement": {"true"}, "locale": {"en"}}
	status, body := reg(ok)
	if status != http.StatusOK || body["access_token"] == nil {
		t.Fatalf("register: %d %v", status, body)
	}
	me, err := r.client(body["access_token"].(string)).GetAccountCurrentUser(ctx)
	if err != nil || me.Username != "dana" {
		t.Errorf("new account: %+v, %v", me, err)
	}
	for name, form := range map[string]url.Values{
		"taken username": {"username": {"DANA"}, "email": {"d2@example.org"}, "password": {"secret-pass"}, "agreement": {"true"}},
		"no agreement":   {"username": {"erin"}, "email": {"erin@example.org"}, "password": {"secret-pass"}},
		"short password": {"username": {"erin"}, "email": {"erin@example.org"}, "password": {"short"}, "agreement": {"true"}},
		"bad username":   {"username": {"er in"}, "email": {"erin@example.org"}, "password": {"secret-pass"}, "agreement": {"true"}},
		"bad email":      {"username": {"erin"}, "email": {"erin"}, "password": {"secret-pass"}, "agreement": {"true"}},
	} {
		status, body := reg(form)
		if status != http.StatusUnprocessableEntity {
			t.Errorf("%s: status %d, want 422: %v", name, status, body)
		}
		if body["error"] == nil || body["details"] == nil {
			t.Errorf("%s: body %v lacks error and details", name, body)
		}
	}
	if status, _ := reg(url.Values{}); status != http.StatusUnprocessableEntity {
		t.Errorf("empty registration: status %d", status)
	}
}
