package agora

import (
	"context"
	"time"
)

// DecisionQuery selects decisions across orders, in ID order, for what the
// legal desk publishes elsewhere (the DSA statements of reasons).
type DecisionQuery struct {
	Actions []DecisionAction // only these; empty for any
	// Countries keeps the decisions whose countries include one of these
	// codes; empty for any.
	Countries []string
	AfterID   ID        // only decisions with a greater ID (paging)
	Since     time.Time // only decisions taken at or after; zero for no bound
	Until     time.Time // only decisions taken at or before; zero for no bound
	Limit     int       // default 100, at most MaxDecisionLimit
}

// MaxDecisionLimit is the largest DecisionQuery.Limit.
const MaxDecisionLimit = 1000

// ExportStore reads what the legal desk's exports need beyond the LegalStore.
type ExportStore interface {
	// FindDecisions returns the decisions q selects, by ID.
	FindDecisions(ctx context.Context, q DecisionQuery) ([]*Decision, error)
	// TagsFirstUsed returns when each of the (lowercase) hashtags was first
	// used, for those ever used.
	TagsFirstUsed(ctx context.Context, names []string) (map[string]time.Time, error)
}
