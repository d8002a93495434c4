package wire

// The token endpoint, POST /api/v1/authority/oauth/token (RFC 6749 section
// 4.4, the client credentials grant). Its request is a form
// (application/x-www-form-urlencoded) or a JSON object of strings:
// grant_type=client_credentials, scope (optional, "authority"), and, unless
// the client authenticates with HTTP Basic, client_id and client_secret.

// Token is the token endpoint's answer (RFC 6749 section 5.1): an authority
// token, sent as Authorization: Bearer, that acts as the client's authority
// for ExpiresIn seconds.
type Token struct {
	AccessToken string `json:"access_token"`
	TokenType   string `json:"token_type"` // "Bearer"
	ExpiresIn   int    `json:"expires_in"`
	Scope       string `json:"scope"` // "authority"
}

// OAuthError is the token endpoint's error answer (RFC 6749 section 5.2):
// Error is invalid_request, invalid_client, unsupported_grant_type or
// invalid_scope.
type OAuthError struct {
	Error            string `json:"error"`
	ErrorDescription string `json:"error_description,omitempty"`
}
