package authorityapi

import (
	"encoding/json"
	"errors"
	"io"
	"mime"
	"net/http"
	"net/url"
	"sort"
	"strings"

	"agora"
	"agora/authorityapi/wire"
	"agora/internal/httpx"
)

// The token endpoint of the authority channel: the client credentials grant
// (RFC 6749 section 4.4) for the clients of `agora authority client`. It is
// public in the route table, as a token endpoint is: the client authenticates
// here, with its own credentials, not with a token.

// tokenScope is the one scope of an authority token: it acts as its authority
// on every route of the channel.
const tokenScope = "authority"

// basicChallenge is the WWW-Authenticate of every invalid_client answer: the
// scheme a client may use (client_secret_post needs no challenge).
const basicChallenge = `Basic realm="agora authority"`

// maxTokenBody bounds the token request's body.
const maxTokenBody = 16 << 10

func (a *API) token(w http.ResponseWriter, r *http.Request) error {
	form, err := tokenForm(r)
	if err != nil {
		return err
	}
	switch form.Get("grant_type") {
	case "client_credentials":
	case "":
		return invalidRequest("The grant_type parameter is missing.")
	default:
		return &httpx.OAuthError{Status: http.StatusBadRequest, Code: "unsupported_grant_type",
			Description: "The authorization grant type is not supported: use client_credentials."}
	}
	for _, s := range strings.Fields(form.Get("scope")) {
		if s != tokenScope {
			return &httpx.OAuthError{Status: http.StatusBadRequest, Code: "invalid_scope",
				Description: "The requested scope is invalid: the one scope is " + tokenScope + "."}
		}
	}
	clientID, secret, err := clientCredentials(r, form)
	if err != nil {
		return err
	}
	token, t, err := a.desk.ClientCredentials(r.Context(), clientID, secret)
	if agora.ErrorCode(err) == agora.EUNAUTHORIZED {
		return invalidClient(agora.ErrorMessage(err))
	}
	if err != nil {
		return err
	}
	w.Header().Set("Cache-Control", "no-store")
	w.Header().Set("Pragma", "no-cache")
	httpx.WriteJSON(w, http.StatusOK, wire.Token{AccessToken: token, TokenType: "Bearer",
		ExpiresIn: int(t.ExpiresAt.Sub(t.CreatedAt).Seconds()), Scope: tokenScope})
	return nil
}

func invalidRequest(desc string) error {
	return &httpx.OAuthError{Status: http.StatusBadRequest, Code: "invalid_request", Description: desc}
}

func invalidClient(desc string) error {
	return &httpx.OAuthError{Status: http.StatusUnauthorized, Code: "invalid_client", Description: desc, Challenge: basicChallenge}
}

// tokenForm reads the token request's parameters from its body, a form or a
// JSON object of strings. Parameters in the URL, a parameter given twice, and
// any other body are invalid_request (RFC 6749 sections 2.3.1 and 3.2); an
// empty value is as good as none.
func tokenForm(r *http.Request) (url.Values, error) {
	if r.URL.RawQuery != "" {
		return nil, invalidRequest("Send the parameters in the request body, not in the URL.")
	}
	mt, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if mt != "application/x-www-form-urlencoded" && mt != "application/json" {
		return nil, invalidRequest("Send the parameters as application/x-www-form-urlencoded (or application/json).")
	}
	body, err := io.ReadAll(http.MaxBytesReader(nil, r.Body, maxTokenBody))
	if err != nil {
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			return nil, invalidRequest("The request body is too large.")
		}
		return nil, invalidRequest("The request body could not be read.")
	}
	form := url.Values{}
	if mt == "application/json" {
		if err := httpx.CheckJSON(body); err != nil {
			return nil, invalidRequest(agora.ErrorMessage(err))
		}
		var m map[string]any
		if err := json.Unmarshal(body, &m); err != nil {
			return nil, invalidRequest("The request body is not a JSON object.")
		}
		for k, v := range m {
			s, ok := v.(string)
			if !ok {
				return nil, invalidRequest("The parameter " + truncate(k, 40) + " is not a string.")
			}
			form.Set(k, s)
		}
		return form, nil
	}
	if form, err = url.ParseQuery(string(body)); err != nil {
		return nil, invalidRequest("The request body is not valid form data.")
	}
	keys := make([]string, 0, len(form))
	for k := range form {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		if len(form[k]) > 1 {
			return nil, invalidRequest("The parameter " + truncate(k, 40) + " is given more than once.")
		}
	}
	if err := httpx.CheckValues("the body", form); err != nil {
		return nil, invalidRequest(agora.ErrorMessage(err))
	}
	return form, nil
}

// clientCredentials returns the client_id and secret the request
// authenticates with: HTTP Basic, each form-urlencoded first (RFC 6749
// section 2.3.1, client_secret_basic), or client_id and client_secret in the
// body (client_secret_post). Both at once is invalid_request; none, or
// another Authorization scheme, invalid_client.
func clientCredentials(r *http.Request, form url.Values) (id, secret string, err error) {
	user, pass, basic := r.BasicAuth()
	switch {
	case basic && form.Get("client_secret") != "":
		return "", "", invalidRequest("Authenticate the client one way: HTTP Basic or client_secret in the body, not both.")
	case basic:
		id, err1 := url.QueryUnescape(user)
		secret, err2 := url.QueryUnescape(pass)
		if err1 != nil || err2 != nil {
			return "", "", invalidClient("The client_id and client_secret in HTTP Basic must be form-urlencoded.")
		}
		if !httpx.ValidText(id) || !httpx.ValidText(secret) {
			return "", "", invalidRequest("The client_id and client_secret in HTTP Basic must be UTF-8 text without NUL characters.")
		}
		if fid := form.Get("client_id"); fid != "" && fid != id {
			return "", "", invalidRequest("The client_id in the body is not the one in HTTP Basic.")
		}
		return id, secret, nil
	case r.Header.Get("Authorization") != "":
		return "", "", invalidClient("The Authorization header is not HTTP Basic: authenticate the client with HTTP Basic or client_id and client_secret in the body.")
	case form.Get("client_id") == "" || form.Get("client_secret") == "":
		return "", "", invalidClient("Client authentication is missing: send client_id and client_secret with HTTP Basic or in the body.")
	}
	return form.Get("client_id"), form.Get("client_secret"), nil
}
