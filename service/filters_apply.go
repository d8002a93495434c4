package service

import (
	"context"

	"agora"
	"agora/visibility"
)

// How filters apply. Only statuses the gate let through are matched, so a
// filter never tells anything about a withheld status. A boost is matched by
// the status it boosts (its text, content warning, poll and media
// descriptions). In the contexts a
// filter covers, every status rendered to its owner carries the filter's
// FilterResult (Bundle.Filtered); a hide filter's matches are left out of
// lists (timelines, a thread's ancestors and descendants, notifications) but
// can still be fetched by ID. The viewer's own statuses carry their results
// but are never left out, as Mastodon's web app never hides them.

// filtersKey keeps the viewer's compiled filters on the request's snapshot.
type filtersKey struct{}

// viewerFilters returns the viewer's active filters, compiled: read and
// compiled once per snapshot, that is per request (one indexed query for a
// viewer without filters). nil for anonymous viewers.
func (s *core) viewerFilters(ctx context.Context, v *visibility.Snapshot) (*agora.FilterMatcher, error) {
	viewer := v.Viewer()
	if viewer == nil {
		return nil, nil
	}
	m, err := v.Keep(filtersKey{}, func() (any, error) {
		fs, err := s.store.Filters(ctx, viewer.ID)
		if err != nil {
			return nil, err
		}
		return agora.CompileFilters(fs, s.now()), nil
	})
	if err != nil {
		return nil, err
	}
	return m.(*agora.FilterMatcher), nil
}

// filterSubject is what filters match of st: the status it shows (st, or the
// original of a boost), with the poll's options when polls has it and its
// media's descriptions (read with the status).
func filterSubject(st, original *agora.Status, polls map[agora.ID]*agora.Poll) agora.FilterSubject {
	shown := st
	if original != nil {
		shown = original
	}
	sub := agora.FilterSubject{ID: st.ID, ReblogOfID: st.ReblogOfID, Text: shown.Text, SpoilerText: shown.SpoilerText}
	if p := polls[shown.ID]; p != nil {
		sub.PollOptions = p.Options
	}
	for _, m := range shown.Media {
		if m.Description != "" {
			sub.MediaDescriptions = append(sub.MediaDescriptions, m.Description)
		}
	}
	return sub
}

// dropHidden returns the statuses of kept that no hide filter of the viewer's
// covering c matches (the viewer's own always stay), in order. It reads the
// polls of the statuses only when the viewer has filters.
func (s *core) dropHidden(ctx context.Context, v *visibility.Snapshot, c agora.FilterContext, kept *visibility.Statuses) ([]*agora.Status, error) {
	m, err := s.viewerFilters(ctx, v)
	if err != nil || m.Empty() || len(kept.Kept) == 0 {
		return kept.Kept, err
	}
	var pollIDs []agora.ID
	for _, st := range kept.Kept {
		if o := kept.Originals[st.ReblogOfID]; o != nil && o.HasPoll {
			pollIDs = append(pollIDs, o.ID)
		} else if st.HasPoll {
			pollIDs = append(pollIDs, st.ID)
		}
	}
	var polls map[agora.ID]*agora.Poll
	if len(pollIDs) > 0 {
		if polls, err = s.store.Polls(ctx, pollIDs); err != nil {
			return nil, err
		}
	}
	viewer := v.Viewer().ID
	out := make([]*agora.Status, 0, len(kept.Kept))
	for _, st := range kept.Kept {
		o := kept.Originals[st.ReblogOfID]
		if ownStatus(viewer, st, o) || !agora.Hides(m.Match(c, filterSubject(st, o, polls))) {
			out = append(out, st)
		}
	}
	return out, nil
}

// ownStatus reports whether the viewer wrote the status shown: st, or the
// original o of a boost.
func ownStatus(viewer agora.ID, st, o *agora.Status) bool {
	if o != nil {
		return o.AccountID == viewer
	}
	return st.AccountID == viewer
}

// markFiltered sets b.Filtered: for each status of the bundle and each boost's
// original, the results of the viewer's filters covering c. Withheld shells
// are never matched.
func (s *core) markFiltered(ctx context.Context, v *visibility.Snapshot, c agora.FilterContext, b *Bundle) error {
	m, err := s.viewerFilters(ctx, v)
	if err != nil || m.Empty() {
		return err
	}
	add := func(st, o *agora.Status) {
		if _, shell := b.Marks.Shell(st.ID); shell {
			return
		}
		if r := m.Match(c, filterSubject(st, o, b.Polls)); len(r) > 0 {
			if b.Filtered == nil {
				b.Filtered = map[agora.ID][]agora.FilterResult{}
			}
			b.Filtered[st.ID] = r
		}
	}
	for _, st := range b.Statuses {
		if o := b.Original(st); o != nil {
			add(st, o)
			add(o, nil)
			continue
		}
		add(st, nil)
	}
	return nil
}

// filterList is dropHidden and markFiltered for a bundle presented at once (a
// thread's ancestors or descendants): statuses hidden in c are left out, the
// rest marked.
func (s *core) filterList(ctx context.Context, v *visibility.Snapshot, c agora.FilterContext, b *Bundle) error {
	m, err := s.viewerFilters(ctx, v)
	if err != nil || m.Empty() {
		return err
	}
	viewer := v.Viewer().ID
	out := b.Statuses[:0:0]
	for _, st := range b.Statuses {
		o := b.Original(st)
		if ownStatus(viewer, st, o) || !agora.Hides(m.Match(c, filterSubject(st, o, b.Polls))) {
			out = append(out, st)
		}
	}
	b.Statuses = out
	return s.markFiltered(ctx, v, c, b)
}
