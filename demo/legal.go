package demo

import (
	"context"
	"fmt"
	"time"

	"agora"
	"agora/legal"
)

// This file seeds the demo's legal desk: the ministry, its order and the
// first decisions on it.

// legalDesk records the ministry, its order of about 1,200 targets, the receipt,
// and a first round of decisions: most of the crowd and the named posts withheld
// in IN, the press, politicians, activists and satire declined with their reason,
// two targets escalated, the rest pending.
func (s *demoSeeder) legalDesk(ctx context.Context) error {
	d, staff, base := s.demo, s.staff, s.svc.Config().BaseURL
	host := s.svc.Host()
	auth, err := s.desk.CreateAuthority(ctx, staff, "Ministry of Electronics and Information Technology", "IN", string(agora.AuthorityMinistry))
	if err != nil {
		return err
	}
	d.Authority = auth

	// The targets, in the mixed forms orders use.
	var targets []string
	form := func(i int, username string) string {
		switch i % 3 {
		case 0:
			return "@" + username
		case 1:
			return base + "/@" + username
		default:
			return username + "@" + host
		}
	}
	for i, p := range demoPersonas {
		if p.named {
			targets = append(targets, form(i, p.username))
		}
	}
	for i, a := range s.crowd[:1133] {
		targets = append(targets, form(i, a.Username))
	}
	for _, st := range s.valleyPosts[:15] {
		a := s.accountByID(st.AccountID)
		targets = append(targets, base+"/@"+a.Username+"/"+st.ID.String())
	}
	// Unknown: accounts that never existed here or elsewhere, deleted posts.
	for i := range 12 {
		targets = append(targets, fmt.Sprintf("@valley_voice_%d", 100+i))
	}
	targets = append(targets, base+"/@karun_truth", "karun_files@"+host, "@dam_leaks",
		base+"/@save_the_valley/1", "https://twitter.example/@valley_diaries", "valleyvoice@other.example",
		base+"/@meera_reports/99999999999")
	// Duplicates: the same account named again in another form.
	for i, a := range s.crowd[:12] {
		targets = append(targets, form(i+1, a.Username))
	}
	targets = append(targets, "#SaveTheValley")

	received := time.Now().Add(-2 * time.Hour).UTC().Truncate(time.Millisecond)
	o, err := s.desk.CreateOrder(ctx, staff, legal.OrderInput{
		AuthorityID: auth.ID, Reference: "No. 16(4)/2026-CLES (Karun Valley)", Channel: "email (nodal officer)",
		ReceivedAt: received,
		LegalBasis: "Section 69A of the Information Technology Act, 2000, read with the Information Technology " +
			"(Procedure and Safeguards for Blocking for Access of Information by Public) Rules, 2009",
		StatementOfReasons: "The accounts and posts listed in the annexure are said to spread false information about " +
			"the Karun Valley hydroelectric project and to incite the public to obstruct its construction, in the " +
			"interest of public order.",
		TerritorialScope: []string{"IN"}, // the deadline: the default for India, hours after receipt
		RedressInfo:      "A representation may be made to the Committee for Examination of Requests within 48 hours.",
		Targets:          targets,
	})
	if err != nil {
		return err
	}
	if _, err := s.desk.Acknowledge(ctx, staff, o.ID); err != nil {
		return err
	}
	if _, err := s.desk.Assign(ctx, staff, o.ID, staff.ID); err != nil {
		return err
	}
	if _, err := s.desk.AddCorrespondence(ctx, staff, o.ID, legal.CorrespondenceInput{
		Direction: "out", Channel: "email", Date: received.Add(40 * time.Minute), Parties: "Platform legal team to MeitY nodal officer",
		Summary: "Receipt acknowledged with our internal number, the time of receipt and the digest of the order.",
	}); err != nil {
		return err
	}
	if _, err := s.desk.AddCorrespondence(ctx, staff, o.ID, legal.CorrespondenceInput{
		Direction: "in", Channel: "email", Date: received.Add(90 * time.Minute), Parties: "MeitY nodal officer to platform legal team",
		Summary: "The ministry asks for a compliance report on all items by the deadline.",
	}); err != nil {
		return err
	}

	// The first decisions, by the legal staff.
	all, err := s.desk.Targets(ctx, staff, agora.TargetQuery{OrderID: o.ID, Limit: 100_000})
	if err != nil {
		return err
	}
	bySubject := map[agora.ID]*agora.Target{}
	var crowdWithhold, posts []agora.ID
	crowd := map[agora.ID]bool{}
	for _, a := range s.crowd[:450] {
		crowd[a.ID] = true
	}
	for _, t := range all {
		if t.Resolution != agora.ResolutionResolved {
			continue
		}
		bySubject[t.SubjectID] = t
		switch {
		case t.Kind == agora.SubjectAccount && crowd[t.SubjectID]:
			crowdWithhold = append(crowdWithhold, t.ID)
		case t.Kind == agora.SubjectStatus:
			posts = append(posts, t.ID)
		}
	}
	decide := func(in legal.DecisionInput) error {
		_, err := s.desk.Decide(ctx, staff, o.ID, in, false)
		return err
	}
	target := func(username string) agora.ID {
		if t := bySubject[s.byName[username].ID]; t != nil {
			return t.ID
		}
		return 0
	}
	// Withheld in IN: the anonymous protest account, a farmer and 450 of the
	// crowd, in one bulk decision; the named posts in another.
	withhold := append([]agora.ID{target("anon_valley_voice"), target("valley_diaries")}, crowdWithhold...)
	if err := decide(legal.DecisionInput{TargetIDs: withhold, Action: agora.ActionWithhold, Countries: []string{"IN"},
		Reason: string(agora.ReasonLegalDemand), Note: "Named in the annexure with the posts cited; withheld in India only, as ordered."}); err != nil {
		return err
	}
	if err := decide(legal.DecisionInput{TargetIDs: posts, Action: agora.ActionWithhold, Countries: []string{"IN"},
		Reason: string(agora.ReasonLegalDemand), Note: "Posts cited in the annexure."}); err != nil {
		return err
	}
	// Declined, with the reason the authority will see.
	for _, dec := range []struct {
		code, note string
		kind       string
		users      []string
	}{
		{"journalist", "Reporting on a matter of public interest; no unlawful content identified.", "journalist", nil},
		{"news_media", "A news organisation's account; the order cites no unlawful item.", "news_media", nil},
		{"politician", "An elected representative's political speech.", "politician", nil},
		{"activist", "Peaceful advocacy against the dam; no incitement found in the posts cited.", "activist", nil},
		{"protected_speech", "Satire, clearly labelled as such.", "", []string{"chai_and_dissent"}},
		{"overbroad", "The order names the whole account for one photograph of a public march.", "", []string{"sita_photos", "the_karun_poet"}},
	} {
		var ids []agora.ID
		for _, p := range demoPersonas {
			if p.named && (p.kind == dec.kind || containsString(dec.users, p.username)) && p.username != "kavya_green" {
				ids = append(ids, target(p.username))
			}
		}
		if err := decide(legal.DecisionInput{TargetIDs: ids, Action: agora.ActionDecline, ReasonCode: dec.code, Note: dec.note}); err != nil {
			return err
		}
	}
	// Escalated to counsel.
	if err := decide(legal.DecisionInput{TargetIDs: []agora.ID{target("kavya_green"), target("dr_anand")}, Action: agora.ActionEscalate,
		Note: "Needs counsel's view: a lawyer's and a scientist's criticism of the project's report."}); err != nil {
		return err
	}

	if d.Order, err = s.desk.Order(ctx, staff, o.ID); err != nil {
		return err
	}
	if all, err = s.desk.Targets(ctx, staff, agora.TargetQuery{OrderID: o.ID, Limit: 100_000}); err != nil {
		return err
	}
	for _, t := range all {
		switch t.State {
		case agora.TargetWithheld:
			d.Withheld++
		case agora.TargetDeclined:
			d.Declined++
		case agora.TargetEscalated:
			d.Escalated++
		case agora.TargetPending:
			if t.Resolution == agora.ResolutionResolved {
				d.Pending++
			}
		}
	}
	tok, _, err := s.svc.CreateToken(ctx, d.LegalUsername, Scopes)
	if err != nil {
		return err
	}
	d.LegalToken = tok
	return nil
}

func (s *demoSeeder) accountByID(id agora.ID) *agora.Account {
	for _, a := range s.byName {
		if a.ID == id {
			return a
		}
	}
	return nil
}

func containsString(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}
