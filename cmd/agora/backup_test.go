package main

import (
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"agora/agoratest"
)

// TestBackup_WhilePosting takes a backup while four clients post statuses,
// restores it into a new directory, starts a server on it and finds there
// every status acknowledged before the backup began, with its text, the
// images posted before it served byte for byte, and the same transparency
// log key; none acknowledged after the backup ended is there, nor an image
// uploaded after it, as the copy is of one moment.
func TestBackup_WhilePosting(t *testing.T) {
	db := tempDB(t)
	mustCreateAccount(t, db, "alice")
	token := lastLine(t, mustRun(t, nil, "token", "create", "--db", db, "--username", "alice", "--scopes", "read write").stdout)
	srv := agoratest.MustRunServer(t, agoratest.SQLite, agoratest.WithDB(db))
	key := getText(t, srv.URL+"/transparency/log/key")
	pics := []uploaded{uploadPNG(t, srv.URL, token, 64, 48), uploadPNG(t, srv.URL, token, 900, 600)}
	postWithMedia(t, srv.URL, token, "pictures before the backup", pics...)

	type ack struct {
		id, text string
		at       time.Time // when the answer arrived
	}
	var (
		mu    sync.Mutex
		acks  []ack
		stop  = make(chan struct{})
		wg    sync.WaitGroup
		hc    = &http.Client{Timeout: 30 * time.Second}
		fails int
	)
	for w := 0; w < 4; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; ; i++ {
				select {
				case <-stop:
					return
				default:
				}
				text := "backup test " + string(rune('a'+w)) + " " + time.Now().Format(time.RFC3339Nano)
				req, _ := http.NewRequest(http.MethodPost, srv.URL+"/api/v1/statuses", strings.NewReader(url.Values{"status": {text}}.Encode()))
				req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
				req.Header.Set("Authorization", "Bearer "+token)
				resp, err := hc.Do(req)
				var st struct{ ID string }
				if err == nil {
					if resp.StatusCode == http.StatusOK {
						err = json.NewDecoder(resp.Body).Decode(&st)
					}
					resp.Body.Close()
				}
				mu.Lock()
				if err != nil || st.ID == "" {
					fails++
				} else {
					acks = append(acks, ack{st.ID, text, time.Now()})
				}
				mu.Unlock()
			}
		}()
	}
	waitFor := func(n int) {
		for deadline := time.Now().Add(time.Minute); ; time.Sleep(10 * time.Millisecond) {
			mu.Lock()
			got := len(acks)
			mu.Unlock()
			if got >= n {
				return
			}
			if time.Now().After(deadline) {
				t.Fatalf("only %d statuses posted in a minute", got)
			}
		}
	}
	waitFor(40)

	file := filepath.Join(t.TempDir(), "agora-backup.tar.gz")
	began := time.Now()
	out := mustRun(t, nil, "backup", "--db", db, "--to", file).stdout
	ended := time.Now()
	mu.Lock()
	during := len(acks)
	mu.Unlock()
	waitFor(during + 20) // posting goes on after the backup
	late := uploadPNG(t, srv.URL, token, 30, 30)
	close(stop)
	wg.Wait()
	if fails > 0 {
		t.Errorf("%d posts failed", fails)
	}
	var before, after []ack
	for _, a := range acks {
		switch {
		case a.at.Before(began):
			before = append(before, a)
		case a.at.After(ended):
			after = append(after, a)
		}
	}
	t.Logf("%s%d statuses acknowledged before the backup began, %d while it ran (%s), %d after",
		out, len(before), len(acks)-len(before)-len(after), ended.Sub(began).Round(time.Millisecond), len(after))
	if fi, err := os.Stat(file); err != nil || fi.Mode().Perm() != 0o600 {
		t.Errorf("backup file: %v, mode %v; want one readable by its owner only", err, fi.Mode())
	}
	srv.Stop(t)

	restored := filepath.Join(t.TempDir(), "restored", "agora.db")
	mustRun(t, nil, "restore", "--from", file, "--db", restored)
	srv2 := agoratest.MustRunServer(t, agoratest.SQLite, agoratest.WithDB(restored))
	if got := getText(t, srv2.URL+"/transparency/log/key"); got != key {
		t.Errorf("restored log key %q, want %q", got, key)
	}
	checkServed(t, srv2.URL, token, pics...)
	if code, _ := doHTTP(t, http.MethodGet, srv2.URL+late.file, token, "", nil); code != http.StatusNotFound {
		t.Errorf("an image uploaded after the backup: %d in the restore, want 404", code)
	}
	missing := 0
	for _, a := range before {
		var st struct{ Content string }
		if status := getJSON(t, srv2.URL+"/api/v1/statuses/"+a.id, &st); status != http.StatusOK || !strings.Contains(st.Content, a.text) {
			missing++
			if missing <= 5 {
				t.Errorf("status %s acknowledged before the backup: %d %q after the restore", a.id, status, st.Content)
			}
		}
	}
	if missing > 0 {
		t.Errorf("%d of %d statuses acknowledged before the backup are not in the restore", missing, len(before))
	}
	for _, a := range after {
		var st struct{ Content string }
		if status := getJSON(t, srv2.URL+"/api/v1/statuses/"+a.id, &st); status != http.StatusNotFound {
			t.Errorf("status %s acknowledged after the backup ended: %d in the restore, want 404", a.id, status)
		}
	}
}

// TestBackup_Refusals: what backup and restore will not do, and say so.
func TestBackup_Refusals(t *testing.T) {
	db := tempDB(t)
	mustCreateAccount(t, db, "alice")
	srv := agoratest.MustRunServer(t, agoratest.SQLite, agoratest.WithDB(db)) // makes the log key
	srv.Stop(t)
	dir := t.TempDir()
	file := filepath.Join(dir, "b.tar.gz")
	mustRun(t, nil, "backup", "--db", db, "--to", file)
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	damaged := filepath.Join(dir, "damaged.tar.gz")
	cut := filepath.Join(dir, "cut.tar.gz")
	flipped := append([]byte(nil), data...)
	flipped[len(flipped)/2] ^= 0xff
	if err := os.WriteFile(damaged, flipped, 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(cut, data[:len(data)/2], 0o600); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name string
		args []string
		want string
	}{
		{"backup over a file", []string{"backup", "--db", db, "--to", file}, "exists"},
		{"backup of no database", []string{"backup", "--db", filepath.Join(dir, "none.db"), "--to", filepath.Join(dir, "x.tar.gz")}, "no such database"},
		{"backup of PostgreSQL", []string{"backup", "--db", "postgres://u@127.0.0.1/agora", "--to", filepath.Join(dir, "y.tar.gz")}, "pg_dump"},
		{"restore over a database", []string{"restore", "--from", file, "--db", db}, "does not overwrite"},
		{"restore of a damaged file", []string{"restore", "--from", damaged, "--db", filepath.Join(dir, "d", "agora.db")}, "not a whole agora backup"},
		{"restore of a cut file", []string{"restore", "--from", cut, "--db", filepath.Join(dir, "c", "agora.db")}, "not a whole agora backup"},
		{"restore of no file", []string{"restore", "--db", filepath.Join(dir, "e", "agora.db")}, "--from"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := runCmd(t, nil, tc.args...)
			if r.code != 2 || !strings.Contains(r.stderr, tc.want) {
				t.Errorf("exit %d, stderr %q; want 2 and %q", r.code, r.stderr, tc.want)
			}
		})
	}
	for _, p := range []string{filepath.Join(dir, "d", "agora.db"), filepath.Join(dir, "c", "agora.db"), filepath.Join(dir, "d", "transparency-log.key")} {
		if _, err := os.Stat(p); err == nil {
			t.Errorf("a refused restore left %s", p)
		}
	}
}

func getText(t *testing.T, u string) string {
	t.Helper()
	resp, err := http.Get(u)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("GET %s: %d %s", u, resp.StatusCode, b)
	}
	return string(b)
}

func getJSON(t *testing.T, u string, v any) int {
	t.Helper()
	resp, err := http.Get(u)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	_ = json.NewDecoder(resp.Body).Decode(v)
	return resp.StatusCode
}
