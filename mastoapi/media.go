package mastoapi

import (
	"context"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"strings"

	"agora"
	"agora/internal/httpx"
	"agora/service"
	"agora/visibility"
)

// mediaService is what the media handlers ask.
type mediaService interface {
	UploadMedia(ctx context.Context, v *visibility.Snapshot, up service.MediaUpload) (*agora.MediaAttachment, error)
	Media(ctx context.Context, v *visibility.Snapshot, id agora.ID) (*agora.MediaAttachment, error)
	UpdateMedia(ctx context.Context, v *visibility.Snapshot, id agora.ID, c agora.MediaChange) (*agora.MediaAttachment, error)
	DeleteMedia(ctx context.Context, v *visibility.Snapshot, id agora.ID) error
	MediaFile(ctx context.Context, v *visibility.Snapshot, key string) (*agora.MediaAttachment, io.ReadSeekCloser, error)
}

// MediaAttachment is an attachment as Mastodon shows it.
type MediaAttachment struct {
	ID          string    `json:"id"`
	Type        string    `json:"type"`
	URL         *string   `json:"url"`
	PreviewURL  *string   `json:"preview_url"`
	RemoteURL   *string   `json:"remote_url"`
	TextURL     *string   `json:"text_url"`
	Meta        MediaMeta `json:"meta"`
	Description *string   `json:"description"`
	Blurhash    *string   `json:"blurhash"`
}

// MediaMeta is what Mastodon's meta holds for an image.
type MediaMeta struct {
	Original MediaSize  `json:"original"`
	Small    MediaSize  `json:"small"`
	Focus    MediaFocus `json:"focus"`
}

// MediaSize is one version of an image: width, height, "WxH" and aspect.
type MediaSize struct {
	Width  int     `json:"width"`
	Height int     `json:"height"`
	Size   string  `json:"size"`
	Aspect float64 `json:"aspect"`
}

// MediaFocus is the focal point.
type MediaFocus struct {
	X float64 `json:"x"`
	Y float64 `json:"y"`
}

// mediaPath is where media files are served: the file key and an extension
// of the stored type follow.
const mediaPath = "/system/media_attachments/"

// mediaExt returns the file name extension of a stored type.
func mediaExt(fileType string) string {
	if fileType == "image/jpeg" {
		return ".jpeg"
	}
	return "." + strings.TrimPrefix(fileType, "image/")
}

// media converts an attachment.
func (c converter) media(m *agora.MediaAttachment) MediaAttachment {
	url := c.base + mediaPath + m.FileKey + mediaExt(m.FileType)
	preview := c.base + mediaPath + m.PreviewKey + mediaExt(m.FileType)
	size := func(w, h int) MediaSize {
		s := MediaSize{Width: w, Height: h, Size: fmt.Sprintf("%dx%d", w, h)}
		if h > 0 {
			s.Aspect = float64(w) / float64(h)
		}
		return s
	}
	e := MediaAttachment{ID: m.ID.String(), Type: string(m.Type), URL: &url, PreviewURL: &preview,
		Meta: MediaMeta{Original: size(m.Meta.Width, m.Meta.Height), Small: size(m.Meta.SmallWidth, m.Meta.SmallHeight),
			Focus: MediaFocus{X: m.FocusX, Y: m.FocusY}}}
	if m.Description != "" {
		d := m.Description
		e.Description = &d
	}
	if m.Blurhash != "" {
		b := m.Blurhash
		e.Blurhash = &b
	}
	return e
}

// mediaList converts the attachments of a status; never nil.
func (c converter) mediaList(list []*agora.MediaAttachment) []MediaAttachment {
	out := make([]MediaAttachment, len(list))
	for i, m := range list {
		out[i] = c.media(m)
	}
	return out
}

type mediaHandlers struct{ *API }

// maxUploadBody bounds the body of an upload: the largest image and room for
// a thumbnail and the text fields.
const maxUploadBody = agora.MaxImageBytes + 2<<20

// maxUploadField bounds each text field of an upload.
const maxUploadField = 16 << 10

// upload is POST /api/v1/media and /api/v2/media: multipart with file (an
// image), and optionally description, focus and thumbnail (read and not used:
// Mastodon uses it for audio and video, which agora does not take). agora
// processes images at once, so both answer 200 with the url set.
func (a mediaHandlers) upload(w http.ResponseWriter, r *http.Request) error {
	up, err := readUpload(w, r)
	if err != nil {
		return err
	}
	m, err := a.media.UploadMedia(r.Context(), snap(r), up)
	if err != nil {
		return err
	}
	return writeJSON(w, a.conv.media(m))
}

// readUpload reads the multipart body of an upload, streaming, with limits on
// the body, the file and each field.
func readUpload(w http.ResponseWriter, r *http.Request) (service.MediaUpload, error) {
	var up service.MediaUpload
	mt, _, err := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if err != nil || mt != "multipart/form-data" {
		return up, agora.Errorf(agora.EUNPROCESSABLE, "Validation failed: Send the file as multipart/form-data, in a part named file.")
	}
	r.Body = http.MaxBytesReader(w, r.Body, maxUploadBody)
	mr, err := r.MultipartReader()
	if err != nil {
		return up, agora.Errorf(agora.EINVALID, "The request body is not valid multipart data.")
	}
	gotFile := false
	for parts := 0; ; parts++ {
		part, err := mr.NextPart()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return up, uploadError(err)
		}
		if parts >= 16 {
			return up, agora.Errorf(agora.EINVALID, "The request has too many parts (at most 16).")
		}
		switch part.FormName() {
		case "file":
			// One byte over the limit is read, so that imaging.Process names it.
			if up.File, err = io.ReadAll(io.LimitReader(part, agora.MaxImageBytes+1)); err != nil {
				return up, uploadError(err)
			}
			gotFile = true
		case "description", "focus":
			b, err := io.ReadAll(io.LimitReader(part, maxUploadField+1))
			if err != nil {
				return up, uploadError(err)
			}
			if len(b) > maxUploadField || !httpx.ValidText(string(b)) {
				return up, agora.Errorf(agora.EUNPROCESSABLE, "Validation failed: The %s is too long or not UTF-8 text.", part.FormName())
			}
			if part.FormName() == "description" {
				up.Description = string(b)
			} else {
				up.Focus = string(b)
			}
		}
		// Whatever else is read to its end and dropped (thumbnail included).
		if _, err := io.Copy(io.Discard, part); err != nil {
			return up, uploadError(err)
		}
	}
	if !gotFile {
		return up, &agora.Error{Code: agora.EUNPROCESSABLE, Message: "Validation failed: File can't be blank (send the image in a part named file).",
			Details: map[string][]string{"file": {"ERR_BLANK", "File can't be blank."}}}
	}
	return up, nil
}

func uploadError(err error) error {
	var mbe *http.MaxBytesError
	if errors.As(err, &mbe) {
		return agora.Errorf(agora.ETOOLARGE, "The upload is larger than %d bytes; images may have at most %d bytes.", maxUploadBody, agora.MaxImageBytes)
	}
	return agora.Errorf(agora.EINVALID, "The request body is not valid multipart data.")
}

func (a mediaHandlers) get(w http.ResponseWriter, r *http.Request) error {
	return idRead(a.media.Media, a.conv.media)(w, r)
}

// update is PUT /api/v1/media/{id}: description and focus; a thumbnail is
// not used for images.
func (a mediaHandlers) update(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	p, err := httpx.ReadParams(r)
	if err != nil {
		return err
	}
	var c agora.MediaChange
	for key, dst := range map[string]**string{"description": &c.Description, "focus": &c.Focus} {
		if p.Has(key) {
			s, err := p.String(key)
			if err != nil {
				return err
			}
			*dst = &s
		}
	}
	m, err := a.media.UpdateMedia(r.Context(), snap(r), id, c)
	if err != nil {
		return err
	}
	return writeJSON(w, a.conv.media(m))
}

func (a mediaHandlers) delete(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	if err := a.media.DeleteMedia(r.Context(), snap(r), id); err != nil {
		return err
	}
	return writeJSON(w, struct{}{})
}

// file serves a media file to whoever may see it through the gate (the
// service decides): its stored type, never sniffed, kept by no shared cache,
// under the default Content-Security-Policy.
func (a mediaHandlers) file(w http.ResponseWriter, r *http.Request) error {
	name := r.PathValue("file")
	key, ext, _ := strings.Cut(name, ".")
	m, f, err := a.media.MediaFile(r.Context(), snap(r), key)
	if err != nil {
		return err
	}
	defer f.Close()
	if ext != "" && "."+ext != mediaExt(m.FileType) {
		return agora.Errorf(agora.ENOTFOUND, "Record not found.")
	}
	h := w.Header()
	h.Set("Content-Type", m.FileType)
	h.Set("Cache-Control", "private, no-cache")
	h.Set("X-Content-Type-Options", "nosniff")
	http.ServeContent(w, r, "", m.CreatedAt, f)
	return nil
}

// mediaIDs reads media_ids[] of a status: IDs, at most agora.MaxStatusMedia (a
// status with more is refused whatever they are).
func mediaIDs(p *httpx.Params) ([]agora.ID, error) {
	list, err := p.Strings("media_ids")
	if err != nil {
		return nil, err
	}
	if len(list) > agora.MaxStatusMedia {
		return nil, agora.Errorf(agora.EUNPROCESSABLE, "Validation failed: A status can have at most %d media attachments (media_ids), %d were given.", agora.MaxStatusMedia, len(list))
	}
	ids := make([]agora.ID, 0, len(list))
	for _, s := range list {
		if s == "" {
			continue
		}
		id, err := agora.ParseID(s)
		if err != nil {
			return nil, agora.Errorf(agora.EUNPROCESSABLE, "Validation failed: The media attachment %q (media_ids) does not exist.", truncateForMessage(s))
		}
		ids = append(ids, id)
	}
	return ids, nil
}

// truncateForMessage shortens what a client sent for an error message.
func truncateForMessage(s string) string {
	if len(s) > 24 {
		return s[:24] + "..."
	}
	return s
}

// mediaAttributes reads media_attributes[] of an edit: objects with an id and
// a description or focus (a thumbnail is not used: images only).
func mediaAttributes(p *httpx.Params) ([]service.MediaAttribute, error) {
	objs, _, err := p.Objects("media_attributes", agora.MaxStatusMedia)
	if err != nil {
		return nil, err
	}
	out := make([]service.MediaAttribute, 0, len(objs))
	for _, o := range objs {
		id, err := agora.ParseID(o["id"])
		if err != nil {
			return nil, agora.Errorf(agora.EUNPROCESSABLE, "Validation failed: Each of media_attributes needs the id of a media attachment in media_ids.")
		}
		a := service.MediaAttribute{ID: id}
		if d, ok := o["description"]; ok {
			a.Description = &d
		}
		if f, ok := o["focus"]; ok {
			a.Focus = &f
		}
		out = append(out, a)
	}
	return out, nil
}
