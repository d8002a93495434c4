package agora

import (
	"slices"
	"strings"
	"time"
)

// SubjectKind is what a withholding rule withholds. Stored; the list is append-only.
type SubjectKind string

// Subject kinds.
const (
	SubjectAccount SubjectKind = "account" // every status of the account, and the account itself
	SubjectStatus  SubjectKind = "status"  // one status (and its boosts)
	SubjectHashtag SubjectKind = "hashtag" // the hashtag itself: its timeline, search, trends, follows
)

// WithholdReason is why content is withheld. Stored; the list is append-only.
type WithholdReason string

// Reasons, as DESIGN section 3 names them.
const (
	ReasonLegalDemand WithholdReason = "legal_demand"
	ReasonLocalLaw    WithholdReason = "local_law"
	ReasonCopyright   WithholdReason = "copyright"
)

// AllCountries is the country code that makes a rule apply everywhere.
const AllCountries = "XX"

// Rule is a withholding rule: what is actually enforced. Rules are created and lifted
// only with an audit event in the same transaction.
type Rule struct {
	ID        ID
	Kind      SubjectKind
	SubjectID ID     // the account or status; 0 for a hashtag
	Hashtag   string // lowercase, without '#'; "" unless Kind is hashtag
	Countries []string
	Reason    WithholdReason
	// Origin says where the rule came from: "cli", "api", or "order:<id>".
	Origin    string
	OrderID   ID // 0 unless the rule came from an order's decision
	TargetID  ID // 0 unless the rule came from an order's target
	CreatedBy ID // the staff account, 0 for the command line
	Since     time.Time
	LiftedAt  time.Time // zero while in force
	// SealedUntil is, for a rule given effect under a confidential order, when
	// the order may be disclosed (Forever for an order without an end date);
	// zero for every other rule. While sealed, the rule is enforced but its marks
	// are shown only to legal staff, and its public notice does not name its
	// subject.
	SealedUntil time.Time
	// LogIndex is the index of the rule's withhold entry in the transparency log
	// (LogStore); NotLogged for a rule in force without one (made before the log
	// existed, until the log starts). The store sets it in place when it writes
	// the entry (CreateRules, ApplyDecisions), and rules read back carry it; it
	// means nothing on a rule not stored yet. A 451 and a withheld marker name
	// the entry of the rule (LogEntryURL), so that whoever is refused content can
	// check that the refusal is on the public record.
	LogIndex int64
}

// NotLogged is the LogIndex of a rule without a log entry yet: not stored, or
// made before the log existed and lifted before it started.
const NotLogged int64 = -1

// Logged reports whether the rule's withhold entry is known (LogIndex).
func (r *Rule) Logged() bool { return r.LogIndex >= 0 }

// Forever is the SealedUntil of a rule whose order is confidential without an end
// date: the last millisecond of 9999.
var Forever = time.Date(9999, 12, 31, 23, 59, 59, 999_000_000, time.UTC)

// Sealed reports whether the rule is sealed at the time.
func (r *Rule) Sealed(at time.Time) bool { return at.Before(r.SealedUntil) }

// Validate checks the rule's shape; country codes must be two capital letters.
// Whether a code names a real country is checked by the service.
func (r *Rule) Validate() error {
	switch r.Kind {
	case SubjectAccount, SubjectStatus:
		if r.SubjectID == 0 || r.Hashtag != "" {
			return Errorf(EINVALID, "A %s rule needs the %s's ID and no hashtag.", r.Kind, r.Kind)
		}
	case SubjectHashtag:
		if r.Hashtag == "" || r.SubjectID != 0 {
			return Errorf(EINVALID, "A hashtag rule needs the hashtag and no ID.")
		}
	default:
		return Errorf(EINVALID, "The subject must be account, status or hashtag.")
	}
	switch r.Reason {
	case ReasonLegalDemand, ReasonLocalLaw, ReasonCopyright:
	default:
		return Errorf(EINVALID, "The reason must be legal_demand, local_law or copyright.")
	}
	if len(r.Countries) == 0 {
		return Errorf(EINVALID, "A rule needs at least one country (ISO 3166-1 alpha-2 code, or XX for all).")
	}
	for _, c := range r.Countries {
		if !IsCountryCode(c) {
			return Errorf(EINVALID, "%q is not a country code: use two capital letters such as IN, or XX for all countries.", truncate(c, 10))
		}
	}
	return nil
}

// IsCountryCode reports whether c has the form of an ISO 3166-1 alpha-2 code.
func IsCountryCode(c string) bool {
	return len(c) == 2 && c[0] >= 'A' && c[0] <= 'Z' && c[1] >= 'A' && c[1] <= 'Z'
}

// Active reports whether the rule is in force at t.
func (r *Rule) Active(t time.Time) bool {
	return !t.Before(r.Since) && (r.LiftedAt.IsZero() || t.Before(r.LiftedAt))
}

// Covers reports whether the rule applies to a viewer in country ("" when unknown).
// An XX rule covers everyone. For an unknown country only XX rules apply, unless
// closed (the operator chose to fail closed), when every rule applies.
func (r *Rule) Covers(country string, closed bool) bool {
	if slices.Contains(r.Countries, AllCountries) {
		return true
	}
	if country == "" {
		return closed
	}
	return slices.Contains(r.Countries, country)
}

// NormalizeCountries upper-cases, trims and de-duplicates codes, keeping their order.
func NormalizeCountries(codes []string) []string {
	var out []string
	for _, c := range codes {
		c = strings.ToUpper(strings.TrimSpace(c))
		if c != "" && !slices.Contains(out, c) {
			out = append(out, c)
		}
	}
	return out
}

// Withholding is how withholding marks one status or account for a viewer who may
// see it: the countries where it is withheld and whether the whole account is.
type Withholding struct {
	Countries []string // sorted, unique
	Scope     SubjectKind
	Copyright bool
	Rules     []*Rule // the rules in force on it, newest first
}

// Viewer is who reads: the account (nil when anonymous) and the country of the
// request ("" when unknown).
type Viewer struct {
	Account *Account
	Country string
}
