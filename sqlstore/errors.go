package sqlstore

import (
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"agora"

	"github.com/jackc/pgx/v5/pgconn"
	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"
)

// Client-safe messages of the errors this package makes.
const (
	msgNotFound = "Record not found."
	msgConflict = "Record already exists."
)

// wrap turns err from step into agora's terms: no rows and foreign-key violations
// (a referenced record is missing) become ENOTFOUND, unique violations ECONFLICT (with
// agora.ErrIDTaken in the chain when the primary key was violated),
// anything else is wrapped with the step's name and so reads as EINTERNAL.
func wrap(step string, err error) error {
	if err == nil {
		return nil
	}
	if errors.Is(err, sql.ErrNoRows) {
		return notFound(err)
	}
	if primaryKeyViolation(err) {
		return conflict(msgConflict, fmt.Errorf("%s: %w: %w", step, agora.ErrIDTaken, err))
	}
	if _, ok := uniqueViolation(err); ok {
		return conflict(msgConflict, err)
	}
	if foreignKeyViolation(err) {
		return notFound(fmt.Errorf("%s: %w", step, err))
	}
	return fmt.Errorf("%s: %w", step, err)
}

func notFound(err error) error {
	return &agora.Error{Code: agora.ENOTFOUND, Message: msgNotFound, Err: err}
}

func conflict(msg string, err error) error {
	return &agora.Error{Code: agora.ECONFLICT, Message: msg, Err: err}
}

// uniqueViolation reports whether err is a unique or primary key violation and
// returns what the driver says was violated: the constraint name on PostgreSQL,
// the message naming the index or columns on SQLite.
func uniqueViolation(err error) (constraint string, ok bool) {
	var le *sqlite.Error
	if errors.As(err, &le) {
		c := le.Code()
		return le.Error(), c == sqlite3.SQLITE_CONSTRAINT_UNIQUE || c == sqlite3.SQLITE_CONSTRAINT_PRIMARYKEY
	}
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		return pe.ConstraintName, pe.Code == "23505" // unique_violation
	}
	return "", false
}

// primaryKeyViolation reports whether err is a violation of a table's primary
// key, which in agora's tables is always its ID column.
func primaryKeyViolation(err error) bool {
	var le *sqlite.Error
	if errors.As(err, &le) {
		return le.Code() == sqlite3.SQLITE_CONSTRAINT_PRIMARYKEY
	}
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		return pe.Code == "23505" && strings.HasSuffix(pe.ConstraintName, "_pkey")
	}
	return false
}

// foreignKeyViolation reports whether err is a foreign key violation.
func foreignKeyViolation(err error) bool {
	var le *sqlite.Error
	if errors.As(err, &le) {
		return le.Code() == sqlite3.SQLITE_CONSTRAINT_FOREIGNKEY
	}
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		return pe.Code == "23503" // foreign_key_violation
	}
	return false
}

// mustAffect returns ENOTFOUND when res reports no affected rows.
func mustAffect(step string, res sql.Result) error {
	n, err := res.RowsAffected()
	if err != nil {
		return fmt.Errorf("%s: %w", step, err)
	}
	if n == 0 {
		return notFound(nil)
	}
	return nil
}
