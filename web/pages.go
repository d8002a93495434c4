package web

import (
	"net/http"
	"net/url"
	"strings"

	"agora"
	"agora/internal/guard"
	"agora/internal/textfmt"
	"agora/service"
)

// pageSize is how many posts a page lists.
const pageSize = agora.DefaultPageLimit

// notFound is the answer for what the pages do not have.
func notFound() error { return agora.Errorf(agora.ENOTFOUND, "Not found.") }

// page reads the page of a list the request asks for: ?max_id= for older posts.
func page(r *http.Request) (agora.Page, error) {
	p := agora.Page{Limit: pageSize}
	if s := r.URL.Query().Get("max_id"); s != "" {
		id, err := agora.ParseID(s)
		if err != nil {
			return p, agora.Errorf(agora.EINVALID, "The max_id parameter is not a post ID.")
		}
		p.MaxID = id
	}
	return p, nil
}

// list makes the view of a page of posts read with p at path (with the query
// q, without max_id): the link to older posts when the page is full, and to
// the newest when it is not the first.
func (s *Site) list(b *service.Bundle, p agora.Page, path string, q url.Values, empty string) listView {
	v := listView{Posts: s.views(b), Empty: empty}
	link := func(maxID string) string {
		q := cloneValues(q)
		if maxID != "" {
			q.Set("max_id", maxID)
		}
		if enc := q.Encode(); enc != "" {
			return path + "?" + enc
		}
		return path
	}
	if n := len(b.Statuses); n >= p.Limit {
		v.Older = link(b.Statuses[n-1].ID.String())
	}
	if p.MaxID != 0 {
		v.First = link("")
	}
	return v
}

func cloneValues(q url.Values) url.Values {
	out := url.Values{}
	for k, vs := range q {
		out[k] = append([]string(nil), vs...)
	}
	return out
}

// homeView is the front page.
type homeView struct {
	layout
	Host string
	List listView
}

// home serves /: about the instance, how to sign in, and the local timeline
// (public posts, no replies or boosts, newest first).
func (s *Site) home(w http.ResponseWriter, r *http.Request) error {
	p, err := page(r)
	if err != nil {
		return err
	}
	b, err := s.timelines.PublicTimeline(r.Context(), guard.Snapshot(r), p)
	if err != nil {
		return err
	}
	v := homeView{
		layout: layout{Site: s.info, Canonical: s.base + "/"},
		Host:   s.host,
		List:   s.list(b, p, "/", nil, "Nobody has posted in public yet."),
	}
	return s.render(w, http.StatusOK, "home", v)
}

// account serves /@name, the profile, and /@name.atom, its feed.
func (s *Site) account(w http.ResponseWriter, r *http.Request) error {
	name, ok := strings.CutPrefix(r.PathValue("account"), "@")
	if !ok || name == "" {
		return notFound()
	}
	if name, ok := strings.CutSuffix(name, ".atom"); ok {
		return s.accountFeed(w, r, name)
	}
	return s.profile(w, r, name)
}

// lookup finds the local account named by a path's "@name": ENOTFOUND for
// anything else, EWITHHELD when it is withheld from the viewer.
func (s *Site) lookup(r *http.Request, name string) (*agora.Account, *mark, error) {
	if strings.Contains(name, "@") || agora.ValidateUsername(name) != nil {
		return nil, nil, notFound()
	}
	a, m, err := s.accounts.Lookup(r.Context(), guard.Snapshot(r), name)
	if err != nil {
		return nil, nil, err
	}
	return a, s.mark(agora.SubjectAccount, a.Username, m.Account(a.ID)), nil
}

// profile serves an account's page: its profile and its posts and boosts
// (?replies=1: with its replies), newest first, those the viewer may see.
func (s *Site) profile(w http.ResponseWriter, r *http.Request, name string) error {
	a, withheld, err := s.lookup(r, name)
	if err != nil {
		return err
	}
	p, err := page(r)
	if err != nil {
		return err
	}
	withReplies := r.URL.Query().Get("replies") == "1"
	b, err := s.timelines.AccountStatuses(r.Context(), guard.Snapshot(r), a.ID, service.AccountStatusesQuery{
		ExcludeReplies: !withReplies, Page: p,
	})
	if err != nil {
		return err
	}
	ref := s.ref(a)
	q := url.Values{}
	if withReplies {
		q.Set("replies", "1")
	}
	v := profileView{
		layout:      layout{Site: s.info, Title: ref.Name + " (" + ref.Handle + ")", Canonical: s.base + ref.Path, Feed: ref.Path + ".atom"},
		Account:     ref,
		Username:    a.Username,
		Note:        paragraphs(a.Note),
		Joined:      a.CreatedAt,
		Posts:       a.StatusesCount,
		Following:   a.FollowingCount,
		Followers:   a.FollowersCount,
		Bot:         a.Bot,
		Locked:      a.Locked,
		Withheld:    withheld,
		WithReplies: withReplies,
		List:        s.list(b, p, ref.Path, q, "No public posts yet."),
	}
	return s.render(w, http.StatusOK, "profile", v)
}

// threadView is a post's page.
type threadView struct {
	layout
	Post        postView
	Ancestors   []postView
	Descendants []postView
}

// thread serves /@name/{id}: the post, the posts it answers and the answers
// to it that the viewer may see. A boost's address leads to the boosted post.
func (s *Site) thread(w http.ResponseWriter, r *http.Request) error {
	name, ok := strings.CutPrefix(r.PathValue("account"), "@")
	if !ok {
		return notFound()
	}
	id, err := agora.ParseID(r.PathValue("id"))
	if err != nil {
		return notFound()
	}
	a, _, err := s.lookup(r, name)
	if err != nil {
		return err
	}
	v := guard.Snapshot(r)
	b, err := s.posts.Status(r.Context(), v, id)
	if err != nil {
		return err
	}
	if len(b.Statuses) == 0 { // its author went away meanwhile
		return notFound()
	}
	st := b.Statuses[0]
	if st.AccountID != a.ID {
		return notFound()
	}
	if o := b.Original(st); o != nil {
		http.Redirect(w, r, "/@"+b.Account(o.AccountID).Username+"/"+o.ID.String(), http.StatusFound)
		return nil
	}
	ancestors, descendants, err := s.posts.Context(r.Context(), v, id)
	if err != nil {
		return err
	}
	post := s.post(b, st)
	post.Current = true
	title := post.Author.Name + ": “" + excerpt(st.SpoilerText, st.Text, 60) + "”"
	page := threadView{
		layout:      layout{Site: s.info, Title: title, Canonical: s.base + post.Path},
		Post:        post,
		Ancestors:   s.views(ancestors),
		Descendants: s.views(descendants),
	}
	for _, list := range [][]postView{page.Ancestors, page.Descendants} {
		for i := range list {
			list[i].Reply = false // the page is the thread
		}
	}
	return s.render(w, http.StatusOK, "thread", page)
}

// excerpt is the beginning of a post for a title: its content warning when it
// has one, else its text, cut after n characters.
func excerpt(spoiler, text string, n int) string {
	s := spoiler
	if strings.TrimSpace(s) == "" {
		s = text
	}
	s = strings.Join(strings.Fields(s), " ")
	if r := []rune(s); len(r) > n {
		return string(r[:n]) + "…"
	}
	return s
}

// tagView is a hashtag's page.
type tagView struct {
	layout
	Name string
	List listView
}

// tag serves /tags/{name}, the public posts with the hashtag, and
// /tags/{name}.atom, their feed.
func (s *Site) tag(w http.ResponseWriter, r *http.Request) error {
	typed, feed := strings.CutSuffix(r.PathValue("tag"), ".atom")
	name, ok := textfmt.NormalizeTag(typed)
	if !ok {
		return notFound()
	}
	if feed {
		return s.tagFeed(w, r, name)
	}
	p, err := page(r)
	if err != nil {
		return err
	}
	b, err := s.timelines.TagTimeline(r.Context(), guard.Snapshot(r), name, p)
	if err != nil {
		return err
	}
	path := tagPath(name)
	return s.render(w, http.StatusOK, "tag", tagView{
		layout: layout{Site: s.info, Title: "#" + name, Canonical: s.base + path, Feed: path + ".atom"},
		Name:   name,
		List:   s.list(b, p, path, nil, "No public posts with this hashtag yet."),
	})
}

// tagPath is the address of the page of the hashtag with the (normalised)
// name.
func tagPath(name string) string { return "/tags/" + url.PathEscape(name) }

// userURI serves /users/{name}, an account's URI (the API's Account.uri): to
// a browser, a redirect to its page.
func (s *Site) userURI(w http.ResponseWriter, r *http.Request) error {
	name := r.PathValue("name")
	if agora.ValidateUsername(name) != nil {
		return notFound()
	}
	http.Redirect(w, r, "/@"+name, http.StatusFound)
	return nil
}

// statusURI serves /users/{name}/statuses/{id}, a status's URI: to a
// browser, a redirect to its page.
func (s *Site) statusURI(w http.ResponseWriter, r *http.Request) error {
	name := r.PathValue("name")
	id, err := agora.ParseID(r.PathValue("id"))
	if agora.ValidateUsername(name) != nil || err != nil {
		return notFound()
	}
	http.Redirect(w, r, "/@"+name+"/"+id.String(), http.StatusFound)
	return nil
}
