package agora

// What the legal desk shows a reviewer of a target beside the target itself:
// what its subject is (a preview, read through the visibility gate), what other
// orders decided on the same subject, and whether those decisions disagree.

// Subject is what a rule or an order's target names: an account or a status by
// ID, or a hashtag by name. It is comparable, so it keys maps.
type Subject struct {
	Kind    SubjectKind
	ID      ID     // the account or status; 0 for a hashtag
	Hashtag string // lowercase, without '#'; "" unless Kind is hashtag
}

// Subject returns what the target resolved to (a duplicate or an already
// withheld target names its subject too); the zero Subject when it is
// unresolved.
func (t *Target) Subject() Subject {
	if t.Kind == "" {
		return Subject{}
	}
	return Subject{Kind: t.Kind, ID: t.SubjectID, Hashtag: t.Hashtag}
}

// SubjectDecision is a decision with what its target names and the internal
// number of its order: how a decision is shown beside another order's target on
// the same subject.
type SubjectDecision struct {
	*Decision
	Subject     Subject
	OrderNumber string
}

// Conflict says that deciding a target one way would go against what another
// order decided on the same subject and still stands there (declined, with any
// reason code, against withheld or removed here, or the reverse), or that the
// target's own decision already does. A decision that goes against one needs a
// note saying why. What stands in another order is the latest of the withhold,
// remove, decline and lift decisions on its target; a lift leaves nothing
// standing. A target decided as the other orders decided has no conflict.
type Conflict struct {
	// NeedsNote lists the actions that would go against a standing decision of
	// another order: withhold and remove where it is declined, decline where it
	// is withheld or removed.
	NeedsNote []DecisionAction
	// With are the decisions that stand in other orders, oldest first.
	With []*SubjectDecision
	// Decided reports whether the target's own state (withheld, removed or
	// declined) already goes against one of them.
	Decided bool
}

// PreviewStatuses is how many of an account's latest posts a preview shows.
const PreviewStatuses = 3

// PreviewTagDays is the span, in days up to now, over which a preview counts a
// hashtag's use.
const PreviewTagDays = 7

// SubjectPreview is what a reviewer is shown of a target's subject, read through
// the reviewer's snapshot of the visibility gate: legal staff see withheld
// content (marked elsewhere), not what the audience rules keep from them
// (private posts of accounts they do not follow, direct messages).
type SubjectPreview struct {
	// Account is the account, or the author of the status; nil when it no
	// longer exists.
	Account *Account
	// Status is the status of a status subject; nil for other subjects, and when
	// it no longer exists or the gate does not show it.
	Status *Status
	// Recent are, for an account subject, its latest PreviewStatuses posts that
	// the gate shows (public and unlisted, boosts left out), newest first.
	Recent []*Status
	// Tag is, for a hashtag subject, its name and its use in public statuses
	// over the last PreviewTagDays days.
	Tag *TagTrend
}
