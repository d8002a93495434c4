package sqlstore

import (
	"context"
	"database/sql"
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

// pageLimit returns n, or agora.DefaultPageLimit when n <= 0, at most agora.MaxPageLimit.
func pageLimit(n int) int { return agora.Page{Limit: n}.Normalize().Limit }

// collect scans every row of rows with scan, closes rows and returns what it read,
// an empty (not nil) slice when there were no rows. Errors are wrapped with step.
func collect[T any](step string, rows *sql.Rows, scan func(scanner) (T, error)) ([]T, error) {
	defer rows.Close()
	out := []T{}
	for rows.Next() {
		v, err := scan(rows)
		if err != nil {
			return nil, wrap("scan "+step, err)
		}
		out = append(out, v)
	}
	if err := rows.Err(); err != nil {
		return nil, wrap(step, err)
	}
	return out, nil
}

// queryList runs query on c and collects its rows with scan.
func queryList[T any](ctx context.Context, c conn, step string, scan func(scanner) (T, error), query string, args ...any) ([]T, error) {
	rows, err := c.query(ctx, query, args...)
	if err != nil {
		return nil, wrap(step, err)
	}
	return collect(step, rows, scan)
}

// insertRows inserts rows, each of the same number of values, with one statement
// per batch: insert is "INSERT INTO table (columns)" and suffix goes after the
// VALUES list (for example an ON CONFLICT clause).
func insertRows(ctx context.Context, c conn, insert, suffix string, rows [][]any) error {
	const batch = 200 // far below SQLite's and PostgreSQL's limits on parameters
	for len(rows) > 0 {
		n := min(len(rows), batch)
		var b strings.Builder
		b.WriteString(insert + " VALUES ")
		var args []any
		for i, row := range rows[:n] {
			if i > 0 {
				b.WriteString(", ")
			}
			b.WriteString("(" + strings.Repeat("?, ", len(row)-1) + "?)")
			args = append(args, row...)
		}
		b.WriteString(suffix)
		if _, err := c.exec(ctx, b.String(), args...); err != nil {
			return err
		}
		rows = rows[n:]
	}
	return nil
}

// likeEscaper escapes the wildcards of LIKE, with '\' as the escape character
// (ESCAPE '\' in the query), so user input matches literally.
var likeEscaper = strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`)

// likePrefix returns the LIKE pattern matching text at the start of a value.
func likePrefix(text string) string { return likeEscaper.Replace(text) + "%" }

// likeContains returns the LIKE pattern matching text anywhere in a value.
func likeContains(text string) string { return "%" + likeEscaper.Replace(text) + "%" }
