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
