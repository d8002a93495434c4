package agora

import (
	"context"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"
)

// Limits on filters. Mastodon has none of these; agora bounds every input: at
// most MaxFilters filters per account, a title of at most MaxFilterTitle
// characters, at most MaxFilterKeywords keywords of at most MaxFilterKeyword
// characters and at most MaxFilterStatuses statuses per filter, at most
// MaxAccountFilterKeywords keywords over all of an account's filters (every
// page of statuses its owner reads is matched against them all), and an
// expiry at most MaxFilterExpiresIn seconds ahead.
const (
	MaxFilters               = 100
	MaxFilterTitle           = 200
	MaxFilterKeywords        = 100
	MaxFilterKeyword         = 200
	MaxFilterStatuses        = 200
	MaxAccountFilterKeywords = 1000
	MaxFilterExpiresIn       = 10 * 365 * 24 * 60 * 60
)

// FilterLimits bound what a FilterStore write may leave stored. A write that
// would pass one is EUNPROCESSABLE and writes nothing.
type FilterLimits struct {
	Filters         int // filters per account
	Keywords        int // keywords per filter
	AccountKeywords int // keywords over all of an account's filters
}

// DefaultFilterLimits are agora's: MaxFilters, MaxFilterKeywords and
// MaxAccountFilterKeywords.
var DefaultFilterLimits = FilterLimits{Filters: MaxFilters, Keywords: MaxFilterKeywords, AccountKeywords: MaxAccountFilterKeywords}

// FilterKeywordEdit is one change to a filter's keywords, as one entry of
// Mastodon's keywords_attributes: an addition (New, with the new keyword's ID
// and its Keyword), a change to one of the filter's keywords (nil fields keep
// their value) or its removal (Destroy). The store applies edits in order, in
// the transaction of the filter's update, so a keyword added meanwhile by
// someone else is kept.
type FilterKeywordEdit struct {
	ID        ID
	New       bool
	Destroy   bool
	Keyword   *string
	WholeWord *bool // for an addition, nil is true
}

// FilterContext is where a filter applies. Stored: append-only.
type FilterContext string

// The contexts of a filter, as Mastodon's.
const (
	FilterHome          FilterContext = "home"          // home and list timelines
	FilterNotifications FilterContext = "notifications" // notifications
	FilterPublic        FilterContext = "public"        // public and hashtag timelines
	FilterThread        FilterContext = "thread"        // a status and its context
	FilterAccount       FilterContext = "account"       // an account's statuses
)

// Valid reports whether c is one of the contexts.
func (c FilterContext) Valid() bool {
	switch c {
	case FilterHome, FilterNotifications, FilterPublic, FilterThread, FilterAccount:
		return true
	}
	return false
}

// FilterAction is what a matching filter does to a status. Stored: append-only.
type FilterAction string

// The actions of a filter, as Mastodon 4.4's.
const (
	// FilterWarn shows the status with a warning naming the filter.
	FilterWarn FilterAction = "warn"
	// FilterHide leaves the status out of lists (timelines, notifications).
	FilterHide FilterAction = "hide"
	// FilterBlur shows the status with its media blurred behind a warning.
	FilterBlur FilterAction = "blur"
)

// Valid reports whether a is one of the actions.
func (a FilterAction) Valid() bool { return a == FilterWarn || a == FilterHide || a == FilterBlur }

// Filter is an account's filter: keywords and statuses whose matches are
// marked (warn, blur) or left out (hide) where the filter applies, until it
// expires.
type Filter struct {
	ID        ID
	AccountID ID // the owner
	Title     string
	Context   []FilterContext // in the order given, each once
	Action    FilterAction
	ExpiresAt time.Time // zero: never
	CreatedAt time.Time
	Keywords  []*FilterKeyword // by ID
	Statuses  []*FilterStatus  // by ID
}

// FilterKeyword is a keyword of a filter: matched without case, as a whole
// word (on word boundaries) or anywhere.
type FilterKeyword struct {
	ID        ID
	FilterID  ID
	Keyword   string
	WholeWord bool
}

// FilterStatus is a status a filter matches by ID.
type FilterStatus struct {
	ID       ID
	FilterID ID
	StatusID ID
}

// Active reports whether the filter applies at now: it has not expired.
func (f *Filter) Active(now time.Time) bool { return f.ExpiresAt.IsZero() || now.Before(f.ExpiresAt) }

// Covers reports whether the filter applies in c.
func (f *Filter) Covers(c FilterContext) bool {
	for _, x := range f.Context {
		if x == c {
			return true
		}
	}
	return false
}

// FilterStore persists filters with their keywords and statuses. Limits are
// kept in the same transaction as the write they bound.
type FilterStore interface {
	// CreateFilter inserts f with its keywords and statuses unless that would
	// pass lim: the owner's filters, f's keywords, the owner's keywords
	// (EUNPROCESSABLE then, nothing written). Two creations at once count
	// each other.
	CreateFilter(ctx context.Context, f *Filter, lim FilterLimits) error
	// Filter returns the filter with the ID, with its keywords and statuses.
	Filter(ctx context.Context, id ID) (*Filter, error)
	// Filters returns the account's filters, oldest first, with their
	// keywords and statuses. For an account without filters it makes one
	// indexed query.
	Filters(ctx context.Context, accountID ID) ([]*Filter, error)
	// UpdateFilter stores the title, context, action and expiry of f and
	// applies the edits to its keywords, in order, in one transaction with the
	// filter locked; then sets f.Keywords to the filter's keywords as the
	// transaction leaves them (by ID). f.Keywords is not read, and f.Statuses
	// are left alone. ENOTFOUND when the filter does not exist or an edit
	// names a keyword it does not have; EUNPROCESSABLE when the keywords
	// would pass lim.Keywords or the owner's lim.AccountKeywords. Nothing is
	// written when an error is returned.
	UpdateFilter(ctx context.Context, f *Filter, edits []FilterKeywordEdit, lim FilterLimits) error
	// DeleteFilter deletes the filter with its keywords and statuses.
	// ENOTFOUND when it does not exist.
	DeleteFilter(ctx context.Context, id ID) error
	// FilterKeyword returns the keyword with the ID.
	FilterKeyword(ctx context.Context, id ID) (*FilterKeyword, error)
	// AddFilterKeyword inserts k unless its filter has lim.Keywords keywords
	// already or its owner lim.AccountKeywords (EUNPROCESSABLE), counted with
	// the filter locked; ENOTFOUND when the filter does not exist.
	AddFilterKeyword(ctx context.Context, k *FilterKeyword, lim FilterLimits) error
	// UpdateFilterKeyword stores the keyword and whole word flag of k.
	// ENOTFOUND when it does not exist.
	UpdateFilterKeyword(ctx context.Context, k *FilterKeyword) error
	// DeleteFilterKeyword deletes the keyword. ENOTFOUND when it does not exist.
	DeleteFilterKeyword(ctx context.Context, id ID) error
	// FilterStatus returns the filter status with the ID.
	FilterStatus(ctx context.Context, id ID) (*FilterStatus, error)
	// AddFilterStatus inserts s unless its filter has max statuses already
	// (EUNPROCESSABLE), counted with the filter locked after deleting its
	// statuses whose status no longer exists (they match nothing, and no
	// client can name them); ECONFLICT when the filter has the status
	// already; ENOTFOUND when the filter does not exist.
	AddFilterStatus(ctx context.Context, s *FilterStatus, max int) error
	// DeleteFilterStatus deletes the filter status. ENOTFOUND when it does not
	// exist.
	DeleteFilterStatus(ctx context.Context, id ID) error
}

// Validate checks the title (not blank, at most MaxFilterTitle characters),
// the context (at least one, each known), the action and the keywords (at most
// MaxFilterKeywords, each valid): EUNPROCESSABLE naming the fields that fail.
func (f *Filter) Validate() error {
	var errs []error
	switch n := utf8.RuneCountInString(f.Title); {
	case strings.TrimSpace(f.Title) == "":
		errs = append(errs, fieldError("title", "ERR_BLANK", "Title can't be blank."))
	case n > MaxFilterTitle:
		errs = append(errs, fieldError("title", "ERR_TOO_LONG", fmt.Sprintf("Title is too long (maximum is %d characters).", MaxFilterTitle)))
	}
	if len(f.Context) == 0 {
		errs = append(errs, fieldError("context", "ERR_BLANK", "Context can't be blank."))
	}
	for _, c := range f.Context {
		if !c.Valid() {
			errs = append(errs, fieldError("context", "ERR_INCLUSION", "Context is not one of home, notifications, public, thread, account."))
			break
		}
	}
	if !f.Action.Valid() {
		errs = append(errs, fieldError("filter_action", "ERR_INCLUSION", "Filter action is not one of warn, hide, blur."))
	}
	if len(f.Keywords) > MaxFilterKeywords {
		errs = append(errs, fieldError("keywords", "ERR_TOO_MANY", fmt.Sprintf("Keywords are too many (maximum is %d).", MaxFilterKeywords)))
	}
	for _, k := range f.Keywords {
		if err := k.Validate(); err != nil {
			errs = append(errs, err)
			break
		}
	}
	return ValidationFailed(errs...)
}

// Validate checks the keyword: not blank, at most MaxFilterKeyword characters.
func (k *FilterKeyword) Validate() error {
	switch n := utf8.RuneCountInString(k.Keyword); {
	case strings.TrimSpace(k.Keyword) == "":
		return fieldError("keyword", "ERR_BLANK", "Keyword can't be blank.")
	case n > MaxFilterKeyword:
		return fieldError("keyword", "ERR_TOO_LONG", fmt.Sprintf("Keyword is too long (maximum is %d characters).", MaxFilterKeyword))
	}
	return nil
}
