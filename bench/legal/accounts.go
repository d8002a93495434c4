package legal

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"strconv"
	"strings"
	"sync"

	"agora/bench"
)

// This file is the accounts `agora bench legal` names in its order: registered
// with --setup or read from --names, sampled for the checks, and written as
// the order's targets.

// account is an account the order names; token is empty unless known.
type account struct {
	username, token string
}

// register creates n accounts through the Mastodon registration API, concurrently.
func (b *legalBench) register(ctx context.Context, n, concurrency int) ([]account, error) {
	var app struct {
		ClientID     string `json:"client_id"`
		ClientSecret string `json:"client_secret"`
	}
	if err := b.call(ctx, http.MethodPost, "/api/v1/apps", "", url.Values{
		"client_name": {"agora bench legal"}, "redirect_uris": {"urn:ietf:wg:oauth:2.0:oob"}, "scopes": {"read write"},
	}, http.StatusOK, &app); err != nil {
		return nil, fmt.Errorf("register an app: %w", err)
	}
	var appToken struct {
		AccessToken string `json:"access_token"`
	}
	if err := b.call(ctx, http.MethodPost, "/oauth/token", "", url.Values{
		"grant_type": {"client_credentials"}, "client_id": {app.ClientID}, "client_secret": {app.ClientSecret}, "scope": {"read write"},
	}, http.StatusOK, &appToken); err != nil {
		return nil, fmt.Errorf("app token: %w", err)
	}
	run := randomHex(4)
	password := "bench-" + randomHex(8)
	accounts := make([]account, n)
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	var (
		wg       sync.WaitGroup
		mu       sync.Mutex
		firstErr error
	)
	next := make(chan int)
	for range min(concurrency, n) {
		wg.Go(func() {
			for i := range next {
				name := "lb" + run + "_" + strconv.Itoa(i)
				var tok struct {
					AccessToken string `json:"access_token"`
				}
				form := url.Values{
					"username": {name}, "email": {name + "@bench.example"}, "password": {password},
					"agreement": {"true"}, "locale": {"en"},
				}
				err := bench.RetryBusy(ctx, func() error {
					return b.call(ctx, http.MethodPost, "/api/v1/accounts", appToken.AccessToken, form, http.StatusOK, &tok)
				})
				if err != nil {
					mu.Lock()
					if firstErr == nil {
						firstErr = fmt.Errorf("register %s: %w", name, err)
						cancel()
					}
					mu.Unlock()
					continue
				}
				accounts[i] = account{username: name, token: tok.AccessToken}
			}
		})
	}
feed:
	for i := range n {
		select {
		case next <- i:
		case <-ctx.Done():
			break feed
		}
	}
	close(next)
	wg.Wait()
	if firstErr != nil {
		var se *statusError
		if errors.As(firstErr, &se) && se.status == http.StatusForbidden {
			return nil, fmt.Errorf("%w (are registrations open?)", firstErr)
		}
		return nil, firstErr
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	return accounts, nil
}

// readNames reads the first n accounts of a names file: one username per line,
// optionally followed by a tab and the account's token; blank lines and lines
// starting with # are skipped.
func readNames(path string, n int) ([]account, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var out []account
	sc := bufio.NewScanner(f)
	for sc.Scan() && len(out) < n {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		name, tok, _ := strings.Cut(line, "\t")
		out = append(out, account{username: strings.TrimPrefix(strings.TrimSpace(name), "@"), token: strings.TrimSpace(tok)})
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	if len(out) < n {
		return nil, &bench.UsageError{Err: fmt.Errorf("%s names %d accounts, fewer than --targets %d", path, len(out), n)}
	}
	return out, nil
}

// writeNames writes the accounts as readNames reads them.
func writeNames(path string, accounts []account) error {
	var buf bytes.Buffer
	for _, a := range accounts {
		fmt.Fprintf(&buf, "%s\t%s\n", a.username, a.token)
	}
	return os.WriteFile(path, buf.Bytes(), 0o600)
}

// sample picks k accounts spread evenly over the list, the first and the last
// among them.
func sample(accounts []account, k int) []account {
	k = min(k, len(accounts))
	var out []account
	for i := range k {
		j := 0
		if k > 1 {
			j = i * (len(accounts) - 1) / (k - 1)
		}
		out = append(out, accounts[j])
	}
	return out
}

// targets names the accounts as orders do, in turn as @user and as user@domain
// (the domain from GET /api/v1/instance; @user alone when it cannot be read).
func (b *legalBench) targets(ctx context.Context, accounts []account) []string {
	var inst struct {
		URI string `json:"uri"`
	}
	if err := b.call(ctx, http.MethodGet, "/api/v1/instance", "", nil, http.StatusOK, &inst); err != nil {
		inst.URI = ""
	}
	out := make([]string, len(accounts))
	for i, a := range accounts {
		if i%2 == 1 && inst.URI != "" {
			out[i] = a.username + "@" + inst.URI
		} else {
			out[i] = "@" + a.username
		}
	}
	return out
}
