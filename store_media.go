package agora

import (
	"context"
	"time"
)

// MediaStore persists media attachments. An attachment is attached to a status
// by CreateStatus (or CreatePollStatus) and UpdateStatus from Status.Media, in
// their transaction; it is deleted with its status. Same error conventions as
// Store.
type MediaStore interface {
	// CreateMedia inserts m, unattached. ECONFLICT when its ID or a key is taken.
	CreateMedia(ctx context.Context, m *MediaAttachment) error
	// Media returns the attachment with the ID, attached or not.
	Media(ctx context.Context, id ID) (*MediaAttachment, error)
	// MediaByKey returns the attachment one of whose files (original or
	// preview) has the key.
	MediaByKey(ctx context.Context, key string) (*MediaAttachment, error)
	// UpdateMedia stores m's Description, FocusX and FocusY while it is
	// unattached. ECONFLICT when it is attached.
	UpdateMedia(ctx context.Context, m *MediaAttachment) error
	// DeleteMedia deletes the attachment while it is unattached. ECONFLICT when
	// it is attached.
	DeleteMedia(ctx context.Context, id ID) error
	// UnattachedMedia returns up to limit attachments unattached since before
	// the time given (uploaded and never posted, or detached from a deleted
	// status), with IDs greater than after, in ID order: what a sweep may
	// remove, paged by passing the last ID of a page as after.
	UnattachedMedia(ctx context.Context, before time.Time, after ID, limit int) ([]*MediaAttachment, error)
}
