package service_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"testing"
	"time"

	"agora"
	"agora/feedcache"
	"agora/oauth"
	"agora/service"
	"agora/sqlstore"
	"agora/storetest"
)

// benchCountries are the 50 countries the benchmark's rules cover.
var benchCountries = []string{
	"AF", "AR", "AU", "BD", "BR", "CA", "CN", "CO", "DE", "DZ", "EG", "ES", "ET", "FR", "GB",
	"GH", "ID", "IN", "IQ", "IR", "IT", "JP", "KE", "KR", "MA", "MM", "MX", "MY", "NG", "NL",
	"NP", "PE", "PH", "PK", "PL", "RU", "SA", "SD", "TH", "TR", "TZ", "UA", "UG", "US", "UZ",
	"VE", "VN", "YE", "ZA", "KZ",
}

// benchNetwork is a reader following 50 authors of 40 statuses each, on SQLite.
type benchNetwork struct {
	svc      *service.Service
	db       *sqlstore.DB
	reader   *agora.Account
	statuses []agora.ID
	authors  []agora.ID
}

func newBenchNetwork(b *testing.B) *benchNetwork {
	b.Helper()
	ctx := context.Background()
	db, err := sqlstore.Open(ctx, storetest.SQLitePath(b))
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { db.Close() })
	svc := service.NewForTest(b, db, feedcache.NewMemory(0), nil)
	n := &benchNetwork{svc: svc, db: db}
	mk := func(name string) *agora.Account {
		a, err := svc.CreateAccount(ctx, oauth.NewAccount{Username: name, Email: name + "@bench.example", Password: "password-bench"})
		if err != nil {
			b.Fatal(err)
		}
		return a
	}
	n.reader = mk("reader")
	for i := range 50 {
		a := mk(fmt.Sprintf("author%d", i))
		n.authors = append(n.authors, a.ID)
		if _, err := svc.Follow(ctx, svc.As(ctx, n.reader), a.ID); err != nil {
			b.Fatal(err)
		}
		for j := range 40 {
			bd, err := svc.PostStatus(ctx, svc.As(ctx, a), service.NewStatus{Text: fmt.Sprintf("status %d of author %d #bench%d", j, i, j%7)})
			if err != nil {
				b.Fatal(err)
			}
			n.statuses = append(n.statuses, bd.Statuses[0].ID)
		}
	}
	return n
}

// addRules creates count rules over the 50 countries, each on a subject of its own
// as orders name them: every status and author of the network has one, the rest
// are on other accounts, statuses and hashtags. None covers the viewer's country
// (FR), so the page is the same with and without them and only the cost differs.
func (n *benchNetwork) addRules(b *testing.B, count int) {
	b.Helper()
	rng := rand.New(rand.NewPCG(1, 2))
	ids := agora.IDGenerator{}
	rules := make([]*agora.Rule, 0, count)
	for i := range count {
		r := &agora.Rule{ID: ids.New(), Reason: agora.ReasonLegalDemand, Origin: "bench", Since: time.Now().UTC()}
		for len(r.Countries) < 1+rng.IntN(3) {
			if c := benchCountries[rng.IntN(len(benchCountries))]; c != "FR" {
				r.Countries = agora.NormalizeCountries(append(r.Countries, c))
			}
		}
		switch k := i / 3; i % 3 {
		case 0:
			r.Kind, r.SubjectID = agora.SubjectStatus, ids.New()
			if k < len(n.statuses) {
				r.SubjectID = n.statuses[k]
			}
		case 1:
			r.Kind, r.SubjectID = agora.SubjectAccount, ids.New()
			if k < len(n.authors) {
				r.SubjectID = n.authors[k]
			}
		default:
			r.Kind, r.Hashtag = agora.SubjectHashtag, fmt.Sprintf("tag%d", i)
		}
		rules = append(rules, r)
	}
	if _, err := n.db.CreateRules(context.Background(), rules, nil); err != nil {
		b.Fatal(err)
	}
	if err := service.GateForTest(n.svc).Load(context.Background()); err != nil {
		b.Fatal(err)
	}
}

// BenchmarkHomeTimeline_Rules builds a page of 20 statuses from the reader's home
// feed, for a viewer in FR, with 0 and with 100,000 rules in force over 50 other
// countries. The gate checks every status against the rule index; the difference
// between the two is the cost of withholding.
func BenchmarkHomeTimeline_Rules(b *testing.B) {
	n := newBenchNetwork(b)
	ctx := agora.WithCountry(context.Background(), "FR")
	run := func(b *testing.B) {
		for b.Loop() {
			page, err := n.svc.HomeTimeline(ctx, n.svc.As(ctx, n.reader), agora.Page{Limit: 20})
			if err != nil {
				b.Fatal(err)
			}
			if len(page.Statuses) != 20 {
				b.Fatalf("page has %d statuses", len(page.Statuses))
			}
		}
	}
	b.Run("rules=0", run)
	n.addRules(b, 100_000)
	b.Run("rules=100000", run)
}
