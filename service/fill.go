package service

import (
	"context"

	"agora"
	"agora/visibility"
)

// maxScan bounds how many statuses one list request reads while the gate hides
// them: a page comes back short (or empty) only behind more hidden statuses than that.
const maxScan = 1000

// batch is what a readFunc read of a source (a feed, a query, a search).
type batch struct {
	list []*agora.Status // to pass to the gate, newest first
	read []agora.ID      // the positions read: the statuses and any left out already
	more bool            // the source may have more after them
	// replace, when set, is called when the gate left out statuses of list; it
	// may put others in their places (home: another boost of the same post),
	// returning what the gate kept with them, in order, and the position of
	// each status put in.
	replace func(list []*agora.Status, kept *visibility.Statuses) (*visibility.Statuses, map[agora.ID]agora.ID, error)
	// hide, when set, is the filter context of the list: statuses the viewer's
	// hide filters covering it match are left out as the gate's are, so that
	// the page fills from further on (dropHidden).
	hide agora.FilterContext
}

// readFunc reads page p of a source, newest first.
type readFunc func(p agora.Page) (batch, error)

// fill is the one loop that fills a page of statuses through the gate. It reads
// page p of the source; when the gate removes statuses it reads further, in full
// batches in the direction of the walk, until the page is full, the source has
// no more or maxScan statuses have been read, so that hidden statuses neither
// shorten a page needlessly nor end a client's walk early. skip statuses that
// pass are left out first (offset paging; newest-first walks only). The span is
// that of the positions of the statuses returned, for the Link header.
func (s *core) fill(ctx context.Context, v *visibility.Snapshot, mode visibility.Mode, p agora.Page, skip int, read readFunc) (*visibility.Statuses, Span, error) {
	want := p.Limit
	res := &visibility.Statuses{}
	var out []*agora.Status
	var at map[agora.ID]agora.ID // positions that are not the status's ID
	for scanned := 0; scanned < maxScan && len(out) < want; {
		b, err := read(p)
		if err != nil {
			return nil, Span{}, err
		}
		ids, more := b.read, b.more
		scanned += len(ids)
		kept, err := v.Statuses(ctx, b.list, mode)
		if err != nil {
			return nil, Span{}, err
		}
		if b.replace != nil && len(kept.Kept) < len(b.list) {
			var put map[agora.ID]agora.ID
			if kept, put, err = b.replace(b.list, kept); err != nil {
				return nil, Span{}, err
			}
			for id, pos := range put {
				if at == nil {
					at = map[agora.ID]agora.ID{}
				}
				at[id] = pos
			}
		}
		if b.hide != "" {
			if kept.Kept, err = s.dropHidden(ctx, v, b.hide, kept); err != nil {
				return nil, Span{}, err
			}
		}
		for id, o := range kept.Originals {
			if res.Originals == nil {
				res.Originals = map[agora.ID]*agora.Status{}
			}
			res.Originals[id] = o
		}
		res.Marks.Merge(kept.Marks)
		vis := kept.Kept
		if p.Ascending() {
			out = append(vis, out...) // newer than everything so far
		} else {
			n := min(skip, len(vis))
			skip -= n
			out = append(out, vis[n:]...)
		}
		if !more || len(ids) == 0 {
			break
		}
		// Continue beyond the last ID read, in the direction of the walk.
		p.Limit = agora.MaxPageLimit
		if p.Ascending() {
			p.MinID = ids[0]
		} else {
			p.MaxID = ids[len(ids)-1]
		}
	}
	if len(out) > want {
		if p.Ascending() {
			out = out[len(out)-want:]
		} else {
			out = out[:want]
		}
	}
	res.Kept = out
	var span Span
	if n := len(out); n > 0 {
		span = Span{Newest: posOf(out[0], at), Oldest: posOf(out[n-1], at)}
	}
	return res, span, nil
}

// posOf returns the position of st in its source: at's entry, or its ID.
func posOf(st *agora.Status, at map[agora.ID]agora.ID) agora.ID {
	if pos, ok := at[st.ID]; ok {
		return pos
	}
	return st.ID
}

// statusIDs returns the IDs of list, in order.
func statusIDs(list []*agora.Status) []agora.ID {
	ids := make([]agora.ID, len(list))
	for i, st := range list {
		ids[i] = st.ID
	}
	return ids
}
