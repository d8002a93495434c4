package bench

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"strings"
)

// Credential is an account's username and an access token that acts for it, as
// one line of a tokens file holds them.
type Credential struct {
	Username string
	Token    string
}

// ReadTokens reads a tokens file: one "username<TAB>token" per line. Blank lines
// and lines starting with # are skipped. The token needs the scopes read, write and
// follow.
func ReadTokens(r io.Reader) ([]Credential, error) {
	var creds []Credential
	sc := bufio.NewScanner(r)
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimRight(sc.Text(), "\r")
		if strings.TrimSpace(line) == "" || strings.HasPrefix(line, "#") {
			continue
		}
		user, tok, ok := strings.Cut(line, "\t")
		user, tok = strings.TrimSpace(user), strings.TrimSpace(tok)
		if !ok || user == "" || tok == "" || strings.ContainsAny(tok, " \t") {
			return nil, fmt.Errorf("tokens line %d: want username<TAB>token", n)
		}
		creds = append(creds, Credential{Username: user, Token: tok})
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("read tokens: %w", err)
	}
	return creds, nil
}

// ReadTokensFile reads a tokens file by name; it must hold at least one token.
func ReadTokensFile(name string) ([]Credential, error) {
	f, err := os.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	creds, err := ReadTokens(f)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	if len(creds) == 0 {
		return nil, fmt.Errorf("%s: no tokens", name)
	}
	return creds, nil
}

// WriteTokens writes credentials in the format ReadTokens reads.
func WriteTokens(w io.Writer, creds []Credential) error {
	bw := bufio.NewWriter(w)
	for _, c := range creds {
		fmt.Fprintf(bw, "%s\t%s\n", c.Username, c.Token)
	}
	return bw.Flush()
}

// WriteTokensFile writes credentials to a new or truncated file readable by its
// owner only, since the tokens act for the accounts.
func WriteTokensFile(name string, creds []Credential) error {
	f, err := os.OpenFile(name, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o600)
	if err != nil {
		return err
	}
	if err := WriteTokens(f, creds); err != nil {
		f.Close()
		return fmt.Errorf("write %s: %w", name, err)
	}
	return f.Close()
}
