package service

import (
	"context"

	"agora"
	"agora/visibility"
)

// maxScan bounds how many statuses one list request reads while the gate hides
// them: a page comes back short (or empty) only behind more hidden statuses than that.
const maxScan = 1000

// readFunc reads the statuses of page p of a source (a feed, a query, a search),
// newest first: the statuses to pass to the gate, the IDs it read (the statuses
// and any it left out itself), and whether the source may have more after them.
type readFunc func(p agora.Page) (list []*agora.Status, read []agora.ID, more bool, err error)

// fill is the one loop that fills a page of statuses through the gate. It reads
// page p of the source; when the gate removes statuses it reads further, in full
// batches in the direction of the walk, until the page is full, the source has
// no more or maxScan statuses have been read, so that hidden statuses neither
// shorten a page needlessly nor end a client's walk early. skip statuses that
// pass are left out first (offset paging; newest-first walks only).
func (s *Service) fill(ctx context.Context, v *visibility.Snapshot, mode visibility.Mode, p agora.Page, skip int, read readFunc) (*visibility.Statuses, error) {
	want := p.Limit
	res := &visibility.Statuses{Originals: map[agora.ID]*agora.Status{}}
	var out []*agora.Status
	for scanned := 0; scanned < maxScan && len(out) < want; {
		list, ids, more, err := read(p)
		if err != nil {
			return nil, err
		}
		scanned += len(ids)
		kept, err := v.Statuses(ctx, list, mode)
		if err != nil {
			return nil, err
		}
		for id, o := range kept.Originals {
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
	return res, nil
}

// statusIDs returns the IDs of list, in order.
func statusIDs(list []*agora.Status) []agora.ID {
	ids := make([]agora.ID, len(list))
	for i, st := range list {
		ids[i] = st.ID
	}
	return ids
}
