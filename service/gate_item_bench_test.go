package service

import (
	"context"
	"fmt"
	"math/rand/v2"
	"strconv"
	"testing"
	"time"

	"agora"
	"agora/feedcache"
	"agora/oauth"
	"agora/sqlstore"
	"agora/storetest"
	"agora/visibility"
)

// This file is in package service (not service_test) so that it can reach the
// service's gate, s.gate, which is unexported.
//
//	go test ./service -run '^$' -bench Gate_PerItem -benchtime 2000x -count 6

// gateBench is the data of BenchmarkGate_PerItem: a reader following 50 authors,
// and 800 of their statuses loaded from the store, newest first, as a home feed
// read hands them to the gate.
type gateBench struct {
	svc     *Service
	db      *sqlstore.DB
	reader  *agora.Account
	authors []agora.ID
	list    []*agora.Status // 800 statuses, loaded
}

// gateCountries are the 50 countries the benchmark's rules cover; FR, the
// viewer's, is not among them.
var gateCountries = []string{
	"AF", "AR", "AU", "BD", "BR", "CA", "CN", "CO", "DE", "DZ", "EG", "ES", "ET", "GB", "GH",
	"ID", "IN", "IQ", "IR", "IT", "JP", "KE", "KR", "MA", "MM", "MX", "MY", "NG", "NL", "NP",
	"PE", "PH", "PK", "PL", "RU", "SA", "SD", "TH", "TR", "TZ", "UA", "UG", "US", "UZ", "VE",
	"VN", "YE", "ZA", "KZ", "CH",
}

// newGateBench builds the network on a fresh SQLite database: 50 authors of 16
// statuses each. Every 10th status is followers-only (so the gate asks the store
// about follows), every 4th mentions another author, every 20th is a boost of
// another author's status (so the gate loads originals); the rest are public.
func newGateBench(b *testing.B) *gateBench {
	b.Helper()
	ctx := context.Background()
	db, err := sqlstore.Open(ctx, storetest.SQLitePath(b))
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { db.Close() })
	svc := NewForTest(b, db, feedcache.NewMemory(0), nil)
	g := &gateBench{svc: svc, db: db}
	mk := func(name string) *agora.Account {
		a, err := svc.CreateAccount(ctx, oauth.NewAccount{Username: name, Email: name + "@bench.example", Password: "password-bench"})
		if err != nil {
			b.Fatal(err)
		}
		return a
	}
	g.reader = mk("reader")
	authors := make([]*agora.Account, 50)
	for i := range authors {
		authors[i] = mk("author" + strconv.Itoa(i))
		g.authors = append(g.authors, authors[i].ID)
		if _, err := svc.Follow(ctx, svc.As(ctx, g.reader), authors[i].ID); err != nil {
			b.Fatal(err)
		}
	}
	var ids []agora.ID
	var last agora.ID
	for j := range 16 {
		for i, a := range authors {
			k := j*len(authors) + i
			var id agora.ID
			switch {
			case k%20 == 19 && last != 0:
				bd, err := svc.Reblog(ctx, svc.As(ctx, a), last, "public")
				if err != nil {
					b.Fatal(err)
				}
				id = bd.Statuses[0].ID
			default:
				n := NewStatus{Text: fmt.Sprintf("status %d of author %d #bench%d", j, i, j%7), Visibility: "public"}
				if k%10 == 3 {
					n.Visibility = "private"
				}
				if k%4 == 1 {
					n.Text += " cc @author" + strconv.Itoa((i+1)%len(authors))
				}
				bd, err := svc.PostStatus(ctx, svc.As(ctx, a), n)
				if err != nil {
					b.Fatal(err)
				}
				id = bd.Statuses[0].ID
				if n.Visibility == "public" {
					last = id
				}
			}
			ids = append(ids, id)
		}
	}
	found, err := db.Statuses(ctx, ids)
	if err != nil {
		b.Fatal(err)
	}
	for i := len(ids) - 1; i >= 0; i-- { // newest first
		g.list = append(g.list, found[ids[i]])
	}
	return g
}

// addRules puts count rules in force over 50 countries other than FR, as
// gate_bench_test.go's addRules does: one on every status of the list and on
// every author, the rest on other statuses, accounts and hashtags. The gate then
// walks a non-empty chain for every item and finds no rule covering FR.
func (g *gateBench) addRules(b *testing.B, count int) {
	b.Helper()
	rng := rand.New(rand.NewPCG(3, 4))
	var ids agora.IDGenerator
	rules := make([]*agora.Rule, 0, count)
	for i := range count {
		r := &agora.Rule{ID: ids.New(), Reason: agora.ReasonLegalDemand, Origin: "bench", Since: time.Now().UTC()}
		for len(r.Countries) < 1+rng.IntN(3) {
			r.Countries = agora.NormalizeCountries(append(r.Countries, gateCountries[rng.IntN(len(gateCountries))]))
		}
		switch k := i / 3; i % 3 {
		case 0:
			r.Kind, r.SubjectID = agora.SubjectStatus, ids.New()
			if k < len(g.list) {
				r.SubjectID = g.list[k].ID
			}
		case 1:
			r.Kind, r.SubjectID = agora.SubjectAccount, ids.New()
			if k < len(g.authors) {
				r.SubjectID = g.authors[k]
			}
		default:
			r.Kind, r.Hashtag = agora.SubjectHashtag, "tag"+strconv.Itoa(i)
		}
		rules = append(rules, r)
	}
	ctx := context.Background()
	if _, err := g.db.CreateRules(ctx, rules, nil); err != nil {
		b.Fatal(err)
	}
	if err := g.svc.gate.Load(ctx); err != nil {
		b.Fatal(err)
	}
}

// BenchmarkGate_PerItem measures the visibility gate (Snapshot.Statuses in List
// mode, as timelines call it) over a list of N statuses already loaded from the
// store, for a signed-in reader in FR, with 0 and with 100,000 rules in force
// (none covering FR, so every item passes and the cost of rules is all lookup and
// marking). The list is the newest N of 800 statuses by 50 followed authors: 10%
// followers-only, 5% boosts, a quarter with a mention. It includes the gate's
// store round trips (the originals of the boosts, the reader's follows of private
// authors, the reader's blocks and mutes); ns/item is ns/op divided by N. Each
// iteration takes a new snapshot, as each request does.
func BenchmarkGate_PerItem(b *testing.B) {
	g := newGateBench(b)
	ctx := agora.WithCountry(context.Background(), "FR")
	sizes := []int{20, 800}
	run := func(b *testing.B, rules int) {
		for _, n := range sizes {
			list := g.list[:n]
			b.Run("gate/items="+strconv.Itoa(n)+"/rules="+strconv.Itoa(rules), func(b *testing.B) {
				for b.Loop() {
					kept, err := g.svc.gate.Snapshot(ctx, g.reader).Statuses(ctx, list, visibility.List)
					if err != nil {
						b.Fatal(err)
					}
					if len(kept.Kept) != n {
						b.Fatalf("the gate kept %d of %d statuses", len(kept.Kept), n)
					}
				}
				b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*n), "ns/item")
			})
		}
	}
	run(b, 0)
	g.addRules(b, 100_000)
	run(b, 100_000)
}
