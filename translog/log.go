// Package translog is agora's verifiable log of withholdings (DESIGN section 7):
// a Merkle tree with RFC 6962 hashing (golang.org/x/mod/sumdb/tlog) of one entry
// per rule created or lifted, which the store appends in the transaction of the
// change itself (agora.LogStore). This package serves it: checkpoints signed as
// notes (golang.org/x/mod/sumdb/note, Ed25519) in the C2SP tlog-checkpoint form,
// hash tiles and entry bundles in the C2SP tlog-tiles layout, and the openings of
// sealed entries once their order may be published. It also verifies a log from
// the outside (Verify), as `agora log verify` does.
package translog

import (
	"context"
	"fmt"
	"net/url"
	"strings"
	"sync"
	"time"

	"golang.org/x/mod/sumdb/note"
	"golang.org/x/mod/sumdb/tlog"

	"agora"
)

// Log serves the transparency log of one database. It is safe for concurrent use.
type Log struct {
	store  agora.LogStore
	signer note.Signer
	vkey   string
	now    func() time.Time

	mu        sync.Mutex
	signed    []byte // the last checkpoint signed
	size      int64  // its size
	witnesses []note.Verifier
	cosigs    map[string]cosignature // the latest of each witness, by name
}

// cosignature is a witness's cosignature line of the checkpoint of one tree.
type cosignature struct {
	size int64
	hash tlog.Hash
	line string // "— <name> <base64>\n"
}

// Origin returns the origin of the log of the instance at baseURL: its host and
// path without the scheme, followed by /transparency/log, as C2SP
// tlog-checkpoint recommends ("social.example/transparency/log"). It is also the
// name of the log's key.
func Origin(baseURL string) string {
	u, err := url.Parse(baseURL)
	if err != nil || u.Host == "" {
		return "agora/transparency/log"
	}
	return u.Host + strings.TrimSuffix(u.Path, "/") + "/transparency/log"
}

// Open starts serving the log on store with the signer key skey (see
// LoadOrCreateKey) and its verifier key vkey. The first start records the
// instance's base URL and vkey in the database (agora.LogStore.StartLog); a later
// start with another key is refused, since readers pinned the first. now may be
// nil for time.Now.
func Open(ctx context.Context, store agora.LogStore, baseURL, skey, vkey string, now func() time.Time) (*Log, error) {
	signer, err := note.NewSigner(skey)
	if err != nil {
		return nil, fmt.Errorf("log key: %w", err)
	}
	if now == nil {
		now = time.Now
	}
	info, err := store.StartLog(ctx, agora.LogInfo{BaseURL: strings.TrimSuffix(baseURL, "/"), Verifier: vkey})
	if err != nil {
		return nil, fmt.Errorf("start log: %w", err)
	}
	if info.Verifier != vkey {
		return nil, fmt.Errorf("the log's key does not match: this database's log is signed with %s, the key file has %s (use the key file the log was started with)", info.Verifier, vkey)
	}
	return &Log{store: store, signer: signer, vkey: vkey, now: now, cosigs: make(map[string]cosignature)}, nil
}

// VerifierKey returns the note verifier key of the log's checkpoints
// ("<origin>+<hash>+<key>"): what readers pin.
func (l *Log) VerifierKey() string { return l.vkey }

// Origin returns the log's origin, the first line of its checkpoints.
func (l *Log) Origin() string { return l.signer.Name() }

// Checkpoint returns the signed checkpoint of the log as it is now, with the
// cosignatures witnesses gave it (SetWitnesses). It is signed once per size
// (Ed25519 signatures are deterministic, so every node holding the key signs the
// same bytes).
func (l *Log) Checkpoint(ctx context.Context) ([]byte, error) {
	signed, _, err := l.checkpoint(ctx)
	return signed, err
}

// checkpoint is Checkpoint, with the head of the tree it signs.
func (l *Log) checkpoint(ctx context.Context) ([]byte, agora.LogHead, error) {
	head, err := l.store.LogHead(ctx)
	if err != nil {
		return nil, head, err
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.signed == nil || l.size != head.Size {
		c := Checkpoint{Origin: l.Origin(), Size: head.Size, Hash: head.Root}
		signed, err := note.Sign(&note.Note{Text: c.Text()}, l.signer)
		if err != nil {
			return nil, head, fmt.Errorf("sign checkpoint: %w", err)
		}
		if head.Size < l.size { // another node is ahead of this read: keep the newer
			return l.withCosignatures(signed, head), head, nil
		}
		l.signed, l.size = signed, head.Size
	}
	return l.withCosignatures(l.signed, head), head, nil
}

// withCosignatures appends to the signed checkpoint of head the cosignatures
// witnesses gave that very tree. The caller holds l.mu.
func (l *Log) withCosignatures(signed []byte, head agora.LogHead) []byte {
	out := signed
	for _, w := range l.witnesses {
		if c, ok := l.cosigs[w.Name()]; ok && c.size == head.Size && c.hash == head.Root {
			out = append(out[:len(out):len(out)], c.line...)
		}
	}
	return out
}

// SetWitnesses sets the witnesses whose cosignatures the log takes and serves
// with its checkpoints, by their verifier keys (C2SP tlog-cosignature, Ed25519).
func (l *Log) SetWitnesses(vkeys []string) error {
	var ws []note.Verifier
	for _, k := range vkeys {
		v, err := NewCosignatureVerifier(k)
		if err != nil {
			return err
		}
		ws = append(ws, v)
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	l.witnesses, l.cosigs = ws, make(map[string]cosignature)
	return nil
}

// AddCosignature takes a checkpoint of this log, as signed by the log, with
// cosignatures of configured witnesses, and keeps each witness's latest; the
// checkpoint then carries them while the log has that size. Cosignatures are
// kept in this process's memory. EINVALID when the log's signature or every
// configured witness's cosignature is missing or does not verify.
func (l *Log) AddCosignature(signed []byte) error {
	logV, err := note.NewVerifier(l.vkey)
	if err != nil {
		return fmt.Errorf("log key: %w", err)
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	n, err := note.Open(signed, note.VerifierList(append([]note.Verifier{logV}, l.witnesses...)...))
	if err != nil {
		return &agora.Error{Code: agora.EINVALID, Message: "Not a checkpoint of this log with a known witness's cosignature.", Err: err}
	}
	c, err := ParseCheckpoint(n.Text)
	if err != nil || c.Origin != l.Origin() {
		return agora.Errorf(agora.EINVALID, "Not a checkpoint of this log.")
	}
	logSigned, added := false, 0
	for _, sig := range n.Sigs {
		if sig.Name == logV.Name() && sig.Hash == logV.KeyHash() {
			logSigned = true
		}
	}
	for _, sig := range n.Sigs {
		if !logSigned || (sig.Name == logV.Name() && sig.Hash == logV.KeyHash()) {
			continue
		}
		if old, ok := l.cosigs[sig.Name]; !ok || old.size <= c.Size {
			l.cosigs[sig.Name] = cosignature{size: c.Size, hash: c.Hash, line: "— " + sig.Name + " " + sig.Base64 + "\n"}
		}
		added++
	}
	if added == 0 {
		return agora.Errorf(agora.EINVALID, "The checkpoint carries no cosignature of a configured witness.")
	}
	return nil
}

// Tile returns the tile at path (tile/<L>/<N>[.p/<W>] or
// tile/entries/<N>[.p/<W>]). What a path names never changes once the log has
// it. ENOTFOUND for a path that names no tile, or a tile beyond the log's size.
func (l *Log) Tile(ctx context.Context, path string) ([]byte, error) {
	t, err := ParseTilePath(path)
	if err != nil {
		return nil, agora.Errorf(agora.ENOTFOUND, "No such tile.")
	}
	head, err := l.store.LogHead(ctx)
	if err != nil {
		return nil, err
	}
	level := max(t.L, 0)
	end := t.N<<TileHeight + int64(t.W) // entries (or hashes at the tile's level) covered
	if end > head.Size>>(TileHeight*level) {
		return nil, agora.Errorf(agora.ENOTFOUND, "The log has no tile %s yet.", path)
	}
	if t.L == -1 {
		entries, err := l.store.LogEntries(ctx, t.N<<TileHeight, end)
		if err != nil {
			return nil, err
		}
		if int64(len(entries)) != int64(t.W) {
			return nil, fmt.Errorf("entry bundle %s: %d entries, want %d", path, len(entries), t.W)
		}
		return entryBundle(entries), nil
	}
	return tlog.ReadTileData(t, hashReader{ctx, l.store})
}

// Opening returns the opening of the committed entry at index, once the order
// of its rule may be published (the rule's seal has ended). ENOTFOUND before,
// and for an entry that is not committed or does not exist.
func (l *Log) Opening(ctx context.Context, index int64) (*agora.LogOpening, error) {
	o, sealedUntil, err := l.store.LogOpening(ctx, index)
	if err != nil {
		return nil, err
	}
	if l.now().Before(sealedUntil) {
		return nil, agora.Errorf(agora.ENOTFOUND, "Entry %d is opened when its order may be published.", index)
	}
	return o, nil
}

// hashReader reads the tree's stored hashes from the store.
type hashReader struct {
	ctx   context.Context
	store agora.LogStore
}

func (r hashReader) ReadHashes(indexes []int64) ([]tlog.Hash, error) {
	got, err := r.store.LogHashes(r.ctx, indexes)
	if err != nil {
		return nil, err
	}
	out := make([]tlog.Hash, len(got))
	for i, h := range got {
		out[i] = h
	}
	return out, nil
}
