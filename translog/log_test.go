package translog_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"golang.org/x/mod/sumdb/note"
	"golang.org/x/mod/sumdb/tlog"

	"agora"
	"agora/sqlstore"
	"agora/storetest"
	"agora/translog"
)

// direct reads a log in process, as a Fetcher.
type direct struct{ l *translog.Log }

func (d direct) Key(context.Context) (string, error)                { return d.l.VerifierKey(), nil }
func (d direct) Checkpoint(ctx context.Context) ([]byte, error)     { return d.l.Checkpoint(ctx) }
func (d direct) Tile(ctx context.Context, p string) ([]byte, error) { return d.l.Tile(ctx, p) }
func (d direct) Opening(ctx context.Context, i int64) (*agora.LogOpening, error) {
	return d.l.Opening(ctx, i)
}

// rig is a log on a real database with a clock the test moves.
type rig struct {
	t     *testing.T
	db    *sqlstore.DB
	log   *translog.Log
	now   time.Time
	ids   agora.IDGenerator
	alice *agora.Account
}

func newRig(t *testing.T, dsn string) *rig {
	db, err := sqlstore.Open(t.Context(), dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	r := &rig{t: t, db: db, now: time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)}
	skey, vkey, err := translog.LoadOrCreateKey(filepath.Join(t.TempDir(), "log.key"), translog.Origin("https://agora.example"))
	if err != nil {
		t.Fatal(err)
	}
	r.log, err = translog.Open(t.Context(), db, "https://agora.example/", skey, vkey, func() time.Time { return r.now })
	if err != nil {
		t.Fatal(err)
	}
	id := r.ids.New()
	r.alice = &agora.Account{ID: id, Username: "alice", Email: "a@example.org", Role: agora.RoleUser, CreatedAt: id.Time()}
	if err := db.CreateAccount(t.Context(), r.alice); err != nil {
		t.Fatal(err)
	}
	return r
}

// withhold creates n hashtag rules, sealed until sealed when it is not zero.
func (r *rig) withhold(n int, sealed time.Time) []*agora.Rule {
	r.t.Helper()
	rules := make([]*agora.Rule, n)
	for i := range rules {
		rules[i] = &agora.Rule{ID: r.ids.New(), Kind: agora.SubjectAccount, SubjectID: r.alice.ID,
			Countries: []string{"IN"}, Reason: agora.ReasonLegalDemand, Origin: "cli", Since: r.now, SealedUntil: sealed}
	}
	if _, err := r.db.CreateRules(r.t.Context(), rules, nil); err != nil {
		r.t.Fatal(err)
	}
	return rules
}

func (r *rig) verify(st translog.State, opts translog.VerifyOptions) (translog.State, *translog.Report) {
	r.t.Helper()
	st, rep, err := translog.Verify(r.t.Context(), direct{r.log}, st, opts)
	if err != nil {
		r.t.Fatalf("Verify: %v", err)
	}
	return st, rep
}

func backends(t *testing.T, test func(t *testing.T, dsn string)) {
	t.Run("sqlite", func(t *testing.T) { test(t, storetest.SQLitePath(t)) })
	t.Run("postgres", func(t *testing.T) { test(t, storetest.PostgresDSN(t)) })
}

// TestVerify_Growth verifies the log as it grows past several tiles: every new
// entry's inclusion and the consistency of each checkpoint with the last.
func TestVerify_Growth(t *testing.T) {
	backends(t, func(t *testing.T, dsn string) {
		r := newRig(t, dsn)
		st, rep := r.verify(translog.State{}, translog.VerifyOptions{})
		if rep.Size != 0 || st.Key != r.log.VerifierKey() {
			t.Fatalf("empty log: %+v, key %q", rep, st.Key)
		}
		for _, n := range []int{1, 254, 3, 300, 1} {
			r.withhold(n, time.Time{})
			var rep *translog.Report
			old := st.Size
			st, rep = r.verify(st, translog.VerifyOptions{})
			if rep.OldSize != old || rep.Size != old+int64(n) || rep.Entries != int64(n) {
				t.Errorf("after %d more: %+v", n, rep)
			}
		}
		if _, rep := r.verify(translog.State{Key: st.Key}, translog.VerifyOptions{}); rep.Entries != st.Size {
			t.Errorf("a first run checked %d entries, want %d", rep.Entries, st.Size)
		}
		storetest.CheckLog(t, r.db)
	})
}

// TestVerify_Tampered changes stored entries and hashes the way someone with
// the database could, and checks that verification fails naming the entry.
func TestVerify_Tampered(t *testing.T) {
	backends(t, func(t *testing.T, dsn string) {
		r := newRig(t, dsn)
		r.withhold(300, time.Time{})
		st, _ := r.verify(translog.State{}, translog.VerifyOptions{})
		exec := func(q string, args ...any) {
			t.Helper()
			if _, err := r.db.SQL().ExecContext(t.Context(), q, args...); err != nil {
				t.Fatalf("%s: %v", q, err)
			}
		}
		// The triggers refuse it; whoever can drop them can change the rows.
		if _, err := r.db.SQL().ExecContext(t.Context(), `UPDATE transparency_log SET entry = entry WHERE idx = 0`); err == nil {
			t.Fatal("the log table took an update")
		}
		if r.db.Dialect() == sqlstore.Postgres {
			exec(`DROP TRIGGER transparency_log_no_change ON transparency_log`)
		} else {
			exec(`DROP TRIGGER transparency_log_no_update`)
		}
		exec(`UPDATE transparency_log SET entry = replace(entry, '"IN"', '"PK"') WHERE idx = 257`)
		_, _, err := translog.Verify(t.Context(), direct{r.log}, translog.State{}, translog.VerifyOptions{})
		if err == nil || !strings.Contains(err.Error(), "entry 257 ") {
			t.Errorf("Verify from scratch: %v, want a failure naming entry 257", err)
		}
		_, _, err = translog.Verify(t.Context(), direct{r.log}, st, translog.VerifyOptions{All: true})
		if err == nil || !strings.Contains(err.Error(), "entry 257 ") {
			t.Errorf("Verify --all: %v, want a failure naming entry 257", err)
		}
		// Rewriting history: recompute nothing, just swap a stored hash.
		r.withhold(1, time.Time{})
		if r.db.Dialect() == sqlstore.Postgres {
			exec(`DROP TRIGGER transparency_log_hashes_no_change ON transparency_log_hashes`)
		} else {
			exec(`DROP TRIGGER transparency_log_hashes_no_update`)
		}
		exec(`UPDATE transparency_log_hashes SET hash = (SELECT hash FROM transparency_log_hashes WHERE idx = 1) WHERE idx = 0`)
		// The tile holding it no longer hashes to the tree's node above it.
		if _, _, err := translog.Verify(t.Context(), direct{r.log}, st, translog.VerifyOptions{All: true}); err == nil ||
			!strings.Contains(err.Error(), "entry 0:") {
			t.Errorf("Verify --all after the hash of entry 0 changed: %v, want a failure naming entry 0", err)
		}
	})
}

// TestVerify_Sealed checks that a sealed entry's commitment is opened once the
// seal ends, not before, and that an opening that does not match fails.
func TestVerify_Sealed(t *testing.T) {
	backends(t, func(t *testing.T, dsn string) {
		r := newRig(t, dsn)
		until := r.now.Add(24 * time.Hour)
		r.withhold(2, time.Time{})
		r.withhold(1, until)
		st, rep := r.verify(translog.State{}, translog.VerifyOptions{})
		if rep.Sealed != 1 || rep.Opened != 0 || st.Sealed[2] == "" {
			t.Fatalf("before the seal ends: %+v, state %+v", rep, st.Sealed)
		}
		raw, _ := r.db.LogEntries(t.Context(), 2, 3)
		if strings.Contains(string(raw[0]), "alice") {
			t.Errorf("the sealed entry names its subject: %s", raw[0])
		}
		if _, err := r.log.Opening(t.Context(), 2); agora.ErrorCode(err) != agora.ENOTFOUND {
			t.Errorf("Opening before the seal ends: %v, want ENOTFOUND", err)
		}
		if _, err := r.log.Opening(t.Context(), 1); agora.ErrorCode(err) != agora.ENOTFOUND {
			t.Errorf("Opening of an entry in the open: %v, want ENOTFOUND", err)
		}
		r.now = until
		st2, rep := r.verify(st, translog.VerifyOptions{})
		if rep.Opened != 1 || rep.Sealed != 0 || st2.Sealed != nil {
			t.Errorf("after the seal ends: %+v", rep)
		}
		o, err := r.log.Opening(t.Context(), 2)
		if err != nil || o.Subject != "https://agora.example/@alice" {
			t.Errorf("Opening(2) = %+v, %v", o, err)
		}
		// A salt changed in the database no longer opens the commitment.
		st.Sealed[2] = strings.Repeat("0", 64)
		if _, _, err := translog.Verify(t.Context(), direct{r.log}, st, translog.VerifyOptions{}); err == nil ||
			!strings.Contains(err.Error(), "entry 2:") {
			t.Errorf("Verify with a wrong commitment: %v, want a failure naming entry 2", err)
		}
	})
}

// TestVerify_Key checks that a checkpoint signed with another key fails, and
// that a log refuses to start with another key than its first.
func TestVerify_Key(t *testing.T) {
	r := newRig(t, storetest.SQLitePath(t))
	r.withhold(1, time.Time{})
	_, other, err := translog.LoadOrCreateKey(filepath.Join(t.TempDir(), "other.key"), translog.Origin("https://agora.example"))
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := translog.Verify(t.Context(), direct{r.log}, translog.State{}, translog.VerifyOptions{Key: other}); err == nil {
		t.Error("a checkpoint verified with another key")
	}
	st, _ := r.verify(translog.State{}, translog.VerifyOptions{})
	if _, _, err := translog.Verify(t.Context(), direct{r.log}, st, translog.VerifyOptions{Key: other}); err == nil {
		t.Error("Verify took a key other than the pinned one")
	}
	skey, vkey, err := translog.LoadOrCreateKey(filepath.Join(t.TempDir(), "third.key"), "x")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := translog.Open(t.Context(), r.db, "https://agora.example", skey, vkey, nil); err == nil {
		t.Error("the log started with another key")
	}
}

func TestLoadOrCreateKey(t *testing.T) {
	path := filepath.Join(t.TempDir(), "data", "log.key")
	skey, vkey, err := translog.LoadOrCreateKey(path, "agora.example/transparency/log")
	if err != nil {
		t.Fatal(err)
	}
	info, err := os.Stat(path)
	if err != nil || info.Mode().Perm() != 0o600 {
		t.Fatalf("key file: %v, %v; want mode 0600", info.Mode(), err)
	}
	if !strings.HasPrefix(vkey, "agora.example/transparency/log+") {
		t.Errorf("verifier key %q", vkey)
	}
	s2, v2, err := translog.LoadOrCreateKey(path, "another name")
	if err != nil || s2 != skey || v2 != vkey {
		t.Errorf("second load: %v, keys differ: %v", err, s2 != skey || v2 != vkey)
	}
	if err := os.Chmod(path, 0o644); err != nil {
		t.Fatal(err)
	}
	if _, _, err := translog.LoadOrCreateKey(path, "x"); err == nil {
		t.Error("a key others may read was taken")
	}
}

// TestWitness checks that a witness cosigns a checkpoint consistent with the one
// it saw, that the log then serves it with the cosignature, and that the witness
// refuses a checkpoint of a rewritten history.
func TestWitness(t *testing.T) {
	backends(t, func(t *testing.T, dsn string) {
		r := newRig(t, dsn)
		wkey, wvkey, err := translog.LoadOrCreateWitnessKey(filepath.Join(t.TempDir(), "witness.key"), "witness.example/w1")
		if err != nil {
			t.Fatal(err)
		}
		cosigner, err := translog.NewCosigner(wkey)
		if err != nil {
			t.Fatal(err)
		}
		if err := r.log.SetWitnesses([]string{wvkey}); err != nil {
			t.Fatal(err)
		}
		wv, err := translog.NewCosignatureVerifier(wvkey)
		if err != nil {
			t.Fatal(err)
		}
		witness := func(st translog.State) (translog.State, error) {
			next, _, err := translog.Verify(t.Context(), direct{r.log}, st, translog.VerifyOptions{})
			if err != nil {
				return st, err
			}
			cosigned, err := translog.Cosign([]byte(next.Checkpoint), next.Key, cosigner)
			if err != nil {
				t.Fatal(err)
			}
			return next, r.log.AddCosignature(cosigned)
		}
		r.withhold(3, time.Time{})
		st, err := witness(translog.State{})
		if err != nil {
			t.Fatal(err)
		}
		c, err := r.log.Checkpoint(t.Context())
		if err != nil {
			t.Fatal(err)
		}
		logV, _ := note.NewVerifier(r.log.VerifierKey())
		n, err := note.Open(c, note.VerifierList(logV, wv))
		if err != nil || len(n.Sigs) != 2 {
			t.Fatalf("the checkpoint with its cosignature: %v, %d signatures verified\n%s", err, len(n.Sigs), c)
		}
		// A checkpoint of another size carries no stale cosignature.
		r.withhold(1, time.Time{})
		c, _ = r.log.Checkpoint(t.Context())
		if n, err := note.Open(c, note.VerifierList(logV, wv)); err != nil || len(n.Sigs) != 1 {
			t.Errorf("after growth: %v, %d signatures, want the log's only", err, len(n.Sigs))
		}
		if err := r.log.AddCosignature(c); agora.ErrorCode(err) != agora.EINVALID {
			t.Errorf("AddCosignature without a cosignature: %v, want EINVALID", err)
		}
		if st, err = witness(st); err != nil {
			t.Fatal(err)
		}
		// Rewrite history: the log forgets its last two entries and grows again.
		exec := func(q string) {
			t.Helper()
			if _, err := r.db.SQL().ExecContext(t.Context(), q); err != nil {
				t.Fatalf("%s: %v", q, err)
			}
		}
		if r.db.Dialect() == sqlstore.Postgres {
			exec(`DROP TRIGGER transparency_log_no_change ON transparency_log`)
			exec(`DROP TRIGGER transparency_log_hashes_no_change ON transparency_log_hashes`)
		} else {
			exec(`DROP TRIGGER transparency_log_no_delete`)
			exec(`DROP TRIGGER transparency_log_hashes_no_delete`)
		}
		head2, _ := r.db.LogHashes(t.Context(), []int64{tlog.StoredHashIndex(1, 0)}) // the hash of entries 0 and 1
		exec(`DELETE FROM transparency_log WHERE idx >= 2`)
		exec(fmt.Sprintf(`DELETE FROM transparency_log_hashes WHERE idx >= %d`, tlog.StoredHashIndex(0, 2)))
		if _, err := r.db.SQL().ExecContext(t.Context(), `UPDATE transparency_log_head SET size = 2, root = $1 WHERE id = 1`,
			head2[0][:]); err != nil && r.db.Dialect() == sqlstore.Postgres {
			t.Fatal(err)
		} else if err != nil {
			exec(fmt.Sprintf(`UPDATE transparency_log_head SET size = 2, root = X'%x' WHERE id = 1`, head2[0][:]))
		}
		r.withhold(3, time.Time{})
		if _, err := witness(st); err == nil || !strings.Contains(err.Error(), "not consistent") {
			t.Errorf("the witness on a rewritten log: %v, want a refusal for inconsistency", err)
		}
	})
}
