package main

import (
	"archive/tar"
	"compress/gzip"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"agora"
	"agora/sqlstore"
)

// checkEmptyDir refuses a media_dir that holds anything: agora restore does
// not overwrite, and does not mix a backup's files with others.
func checkEmptyDir(dir string) error {
	f, err := os.Open(dir)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("restore: media_dir: %w", err)
	}
	defer f.Close()
	names, err := f.Readdirnames(1)
	if errors.Is(err, io.EOF) || (err == nil && len(names) == 0) {
		return nil
	}
	if err != nil {
		return agora.Errorf(agora.EINVALID, "media_dir %s is not a directory agora restore can fill (%v).", dir, err)
	}
	return agora.Errorf(agora.EINVALID, "media_dir %s exists and is not empty: agora restore does not overwrite. Move it away, or set media_dir to another directory.", dir)
}

// readMedia reads the media entries that follow the database and the key in
// a backup, up to the tar's end, into dir (dir/KEY[:2]/KEY, as mediafs keeps
// them). Each name must be media/KEY with KEY a media key, each file new;
// their count and total size must be mm's. mm nil (format 1): there must be
// none.
func readMedia(tr *tar.Reader, mm *manifestMedia, dir string) error {
	var want manifestMedia
	if mm != nil {
		want = *mm
	}
	count, total := 0, int64(0)
	for {
		hdr, err := tr.Next()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return fmt.Errorf("%w: %v", errBadBackup, err)
		}
		key, ok := strings.CutPrefix(hdr.Name, backupMediaPrefix)
		if !ok || !validBackupMediaKey(key) || hdr.Typeflag != tar.TypeReg {
			return fmt.Errorf("%w: %q is not a media file (media/ and a key of lowercase hex)", errBadBackup, hdr.Name)
		}
		if count++; count > want.Count || hdr.Size < 0 || hdr.Size > want.Bytes-total {
			return fmt.Errorf("%w: it holds more media files than its manifest counts (%d files, %d bytes)", errBadBackup, want.Count, want.Bytes)
		}
		total += hdr.Size
		if err := writeMediaFile(tr, hdr.Size, dir, key); err != nil {
			return err
		}
	}
	if count != want.Count || total != want.Bytes {
		return fmt.Errorf("%w: it holds %d media files of %d bytes, its manifest counts %d of %d bytes", errBadBackup, count, total, want.Count, want.Bytes)
	}
	return nil
}

// writeMediaFile writes the next size bytes of r to a new file dir/KEY[:2]/KEY.
func writeMediaFile(r io.Reader, size int64, dir, key string) error {
	out := mediaFilePath(dir, key)
	if err := os.MkdirAll(filepath.Dir(out), 0o700); err != nil {
		return fmt.Errorf("write media: %w", err)
	}
	w, err := os.OpenFile(out, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if errors.Is(err, fs.ErrExist) {
		return fmt.Errorf("%w: it holds media file %s twice", errBadBackup, key)
	}
	if err != nil {
		return fmt.Errorf("write media: %w", err)
	}
	n, err := io.Copy(w, io.LimitReader(r, size))
	if err == nil {
		err = w.Sync()
	}
	if cerr := w.Close(); err == nil {
		err = cerr
	}
	if n != size || errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, gzip.ErrChecksum) || errors.Is(err, gzip.ErrHeader) {
		return fmt.Errorf("%w: it is cut short or damaged in media file %s", errBadBackup, key)
	}
	if err != nil {
		return fmt.Errorf("write media %s: %w", out, err)
	}
	return nil
}

// placeMediaDir renames the directory of restored media files tmp to dir,
// which checkEmptyDir found missing or empty.
func placeMediaDir(tmp, dir string) error {
	if err := os.Remove(dir); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	return os.Rename(tmp, dir)
}

// checkRestoredMedia checks the media files read into dir against the rows
// of the restored database copy at dbPath: each file the rows name is there
// with the size its row records, or counted missing in mm; and as many are
// there as mm counts, so no file is one no row names.
func checkRestoredMedia(ctx context.Context, dbPath, dir string, mm *manifestMedia) error {
	named, err := sqlstore.MediaFilesSQLite(ctx, dbPath)
	if err != nil {
		return err
	}
	present, missing := 0, 0
	for _, n := range named {
		if !validBackupMediaKey(n.Key) {
			return fmt.Errorf("%w: its database names media file %q, not a media key", errBadBackup, n.Key)
		}
		fi, err := os.Lstat(mediaFilePath(dir, n.Key))
		switch {
		case errors.Is(err, fs.ErrNotExist):
			missing++
		case err != nil:
			return err
		case fi.Size() != n.Size:
			return fmt.Errorf("%w: media file %s has %d bytes, its row in the database says %d", errBadBackup, n.Key, fi.Size(), n.Size)
		default:
			present++
		}
	}
	if present != mm.Count || missing != mm.Missing {
		return fmt.Errorf("%w: its database names %d media files of which it holds %d; its manifest counts %d held, %d missing", errBadBackup, len(named), present, mm.Count, mm.Missing)
	}
	return nil
}
