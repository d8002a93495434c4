package translog

import (
	"context"
	"fmt"
	"slices"

	"golang.org/x/mod/sumdb/tlog"

	"agora"
)

// EntryProof is one entry of the log with the proof of its inclusion in the
// tree of a signed checkpoint: what the log serves at agora.LogEntryURL, the
// address every 451 and withheld marker names, so that whoever is refused
// content can check the refusal against the log's key alone (CheckEntry).
type EntryProof struct {
	Index      int64
	Entry      []byte           // the entry's canonical JSON, whose record hash is the tree's leaf
	Checkpoint []byte           // the signed checkpoint, with the witnesses' cosignatures
	Proof      tlog.RecordProof // RFC 6962 inclusion proof of the entry at Index in the checkpoint's tree
}

// EntryProof returns the entry at index with the proof of its inclusion in the
// tree of the log's checkpoint as it is now. ENOTFOUND for an index the log does
// not have (yet).
func (l *Log) EntryProof(ctx context.Context, index int64) (*EntryProof, error) {
	signed, head, err := l.checkpoint(ctx)
	if err != nil {
		return nil, err
	}
	if index < 0 || index >= head.Size {
		return nil, agora.Errorf(agora.ENOTFOUND, "The log has no entry %d.", index)
	}
	entries, err := l.store.LogEntries(ctx, index, index+1)
	if err != nil {
		return nil, err
	}
	if len(entries) != 1 {
		return nil, fmt.Errorf("log entry %d: not stored below the head's size %d", index, head.Size)
	}
	p, err := tlog.ProveRecord(head.Size, index, hashReader{ctx, l.store})
	if err != nil {
		return nil, fmt.Errorf("log entry %d: inclusion proof: %w", index, err)
	}
	return &EntryProof{Index: index, Entry: entries[0], Checkpoint: signed, Proof: p}, nil
}

// CheckOptions change what CheckEntry does.
type CheckOptions struct {
	// Key is the verifier key to check the checkpoint with; "" uses the key
	// pinned in the state, or else the key the log publishes (EntryCheck.Pinned
	// is then false: the check is only as good as that key).
	Key string
}

// EntryCheck is what CheckEntry proved.
type EntryCheck struct {
	Entry      *agora.LogEntry
	Checkpoint Checkpoint // the verified checkpoint whose tree includes the entry
	Key        string     // the key the checkpoint was verified with
	Pinned     bool       // Key was given or pinned in the state, not fetched from the log
	// Consistent is the size of the state's checkpoint that Checkpoint was
	// proved consistent with; 0 when the state had none.
	Consistent int64
}

// CheckEntry proves that p's entry is in the log that f reads: p's checkpoint is
// signed with the log's key (opts.Key, else the key pinned in st, else the one
// the log publishes); when st holds a checkpoint verified before (by Verify),
// the new one is proved consistent with it, through the hash tiles f reads; and
// p's entry, in canonical form and naming p's index, is proved to be the leaf
// at that index of the checkpoint's tree. The first failure is returned.
func CheckEntry(ctx context.Context, f Fetcher, p *EntryProof, st State, opts CheckOptions) (*EntryCheck, error) {
	key, pinned, err := verifierKey(ctx, f, st, opts.Key)
	if err != nil {
		return nil, err
	}
	c, err := openCheckpoint(p.Checkpoint, key)
	if err != nil {
		return nil, err
	}
	tree := tlog.Tree{N: c.Size, Hash: c.Hash}
	hr := tlog.TileHashReader(tree, &tileReader{ctx: ctx, f: f, seen: make(map[tlog.Tile][]byte)})
	if err := checkConsistent(c, st, hr); err != nil {
		return nil, err
	}
	if p.Index < 0 || p.Index >= c.Size {
		return nil, fmt.Errorf("entry %d: the checkpoint's tree has %d entries", p.Index, c.Size)
	}
	e, err := agora.ParseLogEntry(p.Entry)
	if err != nil {
		return nil, fmt.Errorf("entry %d: %w", p.Index, err)
	}
	if e.Index != p.Index {
		return nil, fmt.Errorf("entry %d: it says it is entry %d", p.Index, e.Index)
	}
	if err := tlog.CheckRecord(p.Proof, c.Size, c.Hash, p.Index, tlog.RecordHash(p.Entry)); err != nil {
		return nil, fmt.Errorf("entry %d is not the entry the log's tree holds at that index: %w", p.Index, err)
	}
	return &EntryCheck{Entry: e, Checkpoint: c, Key: key, Pinned: pinned, Consistent: st.Size}, nil
}

// CheckRefusal checks that e is an entry that refuses content to a viewer in
// country: the withhold entry of a rule whose countries include it (or XX),
// and, when rule is not 0, of that rule (the one the refusal's notice names).
// The error says what does not match.
func CheckRefusal(e *agora.LogEntry, country string, rule agora.ID) error {
	switch {
	case e.Action != agora.LogWithhold:
		return fmt.Errorf("entry %d records a %s, not a withholding", e.Index, e.Action)
	case rule != 0 && e.RuleID != rule:
		return fmt.Errorf("entry %d records rule %d, but the refusal's notice names rule %d", e.Index, e.RuleID, rule)
	case !slices.Contains(e.Countries, country) && !slices.Contains(e.Countries, agora.AllCountries):
		return fmt.Errorf("entry %d withholds in %v, not in %s", e.Index, e.Countries, country)
	}
	return nil
}
