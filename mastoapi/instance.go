package mastoapi

import (
	"context"
	"net/http"
	"strings"
	"sync"
	"time"

	"agora"
	"agora/internal/httpx"
	"agora/service"
)

// mastodonAPIVersion is the Mastodon API level agora speaks.
const mastodonAPIVersion = "4.3.0"

func (a appHandlers) version() string {
	return mastodonAPIVersion + " (compatible; agora " + a.info.Version + ")"
}

// streamingURL is the absolute websocket URL of the streaming API.
func (a appHandlers) streamingURL() string {
	return "ws" + strings.TrimPrefix(a.conv.base, "http")
}

func (a appHandlers) statusLimits() map[string]any {
	return map[string]any{"max_characters": agora.MaxStatusLen, "max_media_attachments": agora.MaxStatusMedia, "characters_reserved_per_url": 23}
}

func mediaLimits() map[string]any {
	return map[string]any{
		"supported_mime_types": agora.ImageTypes, "image_size_limit": agora.MaxImageBytes, "image_matrix_limit": agora.MaxImagePixels,
		"video_size_limit": 0, "video_frame_rate_limit": 0, "video_matrix_limit": 0, "description_limit": agora.MaxMediaDescription,
	}
}

func pollLimits() map[string]any {
	return map[string]any{"max_options": agora.MaxPollOptions, "max_characters_per_option": agora.MaxPollOptionLen,
		"min_expiration": int(agora.MinPollExpiration.Seconds()), "max_expiration": int(agora.MaxPollExpiration.Seconds())}
}

func (a appHandlers) instanceV1(w http.ResponseWriter, r *http.Request) error {
	users, statuses, err := a.stats.counts(r.Context(), a.instance)
	if err != nil {
		return err
	}
	return writeJSON(w, map[string]any{
		"uri":               a.instance.Host(),
		"title":             a.info.Title,
		"short_description": a.info.Description,
		"description":       a.info.Description,
		"email":             a.info.ContactEmail,
		"version":           a.version(),
		"urls":              map[string]any{"streaming_api": a.streamingURL()},
		"stats":             map[string]any{"user_count": users, "status_count": statuses, "domain_count": 0},
		"thumbnail":         nil,
		"languages":         []string{"en"},
		"registrations":     a.instance.Config().RegistrationsOpen,
		"approval_required": false,
		"invites_enabled":   false,
		"configuration": map[string]any{
			"accounts":          map[string]any{"max_featured_tags": service.MaxFeaturedTags},
			"statuses":          a.statusLimits(),
			"media_attachments": mediaLimits(),
			"polls":             pollLimits(),
		},
		"contact_account": nil,
		"rules":           []any{},
	})
}

func (a appHandlers) instanceV2(w http.ResponseWriter, r *http.Request) error {
	return writeJSON(w, map[string]any{
		"domain":       a.instance.Host(),
		"title":        a.info.Title,
		"version":      a.version(),
		"source_url":   "https://github.com/agora-social/agora",
		"description":  a.info.Description,
		"usage":        map[string]any{"users": map[string]any{"active_month": 0}},
		"thumbnail":    map[string]any{"url": a.conv.base + missingHeader},
		"icon":         []any{},
		"languages":    []string{"en"},
		"api_versions": map[string]any{"mastodon": 2},
		"configuration": map[string]any{
			"urls":              map[string]any{"streaming": a.streamingURL()},
			"accounts":          map[string]any{"max_featured_tags": service.MaxFeaturedTags, "max_pinned_statuses": 0, "max_display_name_length": agora.MaxDisplayNameLen, "max_note_length": agora.MaxNoteLen},
			"statuses":          a.statusLimits(),
			"media_attachments": mediaLimits(),
			"polls":             pollLimits(),
			"translation":       map[string]any{"enabled": false},
		},
		"registrations": map[string]any{"enabled": a.instance.Config().RegistrationsOpen, "approval_required": false, "message": nil, "url": nil},
		"contact":       map[string]any{"email": a.info.ContactEmail, "account": nil},
		"rules":         []any{},
	})
}

func (a appHandlers) rules(w http.ResponseWriter, _ *http.Request) error { return emptyList(w, nil) }

func (a appHandlers) nodeinfoIndex(w http.ResponseWriter, _ *http.Request) error {
	return writeJSON(w, map[string]any{"links": []any{map[string]any{
		"rel":  "http://nodeinfo.diaspora.software/ns/schema/2.0",
		"href": a.conv.base + "/nodeinfo/2.0",
	}}})
}

func (a appHandlers) nodeinfo(w http.ResponseWriter, r *http.Request) error {
	users, statuses, err := a.stats.counts(r.Context(), a.instance)
	if err != nil {
		return err
	}
	w.Header().Set("Content-Type", `application/json; profile="http://nodeinfo.diaspora.software/ns/schema/2.0#"`)
	return writeJSON(w, map[string]any{
		"version":           "2.0",
		"software":          map[string]any{"name": "agora", "version": a.info.Version},
		"protocols":         []string{"activitypub"},
		"services":          map[string]any{"inbound": []any{}, "outbound": []any{}},
		"openRegistrations": a.instance.Config().RegistrationsOpen,
		"usage":             map[string]any{"users": map[string]any{"total": users}, "localPosts": statuses},
		// nodeName and nodeDescription as Mastodon serves them; upstream is
		// where clients that do not know the software's name (megalodon's
		// detector) look for the Mastodon API it speaks, as forks of
		// Mastodon declare it.
		"metadata": map[string]any{
			"nodeName":        a.info.Title,
			"nodeDescription": a.info.Description,
			"upstream":        map[string]any{"name": "mastodon", "version": mastodonAPIVersion},
		},
	})
}

// webfinger answers RFC 7033 queries for local accounts: acct:user@host.
func (a appHandlers) webfinger(w http.ResponseWriter, r *http.Request) error {
	p, err := httpx.ReadParams(r)
	if err != nil {
		return err
	}
	res, err := p.Required("resource")
	if err != nil {
		return agora.Errorf(agora.EINVALID, "Parameter resource is required, e.g. acct:alice@%s.", a.instance.Host())
	}
	acct := strings.TrimPrefix(res, "acct:")
	if strings.HasPrefix(res, a.conv.base+"/@") {
		acct = strings.TrimPrefix(res, a.conv.base+"/@")
	} else if strings.HasPrefix(res, a.conv.base+"/users/") {
		acct = strings.TrimPrefix(res, a.conv.base+"/users/")
	}
	found, _, err := a.accounts.Lookup(r.Context(), snap(r), acct)
	if err != nil {
		return err
	}
	w.Header().Set("Access-Control-Allow-Origin", "*")
	w.Header().Set("Content-Type", "application/jrd+json; charset=utf-8")
	profile := a.conv.base + "/@" + found.Username
	httpx.WriteJSON(w, http.StatusOK, map[string]any{
		"subject": "acct:" + found.Username + "@" + a.instance.Host(),
		"aliases": []string{profile, a.conv.base + "/users/" + found.Username},
		"links": []any{
			map[string]any{"rel": "http://webfinger.net/rel/profile-page", "type": "text/html", "href": profile},
			map[string]any{"rel": "self", "type": "application/activity+json", "href": a.conv.base + "/users/" + found.Username},
		},
	})
	return nil
}

func (a appHandlers) preferences(w http.ResponseWriter, _ *http.Request) error {
	return writeJSON(w, map[string]any{
		"posting:default:visibility": "public",
		"posting:default:sensitive":  false,
		"posting:default:language":   nil,
		"reading:expand:media":       "default",
		"reading:expand:spoilers":    false,
	})
}

// statsTTL is how long the instance's counts of accounts and statuses are kept:
// counting is a scan of the table (a million statuses take a while), anyone may ask
// (the instance endpoints are public), and the figures are informational; Mastodon
// keeps them for a while too.
const statsTTL = time.Minute

// counter counts what the instance holds.
type counter interface {
	CountAccounts(ctx context.Context) (int, error)
	CountStatuses(ctx context.Context) (int, error)
}

// instanceStats are the counts /api/v1/instance and nodeinfo show, kept statsTTL.
type instanceStats struct {
	mu              sync.Mutex
	users, statuses int
	at              time.Time // when counted; zero: never
}

// counts returns the kept counts, counting afresh when they are older than
// statsTTL. Concurrent callers wait for one count rather than each scanning.
func (st *instanceStats) counts(ctx context.Context, store counter) (users, statuses int, err error) {
	st.mu.Lock()
	defer st.mu.Unlock()
	if !st.at.IsZero() && time.Since(st.at) < statsTTL {
		return st.users, st.statuses, nil
	}
	if users, err = store.CountAccounts(ctx); err != nil {
		return 0, 0, err
	}
	if statuses, err = store.CountStatuses(ctx); err != nil {
		return 0, 0, err
	}
	st.users, st.statuses, st.at = users, statuses, time.Now()
	return users, statuses, nil
}
