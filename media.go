package agora

import (
	"context"
	"io"
	"math"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// Limits on media attachments, advertised in /api/v2/instance
// configuration.media_attachments and statuses.max_media_attachments as
// Mastodon does.
const (
	MaxStatusMedia      = 4              // attachments per status
	MaxImageBytes       = 16 << 20       // bytes of an uploaded image (Mastodon's 16 MiB)
	MaxImagePixels      = 8192 * 4096    // pixels of an uploaded image (Mastodon's image_matrix_limit, ~33.5 MP)
	MaxMediaDescription = 1500           // characters of a description (alt text)
	MaxPreviewSide      = 640            // pixels of the longer side of a preview
	UnattachedMediaTTL  = 24 * time.Hour // how long an upload waits to be posted before a sweep may remove it
	maxMediaKeyLen      = 64             // a file key is short hex
	mediaKeyChars       = "0123456789abcdef"
)

// ImageTypes are the MIME types of the images agora takes, in the order
// /api/v2/instance lists them. The stored files have one of these types.
var ImageTypes = []string{"image/jpeg", "image/png", "image/gif", "image/webp"}

// MediaType is the kind of an attachment as Mastodon names it. Stored; the list
// is append-only.
type MediaType string

// MediaImage is the only kind agora takes so far.
const MediaImage MediaType = "image"

// MediaAttachment is a file uploaded by an account to attach to a status. It
// is unattached (StatusID 0) from upload until a status is posted or edited
// with it; then it belongs to that status and is read, like its text, only
// through the visibility gate.
type MediaAttachment struct {
	ID        ID
	AccountID ID // the uploader, who alone may attach, change or see it unattached
	StatusID  ID // 0 until attached
	Position  int
	Type      MediaType
	// FileType is the MIME type of the stored file and its preview (one of
	// ImageTypes).
	FileType    string
	Description string
	FocusX      float64 // -1..1, 0 the centre
	FocusY      float64 // -1..1, 0 the centre
	Meta        MediaMeta
	Blurhash    string
	// FileKey and PreviewKey name the stored original and preview files:
	// random, unguessable, lowercase hex (ValidMediaKey).
	FileKey    string
	PreviewKey string
	// CreatedAt is when it was uploaded, or detached from its deleted status:
	// the sweep removes what has been unattached for UnattachedMediaTTL.
	CreatedAt time.Time
}

// MediaMeta is what agora measured of an attachment's files.
type MediaMeta struct {
	Width, Height           int   // of the stored original
	Size                    int64 // bytes of the stored original
	SmallWidth, SmallHeight int   // of the preview
	SmallSize               int64 // bytes of the preview
}

// MediaChange is a change of an unattached attachment's description or focus,
// as PUT /api/v1/media/:id takes it; nil fields are kept.
type MediaChange struct {
	Description *string
	Focus       *string
}

// ValidMediaDescription checks a description's length.
func ValidMediaDescription(d string) error {
	if n := utf8.RuneCountInString(d); n > MaxMediaDescription {
		return Errorf(EUNPROCESSABLE, "Validation failed: Description is too long (at most %d characters, it has %d).", MaxMediaDescription, n)
	}
	return nil
}

// ParseFocus reads a focal point given as "x,y" with each between -1.0 and 1.0,
// as Mastodon takes it; "" is the centre.
func ParseFocus(s string) (x, y float64, err error) {
	if strings.TrimSpace(s) == "" {
		return 0, 0, nil
	}
	bad := Errorf(EUNPROCESSABLE, "Validation failed: Focus must be two numbers from -1.0 to 1.0 separated by a comma, such as \"-0.5,0.25\".")
	if len(s) > 64 {
		return 0, 0, bad
	}
	xs, ys, ok := strings.Cut(s, ",")
	if !ok {
		return 0, 0, bad
	}
	if x, err = parseUnit(xs); err != nil {
		return 0, 0, bad
	}
	if y, err = parseUnit(ys); err != nil {
		return 0, 0, bad
	}
	return x, y, nil
}

// ValidMediaKey reports whether k has the form of a file key, so that a key
// taken from a URL can be used as a file name.
func ValidMediaKey(k string) bool {
	if k == "" || len(k) > maxMediaKeyLen {
		return false
	}
	for _, c := range k {
		if !strings.ContainsRune(mediaKeyChars, c) {
			return false
		}
	}
	return true
}

// MediaFiles keeps the files of media attachments by key. Keys are
// ValidMediaKey.
type MediaFiles interface {
	// Put stores data under key; ECONFLICT when the key is taken.
	Put(ctx context.Context, key string, data []byte) error
	// Open returns the file stored under key; ENOTFOUND when there is none.
	Open(ctx context.Context, key string) (io.ReadSeekCloser, error)
	// Remove deletes the file under key; removing a missing file is not an error.
	Remove(ctx context.Context, key string) error
}

// parseUnit reads a number from -1 to 1.
func parseUnit(s string) (float64, error) {
	f, err := strconv.ParseFloat(strings.TrimSpace(s), 64)
	if err != nil || math.IsNaN(f) || f < -1 || f > 1 {
		return 0, Errorf(EINVALID, "not a number from -1 to 1")
	}
	return f, nil
}
