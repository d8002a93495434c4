package main

import (
	"archive/tar"
	"compress/gzip"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"agora"
	"agora/app"
	"agora/sqlstore"
)

// A backup is a gzipped tar holding manifest.json first, then the files it
// lists: the copy of the database and the transparency log's signing key,
// then the media files the copy names (media/KEY, counted in the manifest).
// Format 1, from before media were backed up, holds no media files; restore
// reads both.
const (
	backupFormat   = "agora-backup/2"
	backupFormatV1 = "agora-backup/1"
	backupManifest = "manifest.json"
	backupDB       = "agora.db"
	backupLogKey   = "transparency-log.key"
)

// manifest describes a backup.
type manifest struct {
	Format       string         `json:"format"`
	AgoraVersion string         `json:"agora_version"`
	CreatedAt    time.Time      `json:"created_at"`
	Schema       string         `json:"schema"` // the last migration in the copy
	Files        []manifestFile `json:"files"`
	// Media is what the backup holds of the media files; nil in format 1.
	Media *manifestMedia `json:"media,omitempty"`
}

type manifestFile struct {
	Name   string `json:"name"`
	Size   int64  `json:"size"`
	SHA256 string `json:"sha256"`
}

// backupCmd runs `agora backup --to FILE`: a consistent copy of the SQLite
// database (VACUUM INTO, while servers run) with the transparency log's
// signing key and the media files the copy names (planMedia), in one file
// that `agora restore` puts back.
func backupCmd(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	fs := newFlagSet("backup", stderr)
	to := fs.String("to", "", "the backup `file` to write (a gzipped tar); it must not exist")
	allowMissing := fs.Bool("allow-missing-media", false, "write the backup even if media files the database names are missing from media_dir")
	cfg, rest, err := app.LoadDataFlags(fs, args, getenv)
	if err != nil {
		return err
	}
	if *to == "" || len(rest) > 0 {
		return fmt.Errorf("%w: agora backup --to FILE [--allow-missing-media] [--db ./agora.db] [--config FILE]", errUsage)
	}
	if isPostgres(cfg.DB) {
		return agora.Errorf(agora.EINVALID, "agora backup copies a SQLite database. For PostgreSQL use pg_dump (pg_dump --format=custom --file agora.dump URL) and keep a copy of the transparency log's key file %s with it; docs/OPERATIONS.md says how.", cfg.LogKeyPath())
	}
	if _, err := os.Stat(*to); err == nil {
		return agora.Errorf(agora.EINVALID, "--to %s exists; choose a new file name.", *to)
	}
	if _, err := os.Stat(cfg.DB); err != nil {
		return agora.Errorf(agora.EINVALID, "--db %s: no such database file.", cfg.DB)
	}
	key, err := os.ReadFile(cfg.LogKeyPath())
	if err != nil {
		return agora.Errorf(agora.EINVALID, "The transparency log's key %s cannot be read (%v); a backup without it could not sign the log on. Set log_key if it lives elsewhere.", cfg.LogKeyPath(), err)
	}
	tmp, err := os.MkdirTemp(filepath.Dir(*to), ".agora-backup-")
	if err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	defer os.RemoveAll(tmp)
	start := time.Now()
	copyPath := filepath.Join(tmp, backupDB)
	schema, err := sqlstore.BackupSQLite(ctx, cfg.DB, copyPath)
	if err != nil {
		return err
	}
	media, mm, err := planMedia(ctx, copyPath, cfg.DB, cfg.MediaDirPath(), *allowMissing)
	if err != nil {
		return err
	}
	m := manifest{Format: backupFormat, AgoraVersion: app.Version, CreatedAt: start.UTC(), Schema: schema, Media: &mm}
	if err := writeBackup(*to, copyPath, key, media, m); err != nil {
		_ = os.Remove(*to)
		return err
	}
	fi, _ := os.Stat(*to)
	fmt.Fprintf(stdout, "backup of %s (schema %s), its log key and %d media files (%d bytes) written to %s (%d bytes) in %s\n",
		cfg.DB, schema, mm.Count, mm.Bytes, *to, fi.Size(), time.Since(start).Round(time.Millisecond))
	if mm.Missing > 0 {
		fmt.Fprintf(stdout, "%d media files the copied database names are not in the backup: removed with their rows after the copy (their statuses deleted or edited, or unattached uploads swept), or missing from %s (--allow-missing-media); they answer 404 after a restore\n",
			mm.Missing, cfg.MediaDirPath())
	}
	return nil
}

// writeBackup writes the backup file: the manifest, the database copy at
// dbPath and the key, each file's size and digest in the manifest, then the
// media files, streamed from disk, whose count and total size m.Media holds.
// The file is readable by its owner only, as it holds the signing key and
// every account's password hash.
func writeBackup(to, dbPath string, key []byte, media []mediaFile, m manifest) error {
	dbSum, dbSize, err := fileDigest(dbPath)
	if err != nil {
		return err
	}
	keySum := sha256.Sum256(key)
	m.Files = []manifestFile{
		{Name: backupDB, Size: dbSize, SHA256: dbSum},
		{Name: backupLogKey, Size: int64(len(key)), SHA256: hex.EncodeToString(keySum[:])},
	}
	mb, err := json.MarshalIndent(m, "", "  ")
	if err != nil {
		return err
	}
	f, err := os.OpenFile(to, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	defer f.Close()
	zw := gzip.NewWriter(f)
	tw := tar.NewWriter(zw)
	add := func(name string, size int64, r io.Reader) error {
		hdr := &tar.Header{Name: name, Mode: 0o600, Size: size, ModTime: m.CreatedAt, Typeflag: tar.TypeReg}
		if err := tw.WriteHeader(hdr); err != nil {
			return err
		}
		_, err := io.Copy(tw, r)
		return err
	}
	db, err := os.Open(dbPath)
	if err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	defer db.Close()
	for _, step := range []func() error{
		func() error { return add(backupManifest, int64(len(mb)), strings.NewReader(string(mb))) },
		func() error { return add(backupDB, dbSize, db) },
		func() error { return add(backupLogKey, int64(len(key)), strings.NewReader(string(key))) },
		func() error { return addMedia(add, media) },
		tw.Close, zw.Close, f.Sync,
	} {
		if err := step(); err != nil {
			return fmt.Errorf("backup: write %s: %w", to, err)
		}
	}
	return f.Close()
}

// fileDigest returns the hex SHA-256 and the size of the file.
func fileDigest(path string) (string, int64, error) {
	f, err := os.Open(path)
	if err != nil {
		return "", 0, err
	}
	defer f.Close()
	h := sha256.New()
	n, err := io.Copy(h, f)
	if err != nil {
		return "", 0, err
	}
	return hex.EncodeToString(h.Sum(nil)), n, nil
}

// isPostgres reports whether the DSN names a PostgreSQL database.
func isPostgres(dsn string) bool {
	return strings.HasPrefix(dsn, "postgres://") || strings.HasPrefix(dsn, "postgresql://")
}

// errBadBackup is returned for a file that is not a whole agora backup.
var errBadBackup = errors.New("not a whole agora backup")
