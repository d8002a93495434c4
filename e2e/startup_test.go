package e2e

import (
	"bytes"
	"context"
	"image/png"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/mattn/go-mastodon"

	"agora/agoratest"
)

// TestStartup covers what apps call when they start: instance information, the
// empty lists of features agora does not have yet, preferences, markers, nodeinfo,
// webfinger, health checks and the avatar placeholder.
func TestStartup(t *testing.T) {
	for _, b := range agoratest.Backends() {
		t.Run(string(b), func(t *testing.T) { testStartup(t, b) })
	}
}

func testStartup(t *testing.T, b agoratest.Backend) {
	ctx := context.Background()
	r := newRig(t, b)
	alice := r.mustAccount("alice")
	r.mustAccount("bob")
	ac, bc := r.passwordLogin("alice"), r.passwordLogin("bob")
	anon := r.client("")
	a1 := post(t, ac, &mastodon.Toot{Status: "one"})
	a2 := post(t, ac, &mastodon.Toot{Status: "two"})
	post(t, bc, &mastodon.Toot{Status: "three", Visibility: "private"})
	host := mustURL(t, r.srv.URL).Host
	streaming := "ws://" + host
	tok := ac.Config.AccessToken

	t.Run("instance v1", func(t *testing.T) {
		in, err := anon.GetInstance(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if in.URI != host || in.Title != "agora" || !strings.Contains(in.Version, "(compatible; agora ") || !strings.HasPrefix(in.Version, "4.") {
			t.Errorf("instance uri %q title %q version %q", in.URI, in.Title, in.Version)
		}
		if u, err := url.Parse(in.URLs["streaming_api"]); err != nil || !u.IsAbs() || u.Scheme != "ws" || in.URLs["streaming_api"] != streaming {
			t.Errorf("urls.streaming_api = %q, want %q", in.URLs["streaming_api"], streaming)
		}
		if in.Stats == nil || *in.Stats != (mastodon.InstanceStats{UserCount: 2, StatusCount: 3}) {
			t.Errorf("stats = %+v, want 2 users, 3 statuses", in.Stats)
		}
		if c := in.Configuration; c == nil || c.Statuses == nil || (*c.Statuses)["max_characters"] != float64(500) {
			t.Errorf("configuration = %+v, want statuses.max_characters 500", c)
		}
	})

	t.Run("instance v2", func(t *testing.T) {
		var in struct {
			Domain        string `json:"domain"`
			Title         string `json:"title"`
			Version       string `json:"version"`
			Configuration struct {
				URLs struct {
					Streaming string `json:"streaming"`
				} `json:"urls"`
				Statuses struct {
					MaxCharacters int `json:"max_characters"`
				} `json:"statuses"`
			} `json:"configuration"`
			Registrations struct {
				Enabled bool `json:"enabled"`
			} `json:"registrations"`
		}
		getJSON(t, r, "/api/v2/instance", "", &in)
		if in.Domain != host || in.Title != "agora" || !strings.Contains(in.Version, "(compatible; agora ") ||
			in.Configuration.URLs.Streaming != streaming || in.Configuration.Statuses.MaxCharacters != 500 || in.Registrations.Enabled {
			t.Errorf("v2 instance = %+v", in)
		}
	})

	t.Run("empty lists", func(t *testing.T) {
		for _, path := range []string{
			"/api/v1/instance/rules", "/api/v1/custom_emojis", "/api/v1/announcements",
			"/api/v1/trends/tags", "/api/v1/trends/statuses", "/api/v1/trends/links",
		} {
			status, body, _ := r.do("GET", path, "", "", "")
			if status != http.StatusOK || string(bytes.TrimSpace(body)) != "[]" {
				t.Errorf("GET %s anonymously: %d %s, want 200 []", path, status, body)
			}
		}
		for _, path := range []string{
			"/api/v1/filters", "/api/v2/filters", "/api/v1/lists", "/api/v1/suggestions", "/api/v2/suggestions",
			"/api/v1/conversations", "/api/v1/followed_tags", "/api/v1/domain_blocks",
		} {
			status, body, _ := r.do("GET", path, tok, "", "")
			if status != http.StatusOK || string(bytes.TrimSpace(body)) != "[]" {
				t.Errorf("GET %s: %d %s, want 200 []", path, status, body)
			}
			if status, body, _ := r.do("GET", path, "", "", ""); status != http.StatusUnauthorized {
				t.Errorf("GET %s anonymously: %d %s, want 401", path, status, body)
			}
		}
		// go-mastodon reads them too.
		for name, get := range map[string]func() (int, error){
			"filters":                         func() (int, error) { l, err := ac.GetFilters(ctx); return len(l), err },
			"lists":                           func() (int, error) { l, err := ac.GetLists(ctx); return len(l), err },
			"conversations":                   func() (int, error) { l, err := ac.GetConversations(ctx, nil); return len(l), err },
			"followed tags (TagsFollowed)":    func() (int, error) { l, err := ac.TagsFollowed(ctx, nil); return len(l), err },
			"trending":                        func() (int, error) { l, err := anon.GetTrendingStatuses(ctx, nil); return len(l), err },
			"direct timeline (conversations)": func() (int, error) { l, err := ac.GetTimelineDirect(ctx, nil); return len(l), err },
			"pinned statuses": func() (int, error) {
				l, err := anon.GetAccountPinnedStatuses(ctx, mastodon.ID(alice.ID.String()))
				return len(l), err
			},
			"followed tags (GetFollowedTags)": func() (int, error) { l, err := ac.GetFollowedTags(ctx, nil); return len(l), err },
		} {
			if n, err := get(); err != nil || n != 0 {
				t.Errorf("go-mastodon %s: %d items, %v; want none", name, n, err)
			}
		}
	})

	t.Run("preferences", func(t *testing.T) {
		var got map[string]any
		getJSON(t, r, "/api/v1/preferences", tok, &got)
		want := map[string]any{
			"posting:default:visibility": "public",
			"posting:default:sensitive":  false,
			"posting:default:language":   nil,
			"reading:expand:media":       "default",
			"reading:expand:spoilers":    false,
		}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("preferences (-want +got):\n%s", diff)
		}
	})

	t.Run("markers", func(t *testing.T) {
		type marker struct {
			LastReadID string `json:"last_read_id"`
			Version    int    `json:"version"`
			UpdatedAt  string `json:"updated_at"`
		}
		check := func(what string, got map[string]marker, id mastodon.ID, version int) {
			t.Helper()
			m, ok := got["home"]
			if len(got) != 1 || !ok || m.LastReadID != string(id) || m.Version != version {
				t.Errorf("%s: markers %+v, want home at %s, version %d", what, got, id, version)
			}
			if _, err := time.Parse(time.RFC3339, m.UpdatedAt); err != nil {
				t.Errorf("%s: updated_at %q: %v", what, m.UpdatedAt, err)
			}
		}
		var got map[string]marker
		getJSON(t, r, "/api/v1/markers?timeline[]=home&timeline[]=notifications", tok, &got)
		if len(got) != 0 {
			t.Errorf("markers before any save: %+v", got)
		}
		status, body, _ := r.do("POST", "/api/v1/markers", tok, "application/x-www-form-urlencoded",
			url.Values{"home[last_read_id]": {string(a1.ID)}}.Encode())
		if status != http.StatusOK {
			t.Fatalf("POST markers as form: %d %s", status, body)
		}
		got = nil
		mustJSON(t, body, &got)
		check("POST as form", got, a1.ID, 1)

		status, body, _ = r.do("POST", "/api/v1/markers", tok, "application/json", `{"home": {"last_read_id": "`+string(a2.ID)+`"}}`)
		if status != http.StatusOK {
			t.Fatalf("POST markers as JSON: %d %s", status, body)
		}
		got = nil
		mustJSON(t, body, &got)
		check("POST as JSON", got, a2.ID, 2)

		got = nil
		getJSON(t, r, "/api/v1/markers?timeline[]=home", tok, &got)
		check("GET after saves", got, a2.ID, 2)
		got = nil
		getJSON(t, r, "/api/v1/markers", tok, &got)
		check("GET all", got, a2.ID, 2)
		got = nil
		getJSON(t, r, "/api/v1/markers?timeline[]=notifications", tok, &got)
		if len(got) != 0 {
			t.Errorf("notifications marker never saved: %+v", got)
		}
		got = nil
		getJSON(t, r, "/api/v1/markers?timeline[]=home", bc.Config.AccessToken, &got)
		if len(got) != 0 {
			t.Errorf("bob sees markers he never saved: %+v", got)
		}
		if status, body, _ := r.do("POST", "/api/v1/markers", tok, "application/x-www-form-urlencoded", "home[last_read_id]=abc"); status != http.StatusBadRequest {
			t.Errorf("POST a malformed marker: %d %s, want 400", status, body)
		}
		if status, _, _ := r.do("GET", "/api/v1/markers", "", "", ""); status != http.StatusUnauthorized {
			t.Errorf("GET markers anonymously: %d, want 401", status)
		}
	})

	t.Run("nodeinfo", func(t *testing.T) {
		var index struct {
			Links []struct{ Rel, Href string } `json:"links"`
		}
		getJSON(t, r, "/.well-known/nodeinfo", "", &index)
		if len(index.Links) != 1 || index.Links[0].Rel != "http://nodeinfo.diaspora.software/ns/schema/2.0" ||
			index.Links[0].Href != r.srv.URL+"/nodeinfo/2.0" {
			t.Fatalf("nodeinfo index = %+v", index)
		}
		resp, err := r.hc.Get(index.Links[0].Href)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		body, _ := io.ReadAll(resp.Body)
		var info struct {
			Version  string `json:"version"`
			Software struct {
				Name, Version string
			} `json:"software"`
			Protocols         []string `json:"protocols"`
			OpenRegistrations bool     `json:"openRegistrations"`
			Usage             struct {
				Users struct {
					Total int `json:"total"`
				} `json:"users"`
				LocalPosts int `json:"localPosts"`
			} `json:"usage"`
			Metadata struct {
				NodeName        *string `json:"nodeName"`
				NodeDescription *string `json:"nodeDescription"`
				Upstream        struct {
					Name, Version string
				} `json:"upstream"`
			} `json:"metadata"`
		}
		mustJSON(t, body, &info)
		// What clients recognise a Mastodon-compatible server by.
		if md := info.Metadata; md.NodeName == nil || *md.NodeName == "" || md.NodeDescription == nil ||
			md.Upstream.Name != "mastodon" || md.Upstream.Version != "4.3.0" {
			t.Errorf("nodeinfo metadata: %s", body)
		}
		if resp.StatusCode != http.StatusOK || info.Version != "2.0" || info.Software.Name != "agora" || info.Software.Version == "" ||
			info.OpenRegistrations || info.Usage.Users.Total != 2 || info.Usage.LocalPosts != 3 {
			t.Errorf("nodeinfo: %d %s", resp.StatusCode, body)
		}
		// The schema is named in the media type, as NodeInfo 2.0 asks.
		if ct := resp.Header.Get("Content-Type"); ct != `application/json; profile="http://nodeinfo.diaspora.software/ns/schema/2.0#"` {
			t.Errorf("nodeinfo Content-Type %q, want application/json with the 2.0 profile", ct)
		}
	})

	t.Run("webfinger", func(t *testing.T) {
		type link struct{ Rel, Type, Href string }
		var jrd struct {
			Subject string   `json:"subject"`
			Aliases []string `json:"aliases"`
			Links   []link   `json:"links"`
		}
		want := []link{
			{"http://webfinger.net/rel/profile-page", "text/html", r.srv.URL + "/@alice"},
			{"self", "application/activity+json", r.srv.URL + "/users/alice"},
		}
		for _, res := range []string{"acct:alice@" + host, "acct:Alice@" + host, r.srv.URL + "/@alice", r.srv.URL + "/users/alice"} {
			jrd.Links = nil
			hdr := getJSON(t, r, "/.well-known/webfinger?resource="+url.QueryEscape(res), "", &jrd)
			if jrd.Subject != "acct:alice@"+host {
				t.Errorf("webfinger %s: subject %q", res, jrd.Subject)
			}
			if diff := cmp.Diff(want, jrd.Links); diff != "" {
				t.Errorf("webfinger %s links (-want +got):\n%s", res, diff)
			}
			if hdr.Get("Access-Control-Allow-Origin") != "*" {
				t.Errorf("webfinger %s: no CORS header", res)
			}
			// RFC 7033 section 10.2: a JRD is application/jrd+json.
			if ct := hdr.Get("Content-Type"); !strings.HasPrefix(ct, "application/jrd+json") {
				t.Errorf("webfinger %s: Content-Type %q, want application/jrd+json", res, ct)
			}
		}
		for query, want := range map[string]int{
			"?resource=" + url.QueryEscape("acct:nobody@"+host):          http.StatusNotFound,
			"?resource=" + url.QueryEscape("acct:alice@other.example"):   http.StatusNotFound,
			"?resource=" + url.QueryEscape("https://other.example/@bob"): http.StatusNotFound,
			"":            http.StatusBadRequest,
			"?resource=":  http.StatusBadRequest,
			"?resource=x": http.StatusNotFound,
		} {
			if status, body, _ := r.do("GET", "/.well-known/webfinger"+query, "", "", ""); status != want {
				t.Errorf("webfinger%s: %d %s, want %d", query, status, body, want)
			}
		}
	})

	t.Run("health", func(t *testing.T) {
		for path, want := range map[string]string{
			"/healthz": "ok\n", "/readyz": "ok\n",
		} {
			status, body, _ := r.do("GET", path, "", "", "")
			if status != http.StatusOK || string(body) != want {
				t.Errorf("GET %s: %d %q, want 200 %q", path, status, body, want)
			}
		}
	})

	t.Run("placeholder images", func(t *testing.T) {
		a, err := anon.GetAccount(ctx, mastodon.ID(alice.ID.String()))
		if err != nil {
			t.Fatal(err)
		}
		for _, u := range []string{a.Avatar, a.AvatarStatic, a.Header, a.HeaderStatic} {
			if !strings.HasPrefix(u, r.srv.URL+"/") {
				t.Errorf("image URL %q is not on the server", u)
				continue
			}
			status, body, hdr := r.do("GET", strings.TrimPrefix(u, r.srv.URL), "", "", "")
			if status != http.StatusOK || hdr.Get("Content-Type") != "image/png" {
				t.Errorf("GET %s: %d, Content-Type %q", u, status, hdr.Get("Content-Type"))
				continue
			}
			img, err := png.Decode(bytes.NewReader(body))
			if err != nil {
				t.Errorf("GET %s: not a PNG: %v", u, err)
				continue
			}
			if b := img.Bounds(); b.Dx() != b.Dy() || b.Dx() < 1 {
				t.Errorf("GET %s: image is %v, want a square", u, b)
			}
		}
	})
}
