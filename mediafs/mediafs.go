// Package mediafs keeps the files of media attachments in a directory, one
// file per key (agora.MediaFiles). Nodes sharing a database must share the
// directory (a network file system), as they share the database.
package mediafs

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"

	"agora"
)

// Dir is a directory of media files. It is made, with mode 0700, on the first
// Put.
type Dir struct{ path string }

// New returns the directory at path.
func New(path string) *Dir { return &Dir{path: path} }

// Path returns the directory's path.
func (d *Dir) Path() string { return d.path }

func (d *Dir) file(key string) (string, error) {
	if !agora.ValidMediaKey(key) {
		return "", agora.Errorf(agora.ENOTFOUND, "Record not found.")
	}
	// Two levels of fan-out keep directories small.
	return filepath.Join(d.path, key[:2], key), nil
}

// Put writes data under key: to a temporary file first, renamed into place,
// so a reader never sees half a file. ECONFLICT when the key is taken.
func (d *Dir) Put(_ context.Context, key string, data []byte) error {
	name, err := d.file(key)
	if err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Dir(name), 0o700); err != nil {
		return fmt.Errorf("make media directory: %w", err)
	}
	if _, err := os.Lstat(name); err == nil {
		return agora.Errorf(agora.ECONFLICT, "Record already exists.")
	}
	tmp, err := os.CreateTemp(filepath.Dir(name), ".put-*")
	if err != nil {
		return fmt.Errorf("create media file: %w", err)
	}
	_, err = tmp.Write(data)
	if err == nil {
		err = tmp.Sync()
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp.Name(), name)
	}
	if err != nil {
		_ = os.Remove(tmp.Name())
		return fmt.Errorf("write media file: %w", err)
	}
	return nil
}

// Open opens the file under key. ENOTFOUND when there is none.
func (d *Dir) Open(_ context.Context, key string) (io.ReadSeekCloser, error) {
	name, err := d.file(key)
	if err != nil {
		return nil, err
	}
	f, err := os.Open(name)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, agora.Errorf(agora.ENOTFOUND, "Record not found.")
	}
	if err != nil {
		return nil, fmt.Errorf("open media file: %w", err)
	}
	return f, nil
}

// Remove deletes the file under key; a missing file is not an error.
func (d *Dir) Remove(_ context.Context, key string) error {
	name, err := d.file(key)
	if err != nil {
		return nil
	}
	if err := os.Remove(name); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("remove media file: %w", err)
	}
	return nil
}
