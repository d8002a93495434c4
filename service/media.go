package service

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"io"
	"runtime"
	"strconv"
	"time"

	"agora"
	"agora/internal/imaging"
	"agora/internal/ratelimit"
	"agora/visibility"
)

// UseMediaFiles gives the service where media files live; until it is called,
// uploads answer EUNAVAILABLE. At most runtime.NumCPU images are processed at
// once; an upload beyond them is refused (ETOOMANY), never queued.
func (s *Service) UseMediaFiles(f agora.MediaFiles) {
	s.core.media = f
	s.core.processing = make(chan struct{}, runtime.NumCPU())
}

// LimitUploads limits each account's uploads to r (Mastodon's: 30 per 30
// minutes), counted in this process's memory; an Off rule (the default)
// limits nothing.
func (s *Service) LimitUploads(r ratelimit.Rule) { s.core.uploadRule = r }

// busyRetry is the Retry-After of an upload refused while every processing
// slot is taken: processing an image takes about a second.
const busyRetry = 2 * time.Second

// takeUpload counts an upload of the account and holds a processing slot;
// it returns the function that gives the slot back. Errors: ETOOMANY, with
// when to try again, over the account's limit or when every slot is taken.
func (s *core) takeUpload(account agora.ID) (func(), error) {
	if res := s.uploads.Take("media\x00"+account.String(), s.uploadRule); !res.OK {
		wait := res.Reset.Sub(s.now())
		return nil, &agora.Error{Code: agora.ETOOMANY, RetryAfter: wait,
			Message: "Too many uploads: at most " + strconv.Itoa(res.Limit) + " images in " + s.uploadRule.Period.String() + "; try again in " + ratelimit.HumanWait(wait) + "."}
	}
	select {
	case s.processing <- struct{}{}:
		return func() { <-s.processing }, nil
	default:
		return nil, &agora.Error{Code: agora.ETOOMANY, RetryAfter: busyRetry,
			Message: "The server is processing too many images at once; try again in a few seconds."}
	}
}

// MediaUpload is an upload as POST /api/v2/media takes it.
type MediaUpload struct {
	File        []byte
	Description string
	Focus       string // "x,y", or "" for the centre
}

// UploadMedia checks and stores an image uploaded by the viewer, unattached:
// its real type read from its bytes, its pixels counted before it is decoded,
// re-encoded without metadata, with a preview and a BlurHash. The files are
// written before the row, and removed when the row cannot be. Errors:
// EUNPROCESSABLE for a file agora does not take (imaging.Process) or an invalid
// description or focus; ETOOMANY over the account's upload limit
// (LimitUploads) or while the server processes as many images as it may at
// once; EUNAVAILABLE when the service has no media files.
func (s *Posts) UploadMedia(ctx context.Context, v *visibility.Snapshot, up MediaUpload) (*agora.MediaAttachment, error) {
	viewer := v.Viewer()
	if err := agora.ValidMediaDescription(up.Description); err != nil {
		return nil, err
	}
	fx, fy, err := agora.ParseFocus(up.Focus)
	if err != nil {
		return nil, err
	}
	if s.media == nil {
		return nil, agora.Errorf(agora.EUNAVAILABLE, "This server is not set up to store media files.")
	}
	release, err := s.takeUpload(viewer.ID)
	if err != nil {
		return nil, err
	}
	img, err := imaging.Process(up.File, imaging.DefaultLimits)
	release()
	if err != nil {
		return nil, err
	}
	m := &agora.MediaAttachment{
		ID: s.ids.New(), AccountID: viewer.ID, Type: agora.MediaImage, FileType: img.Type,
		Description: up.Description, FocusX: fx, FocusY: fy, Blurhash: img.Blurhash,
		Meta: agora.MediaMeta{Width: img.Width, Height: img.Height, Size: int64(len(img.File)),
			SmallWidth: img.SmallW, SmallHeight: img.SmallH, SmallSize: int64(len(img.Preview))},
		FileKey: newMediaKey(), PreviewKey: newMediaKey(),
	}
	m.CreatedAt = m.ID.Time()
	if err := s.media.Put(ctx, m.FileKey, img.File); err != nil {
		return nil, err
	}
	if err := s.media.Put(ctx, m.PreviewKey, img.Preview); err != nil {
		s.removeFiles(ctx, m.FileKey)
		return nil, err
	}
	if err := s.store.CreateMedia(ctx, m); err != nil {
		s.removeFiles(ctx, m.FileKey, m.PreviewKey)
		return nil, err
	}
	return m, nil
}

// newMediaKey is a random file key: 128 bits, unguessable.
func newMediaKey() string {
	return randomHex(16)
}

func randomHex(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b) // crypto/rand.Read never fails
	return hex.EncodeToString(b)
}

// RemoveMediaFiles removes the media files with the keys, as removeFiles
// does: for the legal desk, whose removals delete media rows.
func (s *Service) RemoveMediaFiles(ctx context.Context, keys ...string) {
	s.core.removeFiles(ctx, keys...)
}

// removeFiles removes media files, logging what it cannot remove: they are
// orphans then, which no row names and nothing serves.
func (s *core) removeFiles(ctx context.Context, keys ...string) {
	if s.media == nil {
		return
	}
	for _, k := range keys {
		if err := s.media.Remove(ctx, k); err != nil {
			s.log.WarnContext(ctx, "removing a media file failed", "key", k, "err", err)
		}
	}
}

// ownUnattached returns the viewer's own unattached attachment with the ID;
// ENOTFOUND for another's or an attached one, as Mastodon finds only those.
func (s *Posts) ownUnattached(ctx context.Context, v *visibility.Snapshot, id agora.ID) (*agora.MediaAttachment, error) {
	m, err := s.store.Media(ctx, id)
	if err != nil {
		return nil, err
	}
	if m.AccountID != v.Viewer().ID || m.StatusID != 0 {
		return nil, agora.Errorf(agora.ENOTFOUND, "Record not found.")
	}
	return m, nil
}

// Media returns the viewer's own attachment with the ID before it is attached.
// ENOTFOUND otherwise.
func (s *Posts) Media(ctx context.Context, v *visibility.Snapshot, id agora.ID) (*agora.MediaAttachment, error) {
	return s.ownUnattached(ctx, v, id)
}

// UpdateMedia changes the description or focus of the viewer's own attachment
// before it is attached. Errors: ENOTFOUND as Media; EUNPROCESSABLE for an
// invalid description or focus.
func (s *Posts) UpdateMedia(ctx context.Context, v *visibility.Snapshot, id agora.ID, c agora.MediaChange) (*agora.MediaAttachment, error) {
	m, err := s.ownUnattached(ctx, v, id)
	if err != nil {
		return nil, err
	}
	if c.Description != nil {
		if err := agora.ValidMediaDescription(*c.Description); err != nil {
			return nil, err
		}
		m.Description = *c.Description
	}
	if c.Focus != nil {
		if m.FocusX, m.FocusY, err = agora.ParseFocus(*c.Focus); err != nil {
			return nil, err
		}
	}
	if err := s.store.UpdateMedia(ctx, m); err != nil {
		if agora.ErrorCode(err) == agora.ECONFLICT { // attached meanwhile
			return nil, agora.Errorf(agora.ENOTFOUND, "Record not found.")
		}
		return nil, err
	}
	return m, nil
}

// DeleteMedia deletes the viewer's own attachment and its files. Errors:
// ENOTFOUND for another's or a missing one; EUNPROCESSABLE when it is attached
// to a status (delete or edit the status instead).
func (s *Posts) DeleteMedia(ctx context.Context, v *visibility.Snapshot, id agora.ID) error {
	m, err := s.store.Media(ctx, id)
	if err != nil {
		return err
	}
	if m.AccountID != v.Viewer().ID {
		return agora.Errorf(agora.ENOTFOUND, "Record not found.")
	}
	inUse := agora.Errorf(agora.EUNPROCESSABLE, "Media attachment is currently used by a status; delete or edit the status to remove it.")
	if m.StatusID != 0 {
		return inUse
	}
	if err := s.store.DeleteMedia(ctx, id); err != nil {
		if agora.ErrorCode(err) == agora.ECONFLICT {
			return inUse
		}
		return err
	}
	s.removeFiles(ctx, m.FileKey, m.PreviewKey)
	return nil
}

// attachable resolves the media_ids a status is posted or edited with: each the
// author's, unattached or already attached to the status edited (editing, 0
// when posting), at most agora.MaxStatusMedia, no repeats. It returns copies
// (the store updates them in place). Errors: EUNPROCESSABLE naming the fault.
func (s *core) attachable(ctx context.Context, author agora.ID, ids []agora.ID, editing agora.ID) ([]*agora.MediaAttachment, error) {
	if len(ids) == 0 {
		return nil, nil
	}
	if len(ids) > agora.MaxStatusMedia {
		return nil, agora.Errorf(agora.EUNPROCESSABLE, "Validation failed: A status can have at most %d media attachments (media_ids), %d were given.", agora.MaxStatusMedia, len(ids))
	}
	out := make([]*agora.MediaAttachment, 0, len(ids))
	seen := map[agora.ID]bool{}
	for _, id := range ids {
		if seen[id] {
			return nil, agora.Errorf(agora.EUNPROCESSABLE, "Validation failed: The media attachment %s is given twice in media_ids.", id)
		}
		seen[id] = true
		m, err := s.store.Media(ctx, id)
		if agora.ErrorCode(err) == agora.ENOTFOUND || err == nil && m.AccountID != author {
			return nil, agora.Errorf(agora.EUNPROCESSABLE, "Validation failed: The media attachment %s (media_ids) does not exist or is not yours; upload it with POST /api/v2/media first.", id)
		}
		if err != nil {
			return nil, err
		}
		if m.StatusID != 0 && m.StatusID != editing {
			return nil, agora.Errorf(agora.EUNPROCESSABLE, "Validation failed: The media attachment %s (media_ids) is attached to another status already.", id)
		}
		c := *m
		out = append(out, &c)
	}
	return out, nil
}

// mediaWithPoll is the error for a status given both media and a poll.
func mediaWithPoll() error {
	return agora.Errorf(agora.EUNPROCESSABLE, "Validation failed: A status cannot have both media attachments (media_ids) and a poll.")
}

// MediaFile opens the file (original or preview) with the key for the viewer,
// with its attachment. The key, 128 random bits in the file's URL, is the
// capability to the audience, as in Mastodon (image loaders send no token):
// an unattached medium (a compose preview, or a deleted status's media kept
// for a redraft) and the media of followers-only and direct statuses are
// served to whoever has the URL. What must hold without a token is checked
// for every request: the gate withholds the file (EWITHHELD, with the notice)
// where a rule on its status or its uploader covers the viewer's country, and
// a suspended uploader or author hides it (ENOTFOUND), as does a removed
// status, whose media are deleted with it. Errors: ENOTFOUND for a missing
// file or one so hidden; EWITHHELD.
func (s *Posts) MediaFile(ctx context.Context, v *visibility.Snapshot, key string) (*agora.MediaAttachment, io.ReadSeekCloser, error) {
	if !agora.ValidMediaKey(key) || s.media == nil {
		return nil, nil, agora.Errorf(agora.ENOTFOUND, "Record not found.")
	}
	m, err := s.store.MediaByKey(ctx, key)
	if err != nil {
		return nil, nil, err
	}
	if m.StatusID == 0 {
		a, err := s.store.Account(ctx, m.AccountID)
		if err != nil {
			return nil, nil, err
		}
		if _, err := v.Account(a); err != nil {
			return nil, nil, err
		}
	} else {
		st, err := s.store.Status(ctx, m.StatusID)
		if err != nil {
			return nil, nil, err
		}
		if err := v.MediaStatus(ctx, st); err != nil {
			return nil, nil, err
		}
	}
	f, err := s.media.Open(ctx, key)
	if err != nil {
		return nil, nil, err
	}
	return m, f, nil
}

// mediaSweepBatch is the page of attachments a sweep reads at once, and
// mediaSweepPages the pages one sweep reads at most.
const (
	mediaSweepBatch = 100
	mediaSweepPages = 20
)

// SweepMedia removes, with their files, attachments unattached for more than
// agora.UnattachedMediaTTL (uploaded and never posted, or left by a deleted
// status), but those a scheduled status of their uploader's will attach. It
// pages through them by ID, at most mediaSweepPages pages a sweep, going on
// where the last sweep stopped and starting over once it reaches the end, so
// that media it keeps (scheduled ones) never stop it. It returns how many it
// removed. An attachment attached meanwhile is left alone (the store deletes
// only unattached ones).
func (s *Posts) SweepMedia(ctx context.Context) (int, error) {
	s.sweep.Lock()
	defer s.sweep.Unlock()
	before := s.now().Add(-agora.UnattachedMediaTTL)
	kept := map[agora.ID]map[agora.ID]bool{} // scheduled media IDs by account
	removed := 0
	for range mediaSweepPages {
		page, err := s.store.UnattachedMedia(ctx, before, s.sweep.after, mediaSweepBatch)
		if err != nil {
			return removed, err
		}
		for _, m := range page {
			if kept[m.AccountID] == nil {
				if kept[m.AccountID], err = s.scheduledMedia(ctx, m.AccountID); err != nil {
					return removed, err
				}
			}
			if kept[m.AccountID][m.ID] {
				continue
			}
			switch err := s.store.DeleteMedia(ctx, m.ID); agora.ErrorCode(err) {
			case "":
				s.removeFiles(ctx, m.FileKey, m.PreviewKey)
				removed++
			case agora.ECONFLICT, agora.ENOTFOUND: // attached or deleted meanwhile
			default:
				return removed, err
			}
		}
		if len(page) < mediaSweepBatch {
			s.sweep.after = 0 // the end: the next sweep starts over
			break
		}
		s.sweep.after = page[len(page)-1].ID
	}
	return removed, nil
}

// scheduledMedia returns the IDs of the media the account's scheduled
// statuses will attach.
func (s *Posts) scheduledMedia(ctx context.Context, accountID agora.ID) (map[agora.ID]bool, error) {
	out := map[agora.ID]bool{}
	p := agora.Page{Limit: agora.MaxListLimit}
	for range agora.MaxScheduledTotal/agora.MaxListLimit + 2 {
		list, err := s.store.ScheduledStatuses(ctx, accountID, p)
		if err != nil {
			return nil, err
		}
		for _, sc := range list {
			for _, id := range sc.Params.MediaIDs {
				out[id] = true
			}
		}
		if len(list) < p.Limit {
			break
		}
		p.MaxID = list[len(list)-1].ID
	}
	return out, nil
}

// RunMediaSweep sweeps unattached media (SweepMedia) every interval until ctx
// is done.
func (s *Posts) RunMediaSweep(ctx context.Context, every time.Duration) {
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		if _, err := s.SweepMedia(ctx); err != nil && ctx.Err() == nil {
			s.log.WarnContext(ctx, "sweeping unattached media failed", "err", err)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

// applyMediaAttributes changes the media (copies) as the attributes say. Errors:
// EUNPROCESSABLE for an attribute naming a medium not among them, or an invalid
// description or focus.
func applyMediaAttributes(media []*agora.MediaAttachment, attrs []MediaAttribute) error {
	for _, a := range attrs {
		var m *agora.MediaAttachment
		for _, x := range media {
			if x.ID == a.ID {
				m = x
			}
		}
		if m == nil {
			return agora.Errorf(agora.EUNPROCESSABLE, "Validation failed: media_attributes names the media attachment %s, which is not in media_ids.", a.ID)
		}
		if a.Description != nil {
			if err := agora.ValidMediaDescription(*a.Description); err != nil {
				return err
			}
			m.Description = *a.Description
		}
		if a.Focus != nil {
			x, y, err := agora.ParseFocus(*a.Focus)
			if err != nil {
				return err
			}
			m.FocusX, m.FocusY = x, y
		}
	}
	return nil
}
