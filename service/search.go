package service

import (
	"context"
	"fmt"
	"strings"

	"agora"
	"agora/internal/textfmt"
	"agora/visibility"
)

// MaxSearchLen bounds a search query.
const MaxSearchLen = 500

// SearchQuery is a search request.
type SearchQuery struct {
	Text      string
	Type      string // "", "accounts", "hashtags" or "statuses"
	Limit     int
	Offset    int      // results of each kind to skip; of statuses, ones the viewer may see
	Following bool     // accounts and statuses: only from accounts the viewer follows
	AccountID agora.ID // statuses: only by this author
}

// SearchResult holds what a search found, each kind already through the gate.
type SearchResult struct {
	Accounts     []*agora.Account
	AccountMarks visibility.Marks // of Accounts
	Tags         []*TagInfo
	Statuses     *Bundle
}

// Search finds accounts, hashtags and statuses. Statuses are found by full text and
// by hashtag ("#tag"), and also by their URL; an account also by its URL. Only what
// the viewer may see is returned; anonymous viewers search accounts and hashtags
// only, as Mastodon allows. Errors: EINVALID for a query over MaxSearchLen
// characters, an unknown type or bad limits.
func (s *Timelines) Search(ctx context.Context, v *visibility.Snapshot, q SearchQuery) (*SearchResult, error) {
	viewer := v.Viewer()
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
		if res.Accounts, err = s.searchAccounts(ctx, v, q); err != nil {
			return nil, err
		}
		// Marks for what was kept (filtering again keeps all of it).
		if res.Accounts, res.AccountMarks, err = v.Accounts(ctx, res.Accounts, visibility.Direct); err != nil {
			return nil, err
		}
	}
	if want("hashtags") {
		if res.Tags, err = s.searchTags(ctx, v, q); err != nil {
			return nil, err
		}
	}
	if want("statuses") && viewer != nil {
		if res.Statuses, err = s.searchStatuses(ctx, v, q); err != nil {
			return nil, err
		}
	}
	return res, nil
}

// searchAccounts finds accounts as Mastodon's AccountSearchService does: a block
// either way leaves an account in the results (it hides statuses, not the
// account, which one must find to unblock), so only what is withheld from the
// viewer is left out (mode Direct, as a profile fetched by ID).
func (s *Timelines) searchAccounts(ctx context.Context, v *visibility.Snapshot, q SearchQuery) ([]*agora.Account, error) {
	viewer := v.Viewer()
	if a := s.accountByURL(ctx, q.Text); a != nil {
		vis, _, err := v.Accounts(ctx, []*agora.Account{a}, visibility.Direct)
		return vis, err
	}
	text := strings.TrimPrefix(q.Text, "@")
	if user, host, ok := strings.Cut(text, "@"); ok {
		if !strings.EqualFold(host, s.Host()) {
			return nil, nil
		}
		text = user
	}
	as := agora.AccountSearch{Text: text}
	if q.Following && viewer != nil {
		as.FollowedBy = viewer.ID
	}
	// The offset counts accounts the viewer may see, so paging neither repeats nor
	// skips past accounts withheld: read in batches through the filter.
	return pageVisible(q, func(offset int) ([]*agora.Account, int, error) {
		as.Offset, as.Limit = offset, agora.MaxPageLimit
		found, err := s.store.SearchAccounts(ctx, as)
		if err != nil {
			return nil, 0, err
		}
		vis, _, err := v.Accounts(ctx, found, visibility.Direct)
		return vis, len(found), err
	})
}

// maxSearchScan bounds how many matches one search reads while filters hide them.
const maxSearchScan = 1000

// pageVisible returns q's page of what read yields after filtering: read(offset)
// returns the visible items of the batch of matches starting at offset, and how many
// matches the batch held; the page skips q.Offset visible items and holds at most
// q.Limit.
func pageVisible[T any](q SearchQuery, read func(offset int) ([]T, int, error)) ([]T, error) {
	var out []T
	skip := q.Offset
	for offset := 0; offset < maxSearchScan+q.Offset && len(out) < q.Limit; {
		vis, n, err := read(offset)
		if err != nil {
			return nil, err
		}
		offset += n
		for _, v := range vis {
			if skip > 0 {
				skip--
				continue
			}
			if len(out) < q.Limit {
				out = append(out, v)
			}
		}
		if n < agora.MaxPageLimit {
			break
		}
	}
	return out, nil
}

// accountByURL returns the local account a profile URL names, or nil.
func (s *Timelines) accountByURL(ctx context.Context, text string) *agora.Account {
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

func (s *Timelines) searchTags(ctx context.Context, v *visibility.Snapshot, q SearchQuery) ([]*TagInfo, error) {
	prefix, ok := textfmt.NormalizeTag(q.Text)
	if !ok {
		return nil, nil
	}
	names, err := pageVisible(q, func(offset int) ([]string, int, error) {
		found, err := s.store.SearchTags(ctx, prefix, agora.MaxPageLimit, offset)
		if err != nil {
			return nil, 0, err
		}
		return v.Tags(found), len(found), nil
	})
	if err != nil {
		return nil, err
	}
	return s.tagInfos(ctx, v, names)
}

func (s *Timelines) searchStatuses(ctx context.Context, v *visibility.Snapshot, q SearchQuery) (*Bundle, error) {
	viewer := v.Viewer()
	// A status URL finds that status.
	if rest, ok := strings.CutPrefix(q.Text, s.cfg.BaseURL+"/@"); ok {
		if _, idText, ok := strings.Cut(rest, "/"); ok {
			if id, err := agora.ParseID(idText); err == nil {
				return s.presentIDs(ctx, v, []agora.ID{id}, visibility.Direct)
			}
		}
	}
	// read returns the next batch of matches older than maxID (0: the newest),
	// newest first; keep applies what the batch query cannot.
	var read func(maxID agora.ID) ([]*agora.Status, error)
	keep := func(*agora.Status) bool { return true }
	if strings.HasPrefix(q.Text, "#") {
		tag, ok := textfmt.NormalizeTag(q.Text)
		if !ok || strings.ContainsAny(q.Text, " \t\n") || v.HidesTag(tag) {
			return s.present(ctx, v, nil, visibility.List)
		}
		read = func(maxID agora.ID) ([]*agora.Status, error) {
			return s.store.ListStatuses(ctx, agora.StatusQuery{Tag: tag, AccountID: q.AccountID, ExcludeReblogs: true,
				Page: agora.Page{MaxID: maxID, Limit: agora.MaxPageLimit}})
		}
		if q.Following {
			ids, err := s.store.FollowingIDs(ctx, viewer.ID)
			if err != nil {
				return nil, fmt.Errorf("following: %w", err)
			}
			following := make(map[agora.ID]bool, len(ids))
			for _, id := range ids {
				following[id] = true
			}
			keep = func(st *agora.Status) bool { return following[st.AccountID] }
		}
	} else {
		ss := agora.StatusSearch{Text: q.Text, AccountID: q.AccountID, Limit: agora.MaxPageLimit}
		if q.Following {
			ss.FollowedBy = viewer.ID
		}
		read = func(maxID agora.ID) ([]*agora.Status, error) {
			ss.MaxID = maxID
			return s.store.SearchStatuses(ctx, ss)
		}
	}
	// The offset counts the statuses the viewer may see, so that paging by offset
	// neither repeats nor skips one.
	kept, _, err := s.fill(ctx, v, visibility.Public, agora.Page{Limit: q.Limit}, q.Offset, func(p agora.Page) (batch, error) {
		found, err := read(p.MaxID)
		if err != nil {
			return batch{}, err
		}
		list := found[:0:0]
		for _, st := range found {
			if keep(st) {
				list = append(list, st)
			}
		}
		return batch{list: list, read: statusIDs(found), more: len(found) >= agora.MaxPageLimit}, nil
	})
	if err != nil {
		return nil, err
	}
	return s.bundle(ctx, viewer, kept)
}
