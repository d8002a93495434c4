package sqlstore_test

import (
	"path/filepath"
	"testing"

	"agora/sqlstore"
	"agora/storetest"
)

// TestMediaFilesSQLite: the files a database's media rows name, none for a
// database without media or from before them, and errors for what is not a
// SQLite database file. (cmd/agora's backup tests list real uploads.)
func TestMediaFilesSQLite(t *testing.T) {
	path := storetest.SQLitePath(t)
	db := mustOpen(t, path)
	if files, err := sqlstore.MediaFilesSQLite(t.Context(), path); err != nil || len(files) != 0 {
		t.Errorf("a database without media: %v, %v; want none", files, err)
	}
	if _, err := db.SQL().ExecContext(t.Context(), `INSERT INTO accounts (id, username, email, password_hash, role, created_at) VALUES (1, 'alice', 'a@example.org', 'x', 'user', 0)`); err != nil {
		t.Fatal(err)
	}
	if _, err := db.SQL().ExecContext(t.Context(), `INSERT INTO media_attachments
		(id, account_id, type, file_type, width, height, size, small_width, small_height, small_size, file_key, preview_key, created_at)
		VALUES (7, 1, 'image', 'image/png', 2, 2, 100, 1, 1, 10, 'bb01', 'aa02', 0)`); err != nil {
		t.Fatal(err)
	}
	files, err := sqlstore.MediaFilesSQLite(t.Context(), path)
	if err != nil || len(files) != 2 || files[0] != (sqlstore.MediaFileSQLite{Key: "aa02", Size: 10}) || files[1] != (sqlstore.MediaFileSQLite{Key: "bb01", Size: 100}) {
		t.Errorf("files %+v, %v; want aa02 (10 bytes) and bb01 (100 bytes)", files, err)
	}
	if _, err := db.SQL().ExecContext(t.Context(), `DROP TABLE media_attachments`); err != nil {
		t.Fatal(err)
	}
	if files, err := sqlstore.MediaFilesSQLite(t.Context(), path); err != nil || len(files) != 0 {
		t.Errorf("a database from before media: %v, %v; want none", files, err)
	}
	for _, bad := range []string{filepath.Join(t.TempDir(), "none.db"), "postgres://u@127.0.0.1/agora"} {
		if _, err := sqlstore.MediaFilesSQLite(t.Context(), bad); err == nil {
			t.Errorf("%s: no error", bad)
		}
	}
}
