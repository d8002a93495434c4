package mastoapi

import (
	"context"
	"fmt"
	"net/http"
	"strconv"

	"agora"
	"agora/internal/httpx"
	"agora/service"
	"agora/visibility"
)

// Filter is Mastodon's (v2) Filter entity. Keywords and Statuses are left out
// where it is part of a FilterResult.
type Filter struct {
	ID           string           `json:"id"`
	Title        string           `json:"title"`
	Context      []string         `json:"context"`
	ExpiresAt    *string          `json:"expires_at"`
	FilterAction string           `json:"filter_action"`
	Keywords     *[]FilterKeyword `json:"keywords,omitempty"`
	Statuses     *[]FilterStatus  `json:"statuses,omitempty"`
}

// FilterKeyword is Mastodon's FilterKeyword entity.
type FilterKeyword struct {
	ID        string `json:"id"`
	Keyword   string `json:"keyword"`
	WholeWord bool   `json:"whole_word"`
}

// FilterStatus is Mastodon's FilterStatus entity.
type FilterStatus struct {
	ID       string `json:"id"`
	StatusID string `json:"status_id"`
}

// FilterResult is Mastodon's FilterResult entity: how one of the viewer's
// filters matched a status.
type FilterResult struct {
	Filter         Filter   `json:"filter"`
	KeywordMatches []string `json:"keyword_matches"`
	StatusMatches  []string `json:"status_matches"`
}

// V1Filter is Mastodon's v1 Filter entity: one keyword of a filter.
type V1Filter struct {
	ID           string   `json:"id"`
	Phrase       string   `json:"phrase"`
	Context      []string `json:"context"`
	WholeWord    bool     `json:"whole_word"`
	ExpiresAt    *string  `json:"expires_at"`
	Irreversible bool     `json:"irreversible"`
}

func filterHead(f *agora.Filter) Filter {
	e := Filter{ID: f.ID.String(), Title: f.Title, Context: contextNames(f.Context), FilterAction: string(f.Action)}
	if !f.ExpiresAt.IsZero() {
		at := formatTime(f.ExpiresAt)
		e.ExpiresAt = &at
	}
	return e
}

func contextNames(cs []agora.FilterContext) []string {
	out := make([]string, len(cs))
	for i, c := range cs {
		out[i] = string(c)
	}
	return out
}

func toFilter(f *agora.Filter) *Filter {
	e := filterHead(f)
	ks, ss := toFilterKeywords(f.Keywords), toFilterStatuses(f.Statuses)
	e.Keywords, e.Statuses = &ks, &ss
	return &e
}

func toFilterKeyword(k *agora.FilterKeyword) FilterKeyword {
	return FilterKeyword{ID: k.ID.String(), Keyword: k.Keyword, WholeWord: k.WholeWord}
}

func toFilterKeywords(ks []*agora.FilterKeyword) []FilterKeyword {
	out := make([]FilterKeyword, len(ks))
	for i, k := range ks {
		out[i] = toFilterKeyword(k)
	}
	return out
}

func toFilterStatus(s *agora.FilterStatus) FilterStatus {
	return FilterStatus{ID: s.ID.String(), StatusID: s.StatusID.String()}
}

func toFilterStatuses(ss []*agora.FilterStatus) []FilterStatus {
	out := make([]FilterStatus, len(ss))
	for i, s := range ss {
		out[i] = toFilterStatus(s)
	}
	return out
}

// toFilterResults converts the results of the viewer's filters on a status;
// nil for none.
func toFilterResults(rs []agora.FilterResult) []FilterResult {
	if len(rs) == 0 {
		return nil
	}
	out := make([]FilterResult, len(rs))
	for i, r := range rs {
		e := FilterResult{Filter: filterHead(r.Filter), KeywordMatches: r.KeywordMatches, StatusMatches: make([]string, len(r.StatusMatches))}
		if e.KeywordMatches == nil {
			e.KeywordMatches = []string{}
		}
		for j, id := range r.StatusMatches {
			e.StatusMatches[j] = id.String()
		}
		out[i] = e
	}
	return out
}

func toV1Filter(f *agora.Filter, k *agora.FilterKeyword) V1Filter {
	h := filterHead(f)
	return V1Filter{ID: k.ID.String(), Phrase: k.Keyword, Context: h.Context, WholeWord: k.WholeWord, ExpiresAt: h.ExpiresAt, Irreversible: f.Action == agora.FilterHide}
}

// filterService is what the filter handlers ask (service.Timelines).
type filterService interface {
	Filters(ctx context.Context, v *visibility.Snapshot) ([]*agora.Filter, error)
	Filter(ctx context.Context, v *visibility.Snapshot, id agora.ID) (*agora.Filter, error)
	CreateFilter(ctx context.Context, v *visibility.Snapshot, u service.FilterUpdate) (*agora.Filter, error)
	UpdateFilter(ctx context.Context, v *visibility.Snapshot, id agora.ID, u service.FilterUpdate) (*agora.Filter, error)
	DeleteFilter(ctx context.Context, v *visibility.Snapshot, id agora.ID) error
	AddFilterKeyword(ctx context.Context, v *visibility.Snapshot, filterID agora.ID, keyword string, wholeWord *bool) (*agora.FilterKeyword, error)
	FilterKeyword(ctx context.Context, v *visibility.Snapshot, id agora.ID) (*agora.FilterKeyword, error)
	UpdateFilterKeyword(ctx context.Context, v *visibility.Snapshot, id agora.ID, keyword *string, wholeWord *bool) (*agora.FilterKeyword, error)
	DeleteFilterKeyword(ctx context.Context, v *visibility.Snapshot, id agora.ID) error
	AddFilterStatus(ctx context.Context, v *visibility.Snapshot, filterID, statusID agora.ID) (*agora.FilterStatus, error)
	FilterStatus(ctx context.Context, v *visibility.Snapshot, id agora.ID) (*agora.FilterStatus, error)
	DeleteFilterStatus(ctx context.Context, v *visibility.Snapshot, id agora.ID) error
	CreateV1Filter(ctx context.Context, v *visibility.Snapshot, u service.V1FilterUpdate) (*agora.Filter, *agora.FilterKeyword, error)
	V1Filter(ctx context.Context, v *visibility.Snapshot, keywordID agora.ID) (*agora.Filter, *agora.FilterKeyword, error)
	UpdateV1Filter(ctx context.Context, v *visibility.Snapshot, keywordID agora.ID, u service.V1FilterUpdate) (*agora.Filter, *agora.FilterKeyword, error)
	DeleteV1Filter(ctx context.Context, v *visibility.Snapshot, keywordID agora.ID) error
}

// filterHandlers serve /api/v1/filters and /api/v2/filters with their
// keywords and statuses (filters_handlers.go).
type filterHandlers struct{ *API }

// invalidField is the 422 of a field that cannot be read, with details as
// Mastodon's validation errors have them.
func invalidField(field, msg string) error {
	return &agora.Error{Code: agora.EUNPROCESSABLE, Message: "Validation failed: " + msg,
		Details: map[string][]string{field: {"ERR_INVALID", msg}}}
}

// readExpiresIn reads expires_in: nil when absent, 0 (never) when empty or
// null, else a whole number of seconds from 1 to agora.MaxFilterExpiresIn.
func readExpiresIn(p *httpx.Params) (*int, error) {
	if !p.Has("expires_in") {
		return nil, nil
	}
	s, err := p.String("expires_in")
	if err != nil {
		return nil, err
	}
	n := 0
	if s != "" {
		if n, err = strconv.Atoi(s); err != nil || n < 1 || n > agora.MaxFilterExpiresIn {
			return nil, invalidField("expires_in", fmt.Sprintf("Expires in must be a whole number of seconds from 1 to %d, or empty for never.", agora.MaxFilterExpiresIn))
		}
	}
	return &n, nil
}

// readContext reads context[]: nil when absent. Unknown values are kept for
// the filter's validation to refuse (422), as Mastodon validates them.
func readContext(p *httpx.Params) (*[]agora.FilterContext, error) {
	if !p.Has("context") && !p.Has("context[]") {
		return nil, nil
	}
	names, err := p.Strings("context")
	if err != nil {
		return nil, err
	}
	cs := make([]agora.FilterContext, 0, len(names))
	for _, n := range names {
		if n != "" {
			cs = append(cs, agora.FilterContext(n))
		}
	}
	return &cs, nil
}

// optionalString returns the parameter when given.
func optionalString(p *httpx.Params, key string) (*string, error) {
	if !p.Has(key) {
		return nil, nil
	}
	s, err := p.String(key)
	return &s, err
}

// optionalBool returns the parameter when given, cast as Rails casts it.
func optionalBool(p *httpx.Params, key string) (*bool, error) {
	v, given, err := p.OptionalBool(key)
	if err != nil || !given {
		return nil, err
	}
	return &v, nil
}

// railsFalse are the strings Rails casts to false (httpx.Params.Bool).
var railsFalse = map[string]bool{"0": true, "f": true, "F": true, "false": true, "FALSE": true, "off": true, "OFF": true}

// readFilterUpdate reads title, context[], filter_action, expires_in and
// keywords_attributes[] (each with keyword, whole_word, and for a change id
// and _destroy); those not given are nil.
func readFilterUpdate(r *http.Request) (service.FilterUpdate, error) {
	var u service.FilterUpdate
	p, err := httpx.ReadParams(r)
	if err != nil {
		return u, err
	}
	if u.Title, err = optionalString(p, "title"); err != nil {
		return u, err
	}
	if u.Context, err = readContext(p); err != nil {
		return u, err
	}
	if a, err := optionalString(p, "filter_action"); err != nil {
		return u, err
	} else if a != nil {
		fa := agora.FilterAction(*a)
		u.Action = &fa
	}
	if u.ExpiresIn, err = readExpiresIn(p); err != nil {
		return u, err
	}
	objs, _, err := p.Objects("keywords_attributes", agora.MaxFilterKeywords)
	if err != nil {
		return u, err
	}
	for _, o := range objs {
		var c service.KeywordChange
		if s, ok := o["id"]; ok && s != "" {
			if c.ID, err = agora.ParseID(s); err != nil {
				return u, agora.Errorf(agora.ENOTFOUND, "Record not found: no keyword %q.", s)
			}
		}
		if s, ok := o["keyword"]; ok {
			c.Keyword = &s
		}
		if s, ok := o["whole_word"]; ok && s != "" {
			b := !railsFalse[s]
			c.WholeWord = &b
		}
		if s := o["_destroy"]; s != "" && !railsFalse[s] {
			c.Destroy = true
		}
		u.Keywords = append(u.Keywords, c)
	}
	return u, nil
}

// readV1FilterUpdate reads phrase, context[], irreversible, whole_word and
// expires_in; those not given are nil.
func readV1FilterUpdate(r *http.Request) (service.V1FilterUpdate, error) {
	var u service.V1FilterUpdate
	p, err := httpx.ReadParams(r)
	if err != nil {
		return u, err
	}
	if u.Phrase, err = optionalString(p, "phrase"); err != nil {
		return u, err
	}
	if u.Context, err = readContext(p); err != nil {
		return u, err
	}
	if u.Irreversible, err = optionalBool(p, "irreversible"); err != nil {
		return u, err
	}
	if u.WholeWord, err = optionalBool(p, "whole_word"); err != nil {
		return u, err
	}
	u.ExpiresIn, err = readExpiresIn(p)
	return u, err
}
