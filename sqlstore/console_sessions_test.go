package sqlstore_test

import (
	"testing"
	"time"

	"agora"
	"agora/sqlstore"
	"agora/storetest"
)

// TestConsoleSessions stores, reads, expires and ends console sessions on both
// databases.
func TestConsoleSessions(t *testing.T) {
	for _, tc := range []struct {
		dialect string
		dsn     func(testing.TB) string
	}{
		{sqlstore.SQLite, storetest.SQLitePath},
		{sqlstore.Postgres, storetest.PostgresDSN},
	} {
		t.Run(tc.dialect, func(t *testing.T) {
			db := mustOpen(t, tc.dsn(t))
			ctx := t.Context()
			now := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
			a := &agora.Account{ID: 1 << 20, Username: "lena", Email: "lena@example.org", PasswordHash: "x",
				Role: agora.RoleLegal, CreatedAt: now}
			if err := db.CreateAccount(ctx, a); err != nil {
				t.Fatal(err)
			}
			s := &agora.ConsoleSession{Hash: "h1", AccountID: a.ID, Address: "192.0.2.1", CreatedAt: now, ExpiresAt: now.Add(time.Hour)}
			if err := db.CreateConsoleSession(ctx, s); err != nil {
				t.Fatalf("CreateConsoleSession: %v", err)
			}
			if err := db.CreateConsoleSession(ctx, s); agora.ErrorCode(err) != agora.ECONFLICT {
				t.Errorf("CreateConsoleSession twice: %v, want ECONFLICT", err)
			}
			if err := db.CreateConsoleSession(ctx, &agora.ConsoleSession{Hash: "h2", AccountID: 99, CreatedAt: now, ExpiresAt: now}); agora.ErrorCode(err) != agora.ENOTFOUND {
				t.Errorf("CreateConsoleSession of a missing account: %v, want ENOTFOUND", err)
			}
			got, err := db.ConsoleSession(ctx, "h1")
			if err != nil {
				t.Fatalf("ConsoleSession: %v", err)
			}
			if *got != *s {
				t.Errorf("ConsoleSession = %+v, want %+v", got, s)
			}
			old := &agora.ConsoleSession{Hash: "h3", AccountID: a.ID, CreatedAt: now.Add(-2 * time.Hour), ExpiresAt: now.Add(-time.Hour)}
			if err := db.CreateConsoleSession(ctx, old); err != nil {
				t.Fatal(err)
			}
			if n, err := db.DeleteConsoleSessionsBefore(ctx, now); err != nil || n != 1 {
				t.Errorf("DeleteConsoleSessionsBefore = %d, %v; want 1", n, err)
			}
			if err := db.DeleteConsoleSession(ctx, "h1"); err != nil {
				t.Fatal(err)
			}
			if err := db.DeleteConsoleSession(ctx, "h1"); err != nil {
				t.Errorf("DeleteConsoleSession twice: %v", err)
			}
			for _, h := range []string{"h1", "h3"} {
				if _, err := db.ConsoleSession(ctx, h); agora.ErrorCode(err) != agora.ENOTFOUND {
					t.Errorf("ConsoleSession(%s) after its end: %v, want ENOTFOUND", h, err)
				}
			}
		})
	}
}
