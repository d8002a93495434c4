package mastoapi

import (
	"html"
	"strings"
	"time"

	"agora"
	"agora/service"
	"agora/visibility"
)

// converter maps domain objects to wire entities. It is the only place that does.
// What it knows of withholding comes with the items, as the marks the gate read
// when it kept them (visibility.Marks); it never asks the gate itself.
type converter struct {
	base string // public URL without trailing slash
}

// withheld renders w in the Twitter/X forms, with the log entries of its rules;
// the zero value when w is nil.
func (c converter) withheld(w *agora.Withholding, user bool) Withheld {
	if w == nil {
		return Withheld{}
	}
	scope, scopeV2 := "status", "tweet"
	if user || w.Scope == agora.SubjectAccount {
		scope, scopeV2 = "user", "user"
	}
	codes := append([]string{}, w.Countries...)
	if w.Copyright {
		codes = append(codes, "XY")
	}
	copyright := w.Copyright
	var entries []string
	for _, r := range w.Rules {
		if r.Logged() {
			entries = append(entries, agora.LogEntryURL(c.base, r.LogIndex))
		}
	}
	return Withheld{
		WithheldInCountries: codes,
		WithheldScope:       scope,
		WithheldCopyright:   &copyright,
		WithheldV2:          &WithheldObject{Copyright: copyright, CountryCodes: w.Countries, Scope: scopeV2},
		WithheldLogEntries:  entries,
	}
}

// timeFormat is how Mastodon writes times: ISO 8601 in UTC with milliseconds.
const timeFormat = "2006-01-02T15:04:05.000Z"

func formatTime(t time.Time) string { return t.UTC().Format(timeFormat) }

// account converts a, marked as m says.
func (c converter) account(a *agora.Account, m visibility.Marks) *Account {
	e := &Account{
		ID:             a.ID.String(),
		Username:       a.Username,
		Acct:           a.Username,
		DisplayName:    a.DisplayName,
		Locked:         a.Locked,
		Bot:            a.Bot,
		Discoverable:   a.Discoverable,
		Indexable:      a.Discoverable,
		CreatedAt:      formatTime(a.CreatedAt),
		Note:           noteHTML(a.Note),
		URL:            c.base + "/@" + a.Username,
		URI:            c.base + "/users/" + a.Username,
		Avatar:         c.base + missingAvatar,
		AvatarStatic:   c.base + missingAvatar,
		Header:         c.base + missingHeader,
		HeaderStatic:   c.base + missingHeader,
		FollowersCount: a.FollowersCount,
		FollowingCount: a.FollowingCount,
		StatusesCount:  a.StatusesCount,
		Emojis:         []Emoji{},
		Fields:         renderedFields(a.Fields),
		Roles:          []string{},
	}
	if !a.LastStatusAt.IsZero() {
		d := a.LastStatusAt.UTC().Format("2006-01-02")
		e.LastStatusAt = &d
	}
	e.Withheld = c.withheld(m.Account(a.ID), true)
	return e
}

// credentialAccount is the viewer's own account, with the editable source values.
func (c converter) credentialAccount(a *agora.Account, m visibility.Marks) *CredentialAccount {
	return &CredentialAccount{
		Account: *c.account(a, m),
		Source: Source{
			Privacy:      string(agora.VisibilityPublic),
			Note:         a.Note,
			Fields:       sourceFields(a.Fields),
			Indexable:    a.Discoverable,
			Discoverable: a.Discoverable,
		},
		Role: Role{ID: roleID(a.Role), Name: string(a.Role), Permissions: "0"},
	}
}

func roleID(r agora.Role) string {
	switch r {
	case agora.RoleModerator:
		return "1"
	case agora.RoleLegal:
		return "2"
	case agora.RoleAdmin:
		return "3"
	}
	return "-99" // Mastodon's ID for the everyone role
}

// noteHTML renders a plain-text bio as Mastodon does: escaped, in a paragraph.
func noteHTML(note string) string {
	if note == "" {
		return ""
	}
	return "<p>" + strings.ReplaceAll(html.EscapeString(note), "\n", "<br />") + "</p>"
}

func (c converter) status(b *service.Bundle, st *agora.Status) *Status {
	if notice, ok := b.Marks.Shell(st.ID); ok {
		return c.shell(b, st, notice)
	}
	e := &Status{statusCore: c.statusCore(b, st), Account: c.account(b.Account(st.AccountID), b.Marks), Poll: c.poll(b, st), statusFlags: flags(b, st)}
	if o := b.Original(st); o != nil {
		e.Reblog = c.status(b, o)
	}
	return e
}

// shell is the withheld shell of st: the answer to undoing an action
// (unfavourite, unbookmark, unboost) on a status withheld from the viewer, which
// must not show its content (visibility.Marks.Shell). It is a valid Mastodon
// Status that says only what the viewer already knew or is owed:
//   - its ID (the client named it), created_at and visibility;
//   - uri and url: the public notice explaining the withholding;
//   - empty content, spoiler_text, mentions, tags and media, not sensitive, no
//     language, no reply or boost links, every count zero;
//   - the Twitter-style marks of the rules on it and its author;
//   - the viewer's flags after the action;
//   - its author when the author is not withheld from the viewer, otherwise a
//     placeholder account with empty id and names, pointing at the notice and
//     carrying the marks of the account's rules.
func (c converter) shell(b *service.Bundle, st *agora.Status, notice string) *Status {
	e := &Status{
		statusCore: statusCore{
			ID:               st.ID.String(),
			URI:              notice,
			URL:              &notice,
			CreatedAt:        formatTime(st.CreatedAt),
			Visibility:       string(st.Visibility),
			MediaAttachments: []MediaAttachment{},
			Mentions:         []Mention{},
			Tags:             []TagRef{},
			Emojis:           []Emoji{},
			Withheld:         c.withheld(b.Marks.Status(st.ID), false),
		},
		statusFlags: flags(b, st),
	}
	if a := b.Account(st.AccountID); a != nil && !b.Marks.HidesAccount(a.ID) {
		e.Account = c.account(a, b.Marks)
	} else {
		e.Account = &Account{
			CreatedAt: formatTime(st.CreatedAt),
			URL:       notice, URI: notice,
			Avatar: c.base + missingAvatar, AvatarStatic: c.base + missingAvatar,
			Header: c.base + missingHeader, HeaderStatic: c.base + missingHeader,
			Emojis: []Emoji{}, Fields: []Field{}, Roles: []string{},
			Withheld: c.withheld(b.Marks.Account(st.AccountID), true),
		}
	}
	return e
}

// statusCore converts what every viewer sees alike of st, except what it refers
// to that is withheld from this viewer (b.Marks): the status it replies to, and
// accounts it mentions, which it then does not reveal, in its mentions nor in its
// content. A boost's own text and
// counts are empty: the boosted status shows them.
func (c converter) statusCore(b *service.Bundle, st *agora.Status) statusCore {
	author := b.Account(st.AccountID)
	url := c.base + "/@" + author.Username + "/" + st.ID.String()
	e := statusCore{
		ID:                 st.ID.String(),
		URI:                c.base + "/users/" + author.Username + "/statuses/" + st.ID.String(),
		URL:                &url,
		CreatedAt:          formatTime(st.CreatedAt),
		Content:            st.Content,
		Visibility:         string(st.Visibility),
		Sensitive:          st.Sensitive || author.Sensitized(), // a moderator's "sensitive" action
		SpoilerText:        st.SpoilerText,
		MediaAttachments:   c.mediaList(st.Media),
		Mentions:           []Mention{},
		Tags:               []TagRef{},
		Emojis:             []Emoji{},
		ReblogsCount:       st.ReblogsCount,
		FavouritesCount:    st.FavouritesCount,
		RepliesCount:       st.RepliesCount,
		InReplyToID:        optionalID(st.InReplyToID),
		InReplyToAccountID: optionalID(st.InReplyToAccountID),
	}
	if st.Language != "" {
		e.Language = &st.Language
	}
	if !st.EditedAt.IsZero() {
		at := formatTime(st.EditedAt)
		e.EditedAt = &at
	}
	if b.Marks.HidesReplyTo(st) {
		e.InReplyToID, e.InReplyToAccountID = nil, nil
	}
	for _, id := range st.Mentions {
		if b.Marks.HidesAccount(id) {
			if a := b.Account(id); a != nil {
				e.Content = c.unlinkMention(e.Content, a)
			}
			continue
		}
		if a := b.Account(id); a != nil {
			e.Mentions = append(e.Mentions, Mention{ID: a.ID.String(), Username: a.Username, Acct: a.Username, URL: c.base + "/@" + a.Username})
		}
	}
	for _, t := range st.Tags {
		e.Tags = append(e.Tags, TagRef{Name: t, URL: c.base + "/tags/" + t})
	}
	e.Withheld = c.withheld(b.Marks.Status(st.ID), false)
	if st.ReblogOfID != 0 && b.Original(st) != nil {
		e.Content, e.SpoilerText, e.Sensitive, e.Language = "", "", false, nil
		e.MediaAttachments = []MediaAttachment{}
	}
	return e
}

// redactedMention is what a mention of an account withheld from the viewer reads
// as in a status's content: neither its handle nor a link to its profile.
const redactedMention = "@…"

// unlinkMention replaces the mention links to a in content, as
// internal/textfmt renders them when the status is posted, with redactedMention:
// the handle and profile URL of an account withheld from the viewer are not
// revealed by the text either.
func (c converter) unlinkMention(content string, a *agora.Account) string {
	link := `<span class="h-card" translate="no"><a href="` + html.EscapeString(c.base+"/@"+a.Username) +
		`" class="u-url mention">@<span>` + html.EscapeString(a.Username) + `</span></a></span>`
	return strings.ReplaceAll(content, link, redactedMention)
}

// flags are the viewer's flags on st; none for an anonymous viewer, and pinned
// only on the viewer's own statuses.
func flags(b *service.Bundle, st *agora.Status) statusFlags {
	if b.Viewer == nil {
		return statusFlags{}
	}
	fl := b.ViewerFlags(st)
	e := statusFlags{Favourited: &fl.Favourited, Reblogged: &fl.Reblogged, Bookmarked: &fl.Bookmarked, Muted: &fl.Muted}
	if st.AccountID == b.Viewer.ID {
		e.Pinned = &fl.Pinned
	}
	e.Filtered = toFilterResults(b.Filtered[st.ID])
	return e
}

// statuses converts every status of the bundle, in order.
func (c converter) statuses(b *service.Bundle) []*Status {
	out := make([]*Status, 0, len(b.Statuses))
	for _, st := range b.Statuses {
		out = append(out, c.status(b, st))
	}
	return out
}

func optionalID(id agora.ID) *string {
	if id == 0 {
		return nil
	}
	s := id.String()
	return &s
}

func relationship(id agora.ID, r agora.Relation) *Relationship {
	return &Relationship{
		ID:                  id.String(),
		Following:           r.Following,
		ShowingReblogs:      r.Following,
		FollowedBy:          r.FollowedBy,
		Requested:           r.Requested,
		RequestedBy:         r.RequestedBy,
		Blocking:            r.Blocking,
		BlockedBy:           r.BlockedBy,
		Muting:              r.Muting,
		MutingNotifications: r.MutingNotifications,
		Endorsed:            r.Endorsed,
		Note:                r.Note,
		Languages:           []any{},
	}
}

func (c converter) application(a *agora.Application, withSecret bool) *Application {
	e := &Application{
		ID:           a.ID.String(),
		Name:         a.Name,
		Scopes:       a.Scopes,
		RedirectURI:  strings.Join(a.RedirectURIs, "\n"),
		RedirectURIs: a.RedirectURIs,
		VapidKey:     "",
	}
	if a.Website != "" {
		e.Website = &a.Website
	}
	if withSecret {
		e.ClientID, e.ClientSecret = a.ClientID, a.ClientSecret
	}
	return e
}
