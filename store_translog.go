package agora

import (
	"context"
	"time"
)

// LogStore persists the transparency log (translog.go). Entries are appended by
// the rule changes themselves, in their transactions: RuleStore.CreateRules and
// LiftRules, LegalStore.ApplyDecisions. A rule created gets a withhold entry, a
// rule lifted a lift entry; the log has no other writer, and its indexes are
// given in the order those transactions commit, without gaps.
type LogStore interface {
	// StartLog records info the first time it is called on a database (each
	// field that is recorded empty), and returns what is recorded. It then gives
	// every rule in force without a withhold entry (rules made before the log
	// existed) its entry, at the rule's Since, in one transaction.
	StartLog(ctx context.Context, info LogInfo) (LogInfo, error)
	// LogHead returns the log's size and root hash, as the last rule change left them.
	LogHead(ctx context.Context) (LogHead, error)
	// LogHashes returns the stored hashes of the tree (RFC 6962) at the storage
	// indexes of golang.org/x/mod/sumdb/tlog, in their order. ENOTFOUND when one is
	// not stored (beyond the log's size).
	LogHashes(ctx context.Context, indexes []int64) ([][32]byte, error)
	// LogEntries returns the canonical JSON of the entries from index from to
	// index to (excluded), in order; fewer when the log ends before to.
	LogEntries(ctx context.Context, from, to int64) ([][]byte, error)
	// LogOpening returns the opening of the committed entry at index and until
	// when its rule was sealed (Rule.SealedUntil). ENOTFOUND when there is no such
	// entry or it is not committed.
	LogOpening(ctx context.Context, index int64) (*LogOpening, time.Time, error)
}

// LogInfo is what the log records of the instance on its first start.
type LogInfo struct {
	// BaseURL is the public URL of the instance, without a trailing slash; the
	// subjects of entries are URLs under it.
	BaseURL string
	// Verifier is the note verifier key of the log's checkpoints
	// (golang.org/x/mod/sumdb/note), so that a node started with another key is
	// noticed.
	Verifier string
}

// LogHead is the log's size and the RFC 6962 hash of its tree.
type LogHead struct {
	Size int64
	Root [32]byte
}
