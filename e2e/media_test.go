package e2e

import (
	"bytes"
	"context"
	"encoding/binary"
	"hash/crc32"
	"image"
	"image/color"
	"image/gif"
	"image/jpeg"
	"image/png"
	"io/fs"
	"mime/multipart"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/mattn/go-mastodon"

	"agora"
	"agora/agoratest"
	"agora/internal/imaging"
	"agora/service"
)

// TestMedia uploads images through go-mastodon and plain multipart requests,
// refuses what agora does not take without writing anything, attaches media
// to statuses (posting, editing, scheduling) with the checks Mastodon makes,
// and serves the files to whoever has their URL (the key is the capability,
// as in Mastodon), through the gate: a withheld status's image answers 451 in
// the country covered, with a token or without.
func TestMedia(t *testing.T) {
	for _, b := range agoratest.Backends() {
		t.Run(string(b), func(t *testing.T) { testMedia(t, b) })
	}
}

func testMedia(t *testing.T, b agoratest.Backend) {
	r := newRig(t, b, whTrusted)
	ctx := context.Background()
	for _, n := range []string{"alice", "bob"} {
		r.mustAccount(n)
	}
	alice, bob := r.passwordLogin("alice"), r.passwordLogin("bob")
	atok, btok := alice.Config.AccessToken, bob.Config.AccessToken
	mediaDir := r.srv.Config.MediaDirPath()

	// The limits are advertised, as Mastodon names them.
	_, body, _ := whDo(t, r, whViewer{}, "GET", "/api/v2/instance", nil)
	var inst struct {
		Configuration struct {
			Statuses struct {
				MaxMediaAttachments int `json:"max_media_attachments"`
			} `json:"statuses"`
			Media struct {
				Types       []string `json:"supported_mime_types"`
				SizeLimit   int      `json:"image_size_limit"`
				MatrixLimit int      `json:"image_matrix_limit"`
			} `json:"media_attachments"`
		} `json:"configuration"`
	}
	mustJSON(t, body, &inst)
	if c := inst.Configuration; c.Statuses.MaxMediaAttachments != 4 || c.Media.SizeLimit != 16<<20 ||
		c.Media.MatrixLimit != 8192*4096 || strings.Join(c.Media.Types, ",") != "image/jpeg,image/png,image/gif,image/webp" {
		t.Errorf("configuration: %+v", c)
	}

	// A PNG through go-mastodon, with a description and a focus.
	png1 := pngOf(t, 1000, 500)
	a1, err := alice.UploadMediaFromMedia(ctx, &mastodon.Media{File: bytes.NewReader(png1), Description: "a red field", Focus: "0.5,-0.25"})
	if err != nil {
		t.Fatalf("upload png: %v", err)
	}
	if a1.Type != "image" || a1.URL == "" || a1.PreviewURL == "" || a1.Description != "a red field" || len(a1.BlurHash) != 28 ||
		a1.Meta.Original.Width != 1000 || a1.Meta.Original.Height != 500 || a1.Meta.Original.Aspect != 2 ||
		a1.Meta.Small.Width != 640 || a1.Meta.Small.Height != 320 || a1.Meta.Focus.X != 0.5 || a1.Meta.Focus.Y != -0.25 ||
		!strings.HasSuffix(a1.URL, ".png") {
		t.Errorf("png attachment: %+v", a1)
	}
	// A JPEG with EXIF (a position) by plain multipart to v1: stored without it.
	code, body := upload(t, r, atok, "/api/v1/media", "photo.jpg", "image/png", imaging.WithExif(jpegOf(t, 64, 48), "GPS-SECRET-52.5N"), nil)
	var a2 mastodon.Attachment
	mustJSON(t, body, &a2)
	if code != 200 || a2.Meta.Original.Width != 64 || !strings.HasSuffix(a2.URL, ".jpeg") {
		t.Fatalf("jpeg upload: %d %s", code, body)
	}
	code, file, h := r.do("GET", strings.TrimPrefix(a2.URL, r.srv.URL), atok, "", "")
	if code != 200 || h.Get("Content-Type") != "image/jpeg" || h.Get("X-Content-Type-Options") != "nosniff" ||
		!strings.Contains(h.Get("Cache-Control"), "private") || h.Get("Content-Security-Policy") == "" {
		t.Errorf("the jpeg served to its owner: %d %v", code, h)
	}
	if bytes.Contains(file, []byte("GPS-SECRET")) || bytes.Contains(file, []byte("Exif")) {
		t.Error("the served jpeg keeps its EXIF segment")
	}
	if cfg, err := jpeg.DecodeConfig(bytes.NewReader(file)); err != nil || cfg.Width != 64 {
		t.Errorf("the served jpeg does not decode: %v %+v", err, cfg)
	}
	if code, prev, h := r.do("GET", strings.TrimPrefix(a2.PreviewURL, r.srv.URL), atok, "", ""); code != 200 || h.Get("Content-Type") != "image/jpeg" || len(prev) == 0 {
		t.Errorf("the preview: %d %v", code, h)
	}
	// A GIF keeps its first frame, as a PNG.
	code, body = upload(t, r, atok, "/api/v2/media", "a.gif", "image/gif", gifOf(t), nil)
	var a3 mastodon.Attachment
	mustJSON(t, body, &a3)
	if code != 200 || a3.Type != "image" || !strings.HasSuffix(a3.URL, ".png") || a3.Meta.Original.Width != 20 {
		t.Errorf("gif upload: %d %s", code, body)
	}

	// A WebP photo is kept as a JPEG.
	webpData, err := os.ReadFile("../internal/imaging/testdata/blue-purple-pink.lossy.webp")
	if err != nil {
		t.Fatal(err)
	}
	if a, err := alice.UploadMediaFromBytes(ctx, webpData); err != nil || a.Type != "image" || !strings.HasSuffix(a.URL, ".jpeg") {
		t.Errorf("webp upload: %+v %v", a, err)
	}

	// What agora does not take: 4xx, nothing written.
	files := countFiles(t, mediaDir)
	bomb := pngHeader(100000, 100000)
	big := append(pngOf(t, 10, 10), make([]byte, 16<<20)...)
	for name, c := range map[string]struct {
		file []byte
		want int
		says string
	}{
		"bomb":      {bomb, 422, "too large"},
		"oversize":  {big, 422, "too large"},
		"text":      {[]byte("just some words, not an image at all"), 422, "images only"},
		"video":     {append([]byte("\x00\x00\x00\x18ftypmp42"), make([]byte, 64)...), 422, "Video"},
		"truncated": {png1[:100], 422, "readable"},
	} {
		code, body := upload(t, r, atok, "/api/v2/media", "x.png", "image/png", c.file, nil)
		if code != c.want || !strings.Contains(string(body), c.says) {
			t.Errorf("%s: %d %s, want %d saying %q", name, code, whShort(body), c.want, c.says)
		}
	}
	if code, body := upload(t, r, atok, "/api/v2/media", "", "", nil, map[string]string{"description": "no file"}); code != 422 || !strings.Contains(string(body), "File can't be blank") {
		t.Errorf("no file: %d %s", code, body)
	}
	if code, body := upload(t, r, atok, "/api/v2/media", "a.png", "image/png", png1, map[string]string{"focus": "2,0"}); code != 422 || !strings.Contains(string(body), "Focus") {
		t.Errorf("bad focus: %d %s", code, body)
	}
	if code, body := upload(t, r, atok, "/api/v2/media", "a.png", "image/png", png1, map[string]string{"description": strings.Repeat("x", 1501)}); code != 422 {
		t.Errorf("long description: %d %s", code, body)
	}
	if code, body, _ := whDo(t, r, whViewer{token: atok}, "POST", "/api/v2/media", url.Values{"file": {"x"}}); code != 422 {
		t.Errorf("a form, not multipart: %d %s", code, body)
	}
	if code, _ := upload(t, r, "", "/api/v2/media", "a.png", "image/png", png1, nil); code != 401 {
		t.Errorf("anonymous upload: %d, want 401", code)
	}
	if got := countFiles(t, mediaDir); got != files {
		t.Errorf("refused uploads left files: %d, want %d", got, files)
	}

	// Unattached: the owner's only.
	if code, body, _ := whDo(t, r, whViewer{token: atok}, "GET", "/api/v1/media/"+string(a1.ID), nil); code != 200 || !strings.Contains(string(body), "a red field") {
		t.Errorf("owner gets her media: %d %s", code, body)
	}
	for _, c := range []struct {
		method string
		form   url.Values
	}{{"GET", nil}, {"PUT", url.Values{"description": {"mine now"}}}, {"DELETE", nil}} {
		if code, body, _ := whDo(t, r, whViewer{token: btok}, c.method, "/api/v1/media/"+string(a1.ID), c.form); code != 404 {
			t.Errorf("bob %s alice's media: %d %s, want 404", c.method, code, body)
		}
	}
	// The file's key is the capability, as in Mastodon: image loaders send no
	// token, and the compose preview must load.
	for who, tok := range map[string]string{"bob": btok, "anonymous": ""} {
		if code, _, _ := r.do("GET", strings.TrimPrefix(a1.URL, r.srv.URL), tok, "", ""); code != 200 {
			t.Errorf("%s fetches alice's unattached file by its URL: %d, want 200", who, code)
		}
	}
	code, body, _ = whDo(t, r, whViewer{token: atok}, "PUT", "/api/v1/media/"+string(a1.ID), url.Values{"description": {"a red field, wide"}, "focus": {"0,0"}})
	var upd mastodon.Attachment
	mustJSON(t, body, &upd)
	if code != 200 || upd.Description != "a red field, wide" || upd.Meta.Focus.X != 0 {
		t.Errorf("update: %d %s", code, body)
	}
	if code, _, _ := whDo(t, r, whViewer{token: atok}, "PUT", "/api/v1/media/"+string(a1.ID), url.Values{"focus": {"x"}}); code != 422 {
		t.Errorf("update with a bad focus: %d, want 422", code)
	}

	// Posting: checks first, nothing posted when they fail.
	count := func() int64 { return mustVerify(t, alice).StatusesCount }
	n := count()
	b1, err := bob.UploadMediaFromBytes(ctx, pngOf(t, 30, 30))
	if err != nil {
		t.Fatal(err)
	}
	for name, c := range map[string]struct {
		ids  []string
		poll bool
		says string
	}{
		"another's":   {[]string{string(a1.ID), string(b1.ID)}, false, "not yours"},
		"five":        {[]string{string(a1.ID), string(a2.ID), string(a3.ID), "1", "2"}, false, "at most 4"},
		"with poll":   {[]string{string(a1.ID)}, true, "poll"},
		"no such":     {[]string{"123456"}, false, "does not exist"},
		"not an ID":   {[]string{"abc"}, false, "does not exist"},
		"given twice": {[]string{string(a1.ID), string(a1.ID)}, false, "twice"},
	} {
		req := map[string]any{"status": "with media", "media_ids": c.ids}
		if c.poll {
			req["poll"] = map[string]any{"options": []string{"a", "b"}, "expires_in": 600}
		}
		code, body, _ := whDoJSON(t, r, whViewer{token: atok}, "POST", "/api/v1/statuses", req)
		if code != 422 || !strings.Contains(string(body), c.says) {
			t.Errorf("%s: %d %s, want 422 saying %q", name, code, body, c.says)
		}
	}
	if got := count(); got != n {
		t.Fatalf("refused statuses were posted: %d, want %d", got, n)
	}
	if _, err := bob.AccountFollow(ctx, mustVerify(t, alice).ID); err != nil {
		t.Fatal(err)
	}
	// Media without text is a status; go-mastodon sends media_ids[].
	st := post(t, alice, &mastodon.Toot{MediaIDs: []mastodon.ID{a2.ID, a1.ID}})
	if len(st.MediaAttachments) != 2 || st.MediaAttachments[0].ID != a2.ID || st.MediaAttachments[1].ID != a1.ID ||
		st.MediaAttachments[1].Description != "a red field, wide" || st.MediaAttachments[1].URL != a1.URL {
		t.Fatalf("the posted status's media: %+v", st.MediaAttachments)
	}
	if code, body, _ := whDoJSON(t, r, whViewer{token: atok}, "POST", "/api/v1/statuses", map[string]any{"status": "again", "media_ids": []string{string(a1.ID)}}); code != 422 || !strings.Contains(string(body), "attached to another status") {
		t.Errorf("attaching twice: %d %s", code, body)
	}
	if code, _, _ := whDo(t, r, whViewer{token: atok}, "GET", "/api/v1/media/"+string(a1.ID), nil); code != 404 {
		t.Errorf("GET an attached medium: %d, want 404 (only before it is attached)", code)
	}
	if code, body, _ := whDo(t, r, whViewer{token: atok}, "DELETE", "/api/v1/media/"+string(a1.ID), nil); code != 422 {
		t.Errorf("DELETE an attached medium: %d %s, want 422", code, body)
	}
	for who, tok := range map[string]string{"bob": btok, "anonymous": "", "alice": atok} {
		if code, _, _ := r.do("GET", strings.TrimPrefix(a1.URL, r.srv.URL), tok, "", ""); code != 200 {
			t.Errorf("%s fetches the public status's file: %d, want 200", who, code)
		}
	}
	// Every rendering has the media: by ID, in timelines.
	if got, err := bob.GetStatus(ctx, st.ID); err != nil || len(got.MediaAttachments) != 2 {
		t.Errorf("bob reads the status: %v %v", got, err)
	}
	tl, err := bob.GetTimelinePublic(ctx, false, nil)
	if err != nil || len(tl) == 0 || tl[0].ID != st.ID || len(tl[0].MediaAttachments) != 2 {
		t.Errorf("public timeline: %v", err)
	}
	home, err := bob.GetTimelineHome(ctx, nil)
	if err != nil || len(home) == 0 || home[0].ID != st.ID || len(home[0].MediaAttachments) != 2 {
		t.Errorf("bob's home timeline: %d statuses, %v", len(home), err)
	}
	// only_media selects the statuses with media.
	plain := post(t, alice, &mastodon.Toot{Status: "just words #pictures"})
	aliceID := string(mustVerify(t, alice).ID)
	for _, path := range []string{"/api/v1/accounts/" + aliceID + "/statuses", "/api/v1/timelines/public"} {
		var all, media []mastodon.Status
		_, body, _ := whDo(t, r, whViewer{token: btok}, "GET", path, nil)
		mustJSON(t, body, &all)
		_, body, _ = whDo(t, r, whViewer{token: btok}, "GET", path+"?only_media=true", nil)
		mustJSON(t, body, &media)
		if len(all) != 2 || len(media) != 1 || media[0].ID != st.ID {
			t.Errorf("%s: %d statuses, %d with only_media (want 2 and 1, %s)", path, len(all), len(media), st.ID)
		}
	}

	// Editing replaces the media; the one dropped is gone with its file.
	a4, err := alice.UploadMediaFromBytes(ctx, pngOf(t, 40, 20))
	if err != nil {
		t.Fatal(err)
	}
	code, body, _ = whDo(t, r, whViewer{token: atok}, "PUT", "/api/v1/statuses/"+string(st.ID), url.Values{"status": {"now with words #pictures"}, "media_ids[]": {string(a4.ID), string(a1.ID)}})
	var edited mastodon.Status
	mustJSON(t, body, &edited)
	if code != 200 || len(edited.MediaAttachments) != 2 || edited.MediaAttachments[0].ID != a4.ID || edited.MediaAttachments[1].ID != a1.ID {
		t.Fatalf("edit: %d %s", code, body)
	}
	if code, _, _ := r.do("GET", strings.TrimPrefix(a2.URL, r.srv.URL), atok, "", ""); code != 404 {
		t.Errorf("the file the edit dropped: %d, want 404", code)
	}
	var tagged []mastodon.Status
	_, body, _ = whDo(t, r, whViewer{token: btok}, "GET", "/api/v1/timelines/tag/pictures?only_media=true", nil)
	mustJSON(t, body, &tagged)
	if len(tagged) != 1 || tagged[0].ID != st.ID {
		t.Errorf("#pictures with only_media: %d statuses, want the edited one (not %s)", len(tagged), plain.ID)
	}
	if got, err := bob.GetStatus(ctx, st.ID); err != nil || len(got.MediaAttachments) != 2 || got.MediaAttachments[0].ID != a4.ID {
		t.Errorf("bob reads the edited status: %v %v", got, err)
	}
	code, body, _ = whDo(t, r, whViewer{token: btok}, "GET", "/api/v1/statuses/"+string(st.ID)+"/history", nil)
	var hist []struct {
		Media []mastodon.Attachment `json:"media_attachments"`
	}
	mustJSON(t, body, &hist)
	if code != 200 || len(hist) != 2 || len(hist[0].Media) != 1 || hist[0].Media[0].ID != a1.ID || len(hist[1].Media) != 2 {
		t.Errorf("history: %d %s", code, whShort(body))
	}
	// media_attributes change an attached medium's description and focus.
	code, body, _ = whDoJSON(t, r, whViewer{token: atok}, "PUT", "/api/v1/statuses/"+string(st.ID), map[string]any{"status": "now with words #pictures",
		"media_ids": []string{string(a4.ID), string(a1.ID)}, "media_attributes": []map[string]string{{"id": string(a1.ID), "description": "described anew", "focus": "0.1,0.2"}}})
	mustJSON(t, body, &edited)
	if code != 200 || len(edited.MediaAttachments) != 2 || edited.MediaAttachments[1].Description != "described anew" || edited.MediaAttachments[1].Meta.Focus.Y != 0.2 {
		t.Errorf("edit with media_attributes: %d %s", code, whShort(body))
	}
	if got, err := bob.GetStatus(ctx, st.ID); err != nil || len(got.MediaAttachments) != 2 || got.MediaAttachments[1].Description != "described anew" {
		t.Errorf("bob reads the new description: %v %v", got, err)
	}
	for name, attrs := range map[string]any{
		"not in media_ids": []map[string]string{{"id": string(a2.ID), "description": "x"}},
		"no id":            []map[string]string{{"description": "x"}},
		"bad focus":        []map[string]string{{"id": string(a1.ID), "focus": "9,9"}},
	} {
		code, body, _ := whDoJSON(t, r, whViewer{token: atok}, "PUT", "/api/v1/statuses/"+string(st.ID), map[string]any{"status": "x",
			"media_ids": []string{string(a4.ID), string(a1.ID)}, "media_attributes": attrs})
		if code != 422 {
			t.Errorf("media_attributes %s: %d %s, want 422", name, code, whShort(body))
		}
	}
	if code, body, _ := whDo(t, r, whViewer{token: btok}, "PUT", "/api/v1/statuses/"+string(st.ID), url.Values{"status": {"x"}, "media_ids[]": {string(b1.ID)}}); code != 404 {
		t.Errorf("bob edits alice's status: %d %s", code, body)
	}
	if code, body, _ := whDo(t, r, whViewer{token: atok}, "PUT", "/api/v1/statuses/"+string(st.ID), url.Values{"status": {"x"}, "media_ids[]": {string(b1.ID)}}); code != 422 {
		t.Errorf("alice edits in bob's media: %d %s", code, body)
	}

	// Withheld in IN: the file answers 451 there, as the status does, and 200 elsewhere.
	if _, err := r.srv.Service.Withhold(ctx, nil, service.NewRule{Subject: string(st.ID), Countries: []string{"IN"}, Reason: "legal_demand"}); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		tok, country string
		want         int
	}{{btok, "IN", 451}, {"", "IN", 451}, {btok, "DE", 200}, {"", "DE", 200}, {atok, "IN", 200}} {
		for _, u := range []string{a1.URL, a1.PreviewURL} {
			if code, body, _ := r.do("GET", strings.TrimPrefix(u, r.srv.URL), c.tok, "", "", whHeader, c.country); code != c.want {
				t.Errorf("file of the withheld status from %s (token %t): %d %s, want %d", c.country, c.tok != "", code, whShort(body), c.want)
			}
		}
		if code, _, _ := r.do("GET", "/api/v1/statuses/"+string(st.ID), c.tok, "", "", whHeader, c.country); code != c.want {
			t.Errorf("the withheld status from %s: %d, want %d", c.country, code, c.want)
		}
	}

	// A followers-only status's file: to whoever has its URL (apps load images
	// without a token), but withheld where a rule covers the reader's country.
	r.mustAccount("carol")
	ctok := r.passwordLogin("carol").Config.AccessToken
	a5, err := alice.UploadMediaFromBytes(ctx, pngOf(t, 8, 8))
	if err != nil {
		t.Fatal(err)
	}
	priv := post(t, alice, &mastodon.Toot{Status: "friends only", Visibility: "private", MediaIDs: []mastodon.ID{a5.ID}})
	for who, c := range map[string]struct {
		tok  string
		want int
	}{"bob": {btok, 200}, "carol": {ctok, 200}, "anonymous": {"", 200}, "alice": {atok, 200}} {
		if code, _, _ := r.do("GET", strings.TrimPrefix(a5.URL, r.srv.URL), c.tok, "", ""); code != c.want {
			t.Errorf("%s fetches the followers-only file: %d, want %d", who, code, c.want)
		}
	}
	if code, _, _ := whDo(t, r, whViewer{token: ctok}, "GET", "/api/v1/statuses/"+string(priv.ID), nil); code != 404 {
		t.Errorf("carol reads the followers-only status: %d, want 404 (the file's URL is no key to the status)", code)
	}
	if _, err := r.srv.Service.Withhold(ctx, nil, service.NewRule{Subject: string(priv.ID), Countries: []string{"FR"}, Reason: "legal_demand"}); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		tok, country string
		want         int
	}{{"", "FR", 451}, {btok, "FR", 451}, {ctok, "FR", 451}, {"", "DE", 200}, {atok, "FR", 200}} {
		if code, body, _ := r.do("GET", strings.TrimPrefix(a5.PreviewURL, r.srv.URL), c.tok, "", "", whHeader, c.country); code != c.want {
			t.Errorf("the withheld followers-only file from %s (token %t): %d %s, want %d", c.country, c.tok != "", code, whShort(body), c.want)
		}
	}

	// Scheduling keeps the media unattached until the status is published.
	a6, err := alice.UploadMediaFromBytes(ctx, pngOf(t, 8, 8))
	if err != nil {
		t.Fatal(err)
	}
	code, body, _ = whDoJSON(t, r, whViewer{token: atok}, "POST", "/api/v1/statuses", map[string]any{"media_ids": []string{string(a6.ID)}, "scheduled_at": "2099-01-01T00:00:00Z"})
	var sched struct {
		Params struct {
			MediaIDs []string `json:"media_ids"`
		} `json:"params"`
		Media []mastodon.Attachment `json:"media_attachments"`
	}
	mustJSON(t, body, &sched)
	if code != 200 || len(sched.Params.MediaIDs) != 1 || sched.Params.MediaIDs[0] != string(a6.ID) || len(sched.Media) != 1 || sched.Media[0].URL != a6.URL {
		t.Errorf("scheduled with media: %d %s", code, body)
	}
	if code, _, _ := whDo(t, r, whViewer{token: atok}, "GET", "/api/v1/media/"+string(a6.ID), nil); code != 200 {
		t.Errorf("a scheduled status's medium is not attached before it is published: %d", code)
	}
	// Due in a moment (moved there through the store, as the API keeps it five
	// minutes ahead): the scheduler publishes it with its medium.
	var schedID struct{ ID string }
	mustJSON(t, body, &schedID)
	sid, _ := agora.ParseID(schedID.ID)
	aid, _ := agora.ParseID(string(mustVerify(t, alice).ID))
	if err := r.srv.DB.RescheduleStatus(ctx, aid, sid, time.Now().Add(500*time.Millisecond), agora.DefaultScheduleLimits); err != nil {
		t.Fatal(err)
	}
	var published *mastodon.Status
	for deadline := time.Now().Add(15 * time.Second); published == nil && time.Now().Before(deadline); time.Sleep(200 * time.Millisecond) {
		list, err := alice.GetAccountStatuses(ctx, mustVerify(t, alice).ID, nil)
		if err != nil {
			t.Fatal(err)
		}
		for _, s := range list {
			if len(s.MediaAttachments) == 1 && s.MediaAttachments[0].ID == a6.ID {
				published = s
			}
		}
	}
	if published == nil {
		t.Error("the scheduled status was not published with its medium")
	}
	if code, body, _ := whDoJSON(t, r, whViewer{token: atok}, "POST", "/api/v1/statuses", map[string]any{"media_ids": []string{string(b1.ID)}, "scheduled_at": "2099-01-01T00:00:00Z"}); code != 422 {
		t.Errorf("scheduled with bob's media: %d %s", code, body)
	}

	// Deleting a withheld status deletes its media with it: unattached, they
	// would be served by their URL where the status was withheld.
	code, body, _ = whDo(t, r, whViewer{token: atok}, "DELETE", "/api/v1/statuses/"+string(priv.ID), nil)
	var deleted mastodon.Status
	mustJSON(t, body, &deleted)
	if code != 200 || len(deleted.MediaAttachments) != 1 || deleted.MediaAttachments[0].ID != a5.ID {
		t.Fatalf("delete: %d %s", code, whShort(body))
	}
	for _, c := range []struct{ tok, country string }{{"", "FR"}, {"", "DE"}, {atok, "DE"}} {
		if code, _, _ := r.do("GET", strings.TrimPrefix(a5.URL, r.srv.URL), c.tok, "", "", whHeader, c.country); code != 404 {
			t.Errorf("the deleted withheld status's file from %s (token %t): %d, want 404", c.country, c.tok != "", code)
		}
	}
	if code, body, _ := whDoJSON(t, r, whViewer{token: atok}, "POST", "/api/v1/statuses", map[string]any{"status": "again", "media_ids": []string{string(a5.ID)}}); code != 422 {
		t.Errorf("redraft with the deleted withheld status's medium: %d %s, want 422", code, whShort(body))
	}

	// Deleting a status keeps its media, unattached, for "delete and
	// redraft"; with delete_media they go at once, files and all.
	a7, err := alice.UploadMediaFromBytes(ctx, pngOf(t, 8, 8))
	if err != nil {
		t.Fatal(err)
	}
	priv2 := post(t, alice, &mastodon.Toot{Status: "friends only, second", Visibility: "private", MediaIDs: []mastodon.ID{a7.ID}})
	if code, body, _ := whDo(t, r, whViewer{token: atok}, "DELETE", "/api/v1/statuses/"+string(priv2.ID), nil); code != 200 {
		t.Fatalf("delete: %d %s", code, whShort(body))
	}
	for who, c := range map[string]struct {
		tok  string
		want int
	}{"bob": {btok, 200}, "alice": {atok, 200}} {
		if code, _, _ := r.do("GET", strings.TrimPrefix(a7.URL, r.srv.URL), c.tok, "", ""); code != c.want {
			t.Errorf("%s fetches the deleted status's file (kept for a redraft, by its URL): %d, want %d", who, code, c.want)
		}
	}
	redraft := post(t, alice, &mastodon.Toot{Status: "friends only, again", Visibility: "private", MediaIDs: []mastodon.ID{a7.ID}})
	if len(redraft.MediaAttachments) != 1 || redraft.MediaAttachments[0].URL != a7.URL {
		t.Errorf("redraft with the deleted status's medium: %+v", redraft.MediaAttachments)
	}
	if code, body, _ := whDo(t, r, whViewer{token: atok}, "DELETE", "/api/v1/statuses/"+string(redraft.ID)+"?delete_media=true", nil); code != 200 {
		t.Fatalf("delete with delete_media: %d %s", code, whShort(body))
	}
	if code, _, _ := r.do("GET", strings.TrimPrefix(a7.URL, r.srv.URL), atok, "", ""); code != 404 {
		t.Errorf("the file of a status deleted with delete_media: %d, want 404", code)
	}
	if code, _, _ := whDo(t, r, whViewer{token: atok}, "GET", "/api/v1/media/"+string(a7.ID), nil); code != 404 {
		t.Errorf("the medium of a status deleted with delete_media: %d, want 404", code)
	}
	if code, body, _ := whDo(t, r, whViewer{token: atok}, "DELETE", "/api/v1/media/"+string(a3.ID), nil); code != 200 || string(body) != "{}\n" && string(body) != "{}" {
		t.Errorf("DELETE unattached: %d %q", code, body)
	}
	if code, _, _ := whDo(t, r, whViewer{token: atok}, "GET", "/api/v1/media/"+string(a3.ID), nil); code != 404 {
		t.Errorf("GET deleted media: %d, want 404", code)
	}
	if code, _, _ := r.do("GET", strings.TrimPrefix(a3.URL, r.srv.URL), atok, "", ""); code != 404 {
		t.Errorf("the deleted medium's file: %d, want 404", code)
	}
	if code, _, _ := r.do("GET", "/system/media_attachments/..%2f..%2fetc%2fpasswd", atok, "", ""); code != 404 {
		t.Errorf("a path for a key: %d, want 404", code)
	}
}

// upload sends a multipart upload with the file (none when name is "") and
// the text fields, through the rig's schema-checking client.
func upload(t *testing.T, r *rig, token, path, name, contentType string, file []byte, fields map[string]string) (int, []byte) {
	t.Helper()
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	if name != "" {
		h := make(map[string][]string)
		h["Content-Disposition"] = []string{`form-data; name="file"; filename="` + name + `"`}
		h["Content-Type"] = []string{contentType} // what the client claims: not believed
		w, err := mw.CreatePart(h)
		if err != nil {
			t.Fatal(err)
		}
		w.Write(file)
	}
	for k, v := range fields {
		mw.WriteField(k, v)
	}
	mw.Close()
	code, body, _ := r.do("POST", path, token, mw.FormDataContentType(), buf.String())
	return code, body
}

func solidImage(w, h int) *image.RGBA {
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			img.SetRGBA(x, y, color.RGBA{200, uint8(x), uint8(y), 255})
		}
	}
	return img
}

func pngOf(t *testing.T, w, h int) []byte {
	var b bytes.Buffer
	if err := png.Encode(&b, solidImage(w, h)); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func jpegOf(t *testing.T, w, h int) []byte {
	var b bytes.Buffer
	if err := jpeg.Encode(&b, solidImage(w, h), nil); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// gifOf is a two-frame animated GIF of 20 by 10 pixels.
func gifOf(t *testing.T) []byte {
	pal := color.Palette{color.Black, color.White}
	frames := []*image.Paletted{image.NewPaletted(image.Rect(0, 0, 20, 10), pal), image.NewPaletted(image.Rect(0, 0, 20, 10), pal)}
	var b bytes.Buffer
	if err := gif.EncodeAll(&b, &gif.GIF{Image: frames, Delay: []int{10, 10}}); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// pngHeader is a PNG signature and header claiming w by h pixels, and nothing
// more: a decompression bomb's first bytes.
func pngHeader(w, h uint32) []byte {
	var b bytes.Buffer
	b.WriteString("\x89PNG\r\n\x1a\n")
	chunk := make([]byte, 4+13)
	copy(chunk, "IHDR")
	binary.BigEndian.PutUint32(chunk[4:], w)
	binary.BigEndian.PutUint32(chunk[8:], h)
	chunk[12], chunk[13] = 8, 6
	binary.Write(&b, binary.BigEndian, uint32(13))
	b.Write(chunk)
	binary.Write(&b, binary.BigEndian, crc32.ChecksumIEEE(chunk))
	return b.Bytes()
}

// countFiles counts the regular files under dir (none when it does not exist).
func countFiles(t *testing.T, dir string) int {
	n := 0
	err := filepath.WalkDir(dir, func(_ string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.Type().IsRegular() {
			n++
		}
		return nil
	})
	if err != nil && !strings.Contains(err.Error(), "no such file") {
		t.Fatal(err)
	}
	return n
}
