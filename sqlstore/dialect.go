package sqlstore

import (
	"encoding/json"
	"net/url"
	"strconv"
	"strings"

	"agora"
)

// This file holds everything in which SQLite and PostgreSQL differ for this package:
// the driver and its DSN, placeholders, list parameters, correlated subqueries
// with a limit, row locks, byte-wise ordering of text, full-text search and the
// migration lock.
//
// What is written the same way in both, and so needs nothing here:
//   - upserts: INSERT ... ON CONFLICT (...) DO UPDATE SET ... = excluded....;
//   - RETURNING, on INSERT, UPDATE and DELETE (SQLite 3.35 and later);
//   - case-insensitive uniqueness: unique indexes on lower(column), in the migrations;
//   - time: BIGINT Unix milliseconds, 0 for none (see millis in db.go);
//   - booleans: BOOLEAN columns read into bool (SQLite stores 0 and 1).
//
// Column types of the schema differ too, in migrations/sqlite and migrations/postgres.

// Dialect names, as DB.Dialect returns them.
const (
	SQLite   = "sqlite"
	Postgres = "postgres"
)

// dialect is one of the two databases.
type dialect struct {
	name   string // SQLite or Postgres
	driver string // database/sql driver name
}

var (
	sqliteDialect   = dialect{name: SQLite, driver: "sqlite"}
	postgresDialect = dialect{name: Postgres, driver: "pgx"}
)

// dialectOf tells the database from the DSN: a postgres:// or postgresql:// URL is
// PostgreSQL, anything else a SQLite file path.
func dialectOf(dsn string) dialect {
	if strings.HasPrefix(dsn, "postgres://") || strings.HasPrefix(dsn, "postgresql://") {
		return postgresDialect
	}
	return sqliteDialect
}

// sqliteDSN turns a file path into a modernc.org/sqlite DSN whose pragmas apply to
// every pooled connection. The writer gets WAL mode and immediate transactions,
// statement journals in memory and a page cache of writerCacheKiB, raised for a
// large transaction (a bulk decision, an order of 100,000 targets: inLargeTx) so
// that it neither writes each statement's journal to a temporary file nor
// spills pages mid-transaction; readers are query-only.
func sqliteDSN(path string, readOnly bool) string {
	q := []string{
		"_pragma=busy_timeout(10000)",
		"_pragma=foreign_keys(1)",
		"_pragma=synchronous(NORMAL)",
		// Sorts and temporary tables in memory: rebuilding a home feed sorts
		// thousands of IDs.
		"_pragma=temp_store(MEMORY)",
	}
	if readOnly {
		q = append(q, "_pragma=query_only(1)")
	} else {
		q = append(q, "_pragma=journal_mode(WAL)", "_txlock=immediate", "_pragma=cache_size(-"+strconv.Itoa(writerCacheKiB)+")")
	}
	// Escape the path so that '?', '#' and '%' in a file name stay part of it.
	return "file:" + (&url.URL{Path: path}).EscapedPath() + "?" + strings.Join(q, "&")
}

// rebind turns the ? placeholders of query into PostgreSQL's $1, $2, ... Queries in
// this package contain no '?' other than placeholders.
func (d dialect) rebind(query string) string {
	if d.name != Postgres || strings.IndexByte(query, '?') < 0 {
		return query
	}
	var b strings.Builder
	b.Grow(len(query) + 16)
	n := 0
	for i := 0; i < len(query); i++ {
		if query[i] != '?' {
			b.WriteByte(query[i])
			continue
		}
		n++
		b.WriteByte('$')
		b.WriteString(strconv.Itoa(n))
	}
	return b.String()
}

// in returns a condition that col is one of the values of a single list parameter,
// made by ids or texts. The query text does not depend on the list's length, so
// one prepared statement serves every call.
func (d dialect) in(col string) string {
	if d.name == Postgres {
		return col + " = ANY(?)"
	}
	return col + " IN (SELECT value FROM json_each(?))"
}

// ids makes the list parameter for in from IDs.
func (d dialect) ids(ids []agora.ID) any {
	n := make([]int64, len(ids))
	for i, id := range ids {
		n[i] = int64(id)
	}
	if d.name == Postgres {
		return n
	}
	return jsonList(n)
}

// texts makes the list parameter for in from strings.
func (d dialect) texts(s []string) any {
	if d.name == Postgres {
		return s
	}
	return jsonList(s)
}

func jsonList[T any](v []T) string {
	b, _ := json.Marshal(v) // slices of int64 or string always marshal
	return string(b)
}

// jsonTable returns a table expression, named alias, of the rows in its one
// argument, made by jsonRecords with the same columns: cols are "name TYPE", the
// type in PostgreSQL's terms (SQLite takes each value's JSON type). With it one
// statement joins or updates any number of rows: UPDATE t SET ... FROM
// jsonTable(...) WHERE t.id = alias.id.
func (d dialect) jsonTable(alias string, cols ...string) string {
	if d.name == Postgres {
		return "jsonb_to_recordset(CAST(? AS jsonb)) AS " + alias + "(" + strings.Join(cols, ", ") + ")"
	}
	sel := make([]string, len(cols))
	for i, c := range cols {
		name, _, _ := strings.Cut(c, " ")
		sel[i] = "value->>'" + name + "' AS " + name
	}
	return "(SELECT " + strings.Join(sel, ", ") + " FROM json_each(?)) AS " + alias
}

// inFirst returns a condition that col is one of the rows of sub, a correlated
// subquery with a LIMIT (the newest few of a group): PostgreSQL would test such an
// IN for every row of col's table, so there it is an array, computed once for
// each row of the outer query and looked up in col's index; SQLite does that
// with the IN itself.
func (d dialect) inFirst(col, sub string) string {
	if d.name == Postgres {
		return col + " = ANY(ARRAY(" + sub + "))"
	}
	return col + " IN (" + sub + ")"
}

// forUpdate ends a SELECT whose rows a transaction must lock before it changes
// them, so that transactions touching the same rows take their locks in one order:
// FOR UPDATE on PostgreSQL, nothing on SQLite, where write transactions run one at
// a time anyway.
func (d dialect) forUpdate() string {
	if d.name == Postgres {
		return " FOR UPDATE"
	}
	return ""
}

// bytewise returns the text expression expr to be ordered by byte (code point)
// order, as SQLite orders text by default; PostgreSQL would follow the database's
// locale, in which, for example, '_' may be ignored.
func (d dialect) bytewise(expr string) string {
	if d.name == Postgres {
		return expr + ` COLLATE "C"`
	}
	return expr
}

// matchText returns a condition that the text of the status aliased s contains
// every one of words (see searchWords), and its one argument. SQLite looks the
// words up in the FTS5 table statuses_fts, each quoted as a string so that nothing
// in them is FTS syntax; PostgreSQL matches the expression its GIN index holds
// with plainto_tsquery, which reads no syntax; it indexes the text with its
// punctuation made spaces (migration 0032), so that "masto.js" holds the words masto
// and js there too. Both fold case and keep diacritics.
// Only statuses other than boosts are indexed: the query must also have the
// condition s.reblog_of_id = 0 (PostgreSQL's index is partial on it).
func (d dialect) matchText(words []string) (cond string, arg any) {
	if d.name == Postgres {
		return `to_tsvector('simple', regexp_replace(s.text, '[[:punct:]]+', ' ', 'g')) @@ plainto_tsquery('simple', ?)`, strings.Join(words, " ")
	}
	quoted := make([]string, len(words))
	for i, w := range words {
		quoted[i] = `"` + strings.ReplaceAll(w, `"`, `""`) + `"`
	}
	return `s.id IN (SELECT rowid FROM statuses_fts WHERE statuses_fts MATCH ?)`, strings.Join(quoted, " ")
}

// indexText returns the statement that adds the text of one status (arguments: ID,
// text) to the full-text index, or "" when the database indexes an expression of
// statuses (PostgreSQL).
func (d dialect) indexText() string {
	if d.name == Postgres {
		return ""
	}
	return `INSERT INTO statuses_fts (rowid, text) VALUES (?, ?)`
}

// unindexText returns the statement that removes the status with the ID (its one
// argument) from the full-text index, or "" as for indexText. Removing a status
// that is not indexed does nothing.
func (d dialect) unindexText() string {
	if d.name == Postgres {
		return ""
	}
	return `DELETE FROM statuses_fts WHERE rowid = ?`
}

// migrationLock is run first in every migration transaction so that processes
// starting together apply each migration once. SQLite's immediate transactions
// already exclude each other.
func (d dialect) migrationLock() string {
	if d.name == Postgres {
		return "SELECT pg_advisory_xact_lock(4242000001)"
	}
	return ""
}
