package translog

import (
	"context"
	"fmt"
	"maps"
	"slices"

	"golang.org/x/mod/sumdb/note"
	"golang.org/x/mod/sumdb/tlog"

	"agora"
)

// Fetcher reads a log from outside, as any reader can: the files the log serves.
type Fetcher interface {
	// Key returns the log's verifier key as the log publishes it.
	Key(ctx context.Context) (string, error)
	// Checkpoint returns the log's signed checkpoint.
	Checkpoint(ctx context.Context) ([]byte, error)
	// Tile returns the tile at path (TilePath).
	Tile(ctx context.Context, path string) ([]byte, error)
	// Opening returns the opening of the committed entry at index; an error with
	// code ENOTFOUND while it is not published.
	Opening(ctx context.Context, index int64) (*agora.LogOpening, error)
}

// State is what a verifier keeps between runs: the key it pinned and the last
// checkpoint it verified, and the committed entries not opened yet.
type State struct {
	Key        string    `json:"key"`        // the verifier key, pinned on the first run
	Size       int64     `json:"size"`       // the tree size verified
	Hash       tlog.Hash `json:"hash"`       // its root hash
	Checkpoint string    `json:"checkpoint"` // the signed checkpoint verified
	// Sealed holds the commitment of each committed entry (by index) whose
	// opening was not published at the last run.
	Sealed map[int64]string `json:"sealed,omitempty"`
}

// Report is what one verification found.
type Report struct {
	OldSize, Size int64 // the tree sizes verified before and now
	Entries       int64 // entries whose inclusion was proved
	Opened        int   // openings checked against their commitments
	Sealed        int   // committed entries still waiting for their opening
}

// VerifyOptions change what Verify does.
type VerifyOptions struct {
	// Key is the verifier key to check checkpoints with; "" uses the key in the
	// state, or on a first run the key the log publishes (which is then pinned).
	Key string
	// All checks every entry from the first, not only those added since the
	// state's checkpoint.
	All bool
}

// Verify checks the log that f reads against st, and returns the new state to
// keep and what it checked. It checks the checkpoint's signature with the pinned
// key; that the tree only grew since st (a consistency proof); the inclusion of
// every entry added since (every entry with opts.All), each read from the entry
// bundles, in canonical form and at its own index; and every opening now
// published against the commitment of its entry. Tiles are authenticated against
// the signed checkpoint as they are read. The first failure is returned, naming
// the entry when an entry fails; st is not changed.
func Verify(ctx context.Context, f Fetcher, st State, opts VerifyOptions) (State, *Report, error) {
	key, _, err := verifierKey(ctx, f, st, opts.Key)
	if err != nil {
		return st, nil, err
	}
	signed, err := f.Checkpoint(ctx)
	if err != nil {
		return st, nil, fmt.Errorf("fetch checkpoint: %w", err)
	}
	c, err := openCheckpoint(signed, key)
	if err != nil {
		return st, nil, err
	}
	tree := tlog.Tree{N: c.Size, Hash: c.Hash}
	hr := tlog.TileHashReader(tree, &tileReader{ctx: ctx, f: f, seen: make(map[tlog.Tile][]byte)})
	rep := &Report{OldSize: st.Size, Size: c.Size}
	if err := checkConsistent(c, st, hr); err != nil {
		return st, nil, err
	}
	sealed := maps.Clone(st.Sealed)
	if sealed == nil {
		sealed = make(map[int64]string)
	}
	from := st.Size
	if opts.All {
		from = 0
	}
	if err := verifyEntries(ctx, f, hr, tree, from, sealed); err != nil {
		return st, nil, err
	}
	rep.Entries = c.Size - from
	for _, i := range slices.Sorted(maps.Keys(sealed)) {
		o, err := f.Opening(ctx, i)
		if agora.ErrorCode(err) == agora.ENOTFOUND {
			continue
		} else if err != nil {
			return st, nil, fmt.Errorf("fetch the opening of entry %d: %w", i, err)
		}
		if o.Index != i || o.Commitment() != sealed[i] {
			return st, nil, fmt.Errorf("entry %d: its opening does not open its commitment", i)
		}
		delete(sealed, i)
		rep.Opened++
	}
	rep.Sealed = len(sealed)
	if len(sealed) == 0 {
		sealed = nil
	}
	return State{Key: key, Size: c.Size, Hash: c.Hash, Checkpoint: string(signed), Sealed: sealed}, rep, nil
}

// verifierKey returns the key to check checkpoints with: key when given (which
// must be the one pinned in st, if any), else the one pinned in st, else the one
// the log publishes, fetched through f; and whether it was given or pinned
// rather than fetched.
func verifierKey(ctx context.Context, f Fetcher, st State, key string) (string, bool, error) {
	switch {
	case key != "" && st.Key != "" && key != st.Key:
		return "", false, fmt.Errorf("the key given is not the key pinned in the state (%s)", st.Key)
	case key != "":
		return key, true, nil
	case st.Key != "":
		return st.Key, true, nil
	}
	k, err := f.Key(ctx)
	if err != nil {
		return "", false, fmt.Errorf("fetch the log's key: %w", err)
	}
	return k, false, nil
}

// openCheckpoint checks the signature of the signed checkpoint with key and
// returns its body, whose origin must be the key's name. Cosignatures of others
// are ignored.
func openCheckpoint(signed []byte, key string) (Checkpoint, error) {
	verifier, err := note.NewVerifier(key)
	if err != nil {
		return Checkpoint{}, fmt.Errorf("verifier key %q: %w", key, err)
	}
	n, err := note.Open(signed, note.VerifierList(verifier))
	if err != nil {
		return Checkpoint{}, fmt.Errorf("checkpoint: the signature does not verify with %s: %w", key, err)
	}
	c, err := ParseCheckpoint(n.Text)
	if err != nil {
		return Checkpoint{}, err
	}
	if c.Origin != verifier.Name() {
		return Checkpoint{}, fmt.Errorf("checkpoint: origin %q is not the key's name %q", c.Origin, verifier.Name())
	}
	return c, nil
}

// checkConsistent proves that the tree of c, whose hashes hr reads, grew from the
// tree verified in st (nothing when st has none).
func checkConsistent(c Checkpoint, st State, hr tlog.HashReader) error {
	if c.Size < st.Size {
		return fmt.Errorf("checkpoint: the log has %d entries, fewer than the %d verified before: it was rewritten", c.Size, st.Size)
	}
	if st.Size == 0 {
		return nil
	}
	p, err := tlog.ProveTree(c.Size, st.Size, hr)
	if err == nil {
		err = tlog.CheckTree(p, c.Size, c.Hash, st.Size, st.Hash)
	}
	if err != nil {
		return fmt.Errorf("the checkpoint of %d entries is not consistent with the one verified before (%d entries): the log was rewritten: %w", c.Size, st.Size, err)
	}
	return nil
}

// verifyEntries checks the entries from index from to the tree's end: read from
// their bundles, each is an entry in canonical form at its own index, and its
// record hash is proved to be the tree's leaf there. The commitments of committed
// entries are added to sealed.
func verifyEntries(ctx context.Context, f Fetcher, hr tlog.HashReader, tree tlog.Tree, from int64, sealed map[int64]string) error {
	for start := from &^ (tileWidth - 1); start < tree.N; start += tileWidth {
		t := tlog.Tile{H: TileHeight, L: -1, N: start >> TileHeight, W: int(min(tileWidth, tree.N-start))}
		data, err := f.Tile(ctx, TilePath(t))
		if err != nil {
			return fmt.Errorf("fetch entries %d to %d: %w", start, start+int64(t.W)-1, err)
		}
		entries, err := ParseEntryBundle(data)
		if err != nil {
			return fmt.Errorf("entries %d to %d: %w", start, start+int64(t.W)-1, err)
		}
		if len(entries) != t.W {
			return fmt.Errorf("entries %d to %d: the bundle has %d entries, want %d", start, start+int64(t.W)-1, len(entries), t.W)
		}
		for k, data := range entries {
			i := start + int64(k)
			if i < from {
				continue
			}
			e, err := agora.ParseLogEntry(data)
			if err != nil {
				return fmt.Errorf("entry %d: %w", i, err)
			}
			if e.Index != i {
				return fmt.Errorf("entry %d: it says it is entry %d", i, e.Index)
			}
			p, err := tlog.ProveRecord(tree.N, i, hr)
			if err != nil {
				return fmt.Errorf("entry %d: inclusion proof: %w", i, err)
			}
			if err := tlog.CheckRecord(p, tree.N, tree.Hash, i, tlog.RecordHash(data)); err != nil {
				return fmt.Errorf("entry %d is not the entry the log's tree holds at that index (it was changed): %w", i, err)
			}
			if e.Commitment != "" {
				sealed[i] = e.Commitment
			}
		}
	}
	return nil
}

// tileReader fetches tiles for tlog.TileHashReader, each once.
type tileReader struct {
	ctx  context.Context
	f    Fetcher
	seen map[tlog.Tile][]byte
}

func (r *tileReader) Height() int { return TileHeight }

func (r *tileReader) ReadTiles(tiles []tlog.Tile) ([][]byte, error) {
	out := make([][]byte, len(tiles))
	for i, t := range tiles {
		if data, ok := r.seen[t]; ok {
			out[i] = data
			continue
		}
		data, err := r.f.Tile(r.ctx, TilePath(t))
		if err != nil {
			return nil, fmt.Errorf("fetch %s: %w", TilePath(t), err)
		}
		out[i] = data
	}
	return out, nil
}

// SaveTiles keeps the tiles TileHashReader authenticated.
func (r *tileReader) SaveTiles(tiles []tlog.Tile, data [][]byte) {
	for i, t := range tiles {
		r.seen[t] = data[i]
	}
}
