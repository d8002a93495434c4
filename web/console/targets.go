package console

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"unicode/utf8"

	"agora"
	"agora/legal"
)

// targetsPerPage is how many targets the table shows at once.
const targetsPerPage = 100

// targetFilter is the targets table's filter, read from the query (or a
// form's fields): the desk's filters, and the follower count, which the
// console applies to the previews.
type targetFilter struct {
	Resolution   string
	Kind         string
	Decision     string
	Text         string
	MinFollowers int // 0 for any
}

// readTargetFilter reads the filter from v. Values outside their lists are a
// bad request (400), so a typo is not an empty table.
func readTargetFilter(v url.Values) (targetFilter, error) {
	f := targetFilter{Resolution: v.Get("resolution"), Kind: v.Get("kind"), Decision: v.Get("decision"), Text: strings.TrimSpace(v.Get("q"))}
	switch agora.Resolution(f.Resolution) {
	case "", agora.ResolutionResolved, agora.ResolutionUnresolved, agora.ResolutionDuplicate, agora.ResolutionAlreadyWithheld:
	default:
		return f, agora.Errorf(agora.EINVALID, "The resolution must be resolved, unresolved, duplicate or already withheld.")
	}
	switch agora.SubjectKind(f.Kind) {
	case "", agora.SubjectAccount, agora.SubjectStatus, agora.SubjectHashtag:
	default:
		return f, agora.Errorf(agora.EINVALID, "The kind must be account, status or hashtag.")
	}
	switch agora.TargetState(f.Decision) {
	case "", agora.TargetPending, agora.TargetWithheld, agora.TargetDeclined, agora.TargetRemoved, agora.TargetLifted, agora.TargetEscalated:
	default:
		return f, agora.Errorf(agora.EINVALID, "The decision must be pending, withheld, declined, removed, lifted or escalated.")
	}
	if utf8.RuneCountInString(f.Text) > agora.MaxTargetText {
		return f, agora.Errorf(agora.EINVALID, "The text must be at most %d characters.", agora.MaxTargetText)
	}
	if s := v.Get("min_followers"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 0 {
			return f, agora.Errorf(agora.EINVALID, "The follower count must be a whole number, 0 or more.")
		}
		f.MinFollowers = n
	}
	return f, nil
}

// query is the filter as the desk's query of the order.
func (f targetFilter) query(order agora.ID) agora.TargetQuery {
	return agora.TargetQuery{OrderID: order, Resolution: agora.Resolution(f.Resolution), Kind: agora.SubjectKind(f.Kind),
		State: agora.TargetState(f.Decision), Text: f.Text}
}

// deskFilter is the filter as a bulk decision's, when the desk can apply it
// by itself (no text or follower count); nil otherwise.
func (f targetFilter) deskFilter() *legal.TargetFilter {
	if f.Text != "" || f.MinFollowers > 0 {
		return nil
	}
	return &legal.TargetFilter{Resolution: agora.Resolution(f.Resolution), Kind: agora.SubjectKind(f.Kind), State: agora.TargetState(f.Decision)}
}

// values is the filter as query parameters.
func (f targetFilter) values() url.Values {
	v := url.Values{}
	for k, s := range map[string]string{"resolution": f.Resolution, "kind": f.Kind, "decision": f.Decision, "q": f.Text} {
		if s != "" {
			v.Set(k, s)
		}
	}
	if f.MinFollowers > 0 {
		v.Set("min_followers", strconv.Itoa(f.MinFollowers))
	}
	return v
}

// targetRow is one row of the table: the target and what it names.
type targetRow struct {
	*agora.Target
	Preview *agora.SubjectPreview
}

// Name is what the target names, as people read it.
func (t targetRow) Name() string {
	p := t.Preview
	switch {
	case p == nil && t.Hashtag != "":
		return "#" + t.Hashtag
	case p == nil:
		return ""
	case p.Tag != nil:
		return "#" + p.Tag.Name
	case p.Account != nil && p.Account.DisplayName != "":
		return p.Account.DisplayName + " (@" + p.Account.Username + ")"
	case p.Account != nil:
		return "@" + p.Account.Username
	}
	return ""
}

// Followers is the followers of the account the target names (or of the
// status's author); -1 when it names no account.
func (t targetRow) Followers() int {
	if t.Preview == nil || t.Preview.Account == nil {
		return -1
	}
	return t.Preview.Account.FollowersCount
}

// Glimpse is a few words of the subject's posts: the status's text, or an
// account's latest posts.
func (t targetRow) Glimpse() []string {
	p := t.Preview
	if p == nil {
		return nil
	}
	var out []string
	if p.Status != nil {
		out = append(out, shorten(p.Status.Text, 140))
	}
	for _, s := range p.Recent {
		out = append(out, shorten(s.Text, 90))
	}
	if p.Tag != nil {
		out = append(out, strconv.Itoa(p.Tag.Uses)+" uses by "+strconv.Itoa(p.Tag.Accounts)+" accounts in 7 days")
	}
	return out
}

func shorten(s string, n int) string {
	s = strings.Join(strings.Fields(s), " ")
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return string(r[:n-1]) + "…"
}

// matching reads the targets of the order that the filter selects: a page of
// them after the position (all of them when limit is 0), with their
// previews, read for the whole page at once through the request's snapshot.
// With a follower count it reads every target the desk selects and keeps
// those whose account has that many followers.
func (c *Console) matching(r *request, order agora.ID, f targetFilter, after, limit int) ([]targetRow, bool, error) {
	q := f.query(order)
	q.AfterPosition, q.Limit = after, limit
	if limit == 0 || f.MinFollowers > 0 {
		q.Limit = 100_000
	}
	list, err := c.desk.Targets(r.Context(), r.staff, q)
	if err != nil {
		return nil, false, err
	}
	rows, err := c.withPreviews(r, list)
	if err != nil {
		return nil, false, err
	}
	if f.MinFollowers > 0 {
		kept := rows[:0]
		for _, row := range rows {
			if row.Followers() >= f.MinFollowers {
				kept = append(kept, row)
			}
		}
		rows = kept
	}
	more := false
	if limit > 0 && len(rows) > limit {
		rows, more = rows[:limit], true
	} else if limit > 0 && f.MinFollowers == 0 {
		more = len(list) == limit
	}
	return rows, more, nil
}

// withPreviews pairs the targets with the previews of what they name.
func (c *Console) withPreviews(r *request, list []*agora.Target) ([]targetRow, error) {
	var subjects []agora.Subject
	for _, t := range list {
		if s := t.Subject(); s.Kind != "" {
			subjects = append(subjects, s)
		}
	}
	previews, err := c.previews.Previews(r.Context(), r.snap, subjects)
	if err != nil {
		return nil, err
	}
	rows := make([]targetRow, len(list))
	for i, t := range list {
		rows[i] = targetRow{Target: t, Preview: previews[t.Subject()]}
	}
	return rows, nil
}

type targetsView struct {
	layout
	Order        *agora.Order
	Filter       targetFilter
	FilterQuery  string // the filter as a query string, for links
	Rows         []targetRow
	Next         string
	First        string // the first page's address, "" on it
	Done         string // what the last decision did, after a redirect
	Resolutions  []agora.Resolution
	Kinds        []agora.SubjectKind
	Decisions    []agora.TargetState
	DeclineCodes []string
	// Tally counts the order's targets by decision state, in Decisions' order.
	Tally []stateTally
}

type stateTally struct {
	State agora.TargetState
	Count int
}

// targets shows the targets table of an order: filtered on the server by
// resolution, kind, decision, text and follower count, a page at a time, each
// target with what it names (name, followers, a glimpse of posts), and the
// form that decides on the selected targets or on all that match.
func (c *Console) targets(w http.ResponseWriter, r *request) error {
	id, err := agora.ParseID(r.PathValue("id"))
	if err != nil {
		return agora.Errorf(agora.ENOTFOUND, "Record not found.")
	}
	o, err := c.desk.Order(r.Context(), r.staff, id)
	if err != nil {
		return err
	}
	qv := r.URL.Query()
	f, err := readTargetFilter(qv)
	if err != nil {
		return err
	}
	after, err := strconv.Atoi(qv.Get("after"))
	if err != nil || after < 0 {
		after = 0
	}
	rows, more, err := c.matching(r, id, f, after, targetsPerPage)
	if err != nil {
		return err
	}
	v := targetsView{layout: c.layout(r, "Targets of order "+o.Number), Order: o, Filter: f, FilterQuery: f.values().Encode(), Rows: rows,
		Done:         doneMessage(qv),
		Resolutions:  []agora.Resolution{agora.ResolutionResolved, agora.ResolutionUnresolved, agora.ResolutionDuplicate, agora.ResolutionAlreadyWithheld},
		Kinds:        []agora.SubjectKind{agora.SubjectAccount, agora.SubjectStatus, agora.SubjectHashtag},
		Decisions:    []agora.TargetState{agora.TargetPending, agora.TargetWithheld, agora.TargetDeclined, agora.TargetRemoved, agora.TargetLifted, agora.TargetEscalated},
		DeclineCodes: agora.DeclineCodes}
	v.Nav, v.Scripts = "orders", true
	all, err := c.desk.Targets(r.Context(), r.staff, agora.TargetQuery{OrderID: id, Limit: 100_000})
	if err != nil {
		return err
	}
	counts := map[agora.TargetState]int{}
	for _, t := range all {
		counts[t.State]++
	}
	for _, s := range v.Decisions {
		v.Tally = append(v.Tally, stateTally{State: s, Count: counts[s]})
	}
	base := "/legal/orders/" + id.String() + "/targets"
	if more && len(rows) > 0 {
		p := f.values()
		p.Set("after", strconv.Itoa(rows[len(rows)-1].Position))
		v.Next = base + "?" + p.Encode()
	}
	if after > 0 {
		v.First = base + "?" + f.values().Encode()
	}
	return c.render(w, http.StatusOK, "targets", v)
}

// parsePositive reads a whole number of 1 or more.
func parsePositive(s string) (int, error) {
	n, err := strconv.Atoi(s)
	if err != nil || n < 1 {
		return 0, agora.Errorf(agora.EINVALID, "%q is not a number of 1 or more.", shorten(s, 20))
	}
	return n, nil
}
