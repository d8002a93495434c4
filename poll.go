package agora

import (
	"strings"
	"time"
	"unicode/utf8"
)

// Limits on polls, advertised in /api/v2/instance configuration.polls as Mastodon
// does.
const (
	MaxPollOptions    = 4
	MaxPollOptionLen  = 50
	MinPollExpiration = 5 * time.Minute
	MaxPollExpiration = 2629746 * time.Second // a month: a twelfth of 365.2425 days
)

// Poll is a poll attached to a status. A status has at most one; the poll's ID is
// the status's ID.
type Poll struct {
	ID         ID // the status's ID
	AccountID  ID // the status's author
	Options    []string
	Multiple   bool // a voter may choose several options
	HideTotals bool // counts are hidden until the poll ends
	ExpiresAt  time.Time
	// EndedAt is when the poll's end was announced (the poll notifications made);
	// zero before.
	EndedAt time.Time

	// Counts, read by PollStore.Polls and kept by the store.
	OptionVotes []int // per option, in order
	VotesCount  int   // votes over all options
	VotersCount int   // accounts that voted
}

// Expired reports whether the poll has ended at the time given.
func (p *Poll) Expired(at time.Time) bool { return !at.Before(p.ExpiresAt) }

// NewPoll is a poll as a client asks for it, when posting or editing.
type NewPoll struct {
	Options    []string
	ExpiresIn  time.Duration
	Multiple   bool
	HideTotals bool
}

// Validate checks the poll's options and duration against the limits, naming the
// field at fault as Mastodon does.
func (p *NewPoll) Validate() error {
	switch {
	case len(p.Options) < 2:
		return Errorf(EUNPROCESSABLE, "Validation failed: Poll must have at least 2 options.")
	case len(p.Options) > MaxPollOptions:
		return Errorf(EUNPROCESSABLE, "Validation failed: Poll can't contain more than %d options.", MaxPollOptions)
	case p.ExpiresIn < MinPollExpiration:
		return Errorf(EUNPROCESSABLE, "Validation failed: Poll duration is too short (poll[expires_in] at least %d seconds).", int(MinPollExpiration.Seconds()))
	case p.ExpiresIn > MaxPollExpiration:
		return Errorf(EUNPROCESSABLE, "Validation failed: Poll duration is too long (poll[expires_in] at most %d seconds).", int(MaxPollExpiration.Seconds()))
	}
	seen := make(map[string]bool, len(p.Options))
	for _, o := range p.Options {
		t := strings.TrimSpace(o)
		if t == "" {
			return Errorf(EUNPROCESSABLE, "Validation failed: Poll options can't be blank.")
		}
		if n := utf8.RuneCountInString(t); n > MaxPollOptionLen {
			return Errorf(EUNPROCESSABLE, "Validation failed: Poll option %q is too long (at most %d characters, it has %d).", truncate(t, 20)+"…", MaxPollOptionLen, n)
		}
		if seen[t] {
			return Errorf(EUNPROCESSABLE, "Validation failed: Poll contains the option %q twice.", truncate(t, MaxPollOptionLen))
		}
		seen[t] = true
	}
	return nil
}

// Trimmed returns the options without surrounding spaces.
func (p *NewPoll) Trimmed() []string {
	out := make([]string, len(p.Options))
	for i, o := range p.Options {
		out[i] = strings.TrimSpace(o)
	}
	return out
}
