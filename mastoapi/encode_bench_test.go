package mastoapi

import (
	"context"
	"fmt"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
	"time"

	"agora"
	"agora/service"
	"agora/sqlstore"
)

// This file is in package mastoapi (not mastoapi_test) so that it can call the
// handlers' own encoding path, API.writeStatuses: the converter and
// httpx.WriteJSON.
//
//	go test ./mastoapi -run '^$' -bench EncodeStatusPage -count 6

// encodeBench is a real service on SQLite and a page of its reader's home timeline.
type encodeBench struct {
	api     *API
	db      *sqlstore.DB
	svc     *service.Service
	page    *service.Bundle
	reader  *agora.Account
	authors []agora.ID
}

// newEncodeBench builds a reader following 10 authors who post public statuses
// with hashtags and mentions (as posted: content rendered to HTML with links),
// one of them boosting another account's status, and takes the reader's newest home page of 20 as the
// Bundle to encode.
func newEncodeBench(b *testing.B) *encodeBench {
	b.Helper()
	ctx := context.Background()
	api, svc, db := newTestAPI(b, "https://bench.example")
	e := &encodeBench{api: api, db: db, svc: svc}
	mk := func(name string) *agora.Account { return mustAccount(b, svc, name) }
	reader := mk("reader")
	e.reader = reader
	authors := make([]*agora.Account, 10)
	for i := range authors {
		authors[i] = mk("author" + strconv.Itoa(i))
		e.authors = append(e.authors, authors[i].ID)
	}
	// The boosted status is by an account the reader does not follow: a boost of a
	// status the feed already shows would be left out of it.
	outsider := mk("outsider")
	orig, err := svc.PostStatus(ctx, svc.As(ctx, outsider), service.NewStatus{Text: "The original of the boost, about #bench, for @author0", Visibility: "public", Language: "en"})
	if err != nil {
		b.Fatal(err)
	}
	for j := range 3 {
		for i, a := range authors {
			text := fmt.Sprintf("Status %d of author %d: a typical post of a sentence or two, "+
				"with a link https://news.example/2026/story-%d and some hashtags #bench #topic%d, cc @author%d @author%d",
				j, i, j, i%3, (i+1)%len(authors), (i+2)%len(authors))
			if _, err := svc.PostStatus(ctx, svc.As(ctx, a), service.NewStatus{Text: text, Visibility: "public", Language: "en"}); err != nil {
				b.Fatal(err)
			}
		}
	}
	if _, err := svc.Reblog(ctx, svc.As(ctx, authors[5]), orig.Statuses[0].ID, "public"); err != nil {
		b.Fatal(err)
	}
	for _, a := range authors {
		if _, err := svc.Follow(ctx, svc.As(ctx, reader), a.ID); err != nil {
			b.Fatal(err)
		}
	}
	if e.page, err = svc.HomeTimeline(ctx, svc.As(ctx, reader), agora.Page{Limit: 20}); err != nil {
		b.Fatal(err)
	}
	boosts, mentions, tags := 0, 0, 0
	for _, st := range e.page.Statuses {
		if st.ReblogOfID != 0 {
			boosts++
		}
		mentions += len(st.Mentions)
		tags += len(st.Tags)
	}
	if len(e.page.Statuses) != 20 || boosts != 1 || mentions == 0 || tags == 0 {
		b.Fatalf("the page has %d statuses, %d boosts, %d mentions, %d tags; want 20, 1 and some", len(e.page.Statuses), boosts, mentions, tags)
	}
	return e
}

// addRules puts 100,000 rules in force over other countries than the viewer's,
// none on the page's statuses but one on each author: every status and account
// entity then carries its withholding marks (withheld_in_countries...), as a
// viewer elsewhere sees them.
func (e *encodeBench) addRules(b *testing.B) {
	b.Helper()
	var ids agora.IDGenerator
	rng := rand.New(rand.NewPCG(5, 6))
	countries := []string{"IN", "PK", "TR", "RU", "DE", "BR", "NG", "ID"}
	rules := make([]*agora.Rule, 0, 100_000)
	for i := range 100_000 {
		r := &agora.Rule{ID: ids.New(), Reason: agora.ReasonLegalDemand, Origin: "bench", Since: time.Now().UTC(),
			Kind: agora.SubjectStatus, SubjectID: ids.New(), Countries: []string{countries[rng.IntN(len(countries))]}}
		if i < len(e.authors) {
			r.Kind, r.SubjectID = agora.SubjectAccount, e.authors[i]
		}
		rules = append(rules, r)
	}
	ctx := context.Background()
	if _, err := e.db.CreateRules(ctx, rules, nil); err != nil {
		b.Fatal(err)
	}
	if err := loadRules(ctx, e.svc); err != nil {
		b.Fatal(err)
	}
	// The page read again: its marks are those of the rules now in force.
	page, err := e.svc.HomeTimeline(ctx, e.svc.As(ctx, e.reader), agora.Page{Limit: 20})
	if err != nil {
		b.Fatal(err)
	}
	if page.Marks.Status(page.Statuses[0].ID) == nil {
		b.Fatal("the page's first status carries no marks")
	}
	e.page = page
}

// BenchmarkEncodeStatusPage converts a service.Bundle of 20 statuses (10 authors,
// two mentions and two or three hashtags on each, one boost) into Mastodon
// entities and encodes them as JSON with the Link header, as every timeline
// handler does (API.writeStatuses: converter.statuses, setStatusLink,
// httpx.WriteJSON), into an httptest.ResponseRecorder. bytes/page is the size of
// the JSON body. "rules=100000": with 100,000 rules in force, one on each author,
// so every entity carries withholding marks. "cold": nothing kept from an
// earlier page (jsonCache emptied before each), every entity converted and
// encoded; "kept": the same page again, written from what the first one kept.
func BenchmarkEncodeStatusPage(b *testing.B) {
	e := newEncodeBench(b)
	req := httptest.NewRequest(http.MethodGet, "https://bench.example/api/v1/timelines/home?limit=20", nil)
	run := func(b *testing.B) {
		var size int
		cold := strings.HasPrefix(b.Name()[strings.LastIndex(b.Name(), "/")+1:], "cold")
		for b.Loop() {
			if cold {
				e.api.json.reset()
			}
			rec := httptest.NewRecorder()
			if err := e.api.writeStatuses(rec, req, e.page); err != nil {
				b.Fatal(err)
			}
			if rec.Code != http.StatusOK {
				b.Fatalf("status %d", rec.Code)
			}
			size = rec.Body.Len()
		}
		b.SetBytes(int64(size))
		b.ReportMetric(float64(size), "bytes/page")
	}
	b.Run("cold,rules=0", run)
	b.Run("kept,rules=0", run)
	e.addRules(b)
	b.Run("cold,rules=100000", run)
	b.Run("kept,rules=100000", run)
}
