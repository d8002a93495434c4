package sqlstore_test

import (
	"testing"

	"agora"
	"agora/storetest"
)

// TestStartLog_Backfill checks that StartLog gives the rules in force made before
// the log existed (written here straight into the table) their withhold entries,
// once, and leaves lifted rules out; and that the rules then carry the index of
// their entry, under a new rule version, so that a gate that loaded them before
// learns it (RuleChanges).
func TestStartLog_Backfill(t *testing.T) {
	db := mustOpen(t, storetest.SQLitePath(t))
	ctx := t.Context()
	var ids agora.IDGenerator
	old, gone := ids.New(), ids.New()
	for _, r := range []struct {
		id     agora.ID
		lifted any
	}{{old, nil}, {gone, int64(1_700_000_100_000)}} {
		if _, err := db.SQL().ExecContext(ctx, `INSERT INTO withholding_rules (id, kind, subject_id, hashtag,
			countries, reason, origin, order_id, target_id, created_by, since, lifted_at, sealed_until, version)
			VALUES (?, 'hashtag', 0, 'old', 'IN', 'legal_demand', 'cli', 0, 0, 0, 1700000000000, ?, 0, 1)`,
			r.id, r.lifted); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := db.SQL().ExecContext(ctx, `UPDATE rule_version SET v = 1`); err != nil {
		t.Fatal(err)
	}
	for range 2 {
		if _, err := db.StartLog(ctx, agora.LogInfo{BaseURL: "https://agora.example"}); err != nil {
			t.Fatalf("StartLog: %v", err)
		}
	}
	raw, err := db.LogEntries(ctx, 0, 10)
	if err != nil {
		t.Fatal(err)
	}
	want := `{"action":"withhold","countries":["IN"],"index":0,"reason":"legal_demand","rule":"` + old.String() +
		`","subject":"https://agora.example/tags/old","time":"2023-11-14T22:13:20.000Z"}`
	if len(raw) != 1 || string(raw[0]) != want {
		t.Fatalf("entries after StartLog:\n%s\nwant\n%s", raw, want)
	}
	storetest.CheckLog(t, db)
	changed, v, err := db.RuleChanges(ctx, 1)
	if err != nil {
		t.Fatal(err)
	}
	if v != 2 || len(changed) != 1 || changed[0].ID != old || changed[0].LogIndex != 0 {
		t.Errorf("RuleChanges after StartLog = %+v at version %d; want rule %d with LogIndex 0 at version 2", changed, v, old)
	}
	if r, err := db.Rule(ctx, gone); err != nil || r.Logged() {
		t.Errorf("the rule lifted before the log: %+v, %v; want no entry", r, err)
	}
}
