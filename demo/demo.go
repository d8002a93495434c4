// Package demo seeds a demo instance (`agora serve --demo`): a small community, and
// on its legal desk a ministry's order naming about 1,200 targets, acknowledged
// and partly decided, so that a new user sees the whole workflow at once. All of
// it is fiction: the people, the valley, the dam and the order.
//
// This file holds the Demo, Seed and its seeder; the seeding itself is in
// community.go (accounts, follows, posts) and legal.go (the order), from the
// people and words of data.go.
package demo

import (
	"context"
	"fmt"
	"io"
	"math/rand/v2"

	"agora"
	"agora/legal"
	"agora/service"
)

// Scopes are the scopes of the demo's legal staff token.
const Scopes = "read write follow legal:read legal:write"

// Demo is what Seed did.
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

// Deps are what the demo is seeded through: the running program's store,
// service and legal desk (app.Main's), and the bcrypt cost of its passwords
// (0: the default).
type Deps struct {
	Store        agora.Store
	Service      *service.Service
	Desk         *legal.Desk
	PasswordCost int
}

// Seed fills an empty database with the demo instance through the service and
// the legal desk (so everything is as the API would have made it). When the
// database already holds accounts, authorities or orders it changes nothing and
// returns a Demo with Seeded false. Call it after app.Main's Open, before Run.
func Seed(ctx context.Context, m Deps) (*Demo, error) {
	store := m.Store
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
	m    Deps
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
	fmt.Fprintf(w, "  legal token (scopes %q): %s\n", Scopes, d.LegalToken)
	fmt.Fprintf(w, "  try: curl -H 'Authorization: Bearer %s' %s/api/v1/legal/orders/%s\n", d.LegalToken, url, o.ID)
}
