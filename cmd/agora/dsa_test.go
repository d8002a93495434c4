package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"agora/legal/dsa"
	"agora/legal/dsa/dsatest"
)

func TestDSACheck(t *testing.T) {
	dsatest.Rules(t) // skips without the rules file
	rules, err := dsatest.Path()
	if err != nil {
		t.Fatal(err)
	}
	st := &dsa.Statement{DecisionVisibility: []string{dsa.VisibilityDisabled}, DecisionGround: dsa.GroundIllegal,
		IllegalContentLegalGround: "NetzDG § 3", IllegalContentExplanation: "x", ContentType: []string{dsa.ContentText},
		Category: dsa.CategoryNotSpecified, TerritorialScope: []string{"DE"}, ContentDate: "2025-01-02", ApplicationDate: "2026-02-01",
		DecisionFacts: "x", SourceType: dsa.SourceOtherNotification, AutomatedDetection: dsa.DetectionNo,
		AutomatedDecision: dsa.NotAutomated, PUID: "decision-1"}
	write := func(name string, sts ...*dsa.Statement) string {
		data, err := json.Marshal(dsa.Batch{Statements: sts})
		if err != nil {
			t.Fatal(err)
		}
		p := filepath.Join(t.TempDir(), name)
		if err := os.WriteFile(p, data, 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	good := write("good.json", st)
	r := mustRun(t, nil, "dsa", "check", "--rules", rules, good)
	if !strings.Contains(r.stdout, "good.json: 1 statements valid") {
		t.Errorf("stdout %q", r.stdout)
	}
	bad := *st
	bad.TerritorialScope = []string{"IN"}
	r = runCmd(t, nil, "dsa", "check", "--rules", rules, good, write("bad.json", st, &bad))
	if r.code != 1 || !strings.Contains(r.stdout, "bad.json: statement_1: territorial_scope: ") ||
		!strings.Contains(r.stdout, "bad.json: statement_1: puid: ") || !strings.Contains(r.stderr, "1 of 2 batches are not valid") {
		t.Errorf("a bad batch: exit %d\nstdout: %s\nstderr: %s", r.code, r.stdout, r.stderr)
	}
	for _, args := range [][]string{{"dsa"}, {"dsa", "check", good}, {"dsa", "check", "--rules", rules}} {
		if r := runCmd(t, nil, args...); r.code != 2 {
			t.Errorf("agora %s: exit %d, want 2 (usage)", strings.Join(args, " "), r.code)
		}
	}
	if r := runCmd(t, nil, "dsa", "check", "--rules", filepath.Join(t.TempDir(), "none.json"), good); r.code != 1 {
		t.Errorf("missing rules: exit %d", r.code)
	}
}
