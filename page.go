package agora

// Paging limits, as Mastodon has them: lists of statuses take 20 by default and
// at most 40; lists of accounts and notifications take 40 and at most 80
// (DefaultAccountPageLimit, MaxListLimit). Each route's own limits are applied
// where its request is read; Normalize only bounds what any list may take.
const (
	DefaultPageLimit        = 20
	MaxPageLimit            = 40
	DefaultAccountPageLimit = 40
	MaxListLimit            = 80
)

// Page selects a slice of a list ordered by ID, newest first.
//   - MaxID: only items with ID < MaxID.
//   - SinceID: only items with ID > SinceID, the newest ones first.
//   - MinID: only items with ID > MinID, the oldest of those first (then returned
//     newest first), so a client can walk forward without gaps.
//
// Limit is how many at most; the zero value means DefaultPageLimit.
type Page struct {
	MaxID   ID
	SinceID ID
	MinID   ID
	Limit   int
}

// Lower returns the exclusive lower bound of the page (0 when none).
func (p Page) Lower() ID { return max(p.SinceID, p.MinID) }

// Ascending reports whether the store must walk upward from MinID.
func (p Page) Ascending() bool { return p.MinID != 0 }

// Contains reports whether id lies within the page's bounds (limit not considered).
func (p Page) Contains(id ID) bool {
	return (p.MaxID == 0 || id < p.MaxID) && id > p.Lower()
}

// Normalize fills in the default limit and clamps it to MaxListLimit, the most any
// list allows.
func (p Page) Normalize() Page {
	if p.Limit <= 0 {
		p.Limit = DefaultPageLimit
	}
	if p.Limit > MaxListLimit {
		p.Limit = MaxListLimit
	}
	return p
}
