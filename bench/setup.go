package bench

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
)

// Account is an account the bench acts as: its ID on the server, its username and
// a token.
type Account struct {
	ID       string
	Username string
	Token    string
}

// Register signs up n accounts through the Mastodon API, on at most workers
// connections at once: it registers an application (POST /api/v1/apps), gets an
// application token (client_credentials) and posts each account to
// POST /api/v1/accounts, which answers with the account's token. The server must
// have registrations open and must not require e-mail confirmation before an
// account may post, as agora does not. Usernames are prefix_0, prefix_1, ...; an
// empty prefix is a random one, so that runs against the same server do not
// collide. Passwords are random and not kept: the tokens are all the bench needs.
// A sign-up the server refuses with 429 (its password gate is full) is tried
// again with backoff (RetryBusy).
func (c *Client) Register(ctx context.Context, n int, prefix string, workers int) ([]Credential, error) {
	if prefix == "" {
		prefix = "bench" + randomHex(3)
	}
	id, secret, err := c.registerApp(ctx, "agora bench")
	if err != nil {
		return nil, err
	}
	appTok, err := c.appToken(ctx, id, secret)
	if err != nil {
		return nil, err
	}
	creds := make([]Credential, n)
	err = forEach(ctx, n, workers, func(ctx context.Context, i int) error {
		user := fmt.Sprintf("%s_%d", prefix, i)
		var tok string
		err := RetryBusy(ctx, func() (err error) {
			tok, err = c.registerAccount(ctx, appTok, user, user+"@bench.example.com", randomHex(16))
			return err
		})
		if err != nil {
			return err
		}
		creds[i] = Credential{Username: user, Token: tok}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return creds, nil
}

// Accounts looks up the account of every credential with verify_credentials, on
// at most workers connections at once. The username the server gives wins over the
// one in the credential.
func (c *Client) Accounts(ctx context.Context, creds []Credential, workers int) ([]Account, error) {
	accts := make([]Account, len(creds))
	err := forEach(ctx, len(creds), workers, func(ctx context.Context, i int) error {
		id, user, err := c.verifyCredentials(ctx, creds[i].Token)
		if err != nil {
			return fmt.Errorf("token of %s: %w", creds[i].Username, err)
		}
		if user == "" {
			user = creds[i].Username
		}
		accts[i] = Account{ID: id, Username: user, Token: creds[i].Token}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return accts, nil
}

// randomHex returns n random bytes in hexadecimal.
func randomHex(n int) string {
	b := make([]byte, n)
	rand.Read(b) // never fails (crypto/rand documents it)
	return hex.EncodeToString(b)
}
