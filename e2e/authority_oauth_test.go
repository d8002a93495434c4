package e2e

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"golang.org/x/oauth2"
	"golang.org/x/oauth2/clientcredentials"

	"agora"
	"agora/agoratest"
	authwire "agora/authorityapi/wire"
)

// The client credentials grant of the authority channel, driven by
// golang.org/x/oauth2/clientcredentials as an authority's portal would: a
// client of `agora authority client` obtains a token and submits an order
// with it; bad requests get RFC 6749 errors and record nothing; revoking the
// client ends its tokens. Expiry is TestChannel_ClientCredentials (legal),
// which moves the desk's clock.

const auTokenPath = "/api/v1/authority/oauth/token"

func TestAuthority_ClientCredentials(t *testing.T) {
	for _, b := range agoratest.Backends() {
		t.Run(string(b), func(t *testing.T) { auClientCredentials(t, b) })
	}
}

func auClientCredentials(t *testing.T, b agoratest.Backend) {
	r := newRig(t, b)
	ctx := context.Background()
	desk := r.srv.Desk
	in, err := desk.CreateAuthority(ctx, nil, "Ministry of Electronics and IT", "IN", "ministry")
	if err != nil {
		t.Fatal(err)
	}
	secret, cl, err := desk.CreateAuthorityClient(ctx, nil, in.ID, "portal")
	if err != nil {
		t.Fatal(err)
	}
	clientID := cl.ID.String()
	octx := context.WithValue(ctx, oauth2.HTTPClient, r.hc)
	conf := func(secret string, style oauth2.AuthStyle) *clientcredentials.Config {
		return &clientcredentials.Config{ClientID: clientID, ClientSecret: secret, TokenURL: r.srv.URL + auTokenPath,
			Scopes: []string{"authority"}, AuthStyle: style}
	}
	// recorded counts the tokens of IN and the audit events on the client.
	recorded := func() (tokens, events int) {
		t.Helper()
		list, err := desk.AuthorityTokens(ctx, nil, in.ID)
		if err != nil {
			t.Fatal(err)
		}
		evs, err := r.srv.DB.Audit(ctx, agora.AuditQuery{ObjectKind: "authority_client", ObjectID: cl.ID})
		if err != nil {
			t.Fatal(err)
		}
		return len(list), len(evs)
	}

	// client_secret_basic: a token, and an order submitted with it.
	before := time.Now()
	tok, err := conf(secret, oauth2.AuthStyleInHeader).Token(octx)
	if err != nil {
		t.Fatalf("token (client_secret_basic): %v", err)
	}
	if tok.TokenType != "Bearer" || !strings.HasPrefix(tok.AccessToken, "agora_authority_") || tok.Extra("scope") != "authority" ||
		tok.Expiry.Before(before.Add(59*time.Minute)) || tok.Expiry.After(time.Now().Add(61*time.Minute)) {
		t.Fatalf("token %+v (scope %v): want an authority Bearer token of scope authority for an hour", tok, tok.Extra("scope"))
	}
	var bodies []string
	au := r.authority(tok.AccessToken, &bodies)
	rc, _ := au.submit(authwire.OrderInput{Reference: "No. 2(1)/2026", Targets: []string{"@nobody"}}, "")
	if list := au.orders(); len(list) != 1 || list[0].ID != rc.ID {
		t.Errorf("orders with the client's token = %v, want the order %s", list, rc.ID)
	}
	// The same through the library's own client, which adds the token.
	resp, err := conf(secret, oauth2.AuthStyleInHeader).Client(octx).Get(r.srv.URL + "/api/v1/authority/orders/" + rc.ID)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Errorf("GET the order through oauth2's client = %d, want 200", resp.StatusCode)
	}
	// client_secret_post works as well.
	if _, err := conf(secret, oauth2.AuthStyleInParams).Token(octx); err != nil {
		t.Errorf("token (client_secret_post): %v", err)
	}

	// The answer as sent: RFC 6749 section 5.1, not cached.
	basic := func(id, secret string) string {
		return "Basic " + base64.StdEncoding.EncodeToString([]byte(url.QueryEscape(id)+":"+url.QueryEscape(secret)))
	}
	form := "application/x-www-form-urlencoded"
	code, body, h := r.do("POST", auTokenPath, "", form, "grant_type=client_credentials", "Authorization", basic(clientID, secret))
	var m map[string]any
	mustJSON(t, body, &m)
	if code != http.StatusOK || len(m) != 4 || m["token_type"] != "Bearer" || m["expires_in"] != 3600.0 || m["scope"] != "authority" || m["access_token"] == "" {
		t.Errorf("token answer = %d %s", code, body)
	}
	if h.Get("Cache-Control") != "no-store" || h.Get("Pragma") != "no-cache" {
		t.Errorf("Cache-Control %q, Pragma %q; want no-store, no-cache", h.Get("Cache-Control"), h.Get("Pragma"))
	}
	// Basic credentials are form-urlencoded first (RFC 6749 section 2.3.1):
	// an encoded character is decoded.
	encoded := "Basic " + base64.StdEncoding.EncodeToString([]byte(clientID+":"+strings.ReplaceAll(url.QueryEscape(secret), "_", "%5F")))
	if code, body, _ := r.do("POST", auTokenPath, "", form, "grant_type=client_credentials", "Authorization", encoded); code != http.StatusOK {
		t.Errorf("Basic with the secret percent-encoded = %d %s, want 200", code, lgShort(body))
	}
	// JSON, client_secret_post.
	js, _ := json.Marshal(map[string]string{"grant_type": "client_credentials", "client_id": clientID, "client_secret": secret})
	if code, body, _ := r.do("POST", auTokenPath, "", "application/json", string(js)); code != http.StatusOK {
		t.Errorf("JSON token request = %d %s, want 200", code, lgShort(body))
	}

	// Bad requests: RFC 6749 section 5.2 errors, nothing recorded.
	tokens, events := recorded()
	_, err = conf(secret+"x", oauth2.AuthStyleInHeader).Token(octx)
	var re *oauth2.RetrieveError
	if !errors.As(err, &re) || re.Response.StatusCode != http.StatusUnauthorized || re.ErrorCode != "invalid_client" ||
		re.Response.Header.Get("WWW-Authenticate") != `Basic realm="agora authority"` {
		t.Errorf("wrong secret: %v; want 401 invalid_client with a Basic challenge", err)
	}
	post := func(body string) string {
		return url.Values{"client_id": {clientID}, "client_secret": {secret}}.Encode() + body
	}
	for _, c := range []struct {
		name, ct, body, auth string
		status               int
		code                 string
	}{
		{"wrong secret, in the body", form, "grant_type=client_credentials&client_id=" + clientID + "&client_secret=nope", "", 401, "invalid_client"},
		{"unknown client", form, "grant_type=client_credentials", basic("12345", secret), 401, "invalid_client"},
		{"no client authentication", form, "grant_type=client_credentials", "", 401, "invalid_client"},
		{"missing grant_type", form, post(""), "", 400, "invalid_request"},
		{"another grant", form, post("&grant_type=password"), "", 400, "unsupported_grant_type"},
		{"another scope", form, post("&grant_type=client_credentials&scope=read"), "", 400, "invalid_scope"},
		{"both ways of client authentication", form, post("&grant_type=client_credentials"), basic(clientID, secret), 400, "invalid_request"},
		{"a parameter twice", form, post("&grant_type=client_credentials&grant_type=client_credentials"), "", 400, "invalid_request"},
		{"not a form", "text/plain", post("&grant_type=client_credentials"), "", 400, "invalid_request"},
	} {
		var hdr []string
		if c.auth != "" {
			hdr = []string{"Authorization", c.auth}
		}
		code, body, h := r.do("POST", auTokenPath, "", c.ct, c.body, hdr...)
		var e authwire.OAuthError
		if err := json.Unmarshal(body, &e); err != nil || code != c.status || e.Error != c.code || e.ErrorDescription == "" {
			t.Errorf("%s: %d %s, want %d %s with a description", c.name, code, lgShort(body), c.status, c.code)
		}
		if c.status == 401 && h.Get("WWW-Authenticate") != `Basic realm="agora authority"` {
			t.Errorf("%s: WWW-Authenticate %q", c.name, h.Get("WWW-Authenticate"))
		}
		if strings.Contains(string(body), secret) {
			t.Errorf("%s: the answer holds the secret", c.name)
		}
	}
	if n, e := recorded(); n != tokens || e != events {
		t.Errorf("after bad requests: %d tokens, %d events on the client; want %d and %d", n, e, tokens, events)
	}

	// Revoking the client (agora authority client revoke) ends its tokens at
	// once, and it obtains no more.
	if err := desk.RevokeAuthorityClient(ctx, nil, cl.ID); err != nil {
		t.Fatal(err)
	}
	au.fail("GET", "/api/v1/authority/orders", nil, http.StatusUnauthorized, "revoked")
	_, err = conf(secret, oauth2.AuthStyleInHeader).Token(octx)
	if !errors.As(err, &re) || re.Response.StatusCode != http.StatusUnauthorized || re.ErrorCode != "invalid_client" {
		t.Errorf("token of a revoked client: %v; want 401 invalid_client", err)
	}
	for _, s := range bodies {
		if strings.Contains(s, secret) {
			t.Errorf("an answer holds the client secret: %s", s)
		}
	}
}
