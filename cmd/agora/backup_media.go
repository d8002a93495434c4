package main

import (
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

// backupMediaPrefix begins the tar name of each media file in a backup:
// media/KEY, KEY a media key (agora.ValidMediaKey).
const backupMediaPrefix = "media/"

// manifestMedia is what a backup holds of the media files.
type manifestMedia struct {
	Count int   `json:"count"` // files in the backup, each as media/KEY
	Bytes int64 `json:"bytes"` // their total size
	// Missing counts the files the backed-up database names that the backup
	// lacks: removed, with their rows, after the database was copied, or
	// missing from media_dir already (--allow-missing-media).
	Missing int `json:"missing"`
}

// mediaFile is one media file to put in a backup.
type mediaFile struct {
	key, path string
	size      int64
}

// validBackupMediaKey reports whether key may name a media file in a backup:
// a media key long enough for mediafs's two-character fan-out directory.
func validBackupMediaKey(key string) bool {
	return len(key) >= 2 && agora.ValidMediaKey(key)
}

// mediaFilePath is where mediafs keeps the file with the key under dir.
func mediaFilePath(dir, key string) string {
	return filepath.Join(dir, key[:2], key)
}

// planMedia lists the media files the database copy at copyPath names, found
// in mediaDir, with their sizes. The copy is taken first and the files
// listed after, so the backup holds every file its rows name: files are
// written before their rows and never changed, and removed only after their
// rows are deleted. A file missing now is therefore either one removed with
// its row after the copy (its row is gone from the live database at liveDB:
// left out and counted, it answers 404 in the restore as it does on the live
// server by now), or one the live database still names, which is damage
// (media_dir lost files): an error, unless allowMissing, with which it is left
// out and counted too. A file of another size than its row records is damage
// as well.
func planMedia(ctx context.Context, copyPath, liveDB, mediaDir string, allowMissing bool) ([]mediaFile, manifestMedia, error) {
	var mm manifestMedia
	named, err := sqlstore.MediaFilesSQLite(ctx, copyPath)
	if err != nil {
		return nil, mm, err
	}
	var files []mediaFile
	var missing []string
	var damaged []string
	for _, n := range named {
		if !validBackupMediaKey(n.Key) {
			damaged = append(damaged, fmt.Sprintf("%q (not a media key)", n.Key))
			continue
		}
		p := mediaFilePath(mediaDir, n.Key)
		fi, err := os.Lstat(p)
		switch {
		case errors.Is(err, fs.ErrNotExist):
			missing = append(missing, n.Key)
		case err != nil:
			return nil, mm, fmt.Errorf("backup: media file: %w", err)
		case !fi.Mode().IsRegular():
			damaged = append(damaged, p+" (not a regular file)")
		case fi.Size() != n.Size:
			damaged = append(damaged, fmt.Sprintf("%s (%d bytes, its row says %d)", p, fi.Size(), n.Size))
		default:
			files = append(files, mediaFile{key: n.Key, path: p, size: fi.Size()})
			mm.Bytes += fi.Size()
		}
	}
	if len(missing) > 0 {
		live, err := sqlstore.MediaFilesSQLite(ctx, liveDB)
		if err != nil {
			return nil, mm, err
		}
		stillNamed := make(map[string]bool, len(live))
		for _, f := range live {
			stillNamed[f.Key] = true
		}
		for _, k := range missing {
			if stillNamed[k] {
				damaged = append(damaged, mediaFilePath(mediaDir, k)+" (missing)")
			}
		}
	}
	if len(damaged) > 0 && !allowMissing {
		shown := strings.Join(damaged, ", ")
		if len(damaged) > 5 {
			shown = strings.Join(damaged[:5], ", ") + ", ..."
		}
		return nil, mm, agora.Errorf(agora.EINVALID, "%d media files the database names are missing or damaged in media_dir %s, so their images answer 404 already: %s. Put them back from an older copy of media_dir, or pass --allow-missing-media to back up without them.",
			len(damaged), mediaDir, shown)
	}
	mm.Count = len(files)
	mm.Missing = len(named) - len(files)
	return files, mm, nil
}

// addMedia streams the media files into the backup with add, each as
// media/KEY with the size planMedia found. A file removed or changed since is
// an error: the manifest, written first, counts it.
func addMedia(add func(name string, size int64, r io.Reader) error, media []mediaFile) error {
	for _, mf := range media {
		if err := addMediaFile(add, mf); err != nil {
			return err
		}
	}
	return nil
}

func addMediaFile(add func(name string, size int64, r io.Reader) error, mf mediaFile) error {
	f, err := os.Open(mf.path)
	if errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("media file %s was removed while the backup ran (its row deleted after the copy); run agora backup again", mf.path)
	}
	if err != nil {
		return err
	}
	defer f.Close()
	if fi, err := f.Stat(); err != nil || !fi.Mode().IsRegular() || fi.Size() != mf.size {
		return fmt.Errorf("media file %s changed while the backup ran; run agora backup again", mf.path)
	}
	return add(backupMediaPrefix+mf.key, mf.size, io.LimitReader(f, mf.size))
}
