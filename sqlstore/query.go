package sqlstore

import (
	"slices"
	"strings"

	"agora"
)

// where collects the conditions of a query and their arguments, in order.
type where struct {
	conds []string
	args  []any
}

func (w *where) add(cond string, args ...any) {
	w.conds = append(w.conds, cond)
	w.args = append(w.args, args...)
}

// String returns " WHERE a AND b", or "" without conditions.
func (w *where) String() string {
	if len(w.conds) == 0 {
		return ""
	}
	return " WHERE " + strings.Join(w.conds, " AND ")
}

// page adds the bounds of p on the ID column col and returns the ORDER BY and LIMIT
// clause that goes after w.String(); call it after the last add. p is normalized
// here. The rows come newest first, or oldest first when p.Ascending(); reverse
// them with newestFirst.
func (w *where) page(col string, p agora.Page) string {
	p = p.Normalize()
	if p.MaxID != 0 {
		w.add(col+" < ?", p.MaxID)
	}
	if low := p.Lower(); low != 0 {
		w.add(col+" > ?", low)
	}
	w.args = append(w.args, p.Limit)
	if p.Ascending() {
		return " ORDER BY " + col + " ASC LIMIT ?"
	}
	return " ORDER BY " + col + " DESC LIMIT ?"
}

// newestFirst reverses list when it was read oldest first for p.
func newestFirst[T any](list []T, p agora.Page) []T {
	if p.Ascending() {
		slices.Reverse(list)
	}
	return list
}
