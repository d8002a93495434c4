package legal

import (
	"context"
	"fmt"
	"net/url"
	"strings"
	"time"

	"agora"
	"agora/internal/country"
	"agora/legal/lumen"
)

// LumenNotice returns the order as a Lumen GovernmentRequest notice
// (legal/FORMATS.md section 4): the platform's public copy of the demand, with
// the authority as sender, the platform as recipient, the items it names by
// kind with their addresses, and one action_taken for the whole order, from
// its targets' states (see lumenAction). It holds the authority's statement of
// reasons, never a staff member, a note or a remark of the annex.
//
// What may not be disclosed is not exported: while the order is confidential
// (until its end date, or for good without one) the answer is ECONFLICT, as
// the order's public notice is withheld meanwhile. Other errors: ENOTFOUND for
// an unknown order; EUNPROCESSABLE when Lumen would refuse the notice (a date
// of receipt in the future or before 1998-10-29), naming the field.
func (d *Exports) LumenNotice(ctx context.Context, actor *agora.Account, orderID agora.ID) (*lumen.Notice, error) {
	if err := d.staff(actor); err != nil {
		return nil, err
	}
	o, err := d.store.Order(ctx, orderID)
	if err != nil {
		return nil, err
	}
	now := d.now()
	if until := sealedUntil(o, now); !until.IsZero() {
		if until.Equal(agora.Forever) {
			return nil, agora.Errorf(agora.ECONFLICT, "Order %s is confidential without an end date: it is not exported to Lumen while it is.", o.Number)
		}
		return nil, agora.Errorf(agora.ECONFLICT, "Order %s is confidential until %s: its Lumen notice can be exported from then on.", o.Number, until.UTC().Format(time.RFC3339))
	}
	auth, err := d.orderAuthority(ctx, o)
	if err != nil {
		return nil, err
	}
	targets, err := d.store.Targets(ctx, agora.TargetQuery{OrderID: o.ID, Limit: d.cfg.MaxTargets})
	if err != nil {
		return nil, err
	}
	subjects, err := d.loadSubjects(ctx, targets)
	if err != nil {
		return nil, err
	}
	n := &lumen.Notice{
		Type: lumen.TypeGovernmentRequest, Title: "Order " + o.Number,
		Body:         strings.TrimSpace(o.StatementOfReasons),
		DateReceived: o.ReceivedAt.UTC().Format(lumen.DateFormat),
		Source:       lumenSource(o.Channel), JurisdictionList: strings.Join(o.TerritorialScope, ", "),
		RegulationList: strings.TrimSpace(o.LegalBasis), ActionTaken: lumenAction(targets),
		RequestType: lumen.RequestAgency,
	}
	if n.Body == "" {
		n.Body = "The order states no reasons."
	}
	if o.Channel == "api" {
		// Submitted through the authority channel: sent and received at once.
		n.DateSent = &n.DateReceived
	}
	if auth != nil {
		n.Title += " of " + auth.Name
		n.Roles = append(n.Roles, &lumen.Role{Name: lumen.RoleSender,
			Entity: &lumen.Entity{Name: auth.Name, Kind: lumen.KindOrganization, CountryCode: auth.Country}})
	}
	n.Roles = append(n.Roles, &lumen.Role{Name: lumen.RoleRecipient,
		Entity: &lumen.Entity{Name: d.platform(), Kind: lumen.KindOrganization}})
	n.Works = d.lumenWorks(targets, subjects)
	n.Subject = lumenSubject(targets, o.TerritorialScope)
	if err := n.Check(now); err != nil {
		return nil, agora.Errorf(agora.EUNPROCESSABLE, "Order %s cannot be exported to Lumen: %v.", o.Number, err)
	}
	return n, nil
}

// platform is the platform's name in exports.
func (d *desk) platform() string {
	if d.cfg.Platform == "" {
		return "agora"
	}
	return d.cfg.Platform
}

// lumenSources are Lumen's names of the channels orders arrive by; others are
// given as recorded.
var lumenSources = map[string]string{
	"email": "Email", "e-mail": "Email", "fax": "Fax", "post": "Postal Mail", "mail": "Postal Mail",
	"letter": "Postal Mail", "portal": "Online Form", "web": "Online Form", "form": "Online Form", "api": "API",
}

func lumenSource(channel string) string {
	channel = strings.TrimSpace(channel)
	if s, ok := lumenSources[strings.ToLower(channel)]; ok {
		return s
	}
	if channel == "" {
		return "Unspecified"
	}
	return channel
}

// lumenAction is the action taken on the order as a whole, from the states of
// its targets (duplicates left out): Yes when effect was given to every one
// (withheld, removed, or withheld and lifted since), No when to none and none
// is still pending review, Partial when to some; Unspecified while nothing has
// been given effect and targets still wait for review, or when the order names
// none. An unresolved target cannot be given effect: it counts as no action.
func lumenAction(targets []*agora.Target) string {
	var n, acted, open int
	for _, t := range targets {
		if t.Resolution == agora.ResolutionDuplicate {
			continue
		}
		n++
		switch t.State {
		case agora.TargetWithheld, agora.TargetRemoved, agora.TargetLifted:
			acted++
		case agora.TargetPending, agora.TargetEscalated:
			if t.Resolution != agora.ResolutionUnresolved {
				open++
			}
		}
	}
	switch {
	case n == 0:
		return lumen.ActionUnspecified
	case acted == n:
		return lumen.ActionYes
	case acted > 0:
		return lumen.ActionPartial
	case open > 0:
		return lumen.ActionUnspecified
	}
	return lumen.ActionNo
}

// lumenGroups are the works of a notice: the order's items by kind.
var lumenGroups = []struct {
	kind        agora.SubjectKind // "" for the items not found
	work        string
	one, many   string // the noun for one item and for several
	description string
}{
	{agora.SubjectAccount, "account", "account", "accounts", "Accounts named in the order"},
	{agora.SubjectStatus, "post", "post", "posts", "Posts named in the order"},
	{agora.SubjectHashtag, "hashtag", "hashtag", "hashtags", "Hashtags named in the order"},
	{"", "unspecified", "item not found", "items not found", "Items named in the order that were not found on "},
}

// lumenWorks groups the targets' addresses by kind, each address once: the
// item's address on this instance, or for an item not found (or a post
// deleted since) the target as given when it is an http(s) URL.
func (d *desk) lumenWorks(targets []*agora.Target, s *subjects) []*lumen.Work {
	works := []*lumen.Work{}
	for _, g := range lumenGroups {
		w := &lumen.Work{Description: g.description, Kind: g.work, URLs: []*lumen.URL{}}
		if g.kind == "" {
			w.Description += d.platform()
		}
		seen := map[string]bool{}
		for _, t := range targets {
			if t.Resolution == agora.ResolutionDuplicate || t.Kind != g.kind || (g.kind == "" && t.Resolution != agora.ResolutionUnresolved) {
				continue
			}
			if u := d.itemURL(t, s); u != "" && !seen[u] {
				seen[u] = true
				w.URLs = append(w.URLs, &lumen.URL{URL: u})
			}
		}
		if len(w.URLs) > 0 {
			works = append(works, w)
		}
	}
	return works
}

// itemURL is the public address of the target's item, "" when it has none.
func (d *desk) itemURL(t *agora.Target, s *subjects) string {
	base := strings.TrimSuffix(d.cfg.BaseURL, "/")
	switch t.Kind {
	case agora.SubjectAccount:
		if a := s.accounts[t.SubjectID]; a != nil {
			return base + "/@" + a.Username
		}
	case agora.SubjectStatus:
		if st := s.statuses[t.SubjectID]; st != nil {
			if a := s.accounts[st.AccountID]; a != nil {
				return base + "/@" + a.Username + "/" + st.ID.String()
			}
		}
		if !isWebURL(t.Input) {
			// Deleted since (removed): the address Mastodon's web interface
			// gives a post by its ID.
			return base + "/web/statuses/" + t.SubjectID.String()
		}
	case agora.SubjectHashtag:
		return base + "/tags/" + t.Hashtag
	}
	if isWebURL(t.Input) {
		return strings.TrimSpace(t.Input)
	}
	return ""
}

func isWebURL(s string) bool {
	u, err := url.Parse(strings.TrimSpace(s))
	return err == nil && (u.Scheme == "http" || u.Scheme == "https") && u.Host != ""
}

// lumenSubject says what the order asks: "Withholding of 2 accounts and 1
// post in India".
func lumenSubject(targets []*agora.Target, scope []string) string {
	counts := map[agora.SubjectKind]int{}
	for _, t := range targets {
		if t.Resolution == agora.ResolutionDuplicate {
			continue
		}
		counts[t.Kind]++
	}
	var parts []string
	for _, g := range lumenGroups {
		switch n := counts[g.kind]; {
		case n == 1:
			parts = append(parts, "1 "+g.one)
		case n > 1:
			parts = append(parts, fmt.Sprintf("%d %s", n, g.many))
		}
	}
	s := "Withholding of " + joinAnd(parts)
	if len(parts) == 0 {
		s = "Withholding of content"
	}
	if len(scope) > 0 {
		s += " in " + country.Names(scope)
	}
	return s
}

// joinAnd joins "a", "b" and "c" as "a, b and c".
func joinAnd(parts []string) string {
	if len(parts) <= 1 {
		return strings.Join(parts, "")
	}
	return strings.Join(parts[:len(parts)-1], ", ") + " and " + parts[len(parts)-1]
}
