package bench

import (
	"context"
	"fmt"
	"net/url"
)

// The Mastodon API calls the set-up and seeding phases make. Only the fields used
// are decoded.

// scopes are the OAuth scopes the bench asks for: enough to register, read
// timelines, post and follow.
const scopes = "read write follow"

// oobRedirect is the redirect URI of an application with no web callback.
const oobRedirect = "urn:ietf:wg:oauth:2.0:oob"

// registerApp creates an application (POST /api/v1/apps) and returns its client ID
// and secret.
func (c *Client) registerApp(ctx context.Context, name string) (id, secret string, err error) {
	var app struct {
		ClientID     string `json:"client_id"`
		ClientSecret string `json:"client_secret"`
	}
	form := url.Values{"client_name": {name}, "redirect_uris": {oobRedirect}, "scopes": {scopes}}
	if err := c.call(ctx, "POST", "/api/v1/apps", "", form, &app); err != nil {
		return "", "", fmt.Errorf("register app: %w", err)
	}
	if app.ClientID == "" || app.ClientSecret == "" {
		return "", "", fmt.Errorf("register app: no client_id or client_secret in the answer")
	}
	return app.ClientID, app.ClientSecret, nil
}

// appToken gets an application token with the client_credentials grant.
func (c *Client) appToken(ctx context.Context, id, secret string) (string, error) {
	form := url.Values{
		"grant_type": {"client_credentials"}, "client_id": {id}, "client_secret": {secret},
		"redirect_uri": {oobRedirect}, "scope": {scopes},
	}
	tok, err := c.accessToken(ctx, "/oauth/token", "", form)
	if err != nil {
		return "", fmt.Errorf("app token: %w", err)
	}
	return tok, nil
}

// registerAccount signs up an account (POST /api/v1/accounts) with an application
// token and returns the account's user token.
func (c *Client) registerAccount(ctx context.Context, appToken, username, email, password string) (string, error) {
	form := url.Values{
		"username": {username}, "email": {email}, "password": {password},
		"agreement": {"true"}, "locale": {"en"},
	}
	tok, err := c.accessToken(ctx, "/api/v1/accounts", appToken, form)
	if err != nil {
		return "", fmt.Errorf("register %s: %w", username, err)
	}
	return tok, nil
}

// accessToken posts the form to path and returns the access_token of the answer.
func (c *Client) accessToken(ctx context.Context, path, bearer string, form url.Values) (string, error) {
	var t struct {
		AccessToken string `json:"access_token"`
	}
	if err := c.call(ctx, "POST", path, bearer, form, &t); err != nil {
		return "", err
	}
	if t.AccessToken == "" {
		return "", fmt.Errorf("POST %s: no access_token in the answer", path)
	}
	return t.AccessToken, nil
}

// verifyCredentials returns the ID and username of the token's account.
func (c *Client) verifyCredentials(ctx context.Context, token string) (id, username string, err error) {
	var a struct {
		ID       string `json:"id"`
		Username string `json:"username"`
	}
	if err := c.call(ctx, "GET", "/api/v1/accounts/verify_credentials", token, nil, &a); err != nil {
		return "", "", err
	}
	if a.ID == "" {
		return "", "", fmt.Errorf("GET /api/v1/accounts/verify_credentials: no id in the answer")
	}
	return a.ID, a.Username, nil
}

// follow makes the token's account follow the account with the ID.
func (c *Client) follow(ctx context.Context, token, id string) error {
	return c.call(ctx, "POST", "/api/v1/accounts/"+url.PathEscape(id)+"/follow", token, url.Values{}, nil)
}

// postStatus posts a public status and returns its ID.
func (c *Client) postStatus(ctx context.Context, token, text string) (string, error) {
	var s struct {
		ID string `json:"id"`
	}
	form := url.Values{"status": {text}, "visibility": {"public"}}
	if err := c.call(ctx, "POST", "/api/v1/statuses", token, form, &s); err != nil {
		return "", err
	}
	if s.ID == "" {
		return "", fmt.Errorf("POST /api/v1/statuses: no id in the answer")
	}
	return s.ID, nil
}

// statusIDs returns the IDs of the statuses a timeline (a path with its query)
// shows the token's account.
func (c *Client) statusIDs(ctx context.Context, token, path string) ([]string, error) {
	var page []struct {
		ID string `json:"id"`
	}
	if err := c.call(ctx, "GET", path, token, nil, &page); err != nil {
		return nil, err
	}
	ids := make([]string, 0, len(page))
	for _, s := range page {
		if s.ID != "" {
			ids = append(ids, s.ID)
		}
	}
	return ids, nil
}
