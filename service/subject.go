package service

import (
	"fmt"
	"net/url"
	"strings"

	"agora"
	"agora/internal/textfmt"
)

// maxSubjectLen bounds a subject as given; a legal order's target is bounded by
// the same length.
const maxSubjectLen = 2048

// subjectRef is what a subject names, read from its text alone: an account by
// username, a status by ID (with its author's username when a URL names one), or
// a hashtag.
type subjectRef struct {
	Kind     agora.SubjectKind
	Username string   // the account; for a status, the author a URL names ("" if none)
	ID       agora.ID // the status
	Hashtag  string   // normalized, without '#'
}

// parseSubject reads a subject as people paste it, for the instance at baseURL
// (without a trailing slash): "#tag"; "@user", "user", "@user@host", "user@host"
// or "acct:user@host" for this host; a status ID; or a URL of this instance (in
// either scheme, the host in any case, with or without a trailing slash, query or
// fragment): /@user, /@user/ID, /web/@user, /web/@user/ID, /web/statuses/ID,
// /users/user, /users/user/statuses/ID, /tags/tag. Surrounding whitespace and
// angle brackets are ignored. It asks no store: whether the account or status
// exists is the caller's question.
//
// Errors are EINVALID with a message a reviewer can act on: an empty subject,
// another server's URL or handle, a path agora does not know, a malformed ID,
// username or hashtag, or a subject longer than 2048 characters (bytes).
func parseSubject(baseURL, text string) (subjectRef, error) {
	if len(text) > maxSubjectLen {
		return subjectRef{}, agora.Errorf(agora.EINVALID, "longer than %d characters", maxSubjectLen)
	}
	text = strings.TrimSpace(text)
	if strings.HasPrefix(text, "<") && strings.HasSuffix(text, ">") {
		text = strings.TrimSpace(text[1 : len(text)-1])
	}
	base, err := url.Parse(baseURL)
	if err != nil {
		return subjectRef{}, fmt.Errorf("parse base URL: %w", err)
	}
	switch {
	case text == "":
		return subjectRef{}, agora.Errorf(agora.EINVALID, "empty: names no account, status or hashtag")
	case strings.HasPrefix(text, "#"):
		return parseHashtag(text)
	case strings.Contains(text, "://"):
		return parseSubjectURL(base, text)
	case looksLikeHost(text):
		// A URL pasted without its scheme: "agora.example/@alice".
		return parseSubjectURL(base, "https://"+text)
	}
	if len(text) >= 5 && strings.EqualFold(text[:5], "acct:") {
		text = text[5:]
	}
	if strings.Contains(text, "@") {
		return parseHandle(base, text)
	}
	if isDigits(text) {
		return parseStatusID(text, "")
	}
	if agora.ValidateUsername(text) == nil {
		return subjectRef{Kind: agora.SubjectAccount, Username: text}, nil
	}
	return subjectRef{}, agora.Errorf(agora.EINVALID,
		"%q names no account, status or hashtag (write @user, a status ID, #tag, or a URL of this instance)", truncate(text, 100))
}

// parseHandle reads "@user", "@user@host" or "user@host".
func parseHandle(base *url.URL, text string) (subjectRef, error) {
	user, host, remote := strings.Cut(strings.TrimPrefix(text, "@"), "@")
	if remote && !sameHost(base, host, "") {
		return subjectRef{}, agora.Errorf(agora.EINVALID, "names another server: %s (only content on %s can be withheld here)", shownHost(host), base.Host)
	}
	return accountRef(user)
}

// parseSubjectURL reads a URL, which must be of the instance at base.
func parseSubjectURL(base *url.URL, text string) (subjectRef, error) {
	u, err := url.Parse(text)
	if err != nil || u.Host == "" {
		return subjectRef{}, agora.Errorf(agora.EINVALID, "%q is not a URL that can be read", truncate(text, 100))
	}
	if u.Scheme != "http" && u.Scheme != "https" {
		return subjectRef{}, agora.Errorf(agora.EINVALID, "%q is not an http or https URL", truncate(text, 100))
	}
	if !sameHost(base, u.Host, u.Scheme) {
		return subjectRef{}, agora.Errorf(agora.EINVALID, "names another server: %s (only content on %s can be withheld here)", shownHost(u.Host), base.Host)
	}
	path, ok := strings.CutPrefix(u.Path, strings.TrimSuffix(base.Path, "/"))
	if !ok {
		return subjectRef{}, unknownPath(u.Path)
	}
	path = strings.Trim(path, "/")
	parts := strings.Split(path, "/")
	if parts[0] == "web" && len(parts) > 1 {
		// Mastodon's web interface: /web/@user, /web/@user/ID, /web/statuses/ID.
		parts = parts[1:]
		if len(parts) == 2 && parts[0] == "statuses" {
			return parseStatusID(parts[1], "")
		}
	}
	switch {
	case len(parts) == 2 && parts[0] == "tags":
		return parseHashtag("#" + parts[1])
	case len(parts) == 1 && strings.HasPrefix(parts[0], "@"):
		return parseHandle(base, parts[0])
	case len(parts) == 2 && strings.HasPrefix(parts[0], "@") && !strings.Contains(parts[0][1:], "@"):
		return parseStatusID(parts[1], parts[0][1:])
	case len(parts) == 2 && parts[0] == "users":
		return accountRef(parts[1])
	case len(parts) == 4 && parts[0] == "users" && parts[2] == "statuses":
		return parseStatusID(parts[3], parts[1])
	}
	return subjectRef{}, unknownPath(u.Path)
}

// shownHost is a host as an error message shows it: cut to 100 bytes, and
// UTF-8 text, which a URL's host is not once its %-escapes are decoded
// ("https://x%80.example"); the message is stored as a target's cause.
func shownHost(host string) string {
	return strings.ToValidUTF8(truncate(host, 100), "\uFFFD")
}

// looksLikeHost reports whether text starts with a host name and a path, as a URL
// pasted without its scheme does.
func looksLikeHost(text string) bool {
	host, _, ok := strings.Cut(text, "/")
	return ok && strings.ContainsAny(host, ".:") && !strings.ContainsAny(host, "@#")
}

func unknownPath(path string) error {
	if path == "" {
		path = "/"
	}
	return agora.Errorf(agora.EINVALID,
		"the path %q is not one agora knows (an account is /@user, a status /@user/ID, a hashtag /tags/name)", truncate(path, 100))
}

// sameHost reports whether host (with its port, if any, from a URL of scheme, ""
// for a handle) is base's host and port, the host in any case. A default port
// (:80, :443) counts as none, so that http:// and https:// name the same server.
func sameHost(base *url.URL, host, scheme string) bool {
	strip := func(h, scheme string) string {
		h = strings.ToLower(h)
		for _, def := range []struct{ scheme, port string }{{"http", ":80"}, {"https", ":443"}} {
			if scheme == def.scheme || scheme == "" {
				h = strings.TrimSuffix(h, def.port)
			}
		}
		return h
	}
	return strip(host, scheme) == strip(base.Host, base.Scheme)
}

// accountRef names a local account by username.
func accountRef(user string) (subjectRef, error) {
	if agora.ValidateUsername(user) != nil {
		return subjectRef{}, agora.Errorf(agora.EINVALID, "%q is not a username (letters, digits and underscores, at most %d)", truncate(user, 100), agora.MaxUsernameLen)
	}
	return subjectRef{Kind: agora.SubjectAccount, Username: user}, nil
}

// parseStatusID names a status by ID, by the author user if not "".
func parseStatusID(text, user string) (subjectRef, error) {
	if user != "" && agora.ValidateUsername(user) != nil {
		return subjectRef{}, agora.Errorf(agora.EINVALID, "%q is not a username (letters, digits and underscores, at most %d)", truncate(user, 100), agora.MaxUsernameLen)
	}
	id, err := agora.ParseID(text)
	if err != nil || !isDigits(text) {
		return subjectRef{}, agora.Errorf(agora.EINVALID, "%q is not a status ID (a positive whole number)", truncate(text, 40))
	}
	return subjectRef{Kind: agora.SubjectStatus, Username: user, ID: id}, nil
}

// parseHashtag reads "#tag".
func parseHashtag(text string) (subjectRef, error) {
	tag, ok := textfmt.NormalizeTag(text)
	if !ok {
		return subjectRef{}, agora.Errorf(agora.EINVALID, "%q is not a valid hashtag", truncate(text, 100))
	}
	return subjectRef{Kind: agora.SubjectHashtag, Hashtag: tag}, nil
}

// isDigits reports whether s is one or more ASCII digits.
func isDigits(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}
