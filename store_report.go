package agora

import (
	"context"
	"time"
)

// ReportOrder is an order as the transparency reports count it: when it was
// received, acknowledged and first given effect, who issued it, and tallies of
// its targets and of the owners' appeals on them. Stores fill it; the legal
// desk counts (legal/report.go).
type ReportOrder struct {
	ID               ID
	ReceivedAt       time.Time
	AcknowledgedAt   time.Time // zero until acknowledged
	FirstEffectAt    time.Time // zero until a decision first gave it effect
	TerritorialScope []string
	// AuthorityKind and AuthorityCountry are the issuing authority's; "" when
	// the order names none.
	AuthorityKind    AuthorityKind
	AuthorityCountry string
	// Targets tallies the order's targets, one entry per distinct
	// combination of its fields; in no particular order.
	Targets []TargetTally
	// Appeals counts the owners' appeals on the order's targets by state.
	Appeals map[AppealState]int
}

// TargetTally counts the targets of an order that are alike in kind,
// resolution and state, and in whether a decision ever withheld or removed
// them.
type TargetTally struct {
	Kind       SubjectKind // "" for targets that resolved to nothing
	Resolution Resolution
	State      TargetState
	// Withheld is set when a withhold decision was taken on the targets,
	// whether lifted since or not; Removed when a remove decision was.
	Withheld bool
	Removed  bool
	Count    int
}

// ReportStore reads what the transparency reports count.
type ReportStore interface {
	// ReportOrders returns every order received in [from, to), by time of
	// receipt then ID, with its tallies, in a fixed number of round trips
	// however many orders and targets there are.
	ReportOrders(ctx context.Context, from, to time.Time) ([]*ReportOrder, error)
	// FirstOrderReceived returns when the earliest order was received; zero
	// when there is none.
	FirstOrderReceived(ctx context.Context) (time.Time, error)
}
