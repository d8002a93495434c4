package service

import (
	"context"
	"fmt"
	"unicode/utf8"

	"agora"
	"agora/internal/textfmt"
	"agora/visibility"
)

// HomeTimeline returns a page of the viewer's home feed. A missing feed is rebuilt
// from the database first. The feed holds the newest agora.FeedLen entries, as
// Mastodon's does; paging past them returns an empty page.
func (s *Timelines) HomeTimeline(ctx context.Context, v *visibility.Snapshot, p agora.Page) (*Bundle, error) {
	viewer := v.Viewer()
	p = p.Normalize()
	kept, span, err := s.fill(ctx, v, visibility.List, p, 0, func(p agora.Page) (batch, error) {
		entries, err := s.feedPage(ctx, viewer.ID, p)
		if err != nil {
			return batch{}, err
		}
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
			return batch{}, err
		}
		list := make([]*agora.Status, 0, len(page))
		for _, id := range page {
			if st := found[id]; st != nil {
				list = append(list, st)
			}
		}
		list, err = s.dropWithheldTagDeliveries(ctx, v, list, viaTag)
		replace := func(list []*agora.Status, kept *visibility.Statuses) (*visibility.Statuses, map[agora.ID]agora.ID, error) {
			return s.replaceHiddenBoosts(ctx, v, list, kept)
		}
		return batch{list: list, read: page, more: len(page) >= p.Limit, replace: replace, hide: agora.FilterHome}, err
	})
	if err != nil {
		return nil, err
	}
	b, err := s.bundle(ctx, viewer, kept)
	if err != nil {
		return nil, err
	}
	if err := s.markFiltered(ctx, v, agora.FilterHome, b); err != nil {
		return nil, err
	}
	// Pages continue from the feed's positions: a boost shown in place of a
	// hidden one (replaceHiddenBoosts) keeps the place of the one it replaces.
	b.Span = span
	return b, nil
}

// replaceHiddenBoosts puts, in place of each boost of list that the gate left out
// of kept (its booster withheld from the viewer, muted or blocked), another boost
// of the same original by an account the viewer follows that the gate lets
// through: the oldest of them, as a feed shows the first boost it received. A
// feed holds one entry per original (FeedCache.Push), so without this a post
// boosted by several accounts the viewer follows would leave the home timeline
// with the one boost shown, though others still boost it, as they do in
// Mastodon. It returns kept with the boosts put in, in the order of list, and
// maps the ID of each boost put in to the feed position of the one it replaces.
// Only the oldest agora.MaxPageLimit boosts of an original are looked at; it
// makes round trips only when the gate left a boost out.
func (s *Timelines) replaceHiddenBoosts(ctx context.Context, v *visibility.Snapshot, list []*agora.Status, kept *visibility.Statuses) (*visibility.Statuses, map[agora.ID]agora.ID, error) {
	shown := make(map[agora.ID]bool, len(kept.Kept))
	for _, st := range kept.Kept {
		shown[st.ID] = true
	}
	var at map[agora.ID]agora.ID
	put := map[agora.ID]*visibility.Statuses{} // by the ID of the boost replaced
	for _, st := range list {
		if st.ReblogOfID == 0 || shown[st.ID] {
			continue
		}
		others, err := s.store.Reblogs(ctx, st.ReblogOfID, agora.Page{MinID: 1, Limit: agora.MaxPageLimit})
		if err != nil {
			return nil, nil, fmt.Errorf("other boosts: %w", err)
		}
		// Whether the reader follows the other boosters: one query for these few
		// accounts, not the reader's whole following list.
		boosters := make([]agora.ID, 0, len(others))
		for _, o := range others {
			if o.ID != st.ID {
				boosters = append(boosters, o.AccountID)
			}
		}
		if len(boosters) == 0 {
			continue
		}
		rel, err := s.store.Relations(ctx, v.Viewer().ID, boosters)
		if err != nil {
			return nil, nil, fmt.Errorf("boosters followed: %w", err)
		}
		var cands []*agora.Status
		for _, o := range others {
			if o.ID != st.ID && rel[o.AccountID].Following {
				cands = append(cands, o)
			}
		}
		if len(cands) == 0 {
			continue
		}
		ok, err := v.Statuses(ctx, cands, visibility.List)
		if err != nil {
			return nil, nil, err
		}
		if n := len(ok.Kept); n > 0 {
			ok.Kept = ok.Kept[n-1:] // newest first: the oldest is last
			put[st.ID] = ok
			if at == nil {
				at = map[agora.ID]agora.ID{}
			}
			at[ok.Kept[0].ID] = st.ID
		}
	}
	if len(put) == 0 {
		return kept, nil, nil
	}
	out := &visibility.Statuses{Originals: map[agora.ID]*agora.Status{}, Marks: kept.Marks}
	for id, o := range kept.Originals {
		out.Originals[id] = o
	}
	for _, st := range list {
		switch r := put[st.ID]; {
		case shown[st.ID]:
			out.Kept = append(out.Kept, st)
		case r != nil:
			out.Kept = append(out.Kept, r.Kept[0])
			for id, o := range r.Originals {
				out.Originals[id] = o
			}
			out.Marks.Merge(r.Marks)
		}
	}
	return out, at, nil
}

// feedPage reads the page of the viewer's feed, rebuilding the feed when it is
// missing. A feed dropped again while it was rebuilt (a follow, a block) is
// rebuilt once more; after that the page is read as it is.
func (s *core) feedPage(ctx context.Context, accountID agora.ID, p agora.Page) ([]agora.FeedEntry, error) {
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
func (s *Timelines) PublicTimeline(ctx context.Context, v *visibility.Snapshot, p agora.Page) (*Bundle, error) {
	return s.PublicMediaTimeline(ctx, v, p, false)
}

// PublicMediaTimeline is PublicTimeline, with onlyMedia only the statuses with
// media attachments.
func (s *Timelines) PublicMediaTimeline(ctx context.Context, v *visibility.Snapshot, p agora.Page, onlyMedia bool) (*Bundle, error) {
	return s.listVisible(ctx, v, agora.StatusQuery{
		Visibilities:   []agora.Visibility{agora.VisibilityPublic},
		ExcludeReplies: true,
		ExcludeReblogs: true,
		OnlyMedia:      onlyMedia,
		Page:           p.Normalize(),
	}, visibility.Public, agora.FilterPublic)
}

// TagTimeline returns public statuses carrying the hashtag (matched without case),
// newest first. EINVALID for a name that cannot be a hashtag.
func (s *Timelines) TagTimeline(ctx context.Context, v *visibility.Snapshot, tag string, p agora.Page) (*Bundle, error) {
	return s.FilteredTagTimeline(ctx, v, TagTimelineQuery{Tag: tag, Page: p})
}

// AccountStatusesQuery selects an account's statuses.
type AccountStatusesQuery struct {
	ExcludeReplies bool
	ExcludeReblogs bool
	OnlyMedia      bool // only statuses with media attachments
	Tagged         string
	Page           agora.Page
}

// AccountStatuses returns the account's statuses the viewer may see, newest first.
func (s *Timelines) AccountStatuses(ctx context.Context, v *visibility.Snapshot, id agora.ID, q AccountStatusesQuery) (*Bundle, error) {
	viewer := v.Viewer()
	if _, _, err := s.account(ctx, v, id); err != nil {
		return nil, err
	}
	sq := agora.StatusQuery{
		AccountID:      id,
		ExcludeReplies: q.ExcludeReplies,
		ExcludeReblogs: q.ExcludeReblogs,
		OnlyMedia:      q.OnlyMedia,
		Page:           q.Page.Normalize(),
	}
	if q.Tagged != "" {
		name, ok := textfmt.NormalizeTag(q.Tagged)
		if !ok {
			return nil, agora.Errorf(agora.EINVALID, "%q is not a valid hashtag.", truncate(q.Tagged, 100))
		}
		if err := v.Tag(name); err != nil {
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
	return s.listVisible(ctx, v, sq, visibility.Direct, agora.FilterAccount)
}

// listVisible runs the query and passes the result through the gate in the mode
// given and the viewer's filters of context c, reading further while they hide
// statuses (fill).
func (s *Timelines) listVisible(ctx context.Context, v *visibility.Snapshot, q agora.StatusQuery, mode visibility.Mode, c agora.FilterContext) (*Bundle, error) {
	kept, _, err := s.fill(ctx, v, mode, q.Page, 0, func(p agora.Page) (batch, error) {
		q.Page = p
		list, err := s.store.ListStatuses(ctx, q)
		return batch{list: list, read: statusIDs(list), more: len(list) >= p.Limit, hide: c}, err
	})
	if err != nil {
		return nil, err
	}
	b, err := s.bundle(ctx, v.Viewer(), kept)
	if err != nil {
		return nil, err
	}
	return b, s.markFiltered(ctx, v, c, b)
}

// truncate cuts s to at most n bytes, at the start of a character so that
// valid UTF-8 stays valid (an error message is stored and sent as text), and
// marks the cut with "...".
func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n] + "..."
}

// dropWithheldTagDeliveries leaves out the statuses that reached the viewer's feed
// only through followed hashtags that are all withheld in the viewer's country: a
// hashtag rule withholds followed-tag delivery, not the statuses themselves.
func (s *Timelines) dropWithheldTagDeliveries(ctx context.Context, v *visibility.Snapshot, list []*agora.Status, viaTag map[agora.ID]bool) ([]*agora.Status, error) {
	viewer := v.Viewer()
	if len(viaTag) == 0 || !v.AnyTagRules() {
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
			if !delivered && followed[t] && !v.HidesTag(t) {
				delivered = true
			}
		}
		if delivered {
			out = append(out, st)
		}
	}
	return out, nil
}
