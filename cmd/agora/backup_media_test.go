package main

import (
	"archive/tar"
	"bytes"
	"compress/gzip"
	"context"
	"encoding/json"
	"image"
	"image/color"
	"image/png"
	"io"
	"mime/multipart"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"agora/agoratest"
	"agora/sqlstore"
)

// uploaded is a media attachment as the API answered its upload, with the
// bytes its file and preview were served with.
type uploaded struct {
	id, file, preview  string // the id, and the paths of the two files' URLs
	fileData, prevData []byte
}

// uploadPNG uploads a w by h PNG as the token's account and fetches its two
// files.
func uploadPNG(t *testing.T, base, token string, w, h int) uploaded {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			img.Set(x, y, color.RGBA{uint8(x * 7), uint8(y * 13), uint8(w + h), 255})
		}
	}
	var file, body bytes.Buffer
	if err := png.Encode(&file, img); err != nil {
		t.Fatal(err)
	}
	mw := multipart.NewWriter(&body)
	part, _ := mw.CreateFormFile("file", "image.png")
	part.Write(file.Bytes())
	mw.Close()
	var m struct {
		ID         string `json:"id"`
		URL        string `json:"url"`
		PreviewURL string `json:"preview_url"`
	}
	if code, b := doHTTP(t, http.MethodPost, base+"/api/v2/media", token, mw.FormDataContentType(), body.Bytes()); code != http.StatusOK || json.Unmarshal(b, &m) != nil {
		t.Fatalf("upload: %d %s", code, b)
	}
	u := uploaded{id: m.ID, file: urlPath(t, m.URL), preview: urlPath(t, m.PreviewURL)}
	u.fileData = mustGetBytes(t, base+u.file, token)
	u.prevData = mustGetBytes(t, base+u.preview, token)
	return u
}

func urlPath(t *testing.T, s string) string {
	t.Helper()
	u, err := url.Parse(s)
	if err != nil || u.Path == "" {
		t.Fatalf("media URL %q", s)
	}
	return u.Path
}

func doHTTP(t *testing.T, method, u, token, contentType string, body []byte) (int, []byte) {
	t.Helper()
	req, err := http.NewRequest(method, u, bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, b
}

func mustGetBytes(t *testing.T, u, token string) []byte {
	t.Helper()
	code, b := doHTTP(t, http.MethodGet, u, token, "", nil)
	if code != http.StatusOK || len(b) == 0 {
		t.Fatalf("GET %s: %d (%d bytes)", u, code, len(b))
	}
	return b
}

// postWithMedia posts a status with the attachments and returns its id.
func postWithMedia(t *testing.T, base, token, text string, media ...uploaded) string {
	t.Helper()
	form := url.Values{"status": {text}}
	for _, m := range media {
		form.Add("media_ids[]", m.id)
	}
	var st struct{ ID string }
	if code, b := doHTTP(t, http.MethodPost, base+"/api/v1/statuses", token, "application/x-www-form-urlencoded", []byte(form.Encode())); code != http.StatusOK || json.Unmarshal(b, &st) != nil {
		t.Fatalf("post: %d %s", code, b)
	}
	return st.ID
}

// checkServed fails unless base serves each attachment's two files with the
// bytes they were first served with.
func checkServed(t *testing.T, base, token string, media ...uploaded) {
	t.Helper()
	for _, m := range media {
		for _, f := range []struct {
			path string
			want []byte
		}{{m.file, m.fileData}, {m.preview, m.prevData}} {
			code, got := doHTTP(t, http.MethodGet, base+f.path, token, "", nil)
			if code != http.StatusOK || !bytes.Equal(got, f.want) {
				t.Errorf("restored %s: %d, %d bytes, want 200 and the %d bytes served before the backup", f.path, code, len(got), len(f.want))
			}
		}
	}
}

// TestBackup_Media backs up a server with uploaded images (attached to
// statuses, and one not yet posted) and restores it: the restored server
// serves every file byte for byte. A file the database names but media_dir
// lacks fails the backup, unless --allow-missing-media; a file removed with
// its row after the database was copied is left out and counted.
func TestBackup_Media(t *testing.T) {
	db := tempDB(t)
	mustCreateAccount(t, db, "alice")
	token := lastLine(t, mustRun(t, nil, "token", "create", "--db", db, "--username", "alice", "--scopes", "read write").stdout)
	srv := agoratest.MustRunServer(t, agoratest.SQLite, agoratest.WithDB(db))
	a, b, c := uploadPNG(t, srv.URL, token, 40, 30), uploadPNG(t, srv.URL, token, 700, 500), uploadPNG(t, srv.URL, token, 9, 9)
	postWithMedia(t, srv.URL, token, "two pictures", a, b)

	dir := t.TempDir()
	file := filepath.Join(dir, "b.tar.gz")
	out := mustRun(t, nil, "backup", "--db", db, "--to", file).stdout
	if !strings.Contains(out, " 6 media files (") {
		t.Errorf("backup said %q, want 6 media files", out)
	}
	m := readManifest(t, file)
	want := int64(len(a.fileData) + len(a.prevData) + len(b.fileData) + len(b.prevData) + len(c.fileData) + len(c.prevData))
	if m.Format != backupFormat || m.Media == nil || m.Media.Count != 6 || m.Media.Bytes != want || m.Media.Missing != 0 {
		t.Errorf("manifest %s %+v, want %s and 6 media files of %d bytes", m.Format, m.Media, backupFormat, want)
	}

	// A file removed with its row after the copy: left out, counted, no error.
	cp := filepath.Join(dir, "copy.db")
	if _, err := sqlstore.BackupSQLite(context.Background(), db, cp); err != nil {
		t.Fatal(err)
	}
	if code, body := doHTTP(t, http.MethodDelete, srv.URL+"/api/v1/media/"+c.id, token, "", nil); code != http.StatusOK {
		t.Fatalf("delete media: %d %s", code, body)
	}
	mediaDir := filepath.Join(filepath.Dir(db), "media")
	files, mm, err := planMedia(context.Background(), cp, db, mediaDir, false)
	if err != nil || len(files) != 4 || mm.Count != 4 || mm.Missing != 2 {
		t.Errorf("plan after the copy lost an attachment with its files: %d files, %+v, %v; want 4, 2 missing, no error", len(files), mm, err)
	}

	// A file the live database still names, lost from media_dir: damage.
	lost := filepath.Join(mediaDir, filepath.Base(a.preview)[:2], strings.TrimSuffix(filepath.Base(a.preview), filepath.Ext(a.preview)))
	if err := os.Rename(lost, lost+".away"); err != nil {
		t.Fatal(err)
	}
	r := runCmd(t, nil, "backup", "--db", db, "--to", filepath.Join(dir, "lost.tar.gz"))
	if r.code != 2 || !strings.Contains(r.stderr, "1 media files the database names are missing") || !strings.Contains(r.stderr, filepath.Base(lost)) || !strings.Contains(r.stderr, "--allow-missing-media") {
		t.Errorf("backup with a lost file: exit %d, stderr %q; want 2, naming the file and the flag", r.code, r.stderr)
	}
	if _, err := os.Stat(filepath.Join(dir, "lost.tar.gz")); err == nil {
		t.Error("a refused backup left its file")
	}
	out = mustRun(t, nil, "backup", "--db", db, "--to", filepath.Join(dir, "lost.tar.gz"), "--allow-missing-media").stdout
	if !strings.Contains(out, " 3 media files (") || !strings.Contains(out, "1 media files the copied database names are not in the backup") {
		t.Errorf("backup --allow-missing-media said %q, want 3 media files and 1 missing", out)
	}
	if err := os.Rename(lost+".away", lost); err != nil {
		t.Fatal(err)
	}
	srv.Stop(t)

	// The first backup, restored, serves all six files as before.
	restored := filepath.Join(t.TempDir(), "restored", "agora.db")
	out = mustRun(t, nil, "restore", "--from", file, "--db", restored).stdout
	if !strings.Contains(out, "restored 6 media files") {
		t.Errorf("restore said %q", out)
	}
	if fi, err := os.Stat(filepath.Join(filepath.Dir(restored), "media")); err != nil || fi.Mode().Perm() != 0o700 {
		t.Errorf("restored media_dir: %v %v, want mode 0700", err, fi)
	}
	srv2 := agoratest.MustRunServer(t, agoratest.SQLite, agoratest.WithDB(restored))
	checkServed(t, srv2.URL, token, a, b, c)

	// The backup without the lost file restores, and says what it lacks.
	out = mustRun(t, nil, "restore", "--from", filepath.Join(dir, "lost.tar.gz"), "--db", filepath.Join(dir, "lost", "agora.db")).stdout
	if !strings.Contains(out, "restored 3 media files") || !strings.Contains(out, "1 media files the database names were not in the backup") {
		t.Errorf("restore of the backup without a lost file said %q", out)
	}
	// A file's unguessable key is its audience (as Mastodon serves files by
	// URL): the unattached upload's file is served without a token too.
	if code, _ := doHTTP(t, http.MethodGet, srv2.URL+c.file, "", "", nil); code != http.StatusOK {
		t.Errorf("the unattached upload's file by its URL after the restore: %d, want 200", code)
	}
}

// TestBackup_MediaRefusals: restore refuses a backup whose media entries are
// not what its manifest says, or named as paths, and a media_dir not empty;
// a refused restore leaves nothing behind.
func TestBackup_MediaRefusals(t *testing.T) {
	db := tempDB(t)
	mustCreateAccount(t, db, "alice")
	token := lastLine(t, mustRun(t, nil, "token", "create", "--db", db, "--username", "alice", "--scopes", "read write").stdout)
	srv := agoratest.MustRunServer(t, agoratest.SQLite, agoratest.WithDB(db))
	a := uploadPNG(t, srv.URL, token, 20, 20)
	postWithMedia(t, srv.URL, token, "a picture", a)
	srv.Stop(t)
	dir := t.TempDir()
	file := filepath.Join(dir, "b.tar.gz")
	mustRun(t, nil, "backup", "--db", db, "--to", file)

	// rewrite writes a copy of the backup changed by edit, the manifest's
	// media counts made to agree with the entries unless keepCounts.
	rewrite := func(name string, keepCounts bool, edit func(m *manifest, es []tarEntry) []tarEntry) string {
		es := readEntries(t, file)
		var m manifest
		if err := json.Unmarshal(es[0].data, &m); err != nil {
			t.Fatal(err)
		}
		es = edit(&m, es)
		if !keepCounts {
			m.Media.Count, m.Media.Bytes = 0, 0
			for _, e := range es[3:] {
				m.Media.Count++
				m.Media.Bytes += int64(len(e.data))
			}
		}
		es[0].data, _ = json.Marshal(m)
		p := filepath.Join(dir, name)
		writeEntries(t, p, es)
		return p
	}
	extra := func(name string) func(*manifest, []tarEntry) []tarEntry {
		return func(_ *manifest, es []tarEntry) []tarEntry {
			return append(es, tarEntry{name: name, data: []byte("not a picture")})
		}
	}
	crc := filepath.Join(dir, "crc.tar.gz") // gzip's CRC-32 of the whole, in its last 8 bytes, wrong
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	data[len(data)-8] ^= 0xff
	if err := os.WriteFile(crc, data, 0o600); err != nil {
		t.Fatal(err)
	}
	full := filepath.Join(dir, "full", "agora.db")
	if err := os.MkdirAll(filepath.Join(dir, "full", "media"), 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "full", "media", "keep"), []byte("x"), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name, from, db, want string
	}{
		{"a ../ entry", rewrite("dotdot.tar.gz", false, extra("../x")), filepath.Join(dir, "r1", "agora.db"), `"../x" is not a media file`},
		{"a media/../ entry", rewrite("mdotdot.tar.gz", false, extra("media/../x")), filepath.Join(dir, "r2", "agora.db"), `"media/../x" is not a media file`},
		{"an upper-case key", rewrite("upper.tar.gz", false, extra("media/ABCDEF")), filepath.Join(dir, "r3", "agora.db"), "is not a media file"},
		{"a file twice", rewrite("twice.tar.gz", false, func(_ *manifest, es []tarEntry) []tarEntry { return append(es, es[len(es)-1]) }), filepath.Join(dir, "r4", "agora.db"), "twice"},
		{"a count too high", rewrite("high.tar.gz", true, func(m *manifest, es []tarEntry) []tarEntry { m.Media.Count++; return es }), filepath.Join(dir, "r5", "agora.db"), "holds 2 media files"},
		{"a count too low", rewrite("low.tar.gz", true, func(m *manifest, es []tarEntry) []tarEntry { m.Media.Count--; return es }), filepath.Join(dir, "r6", "agora.db"), "more media files than its manifest counts"},
		{"a size that disagrees", rewrite("size.tar.gz", true, func(m *manifest, es []tarEntry) []tarEntry { m.Media.Bytes++; return es }), filepath.Join(dir, "r7", "agora.db"), "its manifest counts 2 of"},
		{"format 2 without media", rewrite("nomedia.tar.gz", true, func(m *manifest, es []tarEntry) []tarEntry { m.Media = nil; return es[:3] }), filepath.Join(dir, "r8", "agora.db"), "does not say what it holds of media"},
		{"a file no row names", rewrite("stray.tar.gz", false, extra("media/0123abcd")), filepath.Join(dir, "r9", "agora.db"), "its manifest counts 3 held"},
		{"a file of another size than its row", rewrite("resized.tar.gz", false, func(_ *manifest, es []tarEntry) []tarEntry {
			es[len(es)-1].data = append(es[len(es)-1].data, 0)
			return es
		}), filepath.Join(dir, "r10", "agora.db"), "its row in the database says"},
		{"a wrong checksum of the whole", crc, filepath.Join(dir, "r11", "agora.db"), "it is damaged"},
		{"a non-empty media_dir", file, full, "is not empty"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := runCmd(t, nil, "restore", "--from", tc.from, "--db", tc.db)
			if r.code != 2 || !strings.Contains(r.stderr, tc.want) {
				t.Errorf("exit %d, stderr %q; want 2 and %q", r.code, r.stderr, tc.want)
			}
			d := filepath.Dir(tc.db)
			for _, p := range []string{tc.db, filepath.Join(d, "transparency-log.key"), filepath.Join(d, "x"), filepath.Join(dir, "x")} {
				if _, err := os.Stat(p); err == nil {
					t.Errorf("a refused restore left %s", p)
				}
			}
			if tc.db != full {
				if _, err := os.Stat(filepath.Join(d, "media")); err == nil {
					t.Errorf("a refused restore made %s", filepath.Join(d, "media"))
				}
			}
			if ents, _ := os.ReadDir(d); len(ents) > 0 && tc.db != full {
				t.Errorf("a refused restore left %v in %s", ents, d)
			}
		})
	}
	// The rewriting itself is sound: unchanged, the copy restores.
	ok := rewrite("same.tar.gz", false, func(_ *manifest, es []tarEntry) []tarEntry { return es })
	mustRun(t, nil, "restore", "--from", ok, "--db", filepath.Join(dir, "ok", "agora.db"))
	// A backup of format 1, from before media were backed up, restores and
	// says it holds no media files.
	v1 := rewrite("v1.tar.gz", true, func(m *manifest, es []tarEntry) []tarEntry { m.Format, m.Media = backupFormatV1, nil; return es[:3] })
	if out := mustRun(t, nil, "restore", "--from", v1, "--db", filepath.Join(dir, "v1", "agora.db")).stdout; !strings.Contains(out, "holds no media files") {
		t.Errorf("restore of format 1 said %q", out)
	}
	if _, err := os.Stat(filepath.Join(dir, "v1", "media")); err == nil {
		t.Error("a restore of format 1 made a media_dir")
	}
}

type tarEntry struct {
	name string
	data []byte
}

// readEntries reads a (small, test) backup's entries into memory.
func readEntries(t *testing.T, path string) []tarEntry {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		t.Fatal(err)
	}
	tr := tar.NewReader(zr)
	var es []tarEntry
	for {
		hdr, err := tr.Next()
		if err == io.EOF {
			return es
		}
		if err != nil {
			t.Fatal(err)
		}
		b, err := io.ReadAll(tr)
		if err != nil {
			t.Fatal(err)
		}
		es = append(es, tarEntry{hdr.Name, b})
	}
}

func writeEntries(t *testing.T, path string, es []tarEntry) {
	t.Helper()
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	tw := tar.NewWriter(zw)
	for _, e := range es {
		if err := tw.WriteHeader(&tar.Header{Name: e.name, Mode: 0o600, Size: int64(len(e.data)), Typeflag: tar.TypeReg}); err != nil {
			t.Fatal(err)
		}
		tw.Write(e.data)
	}
	tw.Close()
	zw.Close()
	if err := os.WriteFile(path, buf.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
}

func readManifest(t *testing.T, path string) manifest {
	t.Helper()
	var m manifest
	if err := json.Unmarshal(readEntries(t, path)[0].data, &m); err != nil {
		t.Fatal(err)
	}
	return m
}
