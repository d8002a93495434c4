package wire

// The parts of a Target that help a reviewer decide it: a preview of what it
// names, what other orders decided on the same item, and whether a decision
// here would go against them.

// Preview is what a target names, read through the reviewer's view of the
// visibility gate (staff see withheld content; private posts stay private).
type Preview struct {
	// Account is the account, or the author of the status; null for hashtags.
	Account *AccountPreview `json:"account"`
	// Status is the status of a status target; null otherwise.
	Status *StatusPreview `json:"status"`
	// Statuses are an account's latest public and unlisted posts (at most 3,
	// newest first, boosts left out); empty for other targets.
	Statuses []*StatusPreview `json:"statuses"`
	// Hashtag is the hashtag of a hashtag target and its recent use; null
	// otherwise.
	Hashtag *HashtagPreview `json:"hashtag"`
}

// AccountPreview is an account as a reviewer sees it.
type AccountPreview struct {
	ID             string `json:"id"`
	Acct           string `json:"acct"`
	DisplayName    string `json:"display_name"`
	FollowersCount int    `json:"followers_count"`
	StatusesCount  int    `json:"statuses_count"`
}

// StatusPreview is a post as a reviewer sees it: its text as typed.
type StatusPreview struct {
	ID          string  `json:"id"`
	Text        string  `json:"text"`
	SpoilerText string  `json:"spoiler_text"`
	CreatedAt   *string `json:"created_at"`
}

// HashtagPreview is a hashtag and its use in public posts over the last 7 days.
type HashtagPreview struct {
	Name             string `json:"name"`
	UsesPastWeek     int    `json:"uses_past_week"`
	AccountsPastWeek int    `json:"accounts_past_week"`
}

// OtherDecision is a decision on the same item as a target, in another order.
type OtherDecision struct {
	ID          string   `json:"id"`
	OrderID     string   `json:"order_id"`
	OrderNumber string   `json:"order_number"`
	TargetID    string   `json:"target_id"`
	Action      string   `json:"action"`
	Countries   []string `json:"countries"`
	ReasonCode  *string  `json:"reason_code"`
	CreatedAt   *string  `json:"created_at"`
}

// Conflict says that a decision on a target would go against a decision of
// another order that stands (declined there, withheld or removed here, or the
// reverse), or that the target's own decision already does. A decision with
// one of the actions NeedsNote lists needs a note.
type Conflict struct {
	NeedsNote []string `json:"needs_note"`
	// DecisionIDs are the standing decisions, among the target's
	// other_decisions.
	DecisionIDs []string `json:"decision_ids"`
	Decided     bool     `json:"decided"`
}
