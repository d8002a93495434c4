package main

import (
	"archive/tar"
	"compress/gzip"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"agora"
	"agora/app"
)

// maxBackupFile bounds each file a backup may hold (the database copy), so
// that a damaged or hostile file cannot fill the disk unnoticed.
const maxBackupFile = 1 << 40

// restoreCmd runs `agora restore --from FILE`: it checks the backup whole
// (manifest, sizes, digests, the media files' count and total size, and that
// they are the files its database names, with their sizes) and only
// then puts the database where --db (or the config) says, the log key where
// log_key says and the media files into media_dir; the first two must not
// exist, and media_dir must not exist or be empty. A server started on them
// serves what the backup holds.
func restoreCmd(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	fs := newFlagSet("restore", stderr)
	from := fs.String("from", "", "the backup `file` written by agora backup")
	cfg, rest, err := app.LoadDataFlags(fs, args, getenv)
	if err != nil {
		return err
	}
	if *from == "" || len(rest) > 0 {
		return fmt.Errorf("%w: agora restore --from FILE [--db ./agora.db] [--config FILE]", errUsage)
	}
	if isPostgres(cfg.DB) {
		return agora.Errorf(agora.EINVALID, "agora restore puts back a SQLite database; restore PostgreSQL with pg_restore (docs/OPERATIONS.md).")
	}
	keyPath, mediaDir := cfg.LogKeyPath(), cfg.MediaDirPath()
	for _, p := range []string{cfg.DB, keyPath} {
		if _, err := os.Stat(p); err == nil {
			return agora.Errorf(agora.EINVALID, "%s exists: agora restore does not overwrite. Move it away, or restore to another --db.", p)
		}
	}
	if err := checkEmptyDir(mediaDir); err != nil {
		return err
	}
	dir := filepath.Dir(cfg.DB)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return fmt.Errorf("restore: %w", err)
	}
	tmp, err := os.MkdirTemp(dir, ".agora-restore-")
	if err != nil {
		return fmt.Errorf("restore: %w", err)
	}
	defer os.RemoveAll(tmp)
	if err := os.MkdirAll(filepath.Dir(mediaDir), 0o700); err != nil {
		return fmt.Errorf("restore: %w", err)
	}
	// Beside media_dir, so that it is renamed into place on its file system.
	tmpMedia, err := os.MkdirTemp(filepath.Dir(mediaDir), ".agora-restore-media-")
	if err != nil {
		return fmt.Errorf("restore: %w", err)
	}
	defer os.RemoveAll(tmpMedia)
	m, err := readBackup(*from, tmp, tmpMedia)
	if err != nil {
		return agora.Errorf(agora.EINVALID, "%s: %v.", *from, err)
	}
	if m.Media != nil {
		if err := checkRestoredMedia(ctx, filepath.Join(tmp, backupDB), tmpMedia, m.Media); err != nil {
			return agora.Errorf(agora.EINVALID, "%s: %v.", *from, err)
		}
		if err := placeMediaDir(tmpMedia, mediaDir); err != nil {
			return fmt.Errorf("restore: %w", err)
		}
	}
	if err := os.MkdirAll(filepath.Dir(keyPath), 0o700); err != nil {
		return fmt.Errorf("restore: %w", err)
	}
	if err := os.Rename(filepath.Join(tmp, backupLogKey), keyPath); err != nil {
		return fmt.Errorf("restore: %w", err)
	}
	if err := os.Rename(filepath.Join(tmp, backupDB), cfg.DB); err != nil {
		return fmt.Errorf("restore: %w", err)
	}
	fmt.Fprintf(stdout, "restored the backup of %s (agora %s, schema %s) to %s, its log key to %s\n",
		m.CreatedAt.Format("2006-01-02 15:04:05Z07:00"), m.AgoraVersion, m.Schema, cfg.DB, keyPath)
	switch {
	case m.Media == nil:
		fmt.Fprintf(stdout, "the backup (format %s) holds no media files: copy them into %s from a copy of the old media_dir\n", m.Format, mediaDir)
	default:
		fmt.Fprintf(stdout, "restored %d media files (%d bytes) to %s\n", m.Media.Count, m.Media.Bytes, mediaDir)
		if m.Media.Missing > 0 {
			fmt.Fprintf(stdout, "%d media files the database names were not in the backup; they answer 404\n", m.Media.Missing)
		}
	}
	return nil
}

// readBackup reads the backup at path into dir, and its media files into
// mediaDir as mediafs keeps them, checking each file against the manifest,
// and returns the manifest. The names in the tar are checked against the
// manifest's, or the media key pattern, and never used as paths otherwise.
func readBackup(path, dir, mediaDir string) (manifest, error) {
	var m manifest
	f, err := os.Open(path)
	if err != nil {
		return m, err
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		return m, fmt.Errorf("%w: %v", errBadBackup, err)
	}
	tr := tar.NewReader(zr)
	hdr, err := tr.Next()
	if err != nil || hdr.Name != backupManifest || hdr.Size > 1<<20 {
		return m, fmt.Errorf("%w: it does not begin with its manifest", errBadBackup)
	}
	if err := json.NewDecoder(io.LimitReader(tr, 1<<20)).Decode(&m); err != nil || (m.Format != backupFormat && m.Format != backupFormatV1) {
		return m, fmt.Errorf("%w: its manifest is not of format %s", errBadBackup, backupFormat)
	}
	if (m.Format == backupFormat) != (m.Media != nil) {
		return m, fmt.Errorf("%w: its manifest of format %s does not say what it holds of media files as that format does", errBadBackup, m.Format)
	}
	if m.Media != nil && (m.Media.Count < 0 || m.Media.Bytes < 0 || m.Media.Missing < 0 || m.Media.Bytes > maxBackupFile) {
		return m, fmt.Errorf("%w: its manifest's media count or size is out of range", errBadBackup)
	}
	want := map[string]manifestFile{}
	for _, mf := range m.Files {
		want[mf.Name] = mf
	}
	if len(want) != 2 || want[backupDB].Name == "" || want[backupLogKey].Name == "" {
		return m, fmt.Errorf("%w: its manifest does not list the database and the log key", errBadBackup)
	}
	for len(want) > 0 {
		hdr, err := tr.Next()
		if errors.Is(err, io.EOF) {
			return m, fmt.Errorf("%w: it is cut short", errBadBackup)
		}
		if err != nil {
			return m, fmt.Errorf("%w: %v", errBadBackup, err)
		}
		mf, ok := want[hdr.Name]
		if !ok || hdr.Typeflag != tar.TypeReg || hdr.Size != mf.Size || mf.Size > maxBackupFile {
			return m, fmt.Errorf("%w: %q is not a file the manifest lists with that size", errBadBackup, hdr.Name)
		}
		delete(want, hdr.Name)
		out := filepath.Join(dir, mf.Name)
		w, err := os.OpenFile(out, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
		if err != nil {
			return m, err
		}
		_, err = io.Copy(w, io.LimitReader(tr, mf.Size))
		if err == nil {
			err = w.Sync()
		}
		if cerr := w.Close(); err == nil {
			err = cerr
		}
		if errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, gzip.ErrChecksum) || errors.Is(err, gzip.ErrHeader) {
			return m, fmt.Errorf("%w: it is cut short or damaged in %s", errBadBackup, mf.Name)
		}
		if err != nil {
			return m, fmt.Errorf("write %s: %w", out, err)
		}
		if sum, n, err := fileDigest(out); err != nil || n != mf.Size || sum != mf.SHA256 {
			return m, fmt.Errorf("%w: %s does not match its digest in the manifest", errBadBackup, mf.Name)
		}
	}
	if err := readMedia(tr, m.Media, mediaDir); err != nil {
		return m, err
	}
	// Read to the end of the gzip stream, which checks its CRC-32 of all;
	// after the tar's end only its padding may follow.
	if n, err := io.CopyN(io.Discard, zr, 1<<20); err == nil || n >= 1<<20 {
		return m, fmt.Errorf("%w: more follows the end of its tar", errBadBackup)
	} else if !errors.Is(err, io.EOF) {
		return m, fmt.Errorf("%w: it is damaged (%v)", errBadBackup, err)
	}
	return m, nil
}
