package sqlstore_test

import (
	"context"
	"slices"
	"testing"

	"agora"
	"agora/sqlstore"
	"agora/storetest"
)

// testDB is a store that remembers its DSN so that the suite can reopen it.
type testDB struct {
	*sqlstore.DB
	dsn string
}

// mustOpen opens dsn and closes the store when t ends.
func mustOpen(t *testing.T, dsn string) *testDB {
	t.Helper()
	db, err := sqlstore.Open(t.Context(), dsn)
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	t.Cleanup(func() {
		if err := db.Close(); err != nil {
			t.Errorf("Close: %v", err)
		}
	})
	return &testDB{db, dsn}
}

func reopen(t *testing.T, s agora.Store) agora.Store {
	old := s.(*testDB)
	if err := old.Close(); err != nil {
		t.Fatalf("Close: %v", err)
	}
	return mustOpen(t, old.dsn)
}

func TestSQLite(t *testing.T) {
	storetest.Run(t, func(t *testing.T) agora.Store {
		db := mustOpen(t, storetest.SQLitePath(t))
		t.Cleanup(func() { checkFTS(t, db) }) // runs before mustOpen's Close
		return db
	}, storetest.Reopen(reopen))
}

func TestPostgres(t *testing.T) {
	storetest.PostgresDSN(t) // skip or fail early without a server
	storetest.Run(t, func(t *testing.T) agora.Store {
		return mustOpen(t, storetest.PostgresDSN(t))
	}, storetest.Reopen(reopen))
}

func TestOpen(t *testing.T) {
	for _, tc := range []struct {
		dialect string
		dsn     func(testing.TB) string
	}{
		{sqlstore.SQLite, storetest.SQLitePath},
		{sqlstore.Postgres, storetest.PostgresDSN},
	} {
		t.Run(tc.dialect, func(t *testing.T) {
			db := mustOpen(t, tc.dsn(t))
			if got := db.Dialect(); got != tc.dialect {
				t.Errorf("Dialect() = %q, want %q", got, tc.dialect)
			}
			db.Close()
			db = mustOpen(t, db.dsn) // migrations are not applied twice
			var names []string
			rows, err := db.SQL().QueryContext(context.Background(), `SELECT name FROM schema_migrations ORDER BY name`)
			if err != nil {
				t.Fatalf("select migrations: %v", err)
			}
			defer rows.Close()
			for rows.Next() {
				var n string
				if err := rows.Scan(&n); err != nil {
					t.Fatal(err)
				}
				names = append(names, n)
			}
			if want := []string{"0001_init.sql", "0002_interactions.sql", "0003_withholding.sql", "0004_legal.sql", "0005_boost_once.sql", "0006_follow_indexes.sql", "0007_order_version.sql", "0008_sealed_rules.sql", "0009_target_remarks.sql", "0010_authority_channel.sql", "0011_notice_answers_audit_origin.sql", "0012_appeals.sql", "0013_target_review.sql", "0014_authority_messages.sql", "0016_transparency_log.sql", "0017_webhooks.sql", "0018_authority_clients.sql", "0019_auth_code_reuse.sql", "0020_rule_log_index.sql", "0021_console_sessions.sql", "0023_edits_polls.sql", "0024_lists_conversations.sql", "0025_filters.sql", "0026_profiles.sql", "0027_reports.sql", "0028_scheduled_statuses.sql", "0029_notification_policies.sql", "0030_account_actions.sql", "0031_media.sql", "0032_search_split_punctuation.sql", "0033_auth_prune.sql", "0034_scheduled_keys.sql"}; !slices.Equal(names, want) {
				t.Errorf("schema_migrations = %v, want %v", names, want)
			}
		})
	}
	if _, err := sqlstore.Open(t.Context(), ""); err == nil {
		t.Error("Open(\"\") succeeded")
	}
}

// TestForeignKeys checks that references to missing records fail with ENOTFOUND
// (on SQLite this also shows the foreign_keys pragma is on for the writer).
func TestForeignKeys(t *testing.T) {
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
			var ids agora.IDGenerator
			id := ids.New()
			a := &agora.Account{ID: id, Username: "alice", Email: "alice@example.org", Role: agora.RoleUser, CreatedAt: id.Time()}
			if err := db.CreateAccount(ctx, a); err != nil {
				t.Fatal(err)
			}
			id = ids.New()
			err := db.CreateStatus(ctx, &agora.Status{ID: id, AccountID: ids.New(), Text: "x",
				Visibility: agora.VisibilityPublic, CreatedAt: id.Time()}, "")
			if code := agora.ErrorCode(err); code != agora.ENOTFOUND {
				t.Errorf("status by a missing author: %v, want ENOTFOUND", err)
			}
			err = db.CreateFollow(ctx, &agora.Follow{ID: ids.New(), AccountID: a.ID, TargetAccountID: ids.New()})
			if code := agora.ErrorCode(err); code != agora.ENOTFOUND {
				t.Errorf("follow of a missing account: %v, want ENOTFOUND", err)
			}
			if got, _ := db.Account(ctx, a.ID); got == nil || got.FollowingCount != 0 || got.StatusesCount != 0 {
				t.Errorf("counters changed by failed writes: %+v", got)
			}
		})
	}
}

func TestOpen_SQLiteWAL(t *testing.T) {
	db := mustOpen(t, storetest.SQLitePath(t))
	var mode string
	if err := db.SQL().QueryRowContext(t.Context(), `PRAGMA journal_mode`).Scan(&mode); err != nil {
		t.Fatal(err)
	}
	if mode != "wal" {
		t.Errorf("journal_mode = %q, want wal", mode)
	}
}
