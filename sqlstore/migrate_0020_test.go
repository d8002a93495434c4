package sqlstore

import (
	"database/sql"
	"io/fs"
	"path"
	"sort"
	"testing"

	"agora"
	"agora/storetest"
)

// TestMigrate_0020Backfill writes rules and their log entries under the schema
// before 0020, then opens the database, which applies 0020, and checks that each
// rule carries the index of its withhold entry, and a rule without one none.
func TestMigrate_0020Backfill(t *testing.T) {
	for _, tc := range []struct {
		dialect string
		dsn     func(testing.TB) string
	}{
		{SQLite, storetest.SQLitePath},
		{Postgres, storetest.PostgresDSN},
	} {
		t.Run(tc.dialect, func(t *testing.T) {
			ctx := t.Context()
			dsn := tc.dsn(t)
			d := dialectOf(dsn)
			target := dsn
			if d.name == SQLite {
				target = sqliteDSN(dsn, false)
			}
			raw, err := sql.Open(d.driver, target)
			if err != nil {
				t.Fatal(err)
			}
			names, err := fs.Glob(migrations, "migrations/"+d.name+"/*.sql")
			if err != nil {
				t.Fatal(err)
			}
			sort.Strings(names)
			for _, name := range names {
				if path.Base(name) >= "0020" {
					break
				}
				body, err := migrations.ReadFile(name)
				if err != nil {
					t.Fatal(err)
				}
				if err := applyMigration(ctx, raw, d, path.Base(name), string(body)); err != nil {
					t.Fatalf("%s: %v", name, err)
				}
			}
			c := conn{raw, d, nil}
			// Rule 10 was withheld (entry 0) and lifted (entry 2), rule 11
			// withheld (entry 1); rule 12 has no entry yet.
			for _, stmt := range []string{
				`INSERT INTO withholding_rules (id, kind, subject_id, hashtag, countries, reason, origin, order_id,
					target_id, created_by, since, lifted_at, sealed_until, version) VALUES
					(10, 'hashtag', 0, 'a', 'IN', 'legal_demand', 'cli', 0, 0, 0, 1000, 3000, 0, 3),
					(11, 'hashtag', 0, 'b', 'IN', 'legal_demand', 'cli', 0, 0, 0, 2000, NULL, 0, 2),
					(12, 'hashtag', 0, 'c', 'IN', 'legal_demand', 'cli', 0, 0, 0, 2500, NULL, 0, 1)`,
				`INSERT INTO transparency_log (idx, rule_id, action, entry, subject, order_number, created_at) VALUES
					(0, 10, 'withhold', '{}', '', '', 1000), (1, 11, 'withhold', '{}', '', '', 2000),
					(2, 10, 'lift', '{}', '', '', 3000)`,
			} {
				if _, err := c.exec(ctx, stmt); err != nil {
					t.Fatalf("%s: %v", stmt, err)
				}
			}
			if err := raw.Close(); err != nil {
				t.Fatal(err)
			}

			db, err := Open(ctx, dsn)
			if err != nil {
				t.Fatalf("Open: %v", err)
			}
			t.Cleanup(func() { db.Close() })
			for id, want := range map[agora.ID]int64{10: 0, 11: 1, 12: agora.NotLogged} {
				r, err := db.Rule(ctx, id)
				if err != nil {
					t.Fatal(err)
				}
				if r.LogIndex != want {
					t.Errorf("rule %d after 0020: LogIndex %d, want %d", id, r.LogIndex, want)
				}
			}
		})
	}
}
