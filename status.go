package agora

import (
	"strings"
	"time"
	"unicode/utf8"
)

// Visibility says who may see a status. Stored; the list is append-only.
type Visibility string

// Visibilities, as Mastodon has them.
const (
	VisibilityPublic   Visibility = "public"   // everyone, and public timelines
	VisibilityUnlisted Visibility = "unlisted" // everyone, but not public timelines
	VisibilityPrivate  Visibility = "private"  // followers and mentioned accounts
	VisibilityDirect   Visibility = "direct"   // mentioned accounts only
)

// ParseVisibility returns the visibility named s; "" means public.
func ParseVisibility(s string) (Visibility, error) {
	switch v := Visibility(s); v {
	case "":
		return VisibilityPublic, nil
	case VisibilityPublic, VisibilityUnlisted, VisibilityPrivate, VisibilityDirect:
		return v, nil
	}
	return "", Errorf(EUNPROCESSABLE, "Validation failed: Visibility must be one of public, unlisted, private, direct.")
}

// Limits on statuses.
const (
	MaxStatusLen   = 500
	MaxSpoilerLen  = 500
	MaxLanguageLen = 8
)

// Status is a post. A boost is a Status whose ReblogOfID is set and whose text is empty.
type Status struct {
	ID          ID
	AccountID   ID
	Text        string // the source text as typed
	Content     string // the text rendered to safe HTML
	SpoilerText string
	Sensitive   bool
	Visibility  Visibility
	Language    string // as ParseLanguage returns it: an ISO 639 code, or ""
	InReplyToID ID     // 0 when not a reply
	// InReplyToAccountID is the author of the status replied to; 0 when not a reply.
	InReplyToAccountID ID
	// ThreadID is the ID of the first status of the conversation; equal to ID for a
	// status that is not a reply.
	ThreadID   ID
	ReblogOfID ID // 0 when not a boost
	CreatedAt  time.Time
	// EditedAt is when the status was last edited; zero when never.
	EditedAt time.Time
	// HasPoll says a poll is attached (PollStore.Polls reads it, with its counts).
	HasPoll bool
	// Media are the attachments, in order; nil for none. The store reads them
	// with the status and attaches them when the status is created or edited.
	Media []*MediaAttachment

	// Tags are the hashtags used, lowercased, without '#', in order of first use.
	Tags []string
	// Mentions are the IDs of the local accounts mentioned, in order of first use.
	Mentions []ID

	// Counters, kept by the store in the same transaction as the change they count.
	RepliesCount    int
	ReblogsCount    int
	FavouritesCount int
}

// Validate checks a new status as the author gave it.
func (s *Status) Validate() error {
	n := utf8.RuneCountInString(s.Text)
	switch {
	case s.ReblogOfID == 0 && strings.TrimSpace(s.Text) == "" && len(s.Media) == 0:
		return Errorf(EUNPROCESSABLE, "Validation failed: Text can't be blank (a status needs text or media attachments).")
	case len(s.Media) > MaxStatusMedia:
		return Errorf(EUNPROCESSABLE, "Validation failed: A status can have at most %d media attachments (media_ids), this one has %d.", MaxStatusMedia, len(s.Media))
	case len(s.Media) > 0 && s.HasPoll:
		return Errorf(EUNPROCESSABLE, "Validation failed: A status cannot have both media attachments and a poll.")
	case n > MaxStatusLen:
		return Errorf(EUNPROCESSABLE, "Validation failed: Text character limit of %d exceeded (%d characters).", MaxStatusLen, n)
	case utf8.RuneCountInString(s.SpoilerText) > MaxSpoilerLen:
		return Errorf(EUNPROCESSABLE, "Validation failed: Content warning is too long (at most %d characters).", MaxSpoilerLen)
	}
	if code, err := ParseLanguage(s.Language); err != nil || code != s.Language {
		return Errorf(EUNPROCESSABLE, "Validation failed: Language is not a known ISO 639 language code (such as en, de or pt-BR).")
	}
	if _, err := ParseVisibility(string(s.Visibility)); err != nil {
		return err
	}
	return nil
}

// Mentions reports whether the status mentions the account.
func (s *Status) MentionsAccount(id ID) bool {
	for _, m := range s.Mentions {
		if m == id {
			return true
		}
	}
	return false
}

// HasTag reports whether the status carries the (lowercase) hashtag.
func (s *Status) HasTag(name string) bool {
	for _, t := range s.Tags {
		if t == name {
			return true
		}
	}
	return false
}
