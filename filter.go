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
// characters and at most MaxFilterStatuses statuses per filter, and an expiry
// at most MaxFilterExpiresIn seconds ahead.
const (
	MaxFilters         = 100
	MaxFilterTitle     = 200
	MaxFilterKeywords  = 100
	MaxFilterKeyword   = 200
	MaxFilterStatuses  = 200
	MaxFilterExpiresIn = 10 * 365 * 24 * 60 * 60
)

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
	// CreateFilter inserts f with its keywords and statuses unless its owner
	// has max filters already (EUNPROCESSABLE then, nothing written).
	CreateFilter(ctx context.Context, f *Filter, max int) error
	// Filter returns the filter with the ID, with its keywords and statuses.
	Filter(ctx context.Context, id ID) (*Filter, error)
	// Filters returns the account's filters, oldest first, with their
	// keywords and statuses. For an account without filters it makes one
	// indexed query.
	Filters(ctx context.Context, accountID ID) ([]*Filter, error)
	// UpdateFilter stores the title, context, action and expiry of f and makes
	// its keywords exactly f.Keywords (inserting those with new IDs, updating
	// the others, deleting those not there), in one transaction; its statuses
	// are left alone. ENOTFOUND when it does not exist.
	UpdateFilter(ctx context.Context, f *Filter) error
	// DeleteFilter deletes the filter with its keywords and statuses.
	// ENOTFOUND when it does not exist.
	DeleteFilter(ctx context.Context, id ID) error
	// FilterKeyword returns the keyword with the ID.
	FilterKeyword(ctx context.Context, id ID) (*FilterKeyword, error)
	// AddFilterKeyword inserts k unless its filter has max keywords already
	// (EUNPROCESSABLE); ENOTFOUND when the filter does not exist.
	AddFilterKeyword(ctx context.Context, k *FilterKeyword, max int) error
	// UpdateFilterKeyword stores the keyword and whole word flag of k.
	// ENOTFOUND when it does not exist.
	UpdateFilterKeyword(ctx context.Context, k *FilterKeyword) error
	// DeleteFilterKeyword deletes the keyword. ENOTFOUND when it does not exist.
	DeleteFilterKeyword(ctx context.Context, id ID) error
	// FilterStatus returns the filter status with the ID.
	FilterStatus(ctx context.Context, id ID) (*FilterStatus, error)
	// AddFilterStatus inserts s unless its filter has max statuses already
	// (EUNPROCESSABLE); ECONFLICT when the filter has the status already;
	// ENOTFOUND when the filter does not exist.
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
