package e2e

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"github.com/mattn/go-mastodon"

	"agora"
	"agora/agoratest"
	"agora/legalapi/wire"
)

// TestMedia_LegalRemoval: the legal desk's removal of a status deletes its
// media with it, files and all: its author cannot post them again (which
// would make the old URL public again) and nobody can fetch the file. The
// author's own delete, by contrast, keeps them for a redraft (TestMedia).
func TestMedia_LegalRemoval(t *testing.T) {
	for _, b := range agoratest.Backends() {
		t.Run(string(b), func(t *testing.T) { testMediaLegalRemoval(t, b) })
	}
}

func testMediaLegalRemoval(t *testing.T, b agoratest.Backend) {
	ctx := context.Background()
	r := newRig(t, b, whTrusted)
	_, ltok := lgStaff(t, r, "lena", agora.RoleLegal, lgAllScopes)
	lena := r.legal(ltok)
	r.mustAccount("alice")
	alice := r.passwordLogin("alice")
	atok := alice.Config.AccessToken
	mediaDir := r.srv.Config.MediaDirPath()

	m, err := alice.UploadMediaFromBytes(ctx, pngOf(t, 16, 16))
	if err != nil {
		t.Fatal(err)
	}
	st := post(t, alice, &mastodon.Toot{Status: "a picture", MediaIDs: []mastodon.ID{m.ID}})
	file := strings.TrimPrefix(m.URL, r.srv.URL)
	if code, _, _ := r.do("GET", file, "", "", ""); code != http.StatusOK {
		t.Fatalf("the public status's file before the removal: %d", code)
	}
	// A followers-only status's picture and one never posted: served by their
	// URL, until the account is removed.
	m2, err := alice.UploadMediaFromBytes(ctx, pngOf(t, 16, 16))
	if err != nil {
		t.Fatal(err)
	}
	post(t, alice, &mastodon.Toot{Status: "friends only", Visibility: "private", MediaIDs: []mastodon.ID{m2.ID}})
	unposted, err := alice.UploadMediaFromBytes(ctx, pngOf(t, 16, 16))
	if err != nil {
		t.Fatal(err)
	}
	for _, u := range []string{m2.URL, unposted.URL} {
		if code, _, _ := r.do("GET", strings.TrimPrefix(u, r.srv.URL), "", "", ""); code != http.StatusOK {
			t.Fatalf("%s before the account's removal: %d, want 200", u, code)
		}
	}
	files := countFiles(t, mediaDir)

	o := lena.order(wire.OrderInput{Reference: "rm-media", TerritorialScope: []string{"IN"}, Targets: []string{r.srv.URL + "/@alice/" + string(st.ID), "@alice"}})
	ts := lena.targets(o.ID, "")
	if res := lena.decide(o.ID, wire.DecisionInput{TargetIDs: []string{ts[0].ID}, Action: "remove", Note: "terms of service"}, false); res.Applied != 1 {
		t.Fatalf("remove: %+v", res)
	}

	if code, body, _ := whDoJSON(t, r, whViewer{token: atok}, "POST", "/api/v1/statuses", map[string]any{"status": "again", "media_ids": []string{string(m.ID)}}); code != http.StatusUnprocessableEntity {
		t.Errorf("alice posts the removed status's media again: %d %s, want 422", code, whShort(body))
	}
	if code, body, _ := whDoJSON(t, r, whViewer{token: atok}, "POST", "/api/v1/statuses", map[string]any{"media_ids": []string{string(m.ID)}, "scheduled_at": "2099-01-01T00:00:00Z"}); code != http.StatusUnprocessableEntity {
		t.Errorf("alice schedules the removed status's media: %d %s, want 422", code, whShort(body))
	}
	for who, tok := range map[string]string{"anonymous": "", "alice": atok} {
		for _, u := range []string{m.URL, m.PreviewURL} {
			if code, _, _ := r.do("GET", strings.TrimPrefix(u, r.srv.URL), tok, "", ""); code != http.StatusNotFound {
				t.Errorf("%s fetches %s of the removed status: %d, want 404", who, u, code)
			}
		}
	}
	if code, _, _ := whDo(t, r, whViewer{token: atok}, "GET", "/api/v1/media/"+string(m.ID), nil); code != http.StatusNotFound {
		t.Errorf("alice gets the removed status's medium: %d, want 404", code)
	}
	if got := countFiles(t, mediaDir); got != files-2 {
		t.Errorf("files after the removal: %d, want %d (the original and preview removed)", got, files-2)
	}

	// The account removed (a rule for every country, and suspended): none of
	// its files is served, with or without a token, though their keys are
	// still in circulation; legal staff see it, as the gate lets them.
	if res := lena.decide(o.ID, wire.DecisionInput{TargetIDs: []string{ts[1].ID}, Action: "remove", Note: "terms of service"}, false); res.Applied != 1 {
		t.Fatalf("remove the account: %+v", res)
	}
	r.mustAccount("bob")
	btok := r.passwordLogin("bob").Config.AccessToken
	for who, c := range map[string]struct {
		tok  string
		want int
	}{"anonymous": {"", http.StatusUnavailableForLegalReasons}, "bob": {btok, http.StatusUnavailableForLegalReasons}, "lena": {ltok, http.StatusOK}} {
		for _, u := range []string{m2.URL, m2.PreviewURL, unposted.URL} {
			if code, _, _ := r.do("GET", strings.TrimPrefix(u, r.srv.URL), c.tok, "", "", whHeader, "DE"); code != c.want {
				t.Errorf("%s fetches %s of the removed account: %d, want %d", who, u, code, c.want)
			}
		}
	}
}
