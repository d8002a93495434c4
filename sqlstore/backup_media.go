package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
)

// MediaFileSQLite is one media file a SQLite database names.
type MediaFileSQLite struct {
	Key  string // file_key or preview_key of a media attachment
	Size int64  // the bytes the row records for it (size or small_size)
}

// MediaFilesSQLite returns the files (originals and previews) that the media
// attachments of the SQLite database at path name, in key order. It only
// reads: path must be an existing agora database; one from before media
// attachments (no media_attachments table) names none. `agora backup` reads
// it from its copy of the database, so that the files it then copies are
// exactly those the copy's rows name.
func MediaFilesSQLite(ctx context.Context, path string) ([]MediaFileSQLite, error) {
	if dialectOf(path).name != SQLite {
		return nil, errors.New("media files: not a SQLite database")
	}
	if _, err := os.Stat(path); err != nil {
		return nil, fmt.Errorf("media files: %w", err)
	}
	db, err := sql.Open(sqliteDialect.driver, sqliteDSN(path, true))
	if err != nil {
		return nil, fmt.Errorf("media files: open %s: %w", path, err)
	}
	defer db.Close()
	var n int
	if err := db.QueryRowContext(ctx, `SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = 'media_attachments'`).Scan(&n); err != nil {
		return nil, fmt.Errorf("media files: %s: %w", path, err)
	}
	if n == 0 {
		return nil, nil
	}
	rows, err := db.QueryContext(ctx, `
		SELECT file_key, size FROM media_attachments
		UNION ALL
		SELECT preview_key, small_size FROM media_attachments
		ORDER BY 1`)
	if err != nil {
		return nil, fmt.Errorf("media files: %s: %w", path, err)
	}
	defer rows.Close()
	var out []MediaFileSQLite
	for rows.Next() {
		var f MediaFileSQLite
		if err := rows.Scan(&f.Key, &f.Size); err != nil {
			return nil, fmt.Errorf("media files: %s: %w", path, err)
		}
		out = append(out, f)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("media files: %s: %w", path, err)
	}
	return out, nil
}
