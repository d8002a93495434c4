package storetest

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"net/url"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
)

// SQLitePath returns the path of a database file, not yet created, in a fresh
// temporary directory that is removed when tb ends.
func SQLitePath(tb testing.TB) string {
	tb.Helper()
	return filepath.Join(tb.TempDir(), "agora.db")
}

// PostgresDSN returns a postgres:// URL whose connections use a fresh, empty schema
// (through the search_path parameter), dropped when tb ends. The server is the one
// named by AGORA_TEST_POSTGRES_DSN; without it the test is skipped, or fails when
// AGORA_TEST_REQUIRE_SERVICES=1. The caller must close its connections before tb
// ends, in a Cleanup registered after this call.
func PostgresDSN(tb testing.TB) string {
	tb.Helper()
	base := os.Getenv("AGORA_TEST_POSTGRES_DSN")
	if base == "" {
		if os.Getenv("AGORA_TEST_REQUIRE_SERVICES") == "1" {
			tb.Fatal("AGORA_TEST_POSTGRES_DSN is not set and AGORA_TEST_REQUIRE_SERVICES=1")
		}
		tb.Skip("AGORA_TEST_POSTGRES_DSN is not set")
	}
	u, err := url.Parse(base)
	if err != nil || (u.Scheme != "postgres" && u.Scheme != "postgresql") {
		tb.Fatalf("AGORA_TEST_POSTGRES_DSN is not a postgres:// URL: %q", base)
	}
	var b [8]byte
	rand.Read(b[:])
	schema := "agoratest_" + hex.EncodeToString(b[:])

	execPostgres(tb, base, "CREATE SCHEMA "+schema)
	tb.Cleanup(func() { execPostgres(tb, base, "DROP SCHEMA "+schema+" CASCADE") })

	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	return u.String()
}

// execPostgres runs one statement on its own connection.
func execPostgres(tb testing.TB, dsn, stmt string) {
	tb.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	conn, err := pgx.Connect(ctx, dsn)
	if err != nil {
		tb.Fatalf("connect to PostgreSQL: %v", err)
	}
	defer conn.Close(ctx)
	if _, err := conn.Exec(ctx, stmt); err != nil {
		tb.Fatalf("%s: %v", stmt, err)
	}
}
