package service_test

import (
	"bytes"
	"context"
	"image"
	"image/png"
	"testing"
	"time"

	"agora"
	"agora/mediafs"
	"agora/service"
)

func tinyPNG(t *testing.T) []byte {
	var b bytes.Buffer
	if err := png.Encode(&b, image.NewRGBA(image.Rect(0, 0, 3, 2))); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// TestSweepMedia: a day after upload, media never attached are removed with
// their files; those attached, those a scheduled status will attach and the
// recent ones are kept.
func TestSweepMedia(t *testing.T) {
	ctx := context.Background()
	now := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	svc, db := newTestService(t, func() time.Time { return now })
	files := mediafs.New(t.TempDir())
	svc.UseMediaFiles(files)
	alice := mustAccount(t, svc, "alice")
	v := svc.As(ctx, alice)
	up := func() *agora.MediaAttachment {
		t.Helper()
		now = now.Add(time.Second)
		m, err := svc.UploadMedia(ctx, v, service.MediaUpload{File: tinyPNG(t)})
		if err != nil {
			t.Fatal(err)
		}
		return m
	}
	stale, attached, scheduled := up(), up(), up()
	if _, err := svc.PostStatus(ctx, v, service.NewStatus{MediaIDs: []agora.ID{attached.ID}}); err != nil {
		t.Fatal(err)
	}
	if _, err := svc.ScheduleStatus(ctx, v, service.NewStatus{Text: "later", MediaIDs: []agora.ID{scheduled.ID}}, now.Add(48*time.Hour), 0); err != nil {
		t.Fatal(err)
	}
	if n, err := svc.SweepMedia(ctx); err != nil || n != 0 {
		t.Fatalf("sweep before a day: %d %v, want none removed", n, err)
	}
	now = now.Add(agora.UnattachedMediaTTL)
	fresh := up()
	if n, err := svc.SweepMedia(ctx); err != nil || n != 1 {
		t.Fatalf("sweep: %d %v, want 1 removed", n, err)
	}
	if _, err := db.Media(ctx, stale.ID); agora.ErrorCode(err) != agora.ENOTFOUND {
		t.Errorf("the stale medium: %v, want ENOTFOUND", err)
	}
	for _, k := range []string{stale.FileKey, stale.PreviewKey} {
		if _, err := files.Open(ctx, k); agora.ErrorCode(err) != agora.ENOTFOUND {
			t.Errorf("the stale medium's file %s: %v, want removed", k, err)
		}
	}
	for name, m := range map[string]*agora.MediaAttachment{"attached": attached, "scheduled": scheduled, "fresh": fresh} {
		if _, err := db.Media(ctx, m.ID); err != nil {
			t.Errorf("%s medium: %v, want kept", name, err)
		}
		f, err := files.Open(ctx, m.FileKey)
		if err != nil {
			t.Errorf("%s medium's file: %v, want kept", name, err)
			continue
		}
		f.Close()
	}
}

// TestSweepMedia_PastScheduled: media a scheduled status will attach are kept
// by the sweep, and however many of them come first, the sweep goes past
// them to the stale ones after (it used to read the oldest page only, and
// stalled once a page of them was all scheduled).
func TestSweepMedia_PastScheduled(t *testing.T) {
	ctx := context.Background()
	now := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	svc, db := newTestService(t, func() time.Time { return now })
	svc.UseMediaFiles(mediafs.New(t.TempDir()))
	alice := mustAccount(t, svc, "alice")
	v := svc.As(ctx, alice)
	var held []agora.ID
	for i := range 27 { // 108 media in scheduled statuses, more than a page
		var ids []agora.ID
		for range agora.MaxStatusMedia {
			now = now.Add(time.Millisecond)
			m, err := svc.UploadMedia(ctx, v, service.MediaUpload{File: tinyPNG(t)})
			if err != nil {
				t.Fatal(err)
			}
			ids = append(ids, m.ID)
		}
		held = append(held, ids...)
		at := now.Add(time.Duration(48+24*i) * time.Hour) // one a day: under the daily limit
		if _, err := svc.ScheduleStatus(ctx, v, service.NewStatus{Text: "later", MediaIDs: ids}, at, 0); err != nil {
			t.Fatal(err)
		}
	}
	now = now.Add(time.Millisecond)
	stale, err := svc.UploadMedia(ctx, v, service.MediaUpload{File: tinyPNG(t)})
	if err != nil {
		t.Fatal(err)
	}
	now = now.Add(agora.UnattachedMediaTTL + time.Minute)
	removed := 0
	for range 3 { // sweeps go on where the last stopped
		n, err := svc.SweepMedia(ctx)
		if err != nil {
			t.Fatal(err)
		}
		removed += n
	}
	if removed != 1 {
		t.Errorf("sweeps removed %d, want 1 (the stale medium)", removed)
	}
	if _, err := db.Media(ctx, stale.ID); agora.ErrorCode(err) != agora.ENOTFOUND {
		t.Errorf("the stale medium after the scheduled ones: %v, want removed", err)
	}
	for _, id := range held {
		if _, err := db.Media(ctx, id); err != nil {
			t.Fatalf("a scheduled medium %d: %v, want kept", id, err)
		}
	}
}
