package service

import (
	"context"
	"fmt"

	"agora"
	"agora/internal/textfmt"
)

// HomeTimeline returns a page of the viewer's home feed. A missing feed is rebuilt
// from the database first. The feed holds the newest agora.FeedLen entries, as
// Mastodon's does; paging past them returns an empty page.
func (s *Service) HomeTimeline(ctx context.Context, viewer *agora.Account, p agora.Page) (*Bundle, error) {
	p = p.Normalize()
	// As listVisible does: when the gate removes statuses, read further in the feed
	// until the page is full, so that hidden statuses (a page of them withheld, say)
	// neither shorten a page needlessly nor end a client's walk early.
	want := p.Limit
	var out []*agora.Status
	originals := map[agora.ID]*agora.Status{}
	for scanned := 0; scanned < maxScan && len(out) < want; {
		entries, err := s.feedPage(ctx, viewer.ID, p)
		if err != nil {
			return nil, err
		}
		scanned += len(entries)
		page := make([]agora.ID, len(entries))
		var viaTag map[agora.ID]bool
		for i, e := range entries {
			page[i] = e.ID
			if e.ViaTag {
				if viaTag == nil {
					viaTag = map[agora.ID]bool{}
				}
				viaTag[e.ID] = true
			}
		}
		found, err := s.store.Statuses(ctx, page)
		if err != nil {
			return nil, err
		}
		list := make([]*agora.Status, 0, len(page))
		for _, id := range page {
			if st := found[id]; st != nil {
				list = append(list, st)
			}
		}
		if list, err = s.dropWithheldTagDeliveries(ctx, viewer, list, viaTag); err != nil {
			return nil, err
		}
		vis, orig, err := s.gate(ctx, viewer, list, gateList)
		if err != nil {
			return nil, err
		}
		for id, o := range orig {
			originals[id] = o
		}
		if p.Ascending() {
			out = append(vis, out...) // newer than everything so far
		} else {
			out = append(out, vis...)
		}
		if len(page) < p.Limit {
			break
		}
		// Continue beyond the last ID read, in the direction of the walk.
		p.Limit = agora.MaxPageLimit
		if p.Ascending() {
			p.MinID = page[0]
		} else {
			p.MaxID = page[len(page)-1]
		}
	}
	if len(out) > want {
		if p.Ascending() {
			out = out[len(out)-want:]
		} else {
			out = out[:want]
		}
	}
	return s.bundle(ctx, viewer, out, originals)
}

// feedPage reads the page of the viewer's feed, rebuilding the feed when it is
// missing. A feed dropped again while it was rebuilt (a follow, a block) is
// rebuilt once more; after that the page is read as it is.
func (s *Service) feedPage(ctx context.Context, accountID agora.ID, p agora.Page) ([]agora.FeedEntry, error) {
	for attempt := 0; ; attempt++ {
		entries, ok, err := s.feeds.FeedPage(ctx, accountID, p)
		if err != nil {
			return nil, fmt.Errorf("read feed: %w", err)
		}
		if ok || attempt == 2 {
			return entries, nil
		}
		if err := s.rebuildFeed(ctx, accountID); err != nil {
			return nil, fmt.Errorf("rebuild feed: %w", err)
		}
	}
}

// PublicTimeline returns public statuses, newest first, without boosts and without
// replies to others, as Mastodon's public timeline. All accounts are local, so
// local changes nothing.
func (s *Service) PublicTimeline(ctx context.Context, viewer *agora.Account, p agora.Page) (*Bundle, error) {
	return s.listVisible(ctx, viewer, agora.StatusQuery{
		Visibilities:   []agora.Visibility{agora.VisibilityPublic},
		ExcludeReplies: true,
		ExcludeReblogs: true,
		Page:           p.Normalize(),
	}, gateList)
}

// TagTimeline returns public statuses carrying the hashtag (matched without case),
// newest first. EINVALID for a name that cannot be a hashtag.
func (s *Service) TagTimeline(ctx context.Context, viewer *agora.Account, tag string, p agora.Page) (*Bundle, error) {
	name, ok := textfmt.NormalizeTag(tag)
	if !ok {
		return nil, agora.Errorf(agora.EINVALID, "%q is not a valid hashtag.", truncate(tag, 100))
	}
	if err := s.checkTag(ctx, viewer, name); err != nil {
		return nil, err
	}
	return s.listVisible(ctx, viewer, agora.StatusQuery{
		Tag:            name,
		Visibilities:   []agora.Visibility{agora.VisibilityPublic},
		ExcludeReblogs: true,
		Page:           p.Normalize(),
	}, gateList)
}

// AccountStatusesQuery selects an account's statuses.
type AccountStatusesQuery struct {
	ExcludeReplies bool
	ExcludeReblogs bool
	Tagged         string
	Page           agora.Page
}

// AccountStatuses returns the account's statuses the viewer may see, newest first.
func (s *Service) AccountStatuses(ctx context.Context, viewer *agora.Account, id agora.ID, q AccountStatusesQuery) (*Bundle, error) {
	if _, err := s.Account(ctx, viewer, id); err != nil {
		return nil, err
	}
	sq := agora.StatusQuery{
		AccountID:      id,
		ExcludeReplies: q.ExcludeReplies,
		ExcludeReblogs: q.ExcludeReblogs,
		Page:           q.Page.Normalize(),
	}
	if q.Tagged != "" {
		name, ok := textfmt.NormalizeTag(q.Tagged)
		if !ok {
			return nil, agora.Errorf(agora.EINVALID, "%q is not a valid hashtag.", truncate(q.Tagged, 100))
		}
		if err := s.checkTag(ctx, viewer, name); err != nil {
			return nil, err
		}
		sq.Tag = name
	}
	// Which visibilities the viewer may see is decided by the gate, not the query:
	// the page is filled from what the gate lets through. Anonymous viewers see
	// exactly the public and unlisted ones, so the query asks for those alone.
	if viewer == nil {
		sq.Visibilities = []agora.Visibility{agora.VisibilityPublic, agora.VisibilityUnlisted}
	}
	return s.listVisible(ctx, viewer, sq, gateDirect)
}

// maxScan bounds how many statuses one list request reads while the gate hides
// them: a page comes back short (or empty) only behind more hidden statuses than that.
const maxScan = 1000

// listVisible runs the query and passes the result through the gate in the mode
// given. When the gate removes statuses, it reads further, in full batches, until the
// page is full, the store has no more or maxScan statuses have been read, so that
// hidden statuses neither shorten a page needlessly nor end a client's walk early.
func (s *Service) listVisible(ctx context.Context, viewer *agora.Account, q agora.StatusQuery, mode gateMode) (*Bundle, error) {
	want := q.Page.Limit
	var out []*agora.Status
	originals := map[agora.ID]*agora.Status{}
	for scanned := 0; scanned < maxScan && len(out) < want; {
		list, err := s.store.ListStatuses(ctx, q)
		if err != nil {
			return nil, err
		}
		scanned += len(list)
		vis, orig, err := s.gate(ctx, viewer, list, mode)
		if err != nil {
			return nil, err
		}
		for id, o := range orig {
			originals[id] = o
		}
		if q.Page.Ascending() {
			out = append(vis, out...) // newer than everything so far
		} else {
			out = append(out, vis...)
		}
		if len(list) < q.Page.Limit {
			break
		}
		// Continue beyond the last status read, in the direction of the walk.
		q.Page.Limit = agora.MaxPageLimit
		if q.Page.Ascending() {
			q.Page.MinID = list[0].ID
		} else {
			q.Page.MaxID = list[len(list)-1].ID
		}
	}
	if len(out) > want {
		if q.Page.Ascending() {
			out = out[len(out)-want:]
		} else {
			out = out[:want]
		}
	}
	return s.bundle(ctx, viewer, out, originals)
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n] + "..."
}

// dropWithheldTagDeliveries leaves out the statuses that reached the viewer's feed
// only through followed hashtags that are all withheld in the viewer's country: a
// hashtag rule withholds followed-tag delivery, not the statuses themselves.
func (s *Service) dropWithheldTagDeliveries(ctx context.Context, viewer *agora.Account, list []*agora.Status, viaTag map[agora.ID]bool) ([]*agora.Status, error) {
	s.rules.mu.RLock()
	anyTagRules := s.rules.hasTagRulesLocked()
	s.rules.mu.RUnlock()
	if !anyTagRules || len(viaTag) == 0 {
		return list, nil
	}
	var tags []string
	for _, st := range list {
		if viaTag[st.ID] {
			tags = append(tags, st.Tags...)
		}
	}
	followed, err := s.store.FollowsTags(ctx, viewer.ID, tags)
	if err != nil {
		return nil, err
	}
	out := list[:0:0]
	for _, st := range list {
		delivered := !viaTag[st.ID]
		for _, t := range st.Tags {
			if !delivered && followed[t] && !s.tagWithheld(ctx, viewer, t) {
				delivered = true
			}
		}
		if delivered {
			out = append(out, st)
		}
	}
	return out, nil
}
