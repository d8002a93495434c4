//go:build unix

package e2e

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"sync"
	"time"

	"agora"
	"agora/agoratest"
	"agora/sqlstore"
)

// The checks of TestSocialCrash: what is in the database after a kill, and the
// retries after the restart.

// crashDB is the rig's database, opened with sqlstore, for the checks.
type crashDB struct {
	s  *crashSocial
	db *sqlstore.DB
}

func (s *crashSocial) openDB() *crashDB {
	s.t.Helper()
	db, err := sqlstore.Open(context.Background(), s.r.dsn)
	if err != nil {
		s.t.Fatalf("open the database: %v", err)
	}
	return &crashDB{s: s, db: db}
}

func (d *crashDB) close() { d.db.Close() }

// each runs the query, which takes ? placeholders on both backends, and calls
// row with a scanner for each row.
func (d *crashDB) each(q string, args []any, row func(scan func(...any))) {
	t := d.s.t
	t.Helper()
	if d.s.backend == agoratest.Postgres {
		var b strings.Builder
		n := 0
		for _, r := range q {
			if r == '?' {
				n++
				fmt.Fprintf(&b, "$%d", n)
				continue
			}
			b.WriteRune(r)
		}
		q = b.String()
	}
	rows, err := d.db.SQL().QueryContext(context.Background(), q, args...)
	if err != nil {
		t.Fatalf("%s: %v", q, err)
	}
	defer rows.Close()
	for rows.Next() {
		row(func(dst ...any) {
			if err := rows.Scan(dst...); err != nil {
				t.Fatalf("%s: %v", q, err)
			}
		})
	}
	if err := rows.Err(); err != nil {
		t.Fatalf("%s: %v", q, err)
	}
}

// stored returns how many times each post of cycle c is stored, by text.
func (d *crashDB) stored(c int) map[string]int {
	out := map[string]int{}
	d.each(`SELECT text, count(*) FROM statuses WHERE text LIKE ? GROUP BY text`,
		[]any{fmt.Sprintf("cycle %d post %%", c)}, func(scan func(...any)) {
			var text string
			var n int
			scan(&text, &n)
			out[text] = n
		})
	return out
}

// checkAcked checks that every post and favourite answered 2xx is there: the
// post under its key with the ID answered, once; the favourite's mark. A post
// in flight is there once at most.
func (s *crashSocial) checkAcked(c int, d *crashDB, writes []*crashWrite) {
	stored := d.stored(c)
	keys := map[string]string{}
	d.each(`SELECT key, status_id FROM idempotency_keys WHERE key LIKE ?`,
		[]any{fmt.Sprintf("crash-%s-c%d-%%", s.backend, c)}, func(scan func(...any)) {
			var key string
			var id int64
			scan(&key, &id)
			keys[key] = agora.ID(id).String()
		})
	marks := map[string]bool{}
	d.each(`SELECT account_id, status_id FROM status_marks WHERE kind = 'favourite'`, nil, func(scan func(...any)) {
		var account, status int64
		scan(&account, &status)
		marks[agora.ID(account).String()+"/"+agora.ID(status).String()] = true
	})
	for _, w := range writes {
		switch {
		case w.favourite && w.state == writeAcked:
			if !marks[s.favers[w.actor].id+"/"+w.statusID] {
				s.t.Errorf("cycle %d: %s was answered 200 but is not there", c, w)
			}
			s.stats.checks++
		case !w.favourite:
			n := stored[w.text]
			if n > 1 || (w.state == writeAcked && n != 1) {
				s.t.Errorf("cycle %d: %s (%v) is stored %d times", c, w, w.state, n)
			}
			s.stats.checks++
			if w.state == writeAcked {
				if got := keys[w.key]; got != w.statusID {
					s.t.Errorf("cycle %d: %s was answered with %s; under its key: %q", c, w, w.statusID, got)
				}
				s.stats.checks++
			}
		}
	}
}

// checkNotifications checks the whole database: every mention of every status
// has its mention notification, every favourite its favourite notification,
// each once, and no such notification is without its cause. What it finds
// wrong is reported once.
func (s *crashSocial) checkNotifications(c int, d *crashDB, when string) {
	problems := map[string]string{
		"mention without notification": `SELECT m.status_id, m.account_id FROM status_mentions m
			WHERE NOT EXISTS (SELECT 1 FROM notifications n WHERE n.type = 'mention'
				AND n.status_id = m.status_id AND n.account_id = m.account_id)`,
		"favourite without notification": `SELECT k.status_id, k.account_id FROM status_marks k
			WHERE k.kind = 'favourite' AND NOT EXISTS (SELECT 1 FROM notifications n WHERE n.type = 'favourite'
				AND n.status_id = k.status_id AND n.from_account_id = k.account_id)`,
		"mention notification without mention": `SELECT n.status_id, n.account_id FROM notifications n
			WHERE n.type = 'mention' AND NOT EXISTS (SELECT 1 FROM status_mentions m
				WHERE m.status_id = n.status_id AND m.account_id = n.account_id)`,
		"favourite notification without favourite": `SELECT n.status_id, n.from_account_id FROM notifications n
			WHERE n.type = 'favourite' AND NOT EXISTS (SELECT 1 FROM status_marks k
				WHERE k.kind = 'favourite' AND k.status_id = n.status_id AND k.account_id = n.from_account_id)`,
		"notification doubled": `SELECT status_id, from_account_id FROM notifications
			WHERE type IN ('mention', 'favourite')
			GROUP BY account_id, type, from_account_id, status_id HAVING count(*) > 1`,
	}
	kinds := make([]string, 0, len(problems))
	for k := range problems {
		kinds = append(kinds, k)
	}
	slices.Sort(kinds)
	for _, kind := range kinds {
		d.each(problems[kind], nil, func(scan func(...any)) {
			var status, account int64
			scan(&status, &account)
			key := fmt.Sprintf("%s: status %d, account %d", kind, status, account)
			if !s.lost[key] {
				s.lost[key] = true
				s.stats.lostOrDouble++
				s.t.Errorf("cycle %d, %s: %s", c, when, key)
			}
		})
		s.stats.checks++
	}
}

// retry sends every post and favourite that was in flight or answered again,
// the post with its key, each actor's in order and the actors at once, and
// checks the answers: 200, and for a post answered before, the same status;
// then that each post is stored once.
func (s *crashSocial) retry(c int, writes []*crashWrite) {
	hc := &http.Client{Timeout: 30 * time.Second}
	type actor struct {
		favourite bool
		i         int
	}
	byActor := map[actor][]*crashWrite{}
	for _, w := range writes {
		if w.state != writeRefused {
			a := actor{w.favourite, w.actor}
			byActor[a] = append(byActor[a], w)
		}
	}
	var wg sync.WaitGroup
	for _, ws := range byActor {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for _, w := range ws {
				s.retryOne(c, hc, w)
			}
		}()
	}
	wg.Wait()
	d := s.openDB()
	defer d.close()
	stored := d.stored(c)
	for _, w := range writes {
		if w.favourite || w.state == writeRefused {
			continue
		}
		s.stats.retries++
		s.stats.checks += 2 // the answer, and this
		if n := stored[w.text]; n != 1 {
			s.t.Errorf("cycle %d: after retrying %s it is stored %d times", c, w, n)
		}
	}
	for _, w := range writes {
		if w.favourite && w.state != writeRefused {
			s.stats.retries++
			s.stats.checks++
		}
	}
	s.checkNotifications(c, d, "after the retries")
}

// retryOne sends w again and checks the answer.
func (s *crashSocial) retryOne(c int, hc *http.Client, w *crashWrite) {
	if w.favourite {
		code, body, err := crashCall(hc, s.r.url, s.favers[w.actor].token, http.MethodPost, "/api/v1/statuses/"+w.statusID+"/favourite", "", nil)
		if err != nil || code != http.StatusOK {
			s.t.Errorf("cycle %d: retrying %s: %d %v %.300s", c, w, code, err, body)
		}
		return
	}
	code, body, err := crashCall(hc, s.r.url, s.posters[w.actor].token, http.MethodPost, "/api/v1/statuses", w.key,
		map[string]string{"status": w.text, "visibility": "public"})
	if err != nil || code != http.StatusOK {
		s.t.Errorf("cycle %d: retrying %s: %d %v %.300s", c, w, code, err, body)
		return
	}
	var st struct {
		ID string `json:"id"`
	}
	if err := json.Unmarshal([]byte(body), &st); err != nil {
		s.t.Errorf("cycle %d: retrying %s: %v", c, w, err)
		return
	}
	if w.state == writeAcked && st.ID != w.statusID {
		s.t.Errorf("cycle %d: retrying %s answered status %s, first %s", c, w, st.ID, w.statusID)
	}
	if w.state == writeSent {
		s.addPool(st.ID)
	}
}
