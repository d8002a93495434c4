package sqlstore_test

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"agora"
	"agora/sqlstore"
	"agora/storetest"

	"github.com/google/go-cmp/cmp"
)

// bulkBase is when the records of bulkData are made.
var bulkBase = time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)

// bulkID returns the ID of the nth record of bulkData: one per second from bulkBase.
func bulkID(n int) agora.ID {
	return agora.IDAt(bulkBase.Add(time.Duration(n)*time.Second)) | 7
}

// bulkToken is the bearer value of the token of account i in bulkData.
func bulkToken(i int) string { return fmt.Sprintf("bulk-token-%d", i) }

func hashToken(v string) string {
	sum := sha256.Sum256([]byte(v))
	return hex.EncodeToString(sum[:])
}

// bulkData returns new records every call: five accounts with a token each from
// one application, follows, and statuses with tags (in mixed case and repeated),
// mentions, a reply, a boost and a private status.
func bulkData() sqlstore.Bulk {
	var b sqlstore.Bulk
	n := 0
	next := func() agora.ID { n++; return bulkID(n) }
	app := &agora.Application{ID: next(), Name: "agora bench", RedirectURIs: []string{agora.OOBRedirect},
		Scopes: agora.Scopes{"read", "write", "follow"}, ClientID: "client", ClientSecret: "secret"}
	app.CreatedAt = app.ID.Time()
	b.Applications = append(b.Applications, app)
	for i := range 5 {
		id := next()
		b.Accounts = append(b.Accounts, &agora.Account{ID: id, Username: fmt.Sprintf("Bulk_%d", i),
			Email: fmt.Sprintf("bulk_%d@example.org", i), PasswordHash: "$2a$10$shared", Role: agora.RoleUser,
			Discoverable: true, CreatedAt: id.Time(),
			FollowersCount: 99, StatusesCount: 99}) // ignored, as by CreateAccount
		tok := &agora.Token{ID: next(), Hash: hashToken(bulkToken(i)), ApplicationID: app.ID, AccountID: id,
			Scopes: agora.Scopes{"read", "write", "follow"}}
		tok.CreatedAt = tok.ID.Time()
		b.Tokens = append(b.Tokens, tok)
	}
	acct := func(i int) agora.ID { return b.Accounts[i].ID }
	for _, f := range [][2]int{{0, 1}, {0, 2}, {1, 0}, {2, 0}, {3, 0}, {4, 0}, {4, 1}} {
		id := next()
		b.Follows = append(b.Follows, &agora.Follow{ID: id, AccountID: acct(f[0]), TargetAccountID: acct(f[1]),
			CreatedAt: id.Time()})
	}
	status := func(author int, text string, tags ...string) *agora.Status {
		id := next()
		s := &agora.Status{ID: id, AccountID: acct(author), Text: text, Content: "<p>" + text + "</p>",
			Visibility: agora.VisibilityPublic, Language: "en", Tags: tags, CreatedAt: id.Time()}
		b.Statuses = append(b.Statuses, s)
		return s
	}
	for i := range 12 {
		status(i%5, fmt.Sprintf("Status %d of the load generator, about #news", i), "News", "news")
	}
	first := b.Statuses[0]
	status(1, "hello #Art and #music @Bulk_0 @bulk_2", "Art", "music").Mentions = []agora.ID{acct(0), acct(2), acct(0)}
	reply := status(2, "a reply about #news", "news")
	reply.InReplyToID, reply.InReplyToAccountID, reply.ThreadID = first.ID, first.AccountID, first.ThreadID
	boost := status(3, "")
	boost.Content, boost.Language, boost.ReblogOfID = "", "", first.ID
	status(4, "a private hello #secret", "secret").Visibility = agora.VisibilityPrivate
	return b
}

// createNormally stores b through the store's own methods, one record at a time.
func createNormally(t *testing.T, db *testDB, b sqlstore.Bulk) {
	t.Helper()
	ctx := t.Context()
	for _, a := range b.Accounts {
		if err := db.CreateAccount(ctx, a); err != nil {
			t.Fatalf("CreateAccount: %v", err)
		}
	}
	for _, a := range b.Applications {
		if err := db.CreateApplication(ctx, a); err != nil {
			t.Fatalf("CreateApplication: %v", err)
		}
	}
	for _, tok := range b.Tokens {
		if err := db.CreateToken(ctx, tok); err != nil {
			t.Fatalf("CreateToken: %v", err)
		}
	}
	for _, f := range b.Follows {
		if err := db.CreateFollow(ctx, f); err != nil {
			t.Fatalf("CreateFollow: %v", err)
		}
	}
	for _, s := range b.Statuses {
		if err := db.CreateStatus(ctx, s, ""); err != nil {
			t.Fatalf("CreateStatus: %v", err)
		}
	}
}

// bulkTables are the tables a Loader writes, each with the columns to order its
// rows by.
var bulkTables = map[string]string{
	"accounts":        "id",
	"applications":    "id",
	"tokens":          "id",
	"follows":         "id",
	"statuses":        "id",
	"status_tags":     "status_id, tag",
	"status_mentions": "status_id, account_id",
	"tags":            "name",
}

// dump returns every row of table, each formatted as text.
func dump(t *testing.T, db *testDB, table, order string) []string {
	t.Helper()
	rows, err := db.SQL().QueryContext(t.Context(), `SELECT * FROM `+table+` ORDER BY `+order)
	if err != nil {
		t.Fatalf("dump %s: %v", table, err)
	}
	defer rows.Close()
	cols, err := rows.Columns()
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for rows.Next() {
		vals := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			t.Fatalf("dump %s: %v", table, err)
		}
		var b strings.Builder
		for i, v := range vals {
			if s, ok := v.([]byte); ok {
				v = string(s)
			}
			fmt.Fprintf(&b, "%s=%v ", cols[i], v)
		}
		out = append(out, b.String())
	}
	if err := rows.Err(); err != nil {
		t.Fatalf("dump %s: %v", table, err)
	}
	return out
}

func bulkDialects() []struct {
	dialect string
	dsn     func(testing.TB) string
} {
	return []struct {
		dialect string
		dsn     func(testing.TB) string
	}{
		{sqlstore.SQLite, storetest.SQLitePath},
		{sqlstore.Postgres, storetest.PostgresDSN},
	}
}

// TestLoader_SameAsNormalWrites loads the same records in bulk into one database
// and through the store's methods into another, and compares every row written and
// what the store's reads see.
func TestLoader_SameAsNormalWrites(t *testing.T) {
	for _, tc := range bulkDialects() {
		t.Run(tc.dialect, func(t *testing.T) {
			ctx := t.Context()
			bulk := mustOpen(t, tc.dsn(t))
			normal := mustOpen(t, tc.dsn(t))
			if tc.dialect == sqlstore.SQLite {
				t.Cleanup(func() { checkFTS(t, bulk) })
			}

			loaded := bulkData()
			l := bulk.NewLoader(7) // several chunks, splitting statuses from their rows
			for _, a := range loaded.Accounts {
				mustAdd(t, l.AddAccount(ctx, a))
			}
			for _, a := range loaded.Applications {
				mustAdd(t, l.AddApplication(ctx, a))
			}
			for _, tok := range loaded.Tokens {
				mustAdd(t, l.AddToken(ctx, tok))
			}
			for _, f := range loaded.Follows {
				mustAdd(t, l.AddFollow(ctx, f))
			}
			for _, s := range loaded.Statuses {
				mustAdd(t, l.AddStatus(ctx, s))
			}
			mustAdd(t, l.Flush(ctx))
			created := bulkData()
			createNormally(t, normal, created)

			// The records are normalized in place alike.
			if diff := cmp.Diff(created, loaded); diff != "" {
				t.Errorf("records after loading differ from after creating (-created +loaded):\n%s", diff)
			}
			st := l.Stats()
			if want := (sqlstore.LoadStats{Accounts: 5, Applications: 1, Tokens: 5, Follows: 7,
				Statuses: len(loaded.Statuses), Chunks: st.Chunks}); st != want || st.Chunks < 3 {
				t.Errorf("Stats() = %+v, want %+v in at least 3 chunks", st, want)
			}
			for table, order := range bulkTables {
				if diff := cmp.Diff(dump(t, normal, table, order), dump(t, bulk, table, order)); diff != "" {
					t.Errorf("table %s (-normal +bulk):\n%s", table, diff)
				}
			}

			// What the store's reads see.
			same := func(what string, read func(db *testDB) (any, error)) {
				t.Helper()
				want, err := read(normal)
				if err != nil {
					t.Fatalf("%s on the normal database: %v", what, err)
				}
				got, err := read(bulk)
				if err != nil {
					t.Fatalf("%s: %v", what, err)
				}
				if diff := cmp.Diff(want, got); diff != "" {
					t.Errorf("%s (-normal +bulk):\n%s", what, diff)
				}
			}
			a0, a1 := loaded.Accounts[0].ID, loaded.Accounts[1].ID
			same("Account", func(db *testDB) (any, error) { return db.Account(ctx, a0) })
			same("Accounts", func(db *testDB) (any, error) {
				return db.Accounts(ctx, []agora.ID{loaded.Accounts[2].ID, loaded.Accounts[3].ID, loaded.Accounts[4].ID})
			})
			same("FollowerIDs", func(db *testDB) (any, error) { return db.FollowerIDs(ctx, a0) })
			same("FollowingIDs", func(db *testDB) (any, error) { return db.FollowingIDs(ctx, a0) })
			same("Relations", func(db *testDB) (any, error) {
				return db.Relations(ctx, a0, []agora.ID{a1, loaded.Accounts[3].ID})
			})
			same("HomeCandidates", func(db *testDB) (any, error) { return db.HomeCandidates(ctx, a0, 40, 0) })
			same("ListStatuses by tag", func(db *testDB) (any, error) {
				return db.ListStatuses(ctx, agora.StatusQuery{Tag: "news", Page: agora.Page{Limit: 40}})
			})
			same("ListStatuses public", func(db *testDB) (any, error) {
				return db.ListStatuses(ctx, agora.StatusQuery{Visibilities: []agora.Visibility{agora.VisibilityPublic},
					Page: agora.Page{Limit: 40}})
			})
			same("SearchStatuses", func(db *testDB) (any, error) {
				return db.SearchStatuses(ctx, agora.StatusSearch{Text: "hello"})
			})
			same("TrendingTags", func(db *testDB) (any, error) { return db.TrendingTags(ctx, bulkBase, 10, agora.Uncounted{}) })
			same("SearchTags", func(db *testDB) (any, error) { return db.SearchTags(ctx, "", 10, 0) })

			// Spot checks that the comparisons above compared something.
			a, err := bulk.Account(ctx, a0)
			if err != nil {
				t.Fatal(err)
			}
			// Account 0 posts statuses 0, 5, 10; the reply and boost are by others.
			if a.FollowersCount != 4 || a.FollowingCount != 2 || a.StatusesCount != 3 ||
				!a.LastStatusAt.Equal(loaded.Statuses[10].CreatedAt) {
				t.Errorf("account 0 = %d followers, %d following, %d statuses, last at %v",
					a.FollowersCount, a.FollowingCount, a.StatusesCount, a.LastStatusAt)
			}
			first, err := bulk.Status(ctx, loaded.Statuses[0].ID)
			if err != nil {
				t.Fatal(err)
			}
			if first.RepliesCount != 1 || first.ReblogsCount != 1 || !cmp.Equal(first.Tags, []string{"news"}) {
				t.Errorf("first status: %d replies, %d boosts, tags %q; want 1, 1, [news]",
					first.RepliesCount, first.ReblogsCount, first.Tags)
			}
			home, err := bulk.HomeCandidates(ctx, a0, 40, 0)
			if err != nil || len(home) < 10 {
				t.Errorf("HomeCandidates: %d statuses, %v", len(home), err)
			}
			found, err := bulk.SearchStatuses(ctx, agora.StatusSearch{Text: "HELLO music"})
			if err != nil || len(found) != 1 || !cmp.Equal(found[0].Mentions, []agora.ID{a0, loaded.Accounts[2].ID}) {
				t.Errorf("SearchStatuses: %+v, %v; want the status mentioning accounts 0 and 2", found, err)
			}
			tok, err := bulk.TokenByHash(ctx, hashToken(bulkToken(3)))
			if err != nil || tok.AccountID != loaded.Accounts[3].ID || tok.ApplicationID != loaded.Applications[0].ID ||
				tok.Scopes.String() != "read write follow" {
				t.Errorf("TokenByHash: %+v, %v", tok, err)
			}
			taken, err := bulk.TakenUsernames(ctx, []string{"bulk_1", "BULK_4", "nobody"})
			if err != nil || !cmp.Equal(slices.Sorted(slices.Values(taken)), []string{"Bulk_1", "Bulk_4"}) {
				t.Errorf("TakenUsernames = %q, %v; want [Bulk_1 Bulk_4]", taken, err)
			}
		})
	}
}

// TestLoader_Conflict checks that a conflict fails its whole chunk, leaves the
// chunks before it with their counters, and stops the Loader.
func TestLoader_Conflict(t *testing.T) {
	for _, tc := range bulkDialects() {
		t.Run(tc.dialect, func(t *testing.T) {
			ctx := t.Context()
			db := mustOpen(t, tc.dsn(t))
			if tc.dialect == sqlstore.SQLite {
				t.Cleanup(func() { checkFTS(t, db) })
			}
			b := bulkData()
			l := db.NewLoader(1000)
			// Chunk 1: the accounts; chunk 2: status 0; chunk 3: status 1 and an
			// account with a taken username.
			for _, a := range b.Accounts {
				mustAdd(t, l.AddAccount(ctx, a))
			}
			mustAdd(t, l.Flush(ctx))
			mustAdd(t, l.AddStatus(ctx, b.Statuses[0])) // by account 0
			mustAdd(t, l.Flush(ctx))
			mustAdd(t, l.AddStatus(ctx, b.Statuses[1])) // by account 1
			dup := &agora.Account{ID: bulkID(1000), Username: "BULK_0", Email: "other@example.org",
				Role: agora.RoleUser, CreatedAt: bulkBase}
			mustAdd(t, l.AddAccount(ctx, dup))
			err := l.Flush(ctx)
			if code := agora.ErrorCode(err); code != agora.ECONFLICT {
				t.Fatalf("Flush with a taken username: %v, want ECONFLICT", err)
			}
			if err2 := l.AddStatus(ctx, b.Statuses[3]); err2 != err {
				t.Errorf("AddStatus after the error: %v, want the same error", err2)
			}
			if err2 := l.Flush(ctx); err2 != err {
				t.Errorf("Flush after the error: %v, want the same error", err2)
			}
			if got := l.Stats(); got.Statuses != 1 || got.Chunks != 2 {
				t.Errorf("Stats() = %+v after the conflict, want 1 status, 2 chunks", got)
			}
			n, err := db.CountStatuses(ctx)
			if err != nil || n != 1 {
				t.Errorf("CountStatuses = %d, %v; want 1 (chunk 2 only)", n, err)
			}
			for i, want := range []int{1, 0} {
				a, err := db.Account(ctx, b.Accounts[i].ID)
				if err != nil {
					t.Fatal(err)
				}
				if a.StatusesCount != want {
					t.Errorf("account %d: statuses count %d, want %d", i, a.StatusesCount, want)
				}
			}
			if _, err := db.Account(ctx, dup.ID); agora.ErrorCode(err) != agora.ENOTFOUND {
				t.Errorf("account of the failed chunk: %v, want ENOTFOUND", err)
			}
		})
	}
}

// TestLoader_MissingAccount checks that a reference to an account not loaded is
// ENOTFOUND, as for CreateStatus.
func TestLoader_MissingAccount(t *testing.T) {
	db := mustOpen(t, storetest.SQLitePath(t))
	err := db.BulkLoad(t.Context(), sqlstore.Bulk{Statuses: bulkData().Statuses[:1]})
	if code := agora.ErrorCode(err); code != agora.ENOTFOUND {
		t.Errorf("BulkLoad of a status by a missing account: %v, want ENOTFOUND", err)
	}
}

func mustAdd(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}
