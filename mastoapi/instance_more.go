package mastoapi

import (
	"html"
	"net/http"
	"strings"
	"time"

	"agora"
	"agora/internal/httpx"
)

// The instance's documents and lists that apps read beside /api/v1/instance,
// and the streaming API, which agora does not have yet (docs/api/mastodon.md).

// startedAt stands for when the instance's texts last changed: they come from
// its configuration, read at start.
var startedAt = time.Now().UTC()

func (a appHandlers) extendedDescription(w http.ResponseWriter, _ *http.Request) error {
	content := ""
	if a.info.Description != "" {
		content = "<p>" + html.EscapeString(a.info.Description) + "</p>"
	}
	return writeJSON(w, map[string]any{"updated_at": formatTime(startedAt), "content": content})
}

// translationLanguages answers {}: agora translates nothing.
func (a appHandlers) translationLanguages(w http.ResponseWriter, _ *http.Request) error {
	return writeJSON(w, map[string]any{})
}

// peers answers []: agora does not federate.
func (a appHandlers) peers(w http.ResponseWriter, _ *http.Request) error { return emptyList(w, nil) }

// activity answers 404 as Mastodon does when its activity API is turned off:
// agora does not publish weekly activity.
func (a appHandlers) activity(w http.ResponseWriter, _ *http.Request) error {
	return agora.Errorf(agora.ENOTFOUND, "This server does not publish weekly activity statistics.")
}

// privacyPolicy and termsOfService answer 404 as Mastodon does for a document
// the operator has not published; agora has no such documents to serve yet.
func (a appHandlers) privacyPolicy(w http.ResponseWriter, _ *http.Request) error {
	return agora.Errorf(agora.ENOTFOUND, "This server has not published a privacy policy through the API; see its web pages.")
}

func (a appHandlers) termsOfService(w http.ResponseWriter, _ *http.Request) error {
	return agora.Errorf(agora.ENOTFOUND, "This server has not published terms of service through the API; see its web pages.")
}

// streamingUnavailable is the message of every streaming answer.
const streamingUnavailable = "Streaming is not available on this server yet: read timelines and notifications by polling their endpoints."

// streamNames are the streams of Mastodon's streaming API, as paths under
// /api/v1/streaming/ (":" in a stream parameter is "/" in a path).
var streamNames = map[string]bool{
	"user": true, "user/notification": true, "public": true, "public/local": true, "public/remote": true,
	"public/media": true, "public/local/media": true, "public/remote/media": true,
	"hashtag": true, "hashtag/local": true, "list": true, "direct": true,
}

// streaming answers GET /api/v1/streaming and /api/v1/streaming/{stream}: an
// unknown stream is 400 "Unknown stream type", as Mastodon's streaming server
// answers it; a known one, with or without a WebSocket upgrade, is 501 with
// what to do instead, as agora has no streaming yet (not 404, which would read
// as a wrong URL).
func (a appHandlers) streaming(w http.ResponseWriter, r *http.Request) error {
	stream := strings.Trim(r.PathValue("stream"), "/")
	if stream == "" {
		stream = strings.ReplaceAll(r.URL.Query().Get("stream"), ":", "/")
	}
	if stream != "" && !streamNames[stream] {
		httpx.WriteJSON(w, http.StatusBadRequest, map[string]string{"error": "Unknown stream type"})
		return nil
	}
	httpx.WriteJSON(w, http.StatusNotImplemented, map[string]string{"error": streamingUnavailable})
	return nil
}

// streamingHealth answers 503 with the same message: the health check apps make
// before they connect says there is no streaming server to connect to.
func (a appHandlers) streamingHealth(w http.ResponseWriter, _ *http.Request) error {
	httpx.WriteJSON(w, http.StatusServiceUnavailable, map[string]string{"error": streamingUnavailable})
	return nil
}
