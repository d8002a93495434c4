package service

import (
	"context"
	"strings"

	"agora"
	"agora/internal/textfmt"
)

// MaxSearchLen bounds a search query.
const MaxSearchLen = 500

// SearchQuery is a search request.
type SearchQuery struct {
	Text      string
	Type      string // "", "accounts", "hashtags" or "statuses"
	Limit     int
	Offset    int
	Following bool     // accounts and statuses: only from accounts the viewer follows
	AccountID agora.ID // statuses: only by this author
}

// SearchResult holds what a search found, each kind already through the gate.
type SearchResult struct {
	Accounts []*agora.Account
	Tags     []*TagInfo
	Statuses *Bundle
}

// Search finds accounts, hashtags and statuses. Statuses are found by full text and
// by hashtag ("#tag"), and also by their URL; an account also by its URL. Only what
// the viewer may see is returned; anonymous viewers search accounts and hashtags
// only, as Mastodon allows. Errors: EINVALID for a query over MaxSearchLen
// characters, an unknown type or bad limits.
func (s *Service) Search(ctx context.Context, viewer *agora.Account, q SearchQuery) (*SearchResult, error) {
	q.Text = strings.TrimSpace(q.Text)
	if len([]rune(q.Text)) > MaxSearchLen {
		return nil, agora.Errorf(agora.EINVALID, "The search query is too long (at most %d characters).", MaxSearchLen)
	}
	switch q.Type {
	case "", "accounts", "hashtags", "statuses":
	default:
		return nil, agora.Errorf(agora.EINVALID, "Parameter type must be accounts, hashtags or statuses.")
	}
	if q.Offset < 0 || q.Limit < 0 {
		return nil, agora.Errorf(agora.EINVALID, "Parameters limit and offset must not be negative.")
	}
	if q.Limit == 0 {
		q.Limit = agora.DefaultPageLimit
	}
	q.Limit = min(q.Limit, agora.MaxPageLimit)
	res := &SearchResult{Statuses: &Bundle{Accounts: map[agora.ID]*agora.Account{}, Viewer: viewer}}
	if q.Text == "" {
		return res, nil
	}
	if viewer == nil && q.Offset > 0 {
		return nil, agora.Errorf(agora.EUNAUTHORIZED, "Search with an offset requires signing in.")
	}
	want := func(t string) bool { return q.Type == "" || q.Type == t }
	var err error
	if want("accounts") {
		if res.Accounts, err = s.searchAccounts(ctx, viewer, q); err != nil {
			return nil, err
		}
	}
	if want("hashtags") {
		if res.Tags, err = s.searchTags(ctx, viewer, q); err != nil {
			return nil, err
		}
	}
	if want("statuses") && viewer != nil {
		if res.Statuses, err = s.searchStatuses(ctx, viewer, q); err != nil {
			return nil, err
		}
	}
	return res, nil
}

func (s *Service) searchAccounts(ctx context.Context, viewer *agora.Account, q SearchQuery) ([]*agora.Account, error) {
	if a := s.accountByURL(ctx, q.Text); a != nil {
		return s.filterAccounts(ctx, viewer, []*agora.Account{a})
	}
	text := strings.TrimPrefix(q.Text, "@")
	if user, host, ok := strings.Cut(text, "@"); ok {
		if !strings.EqualFold(host, s.Host()) {
			return nil, nil
		}
		text = user
	}
	as := agora.AccountSearch{Text: text, Limit: q.Limit, Offset: q.Offset}
	if q.Following && viewer != nil {
		as.FollowedBy = viewer.ID
	}
	found, err := s.store.SearchAccounts(ctx, as)
	if err != nil {
		return nil, err
	}
	return s.filterAccounts(ctx, viewer, found)
}

// accountByURL returns the local account a profile URL names, or nil.
func (s *Service) accountByURL(ctx context.Context, text string) *agora.Account {
	rest, ok := strings.CutPrefix(text, s.cfg.BaseURL+"/@")
	if !ok || strings.Contains(rest, "/") {
		return nil
	}
	a, err := s.store.AccountByUsername(ctx, rest)
	if err != nil {
		return nil
	}
	return a
}

func (s *Service) searchTags(ctx context.Context, viewer *agora.Account, q SearchQuery) ([]*TagInfo, error) {
	prefix, ok := textfmt.NormalizeTag(q.Text)
	if !ok {
		return nil, nil
	}
	names, err := s.store.SearchTags(ctx, prefix, q.Limit, q.Offset)
	if err != nil {
		return nil, err
	}
	return s.tagInfos(ctx, viewer, names)
}

func (s *Service) searchStatuses(ctx context.Context, viewer *agora.Account, q SearchQuery) (*Bundle, error) {
	// A status URL finds that status.
	if rest, ok := strings.CutPrefix(q.Text, s.cfg.BaseURL+"/@"); ok {
		if _, idText, ok := strings.Cut(rest, "/"); ok {
			if id, err := agora.ParseID(idText); err == nil {
				return s.presentIDs(ctx, viewer, []agora.ID{id}, gateDirect)
			}
		}
	}
	if strings.HasPrefix(q.Text, "#") {
		tag, ok := textfmt.NormalizeTag(q.Text)
		if !ok || strings.ContainsAny(q.Text, " \t\n") {
			return s.present(ctx, viewer, nil, gateList)
		}
		sq := agora.StatusQuery{Tag: tag, AccountID: q.AccountID, ExcludeReblogs: true, Page: agora.Page{Limit: q.Limit}}
		return s.listVisible(ctx, viewer, sq, gateList)
	}
	ss := agora.StatusSearch{Text: q.Text, AccountID: q.AccountID, Limit: q.Limit, Offset: q.Offset}
	if q.Following {
		ss.FollowedBy = viewer.ID
	}
	// The gate may leave some out; read further, a few rounds at most, so the page
	// is not needlessly short.
	var out []*agora.Status
	originals := map[agora.ID]*agora.Status{}
	for round := 0; round < 4 && len(out) < q.Limit; round++ {
		found, err := s.store.SearchStatuses(ctx, ss)
		if err != nil {
			return nil, err
		}
		vis, orig, err := s.gate(ctx, viewer, found, gateList)
		if err != nil {
			return nil, err
		}
		for id, o := range orig {
			originals[id] = o
		}
		out = append(out, vis...)
		if len(found) < ss.Limit {
			break
		}
		ss.MaxID, ss.Offset = found[len(found)-1].ID, 0
	}
	if len(out) > q.Limit {
		out = out[:q.Limit]
	}
	return s.bundle(ctx, viewer, out, originals)
}
