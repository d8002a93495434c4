package sqlstore_test

import (
	"bufio"
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"agora"
	"agora/sqlstore"
	"agora/storetest"

	"github.com/google/go-cmp/cmp"
)

// dialects are the databases the tests here run on.
var dialects = []struct {
	name string
	dsn  func(testing.TB) string
}{
	{sqlstore.SQLite, storetest.SQLitePath},
	{sqlstore.Postgres, storetest.PostgresDSN},
}

// TestAudit_AppendOnly checks that the database itself refuses to change or remove
// audit events, whoever connects.
func TestAudit_AppendOnly(t *testing.T) {
	for _, tc := range dialects {
		t.Run(tc.name, func(t *testing.T) {
			db := mustOpen(t, tc.dsn(t))
			ctx := t.Context()
			var ids agora.IDGenerator
			e := &agora.AuditEvent{ID: ids.New(), ActorKind: "cli", Action: "rule.create",
				ObjectKind: "rule", ObjectID: 1, Summary: "kept", CreatedAt: time.Now()}
			if err := db.AppendAudit(ctx, []*agora.AuditEvent{e}); err != nil {
				t.Fatal(err)
			}
			stmts := []string{
				`UPDATE audit_events SET summary = 'changed'`,
				`UPDATE audit_events SET id = id + 1 WHERE object_kind = 'rule'`,
				`DELETE FROM audit_events`,
				`DELETE FROM audit_events WHERE object_id = 1`,
			}
			if tc.name == sqlstore.Postgres {
				stmts = append(stmts, `TRUNCATE audit_events`)
			}
			for _, stmt := range stmts {
				_, err := db.SQL().ExecContext(ctx, stmt)
				if err == nil || !strings.Contains(err.Error(), "audit events are append-only") {
					t.Errorf("%s: %v, want the append-only error", stmt, err)
				}
			}
			got, err := db.Audit(ctx, agora.AuditQuery{})
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff([]*agora.AuditEvent{e}, got); diff != "" {
				t.Errorf("events after the refused statements (-want +got):\n%s", diff)
			}
		})
	}
}

// TestRuleVersion_Processes has two other processes and this one create and lift
// rules on one database at once: every change must get its own version, with no
// gaps, in whichever process it ran.
func TestRuleVersion_Processes(t *testing.T) {
	if os.Getenv(writerEnv) != "" {
		t.Skip("in a writer process")
	}
	const processes, goroutines, changes = 2, 4, 15
	for _, tc := range dialects {
		t.Run(tc.name, func(t *testing.T) {
			db := mustOpen(t, tc.dsn(t)) // migrates before the writers start
			var (
				mu       sync.Mutex
				versions []int64
				wg       sync.WaitGroup
				errs     = make([]error, processes+1)
			)
			for p := range processes {
				wg.Go(func() {
					cmd := exec.CommandContext(t.Context(), os.Args[0], "-test.run=^TestRuleVersion_Writer$", "-test.count=1")
					cmd.Env = append(os.Environ(), writerEnv+"="+db.dsn,
						fmt.Sprintf("%s=%d,%d", writerArgsEnv, goroutines, changes))
					var stderr bytes.Buffer
					cmd.Stderr = &stderr
					out, err := cmd.Output()
					if err != nil {
						errs[p] = fmt.Errorf("writer process: %v\n%s%s", err, out, stderr.Bytes())
						return
					}
					got, err := parseVersions(out)
					mu.Lock()
					versions = append(versions, got...)
					mu.Unlock()
					errs[p] = err
				})
			}
			wg.Go(func() {
				got, err := writeRules(t, db.DB, goroutines, changes)
				mu.Lock()
				versions = append(versions, got...)
				mu.Unlock()
				errs[processes] = err
			})
			wg.Wait()
			for _, err := range errs {
				if err != nil {
					t.Fatal(err)
				}
			}
			want := (processes + 1) * goroutines * changes
			slices.Sort(versions)
			if len(versions) != want {
				t.Fatalf("%d versions reported, want %d", len(versions), want)
			}
			for i, v := range versions {
				if v != int64(i+1) {
					t.Fatalf("versions repeat or skip at %d: %v", i+1, versions[max(0, i-3):min(len(versions), i+3)])
				}
			}
			if v, err := db.RuleVersion(t.Context()); err != nil || v != int64(want) {
				t.Fatalf("RuleVersion = %d, %v; want %d", v, err, want)
			}
		})
	}
}

const (
	writerEnv     = "AGORA_TEST_RULE_WRITER_DSN"
	writerArgsEnv = "AGORA_TEST_RULE_WRITER_ARGS" // goroutines,changes
)

// TestRuleVersion_Writer is the writer process of TestRuleVersion_Processes: it
// prints "version N" for every change it made.
func TestRuleVersion_Writer(t *testing.T) {
	dsn := os.Getenv(writerEnv)
	if dsn == "" {
		t.Skip("run by TestRuleVersion_Processes")
	}
	var goroutines, changes int
	if _, err := fmt.Sscanf(os.Getenv(writerArgsEnv), "%d,%d", &goroutines, &changes); err != nil {
		t.Fatalf("%s: %v", writerArgsEnv, err)
	}
	db, err := sqlstore.Open(t.Context(), dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	versions, err := writeRules(t, db, goroutines, changes)
	if err != nil {
		t.Fatal(err)
	}
	for _, v := range versions {
		fmt.Printf("version %d\n", v)
	}
}

// writeRules has goroutines each make changes changes, alternately creating two
// rules and lifting one of them, and returns the versions the changes got.
func writeRules(t *testing.T, db *sqlstore.DB, goroutines, changes int) ([]int64, error) {
	var ids agora.IDGenerator
	var mu sync.Mutex
	var versions []int64
	var wg sync.WaitGroup
	errs := make([]error, goroutines)
	for g := range goroutines {
		wg.Go(func() {
			var created []agora.ID
			for i := range changes {
				var v int64
				var err error
				if i%2 == 0 {
					rules := []*agora.Rule{newRule(&ids), newRule(&ids)}
					v, err = db.CreateRules(t.Context(), rules, nil)
					created = append(created, rules[0].ID)
				} else {
					v, err = db.LiftRules(t.Context(), created[len(created)-1:], time.Now(), nil)
				}
				if err != nil {
					errs[g] = err
					return
				}
				mu.Lock()
				versions = append(versions, v)
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return nil, err
		}
	}
	return versions, nil
}

func newRule(ids *agora.IDGenerator) *agora.Rule {
	id := ids.New()
	return &agora.Rule{ID: id, Kind: agora.SubjectStatus, SubjectID: ids.New(), Countries: []string{"IN"},
		Reason: agora.ReasonLegalDemand, Origin: "cli", Since: id.Time()}
}

// parseVersions reads the "version N" lines of a writer process's output.
func parseVersions(out []byte) ([]int64, error) {
	var versions []int64
	sc := bufio.NewScanner(bytes.NewReader(out))
	for sc.Scan() {
		rest, ok := strings.CutPrefix(sc.Text(), "version ")
		if !ok {
			continue
		}
		v, err := strconv.ParseInt(rest, 10, 64)
		if err != nil {
			return nil, fmt.Errorf("writer output %q: %w", sc.Text(), err)
		}
		versions = append(versions, v)
	}
	return versions, sc.Err()
}
