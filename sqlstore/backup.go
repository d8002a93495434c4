package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"strings"
)

// BackupSQLite writes a consistent copy of the SQLite database at path to the
// new file dst with VACUUM INTO, while servers may go on writing to the
// database: the copy is the database as of one moment, every transaction
// committed before it began in it, none after. It neither creates nor
// migrates the database: path must be an existing agora database, and dst
// must not exist. It returns the name of the last migration the copy holds.
func BackupSQLite(ctx context.Context, path, dst string) (string, error) {
	if dialectOf(path).name != SQLite {
		return "", errors.New("backup: not a SQLite database")
	}
	if _, err := os.Stat(path); err != nil {
		return "", fmt.Errorf("backup: %w", err)
	}
	if _, err := os.Stat(dst); err == nil {
		return "", fmt.Errorf("backup: %s exists", dst)
	}
	// Not query_only, which VACUUM INTO refuses though it writes only dst.
	db, err := sql.Open(sqliteDialect.driver, sqliteDSN(path, false))
	if err != nil {
		return "", fmt.Errorf("backup: open %s: %w", path, err)
	}
	defer db.Close()
	conn, err := db.Conn(ctx) // one connection, so the check and the copy read the same file
	if err != nil {
		return "", fmt.Errorf("backup: connect: %w", err)
	}
	defer conn.Close()
	var last string
	if err := conn.QueryRowContext(ctx, `SELECT name FROM schema_migrations ORDER BY name DESC LIMIT 1`).Scan(&last); err != nil {
		return "", fmt.Errorf("backup: %s is not an agora database: %w", path, err)
	}
	// VACUUM INTO takes a string literal, not a parameter.
	if _, err := conn.ExecContext(ctx, `VACUUM INTO '`+strings.ReplaceAll(dst, "'", "''")+`'`); err != nil {
		_ = os.Remove(dst)
		return "", fmt.Errorf("backup: vacuum into %s: %w", dst, err)
	}
	return last, nil
}
