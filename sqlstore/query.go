package sqlstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
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

// pageLimit returns n, or agora.DefaultPageLimit when n <= 0, at most agora.MaxListLimit.
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
// VALUES list (for example an ON CONFLICT clause). When there are several full
// batches, their statement is prepared once.
func insertRows(ctx context.Context, c conn, insert, suffix string, rows [][]any) error {
	const batch = 200 // far below SQLite's and PostgreSQL's limits on parameters
	if len(rows) == 0 {
		return nil
	}
	values := func(n int) string {
		row := "(" + strings.Repeat("?, ", len(rows[0])-1) + "?)"
		return c.d.rebind(insert + " VALUES " + strings.Repeat(row+", ", n-1) + row + suffix)
	}
	args := make([]any, 0, min(len(rows), batch)*len(rows[0]))
	flatten := func(rows [][]any) []any {
		args = args[:0]
		for _, row := range rows {
			args = append(args, row...)
		}
		return args
	}
	if len(rows) >= 2*batch {
		stmt, err := c.q.PrepareContext(ctx, values(batch))
		if err != nil {
			return err
		}
		defer stmt.Close()
		for len(rows) >= batch {
			if _, err := stmt.ExecContext(ctx, flatten(rows[:batch])...); err != nil {
				return err
			}
			rows = rows[batch:]
		}
	}
	for len(rows) > 0 {
		n := min(len(rows), batch)
		if _, err := c.q.ExecContext(ctx, values(n), flatten(rows[:n])...); err != nil {
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

// jsonRecords makes the argument of dialect.jsonTable: a JSON array of objects
// whose keys are the names of cols (as jsonTable takes them) and whose values are
// those of each row, in the same order. Values are IDs, integers, strings (valid
// UTF-8: JSON would replace invalid bytes), or sql.NullInt64 (null when not valid).
func jsonRecords(cols []string, rows [][]any) (string, error) {
	names := make([]string, len(cols))
	for i, c := range cols {
		name, _, _ := strings.Cut(c, " ")
		k, _ := json.Marshal(name)
		names[i] = string(k) + ":"
	}
	var b strings.Builder
	b.WriteByte('[')
	for i, row := range rows {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteByte('{')
		for j, v := range row {
			if j > 0 {
				b.WriteByte(',')
			}
			b.WriteString(names[j])
			switch v := v.(type) {
			case agora.ID:
				b.WriteString(strconv.FormatInt(int64(v), 10))
			case int64:
				b.WriteString(strconv.FormatInt(v, 10))
			case int:
				b.WriteString(strconv.Itoa(v))
			case sql.NullInt64:
				if !v.Valid {
					b.WriteString("null")
				} else {
					b.WriteString(strconv.FormatInt(v.Int64, 10))
				}
			case string:
				q, _ := json.Marshal(v) // strings always marshal
				b.Write(q)
			default:
				return "", fmt.Errorf("json records: unsupported value %T", v)
			}
		}
		b.WriteByte('}')
	}
	b.WriteByte(']')
	return b.String(), nil
}
