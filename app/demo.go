package app

import (
	"context"
	crand "crypto/rand"
	"encoding/base64"
	"fmt"
	"io"
	"math/rand/v2"
	"strings"
	"time"

	"golang.org/x/crypto/bcrypt"

	"agora"
	"agora/legal"
	"agora/service"
)

// This file seeds a demo instance (`agora serve --demo`): a small community, and
// on its legal desk a ministry's order naming about 1,200 targets, acknowledged
// and partly decided, so that a new user sees the whole workflow at once. All of
// it is fiction: the people, the valley, the dam and the order.

// DemoScopes are the scopes of the demo's legal staff token.
const DemoScopes = "read write follow legal:read legal:write"

// Demo is what SeedDemo did.
type Demo struct {
	// Seeded is false when the database was not empty; Reason then says why.
	Seeded bool
	Reason string

	Accounts int // every account, staff included
	Posts    int
	Follows  int

	Authority *agora.Authority
	Order     *agora.Order // with its target counts
	// Targets by decision state.
	Withheld, Declined, Escalated, Pending int

	// Credentials, printed for the person trying agora out.
	AdminUsername, AdminPassword string
	LegalUsername, LegalPassword string
	LegalToken                   string
	// UserUsername is an account withheld in IN; it has its moderation warning.
	UserUsername, UserPassword string
}

// demoPersona is one of the featured accounts.
type demoPersona struct {
	username, name, bio string
	// kind says who they are: journalist, news_media, politician, activist,
	// citizen or other; the order names some of them, and declines by kind.
	kind string
	// named: the order names the account.
	named bool
}

// demoPersonas are the featured accounts: they post, follow each other and are
// followed. About half are named in the order.
var demoPersonas = []demoPersona{
	{"meera_reports", "Meera Nair", "Reporter, The Deccan Ledger. Rivers, land and the people who live by them.", "journalist", true},
	{"arjun_on_record", "Arjun Bhatt", "Investigative journalist. Tips: DM for Signal.", "journalist", true},
	{"fatima_writes", "Fatima Sheikh", "Freelance journalist covering courts and civil liberties.", "journalist", true},
	{"deccan_ledger", "The Deccan Ledger", "Independent news from South India since 1952.", "news_media", true},
	{"valley_times", "Karun Valley Times", "Local news for the Karun Valley. Corrections: corrections@valleytimes.example", "news_media", true},
	{"news_hour_live", "News Hour Live", "Breaking news, live, around the clock.", "news_media", true},
	{"mla_rao", "K. Srinivasa Rao", "Member of the Legislative Assembly, Karun North. Official account.", "politician", true},
	{"priya_for_ward12", "Priya Menon", "City councillor, Ward 12. Potholes reported here get fixed.", "politician", true},
	{"opposition_leader", "Rahul Deshmukh", "Leader of the Opposition. Views are my own.", "politician", true},
	{"save_the_valley", "Save The Valley", "Farmers, fishers and families of the Karun Valley against the dam. #SaveTheValley", "activist", true},
	{"kavya_green", "Kavya Iyer", "Environmental lawyer and activist. The river has rights too.", "activist", true},
	{"river_keeper", "Joseph Thomas", "Fisherman. Third generation on the Karun.", "activist", true},
	{"valley_diaries", "Lakshmi Gowda", "Farmer, mother, reluctant tweeter. Posting from the valley.", "citizen", true},
	{"chai_and_dissent", "Nikhil Verma", "Satire. Nothing here is true, least of all the ministers' quotes.", "citizen", true},
	{"anon_valley_voice", "Valley Voice", "Anonymous. Photos from the protest camp.", "citizen", true},
	{"student_union_ku", "KU Students' Union", "Students' Union, Karun University.", "activist", true},
	{"dr_anand", "Dr. Anand Kulkarni", "Hydrologist. I model floods so you don't have to.", "citizen", true},
	{"sita_photos", "Sita Raman", "Photographer. Monsoon, markets, faces.", "citizen", true},
	{"bengaluru_biker", "Imran Khan", "Commuting on two wheels. #bengaluru", "citizen", true},
	{"the_karun_poet", "Ananya Das", "Poems about water. Sometimes about dams.", "citizen", true},
	{"rohan_codes", "Rohan Gupta", "Go, Postgres and too much coffee. #opensource", "other", false},
	{"aditi_bakes", "Aditi Kapoor", "Sourdough evangelist. Flour on everything.", "other", false},
	{"cricket_crazy", "Vikram Singh", "Test cricket is the only cricket. #cricket", "other", false},
	{"neha_travels", "Neha Joshi", "Slow travel, trains and tea estates.", "other", false},
	{"old_delhi_eats", "Farhan Qureshi", "Where to eat in Old Delhi, one paratha at a time. #delhi", "other", false},
	{"ishaan_music", "Ishaan Malhotra", "Sitar, synths and the space between.", "other", false},
	{"birdwatch_india", "Birdwatch India", "Citizen science: what did you see today? #birds", "other", false},
	{"maya_teaches", "Maya Pillai", "Maths teacher. Fractions are friends.", "other", false},
	{"sunil_farms", "Sunil Patil", "Organic farming, soil first.", "other", false},
	{"tanvi_reads", "Tanvi Shah", "Reading 52 books this year. Currently: too many.", "other", false},
	{"monsoon_watch", "Monsoon Watch", "Rainfall updates from volunteers across India. #monsoon", "other", false},
	{"kiran_runs", "Kiran Reddy", "Marathons, mostly slowly.", "other", false},
	{"zara_designs", "Zara Ali", "Type designer. Devanagari and Latin.", "other", false},
	{"pune_foodie", "Omkar Jadhav", "Misal pav rankings, fiercely contested. #pune", "other", false},
	{"ayesha_law", "Ayesha Siddiqui", "Law student. Constitutional law nerd.", "other", false},
	{"hari_astro", "Hari Prasad", "Amateur astronomer. Clear skies!", "other", false},
	{"gita_gardens", "Gita Bose", "Balcony gardens in small flats.", "other", false},
	{"dev_ops_dad", "Devendra Mishra", "On call, on coffee, on the school run.", "other", false},
	{"priyanka_paints", "Priyanka Chatterjee", "Watercolours of Kolkata trams.", "other", false},
	{"rail_fan_rahul", "Rahul Nair", "Locomotives, timetables, the 12951.", "other", false},
	{"swati_science", "Swati Agarwal", "Science communicator. Ask me about vaccines.", "other", false},
	{"mumbai_monsoon", "Aamir Sayed", "Rain, traffic and vada pav. #mumbai", "other", false},
	{"chess_with_anu", "Anu Krishnan", "Chess coach. 1.d4 forever.", "other", false},
	{"green_commute", "Pooja Yadav", "Buses, bikes and better cities.", "other", false},
	{"the_spice_trail", "Thomas Mathew", "Pepper, cardamom and the history of both.", "other", false},
	{"yoga_with_ravi", "Ravi Shankar Iyer", "Morning yoga, evening filter coffee.", "other", false},
	{"retro_games_in", "Siddharth Rao", "8-bit forever.", "other", false},
	{"kolkata_books", "Debjani Sen", "College Street finds.", "other", false},
	{"agora_news", "agora", "News about this server.", "other", false},
	{"weekend_hiker", "Sanjay Negi", "Western Ghats on weekends.", "other", false},
}

// Names the generated accounts are made of.
var (
	demoFirst = []string{"aarav", "vivaan", "aditya", "vihaan", "arjun", "sai", "reyansh", "ayaan", "krishna", "ishaan",
		"ananya", "diya", "aadhya", "saanvi", "pari", "kavya", "myra", "anika", "navya", "riya",
		"rahul", "amit", "sneha", "pooja", "vikas", "neha", "suresh", "lakshmi", "ganesh", "meena",
		"farah", "imran", "joseph", "mary", "harpreet", "gurpreet", "tenzin", "bhavna", "karthik", "divya"}
	demoLast = []string{"sharma", "verma", "iyer", "nair", "reddy", "patel", "gowda", "rao", "das", "singh",
		"khan", "thomas", "menon", "pillai", "kulkarni", "joshi", "desai", "bose", "sen", "ghosh",
		"yadav", "mishra", "shetty", "hegde", "naidu", "bhat", "kamath", "dsouza", "fernandes", "gill"}
	demoBios = []string{"Farmer from the Karun Valley.", "Student. Opinions my own.", "Teacher, runner, chai enthusiast.",
		"Fisher. The river feeds us.", "Nurse at the district hospital.", "Retired bank clerk. Grandfather of three.",
		"Engineering student, Karun University.", "Small shop, big dreams.", "Bus driver on route 42.",
		"Weaver. Handloom saris to order.", ""}
	demoTopics = []string{
		"Morning fog over the paddy fields again. #monsoon",
		"Anyone else think the new metro line is actually on time? #bengaluru",
		"Best filter coffee in town, fight me. #chai",
		"Test match day five and it's raining. Of course. #cricket",
		"Released a small Go library for parsing CSVs with comments. #opensource",
		"Saw a Malabar pied hornbill this morning! #birds",
		"The library is open late this week for exams.",
		"Power cut for three hours. Reading by candlelight like it's 1995.",
		"Mango season is the only season. #summer",
		"Trains are the best way to see this country. #travel",
	}
	demoValley = []string{
		"The dam would flood 40 villages. Where do the families go? #SaveTheValley",
		"Day 30 at the protest camp. Still peaceful, still here. #SaveTheValley",
		"The environmental impact report skips the fish ladders entirely. #SaveTheValley #KarunDam",
		"Photos from today's march: thousands walked from the bridge to the collectorate. #SaveTheValley",
		"Our grandparents farmed this land. We will not sell it. #SaveTheValley",
		"Public hearing postponed for the third time. Why? #KarunDam",
	}
)

// SeedDemo fills an empty database with the demo instance through the service and
// the legal desk (so everything is as the API would have made it). When the
// database already holds accounts, authorities or orders it changes nothing and
// returns a Demo with Seeded false. Call it after Open, before Run.
func (m *Main) SeedDemo(ctx context.Context) (*Demo, error) {
	store := m.DB
	if n, err := store.CountAccounts(ctx); err != nil {
		return nil, err
	} else if n > 0 {
		return &Demo{Reason: fmt.Sprintf("the database already holds %d accounts", n)}, nil
	}
	if list, err := store.Authorities(ctx); err != nil {
		return nil, err
	} else if len(list) > 0 {
		return &Demo{Reason: fmt.Sprintf("the database already holds %d authorities", len(list))}, nil
	}
	if list, err := store.Orders(ctx, agora.OrderQuery{Limit: 1}); err != nil {
		return nil, err
	} else if len(list) > 0 {
		return &Demo{Reason: "the database already holds orders"}, nil
	}
	s := &demoSeeder{m: m, svc: m.Service, desk: m.Desk, rng: rand.New(rand.NewPCG(2026, 1178)),
		demo: &Demo{Seeded: true}, byName: map[string]*agora.Account{}}
	if err := s.seed(ctx); err != nil {
		return nil, fmt.Errorf("seed the demo: %w", err)
	}
	return s.demo, nil
}

// demoSeeder holds the seeding's state.
type demoSeeder struct {
	m    *Main
	svc  *service.Service
	desk *legal.Desk
	rng  *rand.Rand
	demo *Demo

	staff    *agora.Account
	featured []*agora.Account
	crowd    []*agora.Account // the generated accounts
	byName   map[string]*agora.Account
	ids      agora.IDGenerator
	// posts are the statuses posted, by author.
	posts map[agora.ID][]agora.ID
	// valleyPosts are posts of the crowd about the valley: some named by URL.
	valleyPosts []*agora.Status
}

func (s *demoSeeder) seed(ctx context.Context) error {
	if err := s.accounts(ctx); err != nil {
		return err
	}
	if err := s.follows(ctx); err != nil {
		return err
	}
	if err := s.statuses(ctx); err != nil {
		return err
	}
	return s.legalDesk(ctx)
}

// accounts creates the staff (admin, legal), the featured accounts and the crowd.
func (s *demoSeeder) accounts(ctx context.Context) error {
	d := s.demo
	d.AdminUsername, d.AdminPassword = "admin", demoPassword()
	d.LegalUsername, d.LegalPassword = "legal", demoPassword()
	d.UserUsername, d.UserPassword = "valley_diaries", demoPassword()
	// The accounts nobody signs in to share the hash of a password nobody knows:
	// one bcrypt instead of 1,200.
	cost := s.m.PasswordCost
	if cost == 0 {
		cost = bcrypt.DefaultCost
	}
	hash, err := bcrypt.GenerateFromPassword([]byte(demoPassword()), cost)
	if err != nil {
		return err
	}
	for _, st := range []struct {
		user, pass, name, bio string
		role                  agora.Role
	}{
		{d.AdminUsername, d.AdminPassword, "Demo Admin", "The administrator of this demo instance.", agora.RoleAdmin},
		{d.LegalUsername, d.LegalPassword, "Legal Desk", "The platform's legal team (demo).", agora.RoleLegal},
	} {
		a, err := s.svc.CreateAccount(ctx, service.NewAccount{Username: st.user, Email: st.user + "@agora.example", Password: st.pass, Role: st.role})
		if err != nil {
			return err
		}
		if a, err = s.svc.UpdateProfile(ctx, a, service.ProfileUpdate{DisplayName: &st.name, Note: &st.bio}); err != nil {
			return err
		}
		if st.role == agora.RoleLegal {
			s.staff = a
		}
		s.byName[a.Username] = a
	}
	d.Accounts = 2
	for _, p := range demoPersonas {
		var a *agora.Account
		if p.username == d.UserUsername {
			if a, err = s.svc.CreateAccount(ctx, service.NewAccount{Username: p.username, Email: p.username + "@agora.example", Password: d.UserPassword}); err != nil {
				return err
			}
			if a, err = s.svc.UpdateProfile(ctx, a, service.ProfileUpdate{DisplayName: &p.name, Note: &p.bio}); err != nil {
				return err
			}
		} else if a, err = s.account(ctx, p.username, p.name, p.bio, string(hash)); err != nil {
			return err
		}
		s.featured = append(s.featured, a)
		s.byName[a.Username] = a
		d.Accounts++
	}
	// The crowd: 1,150 people of the valley and beyond, most of them named in the order.
	for i := 0; len(s.crowd) < 1150; i++ {
		first, last := demoFirst[s.rng.IntN(len(demoFirst))], demoLast[s.rng.IntN(len(demoLast))]
		username := first + "_" + last
		if _, taken := s.byName[username]; taken {
			username = fmt.Sprintf("%s_%s%d", first, last, 10+s.rng.IntN(990))
			if _, taken := s.byName[username]; taken {
				continue
			}
		}
		name := strings.ToUpper(first[:1]) + first[1:] + " " + strings.ToUpper(last[:1]) + last[1:]
		a, err := s.account(ctx, username, name, demoBios[s.rng.IntN(len(demoBios))], string(hash))
		if err != nil {
			return err
		}
		s.crowd = append(s.crowd, a)
		s.byName[a.Username] = a
		d.Accounts++
	}
	return nil
}

// account stores an account nobody signs in to.
func (s *demoSeeder) account(ctx context.Context, username, name, bio, hash string) (*agora.Account, error) {
	now := time.Now().UTC().Truncate(time.Millisecond)
	a := &agora.Account{ID: s.ids.New(), Username: username, Email: username + "@agora.example", PasswordHash: hash,
		Role: agora.RoleUser, DisplayName: name, Note: bio, Discoverable: true, CreatedAt: now}
	if err := a.Validate(); err != nil {
		return nil, fmt.Errorf("account %s: %w", username, err)
	}
	if err := s.m.DB.CreateAccount(ctx, a); err != nil {
		return nil, fmt.Errorf("account %s: %w", username, err)
	}
	return a, nil
}

// follows: every featured account follows about ten others; each of the crowd
// follows one or two featured accounts.
func (s *demoSeeder) follows(ctx context.Context) error {
	follow := func(a, b *agora.Account) error {
		if a.ID == b.ID {
			return nil
		}
		rel, err := s.svc.Follow(ctx, a, b.ID)
		if err != nil {
			return err
		}
		if rel.Following {
			s.demo.Follows++
		}
		return nil
	}
	for _, a := range s.featured {
		for _, j := range s.rng.Perm(len(s.featured))[:10] {
			if err := follow(a, s.featured[j]); err != nil {
				return err
			}
		}
	}
	for _, a := range s.crowd {
		for range 1 + s.rng.IntN(2) {
			if err := follow(a, s.featured[s.rng.IntN(len(s.featured))]); err != nil {
				return err
			}
		}
	}
	return nil
}

// statuses: the featured accounts post about their lives and the valley, with
// hashtags, mentions and replies; some of the crowd post about the valley.
func (s *demoSeeder) statuses(ctx context.Context) error {
	s.posts = map[agora.ID][]agora.ID{}
	post := func(a *agora.Account, text string, replyTo agora.ID) (*agora.Status, error) {
		b, err := s.svc.PostStatus(ctx, a, service.NewStatus{Text: text, Visibility: "public", InReplyToID: replyTo, Language: "en"})
		if err != nil {
			return nil, fmt.Errorf("post %q by @%s: %w", text, a.Username, err)
		}
		st := b.Statuses[0]
		s.posts[a.ID] = append(s.posts[a.ID], st.ID)
		s.demo.Posts++
		return st, nil
	}
	var recent []*agora.Status
	for i, p := range demoPersonas {
		a := s.featured[i]
		n := 3 + s.rng.IntN(3)
		for k := range n {
			var text string
			switch {
			case p.kind != "other" && k%2 == 0:
				text = demoValley[s.rng.IntN(len(demoValley))]
			default:
				text = demoTopics[s.rng.IntN(len(demoTopics))]
			}
			if s.rng.IntN(4) == 0 {
				other := s.featured[s.rng.IntN(len(s.featured))]
				if other.ID != a.ID {
					text = "@" + other.Username + " " + text
				}
			}
			var replyTo agora.ID
			if len(recent) > 0 && s.rng.IntN(6) == 0 {
				replyTo = recent[s.rng.IntN(len(recent))].ID
				text = "Agreed. " + text
			}
			st, err := post(a, text, replyTo)
			if err != nil {
				return err
			}
			recent = append(recent, st)
		}
	}
	for _, j := range s.rng.Perm(len(s.crowd))[:90] {
		a := s.crowd[j]
		text := demoValley[s.rng.IntN(len(demoValley))]
		if s.rng.IntN(3) == 0 {
			text = "@save_the_valley " + text
		}
		st, err := post(a, text, 0)
		if err != nil {
			return err
		}
		s.valleyPosts = append(s.valleyPosts, st)
	}
	return nil
}

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
	tok, _, err := s.svc.CreateToken(ctx, d.LegalUsername, DemoScopes)
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

// demoPassword is a random password: 16 characters.
func demoPassword() string {
	var b [12]byte
	_, _ = crand.Read(b[:])
	return base64.RawURLEncoding.EncodeToString(b[:])
}

// Print writes what the demo holds and its credentials, clearly labelled, for the
// person who started it; url is the server's.
func (d *Demo) Print(w io.Writer, url string) {
	if !d.Seeded {
		fmt.Fprintf(w, "demo: not seeded: %s; --demo seeds only an empty database and changed nothing\n", d.Reason)
		return
	}
	o := d.Order
	fmt.Fprintf(w, "demo: seeded a demo instance: %d accounts, %d posts, %d follows; %s order %s (%q) naming %d targets: "+
		"%d resolved, %d unresolved, %d duplicates; %d withheld in IN, %d declined, %d escalated, %d pending\n",
		d.Accounts, d.Posts, d.Follows, d.Authority.Name, o.Number, o.Reference, o.Counts.Total,
		o.Counts.Resolved, o.Counts.Unresolved, o.Counts.Duplicate, d.Withheld, d.Declined, d.Escalated, d.Pending)
	fmt.Fprintf(w, "demo credentials (DEMO ONLY: for trying agora out; do not keep this database in production):\n")
	fmt.Fprintf(w, "  admin (role admin):  username %s  password %s\n", d.AdminUsername, d.AdminPassword)
	fmt.Fprintf(w, "  legal (role legal):  username %s  password %s\n", d.LegalUsername, d.LegalPassword)
	fmt.Fprintf(w, "  user withheld in IN: username %s  password %s\n", d.UserUsername, d.UserPassword)
	fmt.Fprintf(w, "  legal token (scopes %q): %s\n", DemoScopes, d.LegalToken)
	fmt.Fprintf(w, "  try: curl -H 'Authorization: Bearer %s' %s/api/v1/legal/orders/%s\n", d.LegalToken, url, o.ID)
}
