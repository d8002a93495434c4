package dsa_test

import (
	"encoding/json"
	"errors"
	"os"
	"slices"
	"strings"
	"testing"

	"agora/legal/dsa"
	"agora/legal/dsa/dsatest"
)

// withheld is a valid statement of agora's kind: an account withheld in two
// EU states on an authority's order.
func withheld() *dsa.Statement {
	return &dsa.Statement{
		DecisionVisibility: []string{dsa.VisibilityDisabled}, DecisionGround: dsa.GroundIllegal,
		IllegalContentLegalGround: "NetzDG s. 3", IllegalContentExplanation: "The authority states the content is illegal.",
		ContentType: []string{dsa.ContentOther}, ContentTypeOther: "account",
		Category: dsa.CategoryNotSpecified, TerritorialScope: []string{"DE", "FR"},
		ContentDate: "2025-11-30", ApplicationDate: "2026-03-01", DecisionFacts: "Access was disabled in Germany and France.",
		SourceType: dsa.SourceOtherNotification, SourceIdentity: "Bundesamt für Justiz",
		AutomatedDetection: dsa.DetectionNo, AutomatedDecision: dsa.NotAutomated, PUID: "decision-123",
	}
}

// object is the statement's JSON as a map, to spoil on purpose.
func object(t *testing.T, st *dsa.Statement) map[string]any {
	t.Helper()
	data, err := json.Marshal(st)
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	if err := json.Unmarshal(data, &m); err != nil {
		t.Fatal(err)
	}
	return m
}

func encode(t *testing.T, v any) []byte {
	t.Helper()
	data, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

func invalidFields(t *testing.T, err error) []string {
	t.Helper()
	var inv *dsa.Invalid
	if !errors.As(err, &inv) {
		t.Fatalf("error %v is not a *dsa.Invalid", err)
	}
	return inv.Fields()
}

func TestRules_Check(t *testing.T) {
	r := dsatest.Rules(t)
	t.Run("valid", func(t *testing.T) {
		removed := withheld()
		removed.DecisionVisibility, removed.DecisionAccount = nil, dsa.AccountSuspended
		removed.DecisionGround, removed.IllegalContentLegalGround, removed.IllegalContentExplanation = dsa.GroundIncompatible, "", ""
		removed.IncompatibleContentGround, removed.IncompatibleContentExplanation = "The platform's rules", "Removed under the rules."
		removed.Category = dsa.CategoryTermsViolation
		copyright := withheld()
		copyright.Category, copyright.CategorySpecification = dsa.CategoryIntellectualProperty, []string{dsa.KeywordCopyright}
		copyright.ContentType, copyright.ContentTypeOther = []string{dsa.ContentText}, ""
		copyright.DecisionVisibility = []string{dsa.VisibilityRemoved}
		for name, st := range map[string]*dsa.Statement{"withheld": withheld(), "removed": removed, "copyright": copyright} {
			if err := r.CheckStatement(st); err != nil {
				t.Errorf("%s: %v", name, err)
			}
		}
		// What the database accepts beyond agora's own statements.
		for name, edit := range map[string]func(m map[string]any){
			"the literal string null":          func(m map[string]any) { m["decision_account"] = "null" },
			"null where nullable":              func(m map[string]any) { m["territorial_scope"] = nil },
			"an excluded field is not checked": func(m map[string]any) { m["incompatible_content_ground"] = strings.Repeat("x", 600) },
			"source identity ignored": func(m map[string]any) {
				m["source_type"], m["source_identity"] = "SOURCE_VOLUNTARY", strings.Repeat("x", 600)
			},
			"blank optional string": func(m map[string]any) { m["content_language"] = "" },
			"a language":            func(m map[string]any) { m["content_language"] = "DE" },
			"an EAN":                func(m map[string]any) { m["content_id"] = map[string]any{"EAN-13": "4006381333931"} },
			"a reference URL":       func(m map[string]any) { m["decision_ground_reference_url"] = "https://agora.example/rules" },
			"the last day":          func(m map[string]any) { m["end_date_visibility_restriction"] = "2038-01-01" },
			"other visibility with its details": func(m map[string]any) {
				m["decision_visibility"], m["decision_visibility_other"] = []any{"DECISION_VISIBILITY_OTHER"}, "geo-blocked"
			},
		} {
			m := object(t, withheld())
			edit(m)
			if err := r.Check(encode(t, m)); err != nil {
				t.Errorf("%s: %v", name, err)
			}
		}
	})

	// Each spoilt statement fails, naming the field.
	for _, tt := range []struct {
		name, field string
		edit        func(m map[string]any)
	}{
		{"missing ground", "decision_ground", func(m map[string]any) { delete(m, "decision_ground") }},
		{"null ground", "decision_ground", func(m map[string]any) { m["decision_ground"] = nil }},
		{"unknown ground", "decision_ground", func(m map[string]any) { m["decision_ground"] = "DECISION_GROUND_LEGAL_DEMAND" }},
		{"no legal ground", "illegal_content_legal_ground", func(m map[string]any) { delete(m, "illegal_content_legal_ground") }},
		{"blank explanation", "illegal_content_explanation", func(m map[string]any) { m["illegal_content_explanation"] = "  " }},
		{"explanation too long", "illegal_content_explanation", func(m map[string]any) { m["illegal_content_explanation"] = strings.Repeat("é", 2001) }},
		{"incompatible without its ground", "incompatible_content_ground", func(m map[string]any) {
			m["decision_ground"] = "DECISION_GROUND_INCOMPATIBLE_CONTENT"
			m["incompatible_content_explanation"] = "x"
		}},
		{"no decision at all", "decision_visibility", func(m map[string]any) { delete(m, "decision_visibility") }},
		{"unknown visibility", "decision_visibility", func(m map[string]any) { m["decision_visibility"] = []any{"DECISION_VISIBILITY_GEOBLOCKED"} }},
		{"other visibility unexplained", "decision_visibility_other", func(m map[string]any) { m["decision_visibility"] = []any{"DECISION_VISIBILITY_OTHER"} }},
		{"other content type unexplained", "content_type_other", func(m map[string]any) { delete(m, "content_type_other") }},
		{"no content type", "content_type", func(m map[string]any) { m["content_type"] = []any{} }},
		{"content type not an array", "content_type", func(m map[string]any) { m["content_type"] = "CONTENT_TYPE_TEXT" }},
		{"no category", "category", func(m map[string]any) { delete(m, "category") }},
		{"country outside the EU and EEA", "territorial_scope", func(m map[string]any) { m["territorial_scope"] = []any{"DE", "IN"} }},
		{"all countries code", "territorial_scope", func(m map[string]any) { m["territorial_scope"] = []any{"XX"} }},
		{"language in lower case", "content_language", func(m map[string]any) { m["content_language"] = "de" }},
		{"date not zero-padded", "content_date", func(m map[string]any) { m["content_date"] = "2025-1-5" }},
		{"content before 2000", "content_date", func(m map[string]any) { m["content_date"] = "1999-12-31" }},
		{"applied before 2020", "application_date", func(m map[string]any) { m["application_date"] = "2019-12-31" }},
		{"no such day", "application_date", func(m map[string]any) { m["application_date"] = "2026-02-30" }},
		{"end after 2038", "end_date_visibility_restriction", func(m map[string]any) { m["end_date_visibility_restriction"] = "2038-01-02" }},
		{"no facts", "decision_facts", func(m map[string]any) { delete(m, "decision_facts") }},
		{"facts too long", "decision_facts", func(m map[string]any) { m["decision_facts"] = strings.Repeat("x", 5001) }},
		{"unknown source", "source_type", func(m map[string]any) { m["source_type"] = "SOURCE_AUTHORITY_ORDER" }},
		{"detection as a boolean", "automated_detection", func(m map[string]any) { m["automated_detection"] = false }},
		{"unknown automation", "automated_decision", func(m map[string]any) { m["automated_decision"] = "No" }},
		{"no puid", "puid", func(m map[string]any) { delete(m, "puid") }},
		{"puid with a dot", "puid", func(m map[string]any) { m["puid"] = "decision.123" }},
		{"puid too long", "puid", func(m map[string]any) { m["puid"] = strings.Repeat("a", 501) }},
		{"reference not a URL", "decision_ground_reference_url", func(m map[string]any) { m["decision_ground_reference_url"] = "agora rules" }},
		{"EAN too short", "content_id.EAN-13", func(m map[string]any) { m["content_id"] = map[string]any{"EAN-13": "400638133393"} }},
		{"misspelt field", "decision_visiblity", func(m map[string]any) { m["decision_visiblity"] = []any{"DECISION_VISIBILITY_CONTENT_DISABLED"} }},
		{"unknown content id", "content_id.ISBN", func(m map[string]any) { m["content_id"] = map[string]any{"ISBN": "x"} }},
	} {
		t.Run(tt.name, func(t *testing.T) {
			m := object(t, withheld())
			tt.edit(m)
			err := r.Check(encode(t, m))
			if err == nil {
				t.Fatalf("accepted %s", encode(t, m))
			}
			if got := invalidFields(t, err); !slices.Contains(got, tt.field) {
				t.Errorf("problems name %v, want %s: %v", got, tt.field, err)
			}
			if !strings.Contains(err.Error(), tt.field+": ") {
				t.Errorf("the message %q does not name %s", err, tt.field)
			}
		})
	}

	t.Run("not an object", func(t *testing.T) {
		if err := r.Check([]byte(`["puid"]`)); err == nil {
			t.Error("accepted an array")
		}
	})
}

func TestRules_CheckBatch(t *testing.T) {
	r := dsatest.Rules(t)
	batch := func(sts ...*dsa.Statement) []byte { return encode(t, dsa.Batch{Statements: sts}) }
	second := withheld()
	second.PUID = "decision-124"
	if err := r.CheckBatch(batch(withheld(), second)); err != nil {
		t.Errorf("a valid batch: %v", err)
	}
	full := make([]*dsa.Statement, dsa.MaxBatch+1)
	for i := range full {
		full[i] = withheld()
		full[i].PUID = "decision-" + strings.Repeat("1", i+1)
	}
	if err := r.CheckBatch(batch(full[:dsa.MaxBatch]...)); err != nil {
		t.Errorf("a batch of %d: %v", dsa.MaxBatch, err)
	}
	broken := withheld()
	broken.PUID, broken.TerritorialScope = "decision-125", []string{"IN"}
	for name, tt := range map[string]struct {
		body []byte
		want string
	}{
		"empty":          {batch(), "statements: must hold between 1 and 100 statements, not 0"},
		"too many":       {batch(full...), "not 101"},
		"duplicate puid": {batch(withheld(), second, withheld()), `statement_2: puid: is that of statement_0 too`},
		"one broken":     {batch(withheld(), broken), "statement_1: territorial_scope: [0] must be one of the allowed values"},
		"not a batch":    {[]byte(`[]`), "statements: the body is not"},
	} {
		err := r.CheckBatch(tt.body)
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: %v, want an error naming %q", name, err, tt.want)
		}
	}
}

// The rules file is read, not trusted blindly: a rule the check does not know,
// or a list of values that does not resolve, is an error naming the field.
func TestParseRules(t *testing.T) {
	dsatest.Rules(t) // skips without the file
	path, err := dsatest.Path()
	if err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	for name, tt := range map[string]struct{ old, new, want string }{
		"unknown rule":        {`"max:5000"`, `"max_length:5000"`, `field decision_facts: rule "max_length:5000" is not one the check knows`},
		"unknown enumeration": {`"in:<SOURCE_TYPES keys>"`, `"in:<SOURCES keys>"`, "field source_type: in: no enumeration SOURCES"},
		"values disagree":     {`"in:Yes,No"`, `"in:Yes,No,Maybe"`, "allowed_values and the in rule differ"},
		"unknown type":        {`"type": "object"`, `"type": "map"`, `type "map"`},
		"unknown condition":   {`"required_if:decision_ground,DECISION_GROUND_ILLEGAL_CONTENT"`, `"required_if:ground,DECISION_GROUND_ILLEGAL_CONTENT"`, `names "ground", which is not a field`},
	} {
		if !strings.Contains(string(data), tt.old) {
			t.Fatalf("%s: the rules file no longer has %s", name, tt.old)
		}
		_, err := dsa.ParseRules([]byte(strings.Replace(string(data), tt.old, tt.new, 1)))
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: %v, want an error naming %q", name, err, tt.want)
		}
	}
	if _, err := dsa.ParseRules([]byte(`{"fields": []}`)); err == nil {
		t.Error("rules without fields were read")
	}
}

// agora's list of EU and EEA codes is the database's.
func TestTerritories(t *testing.T) {
	dsatest.Rules(t)
	path, _ := dsatest.Path()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var f struct {
		Enums struct {
			Codes []string `json:"EUROPEAN_COUNTRY_CODES"`
		} `json:"enums"`
	}
	if err := json.Unmarshal(data, &f); err != nil {
		t.Fatal(err)
	}
	slices.Sort(f.Enums.Codes)
	if !slices.Equal(f.Enums.Codes, dsa.Territories) {
		t.Errorf("dsa.Territories = %v, the rules file has %v", dsa.Territories, f.Enums.Codes)
	}
	for _, c := range []string{"DE", "NO", "AT", "SK"} {
		if !dsa.InTerritory(c) {
			t.Errorf("InTerritory(%s) = false", c)
		}
	}
	for _, c := range []string{"IN", "GB", "CH", "XX", "EL", ""} {
		if dsa.InTerritory(c) {
			t.Errorf("InTerritory(%s) = true", c)
		}
	}
}
