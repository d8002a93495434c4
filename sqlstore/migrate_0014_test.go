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

// TestMigrate_0014Backfill writes a message with its one document under the
// schema before 0014, then opens the database, which applies 0014, and checks
// that the document has become the message's first (and only) one.
func TestMigrate_0014Backfill(t *testing.T) {
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
				if path.Base(name) >= "0014" {
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
			for _, stmt := range []string{
				`INSERT INTO orders (id, number, received_at, state, created_at) VALUES (1, '2025-000001', 0, 'received', 0)`,
				`INSERT INTO documents (id, order_id, name, content_type, size, sha256, data, created_at)
					VALUES (20, 1, 'letter.pdf', 'application/pdf', 1, 'x', 'x', 0), (21, 1, 'notice.pdf', 'application/pdf', 1, 'y', 'y', 0)`,
				`INSERT INTO correspondence (id, order_id, direction, channel, date, summary, document_id, created_at)
					VALUES (30, 1, 'in', 'email', 0, 'Letter', 20, 0), (31, 1, 'out', 'email', 1, 'No document', 0, 1)`,
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
			list, err := db.Correspondence(ctx, 1)
			if err != nil {
				t.Fatal(err)
			}
			if len(list) != 2 || len(list[0].Documents) != 1 || list[0].Documents[0].ID != 20 || list[1].Documents != nil {
				t.Fatalf("correspondence after 0014 = %+v, want the letter with document 20, the other without", list)
			}
			doc, err := db.Document(ctx, 21)
			if err != nil || doc.CorrespondenceID != 0 || doc.Role != agora.DocumentAttached {
				t.Errorf("a notice's document after 0014 = %+v, %v; want no message", doc, err)
			}
		})
	}
}
