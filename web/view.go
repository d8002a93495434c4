package web

import (
	"html/template"
	"regexp"
	"strings"
	"time"

	"agora"
	"agora/internal/textfmt"
	"agora/service"
	"agora/visibility"
)

// postView is one post as a page shows it. For a boost it is the boosted post,
// with BoostedBy saying who boosted it.
type postView struct {
	ID         string
	Path       string // its page, "/@name/{id}"
	Author     accountRef
	BoostedBy  *accountRef
	Published  time.Time
	Content    template.HTML // rendered here from the source text (textfmt)
	Spoiler    string        // the content warning, shown before the content
	Language   string        // a language tag, or ""
	Reply      bool          // it answers another post
	Visibility string
	Replies    int
	Boosts     int
	Favourites int
	Withheld   *mark // where it is withheld, for viewers elsewhere
	Current    bool  // the post a thread page is about
	Tags       []string

	text string // the source text, for titles
}

// accountRef is an account as a post names it.
type accountRef struct {
	Username string
	Name     string // display name, or the username when it has none
	Handle   string // "@name@host"
	Path     string // "/@name"
}

// mark says where an item shown is withheld ("This post from @x has been
// withheld in India in response to a legal demand."), with the notice that
// explains it and the rule's entry in the transparency log. Viewers in those
// countries never see the item; others see the mark, as the API's
// withheld_in_countries and withheld_log_entries.
type mark struct {
	Text     string
	Notice   string
	LogEntry string // "" while the rule has no entry
}

// langRE is a plausible language tag; anything else is not put in a lang
// attribute.
var langRE = regexp.MustCompile(`^[a-zA-Z]{2,3}(-[a-zA-Z0-9]{2,8})*$`)

// ref returns the reference to a.
func (s *Site) ref(a *agora.Account) accountRef {
	name := a.DisplayName
	if strings.TrimSpace(name) == "" {
		name = a.Username
	}
	return accountRef{Username: a.Username, Name: name, Handle: "@" + a.Username + "@" + s.host, Path: "/@" + a.Username}
}

// views returns the views of the statuses of b, in order.
func (s *Site) views(b *service.Bundle) []postView {
	out := make([]postView, 0, len(b.Statuses))
	for _, st := range b.Statuses {
		out = append(out, s.post(b, st))
	}
	return out
}

// post returns the view of st, a status of b.
func (s *Site) post(b *service.Bundle, st *agora.Status) postView {
	var boostedBy *accountRef
	if o := b.Original(st); o != nil {
		r := s.ref(b.Account(st.AccountID))
		boostedBy, st = &r, o
	}
	author := b.Account(st.AccountID)
	v := postView{
		ID:         st.ID.String(),
		Path:       "/@" + author.Username + "/" + st.ID.String(),
		Author:     s.ref(author),
		BoostedBy:  boostedBy,
		Published:  st.CreatedAt,
		Content:    s.content(b, st),
		Spoiler:    st.SpoilerText,
		Reply:      st.InReplyToID != 0,
		Visibility: string(st.Visibility),
		Replies:    st.RepliesCount,
		Boosts:     st.ReblogsCount,
		Favourites: st.FavouritesCount,
		Tags:       st.Tags,
		text:       st.Text,
	}
	if langRE.MatchString(st.Language) {
		v.Language = st.Language
	}
	if w := b.Marks.Status(st.ID); w != nil {
		v.Withheld = s.mark(agora.SubjectStatus, author.Username, w)
	}
	return v
}

// content renders the text of st to safe HTML with the renderer posting uses
// (textfmt), from the source text rather than the stored HTML: links,
// hashtags, and mentions of the accounts st mentions that the viewer may see;
// a mention of an account withheld from the viewer reads "@…", as in the API.
func (s *Site) content(b *service.Bundle, st *agora.Status) template.HTML {
	shown, hidden := map[string]*agora.Account{}, map[string]bool{}
	for _, id := range st.Mentions {
		a := b.Account(id)
		switch {
		case a == nil:
		case b.Marks.HidesAccount(id):
			hidden[strings.ToLower(a.Username)] = true
		default:
			shown[strings.ToLower(a.Username)] = a
		}
	}
	local := func(typed string) string {
		user, host, remote := strings.Cut(typed, "@")
		if remote && !strings.EqualFold(host, s.host) {
			return ""
		}
		return strings.ToLower(user)
	}
	res := textfmt.Render(st.Text, textfmt.Options{
		BaseURL: s.base,
		Redact:  func(typed string) bool { return hidden[local(typed)] },
		Mention: func(typed string) (string, string, bool) {
			a := shown[local(typed)]
			if a == nil {
				return "", "", false
			}
			return a.Username, s.base + "/@" + a.Username, true
		},
	})
	return template.HTML(res.HTML) // textfmt escapes everything it does not make a link of
}

// mark describes the withholding w of an item of the kind, by username.
func (s *Site) mark(kind agora.SubjectKind, username string, w *agora.Withholding) *mark {
	if w == nil || len(w.Rules) == 0 {
		return nil
	}
	text := strings.TrimSuffix(visibility.NoticeText(kind, username, w.Rules), " Learn more")
	m := &mark{Text: text}
	newest := w.Rules[0]
	for _, r := range w.Rules {
		if r.ID > newest.ID {
			newest = r
		}
	}
	if s.notices != nil {
		m.Notice = s.notices.NoticeURL(newest.ID)
	}
	if newest.Logged() {
		m.LogEntry = agora.LogEntryURL(s.base, newest.LogIndex)
	}
	return m
}

// profileView is an account's page.
type profileView struct {
	layout
	Account     accountRef
	Username    string
	Note        []string // paragraphs of the plain-text note
	Joined      time.Time
	Posts       int
	Following   int
	Followers   int
	Bot         bool
	Locked      bool
	Withheld    *mark
	WithReplies bool
	List        listView
}

// listView is a page of posts with the link to older ones.
type listView struct {
	Posts []postView
	Empty string // what to say when there are none
	Older string // the address of the next page of older posts, "" at the end
	First string // the address of the newest page, when this is not it
}

// paragraphs splits a plain-text note into paragraphs at blank lines; html/template
// escapes them.
func paragraphs(text string) []string {
	var out []string
	for _, p := range strings.Split(strings.ReplaceAll(text, "\r\n", "\n"), "\n\n") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}
