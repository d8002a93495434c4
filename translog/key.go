package translog

import (
	"crypto/ed25519"
	"crypto/rand"
	"encoding/base64"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"golang.org/x/mod/sumdb/note"
)

// LoadOrCreateKey returns the log's signer key (a note private key,
// "PRIVATE+KEY+<name>+<hash>+<key>") from the file at path, and its verifier
// key. When the file does not exist it makes an Ed25519 key named name, writes
// it there with mode 0600 (only if the file still does not exist, so processes
// starting together agree on one key) and returns it. A key file that others
// than its owner may read or write is refused: the key signs what the log says.
func LoadOrCreateKey(path, name string) (skey, vkey string, err error) {
	return loadOrCreate(path, func() (string, error) {
		skey, _, err := note.GenerateKey(rand.Reader, name)
		return skey, err
	}, parseKey)
}

// loadOrCreate reads the key file at path with parse, or when it does not exist
// writes the key that make returns there, mode 0600 and only if it still does
// not exist, and parses it.
func loadOrCreate(path string, make func() (string, error), parse func(string) (string, string, error)) (string, string, error) {
	skey, vkey, err := loadKeyFile(path, parse)
	if !errors.Is(err, fs.ErrNotExist) {
		return skey, vkey, err
	}
	if skey, err = make(); err != nil {
		return "", "", fmt.Errorf("make key: %w", err)
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return "", "", fmt.Errorf("write key: %w", err)
	}
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if errors.Is(err, fs.ErrExist) { // another process made it first
		return loadKeyFile(path, parse)
	}
	if err != nil {
		return "", "", fmt.Errorf("write key: %w", err)
	}
	_, err = f.WriteString(skey + "\n")
	if err2 := f.Sync(); err == nil {
		err = err2
	}
	if err2 := f.Close(); err == nil {
		err = err2
	}
	if err != nil {
		return "", "", fmt.Errorf("write key: %w", err)
	}
	return parse(skey)
}

// LoadKey reads the signer key in the file at path and derives its verifier
// key, as LoadOrCreateKey does; an error wrapping fs.ErrNotExist when there is
// no such file.
func LoadKey(path string) (skey, vkey string, err error) { return loadKeyFile(path, parseKey) }

// loadKeyFile reads the key in the file at path with parse, refusing a file
// that others than its owner may read or write.
func loadKeyFile(path string, parse func(string) (string, string, error)) (string, string, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return "", "", fmt.Errorf("read key: %w", err)
	}
	info, err := os.Stat(path)
	if err != nil {
		return "", "", fmt.Errorf("key: %w", err)
	}
	if info.Mode().Perm()&0o077 != 0 {
		return "", "", fmt.Errorf("key %s: mode %v lets others read it; chmod 600 it", path, info.Mode().Perm())
	}
	return parse(strings.TrimSpace(string(data)))
}

// parseKey checks a signer key and derives its verifier key:
// "PRIVATE+KEY+<name>+<hash>+" and base64 of 0x01 (Ed25519) and the seed.
func parseKey(skey string) (string, string, error) {
	signer, err := note.NewSigner(skey)
	if err != nil {
		return "", "", fmt.Errorf("log key: not a note signer key: %w", err)
	}
	parts := strings.SplitN(skey, "+", 5) // the base64 key may hold '+'
	key, err := base64.StdEncoding.DecodeString(parts[4])
	if err != nil || len(key) != 1+ed25519.SeedSize || key[0] != 1 {
		return "", "", fmt.Errorf("log key: not an Ed25519 note key")
	}
	pub := ed25519.NewKeyFromSeed(key[1:]).Public().(ed25519.PublicKey)
	vkey, err := note.NewEd25519VerifierKey(signer.Name(), pub)
	if err != nil {
		return "", "", fmt.Errorf("log key: %w", err)
	}
	return skey, vkey, nil
}
