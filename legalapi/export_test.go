package legalapi

import (
	"reflect"
	"slices"
	"testing"
	"time"

	"agora/legal/dsa"
	"agora/legal/lumen"
	"agora/legalapi/wire"
)

// The exports' components against the Go shapes of legal/lumen and legal/dsa:
// the same fields, the enumerations agora sends, and real values validating.
// The real server's answers are checked end to end (e2e/legal_export_test.go).

func TestOpenAPI_ExportShapes(t *testing.T) {
	d := loadDoc(t)
	props := func(name string) []string {
		return keys(d.object(t, "/components/schemas/"+name)["properties"].(map[string]any))
	}
	for name, typ := range map[string]reflect.Type{
		"LumenSubmission": reflect.TypeFor[wire.LumenSubmission](), "LumenNotice": reflect.TypeFor[lumen.Notice](),
		"LumenRole": reflect.TypeFor[lumen.Role](), "LumenEntity": reflect.TypeFor[lumen.Entity](),
		"LumenWork": reflect.TypeFor[lumen.Work](), "DSAStatements": reflect.TypeFor[wire.DSAStatements](),
		"DSAStatement": reflect.TypeFor[dsa.Statement](),
	} {
		if got, want := props(name), jsonFields(typ); !slices.Equal(got, want) {
			t.Errorf("%s: properties %v, the Go type has %v", name, got, want)
		}
		if d.object(t, "/components/schemas/"+name)["additionalProperties"] != false {
			t.Errorf("%s: additionalProperties is not false", name)
		}
	}
	// Lumen's notice sends every key; a statement leaves optional ones out.
	for _, name := range []string{"LumenSubmission", "LumenNotice", "LumenRole", "LumenWork", "DSAStatements"} {
		s := d.object(t, "/components/schemas/"+name)
		if got, want := strs(s["required"]), props(name); !slices.Equal(sorted(got), want) {
			t.Errorf("%s: required %v, properties %v", name, got, want)
		}
	}
	terr, _ := d.lookup("/components/schemas/DSAStatement/properties/territorial_scope/items/enum")
	if got := strs(terr); !slices.Equal(got, dsa.Territories) {
		t.Errorf("territorial_scope enum %v, want dsa.Territories", got)
	}
	action, _ := d.lookup("/components/schemas/LumenNotice/properties/action_taken/enum")
	if got := strs(action); !slices.Equal(sorted(got), sorted(lumen.ActionTakenValues)) {
		t.Errorf("action_taken enum %v, want %v", got, lumen.ActionTakenValues)
	}

	sent := "2026-02-01"
	notice := &lumen.Notice{Type: lumen.TypeGovernmentRequest, Title: "Order 2026-000042 of MeitY", Subject: "Withholding of 2 accounts in India",
		Body: "Public order.", DateSent: &sent, DateReceived: sent, Source: "Email", JurisdictionList: "IN", RegulationList: "IT Act s. 69A",
		ActionTaken: lumen.ActionPartial, RequestType: lumen.RequestAgency,
		Roles: []*lumen.Role{{Name: lumen.RoleSender, Entity: &lumen.Entity{Name: "MeitY", Kind: lumen.KindOrganization, CountryCode: "IN"}},
			{Name: lumen.RoleRecipient, Entity: &lumen.Entity{Name: "agora", Kind: lumen.KindOrganization}}},
		Works: []*lumen.Work{{Description: "Accounts named in the order", Kind: "account", URLs: []*lumen.URL{{URL: "https://agora.example/@someone"}}}}}
	minimal := &lumen.Notice{Type: lumen.TypeGovernmentRequest, Title: "Order 2026-000043", DateReceived: sent, Source: "Unspecified",
		ActionTaken: lumen.ActionUnspecified, RequestType: lumen.RequestAgency,
		Roles: []*lumen.Role{{Name: lumen.RoleRecipient, Entity: &lumen.Entity{Name: "agora", Kind: lumen.KindOrganization}}}, Works: []*lumen.Work{}}
	withheld := &dsa.Statement{DecisionVisibility: []string{dsa.VisibilityDisabled}, DecisionGround: dsa.GroundIllegal,
		IllegalContentLegalGround: "NetzDG § 3", IllegalContentExplanation: "x", ContentType: []string{dsa.ContentOther},
		ContentTypeOther: "An account", Category: dsa.CategoryIntellectualProperty, CategorySpecification: []string{dsa.KeywordCopyright},
		TerritorialScope: []string{"DE", "FR"}, ContentDate: "2025-01-02", ApplicationDate: "2026-02-01", DecisionFacts: "x",
		SourceType: dsa.SourceOtherNotification, SourceIdentity: "BfJ", AutomatedDetection: dsa.DetectionNo,
		AutomatedDecision: dsa.NotAutomated, PUID: "decision-115081214726144000"}
	removed := &dsa.Statement{DecisionAccount: dsa.AccountSuspended, DecisionGround: dsa.GroundIncompatible,
		IncompatibleContentGround: "The platform's own rules", IncompatibleContentExplanation: "x", ContentType: []string{dsa.ContentText},
		Category: dsa.CategoryTermsViolation, TerritorialScope: dsa.Territories, ContentDate: "2000-01-01", ApplicationDate: "2026-02-01",
		DecisionFacts: "x", SourceType: dsa.SourceOtherNotification, AutomatedDetection: dsa.DetectionNo,
		AutomatedDecision: dsa.NotAutomated, PUID: "decision-1"}
	for name, tt := range map[string]struct {
		component string
		value     any
	}{
		"lumen full":    {"LumenSubmission", wire.LumenSubmission{Notice: notice}},
		"lumen minimal": {"LumenSubmission", wire.LumenSubmission{Notice: minimal}},
		"dsa":           {"DSAStatements", wire.DSAStatements{Statements: []*dsa.Statement{withheld, removed}}},
		"dsa empty":     {"DSAStatements", wire.DSAStatements{Statements: []*dsa.Statement{}}},
	} {
		if err := d.validate(t, tt.component, tt.value); err != nil {
			t.Errorf("%s does not match %s: %v", name, tt.component, err)
		}
	}
	for name, tt := range map[string]struct{ component, body string }{
		"statement from elsewhere": {"DSAStatement", `{"decision_ground":"DECISION_GROUND_ILLEGAL_CONTENT","content_type":["CONTENT_TYPE_TEXT"],"category":"STATEMENT_CATEGORY_NOT_SPECIFIED_NOTICE","content_date":"2025-01-01","application_date":"2026-01-01","decision_facts":"x","source_type":"SOURCE_TYPE_OTHER_NOTIFICATION","automated_detection":"No","automated_decision":"AUTOMATED_DECISION_NOT_AUTOMATED","puid":"decision-1","territorial_scope":["IN"]}`},
		"statement without puid":   {"DSAStatement", `{"decision_ground":"DECISION_GROUND_ILLEGAL_CONTENT","content_type":["CONTENT_TYPE_TEXT"],"category":"STATEMENT_CATEGORY_NOT_SPECIFIED_NOTICE","content_date":"2025-01-01","application_date":"2026-01-01","decision_facts":"x","source_type":"SOURCE_TYPE_OTHER_NOTIFICATION","automated_detection":"No","automated_decision":"AUTOMATED_DECISION_NOT_AUTOMATED"}`},
		"null statements":          {"DSAStatements", `{"statements":null}`},
		"lumen without notice":     {"LumenSubmission", `{}`},
		"lumen action of its own":  {"LumenNotice", `{"type":"GovernmentRequest","title":"t","subject":"","body":"","date_sent":null,"date_received":"2026-01-01","source":"Email","jurisdiction_list":"","regulation_list":"","language":null,"action_taken":"Some","request_type":"Agency","entity_notice_roles_attributes":[{"name":"recipient","entity_attributes":{"name":"agora","kind":"organization"}}],"works_attributes":[]}`},
	} {
		if err := d.validateJSON(t, d.component(t, tt.component), []byte(tt.body)); err == nil {
			t.Errorf("%s: %s accepted %s", name, tt.component, tt.body)
		}
	}
}

func sorted(s []string) []string {
	s = slices.Clone(s)
	slices.Sort(s)
	return s
}

func TestParseSince(t *testing.T) {
	for in, want := range map[string]time.Time{
		"2026-01-31":                time.Date(2026, 1, 31, 0, 0, 0, 0, time.UTC),
		"2026-01-31T09:30:00Z":      time.Date(2026, 1, 31, 9, 30, 0, 0, time.UTC),
		"2026-01-31T15:00:00+05:30": time.Date(2026, 1, 31, 9, 30, 0, 0, time.UTC),
	} {
		got, err := parseSince(in)
		if err != nil || !got.Equal(want) {
			t.Errorf("parseSince(%q) = %v, %v, want %v", in, got, err, want)
		}
	}
	for _, bad := range []string{"31/01/2026", "2026-1-31", "yesterday", "2026-01-31 09:30"} {
		if _, err := parseSince(bad); err == nil {
			t.Errorf("parseSince(%q) succeeded", bad)
		}
	}
}
