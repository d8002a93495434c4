package translog

import (
	"bytes"
	"crypto/ed25519"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/binary"
	"fmt"
	"strconv"
	"strings"
	"time"

	"golang.org/x/mod/sumdb/note"
)

// Witnesses (C2SP tlog-cosignature, Ed25519 "cosignature/v1"): a witness keeps
// the last checkpoint it verified of a log, and cosigns a new checkpoint only
// when it is consistent with that one. A log that showed different histories to
// different readers could not get both cosigned by the same witness.

// cosignatureAlg is the signature type of Ed25519 cosignatures.
const cosignatureAlg = 0x04

// keyID is the note key ID: the first four bytes of SHA-256(name || "\n" ||
// alg || public key), big-endian.
func keyID(name string, alg byte, pub []byte) uint32 {
	h := sha256.New()
	h.Write([]byte(name + "\n"))
	h.Write([]byte{alg})
	h.Write(pub)
	return binary.BigEndian.Uint32(h.Sum(nil))
}

// LoadOrCreateWitnessKey returns a witness's signer key from the file at path
// ("PRIVATE+KEY+<name>+<id>+" and base64 of 0x04 and the Ed25519 seed), and its
// verifier key ("<name>+<id>+" and base64 of 0x04 and the public key), which a
// log's operator configures. Without the file it makes a key named name and
// writes it there as LoadOrCreateKey does.
func LoadOrCreateWitnessKey(path, name string) (skey, vkey string, err error) {
	return loadOrCreate(path, func() (string, error) {
		if name == "" || strings.ContainsAny(name, "+ \n\t") {
			return "", fmt.Errorf("witness name %q: must be non-empty, without spaces or '+'", name)
		}
		pub, priv, err := ed25519.GenerateKey(rand.Reader)
		if err != nil {
			return "", err
		}
		return fmt.Sprintf("PRIVATE+KEY+%s+%08x+%s", name, keyID(name, cosignatureAlg, pub),
			base64.StdEncoding.EncodeToString(append([]byte{cosignatureAlg}, priv.Seed()...))), nil
	}, parseWitnessKey)
}

// parseWitnessKey reads a witness signer key and derives its verifier key.
func parseWitnessKey(skey string) (string, string, error) {
	c, err := NewCosigner(skey)
	if err != nil {
		return "", "", err
	}
	pub := c.key.Public().(ed25519.PublicKey)
	return skey, fmt.Sprintf("%s+%08x+%s", c.name, c.id,
		base64.StdEncoding.EncodeToString(append([]byte{cosignatureAlg}, pub...))), nil
}

// splitKey reads "<name>+<id>+<base64 of alg and key>" into its parts, checking
// the alg and the ID.
func splitKey(k string, keyLen int) (name string, id uint32, key []byte, err error) {
	name, rest, _ := strings.Cut(k, "+")
	id16, key64, _ := strings.Cut(rest, "+")
	n, err1 := strconv.ParseUint(id16, 16, 32)
	raw, err2 := base64.StdEncoding.DecodeString(key64)
	if name == "" || len(id16) != 8 || err1 != nil || err2 != nil || len(raw) != 1+keyLen || raw[0] != cosignatureAlg {
		return "", 0, nil, fmt.Errorf("not an Ed25519 cosignature key (type 0x04)")
	}
	return name, uint32(n), raw[1:], nil
}

// Cosigner makes cosignatures with a witness key. It is a note.Signer: its
// Sign signs the cosignature/v1 message at the current time.
type Cosigner struct {
	name string
	id   uint32
	key  ed25519.PrivateKey
	now  func() time.Time
}

// NewCosigner returns the cosigner of a witness signer key.
func NewCosigner(skey string) (*Cosigner, error) {
	rest, ok := strings.CutPrefix(skey, "PRIVATE+KEY+")
	if !ok {
		return nil, fmt.Errorf("witness key: not a signer key")
	}
	name, id, seed, err := splitKey(rest, ed25519.SeedSize)
	if err != nil {
		return nil, fmt.Errorf("witness key: %w", err)
	}
	priv := ed25519.NewKeyFromSeed(seed)
	if keyID(name, cosignatureAlg, priv.Public().(ed25519.PublicKey)) != id {
		return nil, fmt.Errorf("witness key: the key ID does not match the key")
	}
	return &Cosigner{name: name, id: id, key: priv, now: time.Now}, nil
}

// Name returns the witness's name.
func (c *Cosigner) Name() string { return c.name }

// KeyHash returns the witness key's ID.
func (c *Cosigner) KeyHash() uint32 { return c.id }

// Sign returns the timestamped signature of the checkpoint body msg: the time in
// POSIX seconds (8 bytes, big-endian) and the Ed25519 signature of
// "cosignature/v1\ntime <t>\n" followed by msg.
func (c *Cosigner) Sign(msg []byte) ([]byte, error) {
	t := uint64(c.now().Unix())
	sig := binary.BigEndian.AppendUint64(nil, t)
	return append(sig, ed25519.Sign(c.key, cosignedMessage(t, msg))...), nil
}

func cosignedMessage(t uint64, msg []byte) []byte {
	var b bytes.Buffer
	fmt.Fprintf(&b, "cosignature/v1\ntime %d\n", t)
	b.Write(msg)
	return b.Bytes()
}

// cosignatureVerifier checks cosignatures of one witness; it is a note.Verifier.
type cosignatureVerifier struct {
	name string
	id   uint32
	pub  ed25519.PublicKey
}

// NewCosignatureVerifier returns the verifier of a witness's cosignatures, from
// its verifier key.
func NewCosignatureVerifier(vkey string) (note.Verifier, error) {
	name, id, pub, err := splitKey(vkey, ed25519.PublicKeySize)
	if err != nil {
		return nil, fmt.Errorf("witness verifier key %q: %w", vkey, err)
	}
	if keyID(name, cosignatureAlg, pub) != id {
		return nil, fmt.Errorf("witness verifier key %q: the key ID does not match the key", vkey)
	}
	return &cosignatureVerifier{name: name, id: id, pub: pub}, nil
}

func (v *cosignatureVerifier) Name() string    { return v.name }
func (v *cosignatureVerifier) KeyHash() uint32 { return v.id }

func (v *cosignatureVerifier) Verify(msg, sig []byte) bool {
	if len(sig) != 8+ed25519.SignatureSize {
		return false
	}
	t := binary.BigEndian.Uint64(sig)
	return t < 1<<63 && ed25519.Verify(v.pub, cosignedMessage(t, msg), sig[8:])
}

// Cosign returns the signed checkpoint with the witness's cosignature added,
// after checking the log's signature with logKey. The caller must have
// verified that the checkpoint is consistent with the last one it cosigned.
func Cosign(signed []byte, logKey string, c *Cosigner) ([]byte, error) {
	v, err := note.NewVerifier(logKey)
	if err != nil {
		return nil, fmt.Errorf("log key: %w", err)
	}
	n, err := note.Open(signed, note.VerifierList(v))
	if err != nil {
		return nil, fmt.Errorf("checkpoint: %w", err)
	}
	n.Sigs = append(n.Sigs, n.UnverifiedSigs...) // keep the other witnesses' lines
	n.UnverifiedSigs = nil
	return note.Sign(n, c)
}
