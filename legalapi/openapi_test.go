package legalapi

import (
	"bytes"
	"encoding/json"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"reflect"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"agora"
	"agora/internal/httpx"
	"agora/legal"
	"agora/legalapi/wire"
)

// The OpenAPI document (openapi.json) is the contract of the legal API. These
// tests keep it and the code from drifting apart: the route table against the
// paths, the wire shapes built by the real constructors against the component
// schemas (fully populated and with every optional field null), the request
// structs against the request schemas, and the guard's errors. The real server's
// answers are checked against the document end to end (e2e/legal_helpers_test.go).

// docURL names the document inside the compiler. It is never fetched.
const docURL = "https://legalapi.agora.invalid/openapi.json"

type openAPIDoc struct {
	raw      map[string]any
	compiler *jsonschema.Compiler
	compiled map[string]*jsonschema.Schema
}

// loadDoc parses the embedded document and prepares a JSON Schema 2020-12
// compiler over it, with format (date-time) and content (base64) assertions,
// as internal/schematest does for the Mastodon schema.
func loadDoc(t *testing.T) *openAPIDoc {
	t.Helper()
	var raw map[string]any
	if err := json.Unmarshal(openAPI, &raw); err != nil {
		t.Fatalf("openapi.json is not JSON: %v", err)
	}
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(openAPI))
	if err != nil {
		t.Fatal(err)
	}
	c := jsonschema.NewCompiler()
	c.DefaultDraft(jsonschema.Draft2020)
	c.AssertFormat()
	c.AssertContent()
	if err := c.AddResource(docURL, doc); err != nil {
		t.Fatal(err)
	}
	return &openAPIDoc{raw: raw, compiler: c, compiled: map[string]*jsonschema.Schema{}}
}

// schemaAt compiles the schema at the JSON pointer ptr of the document.
func (d *openAPIDoc) schemaAt(t *testing.T, ptr string) *jsonschema.Schema {
	t.Helper()
	if s, ok := d.compiled[ptr]; ok {
		return s
	}
	s, err := d.compiler.Compile(docURL + "#" + ptr)
	if err != nil {
		t.Fatalf("compile %s: %v", ptr, err)
	}
	d.compiled[ptr] = s
	return s
}

func (d *openAPIDoc) component(t *testing.T, name string) *jsonschema.Schema {
	t.Helper()
	return d.schemaAt(t, "/components/schemas/"+name)
}

// validate checks the JSON encoding of v against the component; nil when it matches.
func (d *openAPIDoc) validate(t *testing.T, component string, v any) error {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return d.validateJSON(t, d.component(t, component), b)
}

func (d *openAPIDoc) validateJSON(t *testing.T, s *jsonschema.Schema, body []byte) error {
	t.Helper()
	inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(body))
	if err != nil {
		t.Fatalf("not JSON: %v: %s", err, body)
	}
	return s.Validate(inst)
}

// lookup follows a JSON pointer in the raw document.
func (d *openAPIDoc) lookup(ptr string) (any, bool) {
	var cur any = d.raw
	if ptr == "" {
		return cur, true
	}
	for _, tok := range strings.Split(strings.TrimPrefix(ptr, "/"), "/") {
		tok = strings.NewReplacer("~1", "/", "~0", "~").Replace(tok)
		switch c := cur.(type) {
		case map[string]any:
			v, ok := c[tok]
			if !ok {
				return nil, false
			}
			cur = v
		case []any:
			i, err := strconv.Atoi(tok)
			if err != nil || i < 0 || i >= len(c) {
				return nil, false
			}
			cur = c[i]
		default:
			return nil, false
		}
	}
	return cur, true
}

func (d *openAPIDoc) object(t *testing.T, ptr string) map[string]any {
	t.Helper()
	v, ok := d.lookup(ptr)
	m, isObj := v.(map[string]any)
	if !ok || !isObj {
		t.Fatalf("%s: no object in the document", ptr)
	}
	return m
}

func escape(s string) string { return strings.NewReplacer("~", "~0", "/", "~1").Replace(s) }

// operationPtr is the pointer of the operation serving a route pattern such as
// "GET /api/v1/legal/orders/{id}".
func operationPtr(pattern string) string {
	method, path, _ := strings.Cut(pattern, " ")
	return "/paths/" + escape(path) + "/" + strings.ToLower(method)
}

func keys(m map[string]any) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

func strs(v any) []string {
	list, _ := v.([]any)
	out := make([]string, 0, len(list))
	for _, e := range list {
		s, _ := e.(string)
		out = append(out, s)
	}
	sort.Strings(out)
	return out
}

var httpMethods = []string{"get", "put", "post", "delete", "options", "head", "patch", "trace"}

// (1) The document is JSON, OpenAPI 3.1.0, with what the API promises.
func TestOpenAPI_Document(t *testing.T) {
	d := loadDoc(t)
	if got := d.raw["openapi"]; got != "3.1.0" {
		t.Fatalf("openapi = %v, want 3.1.0", got)
	}
	if v, _ := d.lookup("/info/version"); v != "0.1.0" {
		t.Errorf("info.version = %v, want 0.1.0", v)
	}
	if v, _ := d.lookup("/servers/0/url"); v != "/" {
		t.Errorf("servers[0].url = %v, want /", v)
	}
	desc, _ := d.lookup("/info/description")
	for _, want := range []string{"legal", "admin", "access_until", "legal:read", "legal:write"} {
		if !strings.Contains(desc.(string), want) {
			t.Errorf("info.description does not mention %q", want)
		}
	}
	for _, flow := range []string{"authorizationCode", "password"} {
		scopes := d.object(t, "/components/securitySchemes/oauth2/flows/"+flow+"/scopes")
		if got := keys(scopes); !slices.Equal(got, []string{"legal:read", "legal:write"}) {
			t.Errorf("oauth2 %s scopes = %v", flow, got)
		}
	}

	// Every operation has a unique operationId and a summary.
	ids := map[string]string{}
	for path, item := range d.object(t, "/paths") {
		for _, m := range httpMethods {
			op, ok := item.(map[string]any)[m].(map[string]any)
			if !ok {
				continue
			}
			id, _ := op["operationId"].(string)
			if id == "" {
				t.Errorf("%s %s: no operationId", m, path)
			}
			if prev, dup := ids[id]; dup {
				t.Errorf("operationId %q of %s %s is also %s", id, m, path, prev)
			}
			ids[id] = m + " " + path
			if s, _ := op["summary"].(string); s == "" {
				t.Errorf("%s %s: no summary", m, path)
			}
		}
	}

	// Every $ref resolves.
	var walk func(at string, v any)
	walk = func(at string, v any) {
		switch v := v.(type) {
		case map[string]any:
			if ref, ok := v["$ref"].(string); ok {
				ptr, local := strings.CutPrefix(ref, "#")
				if _, found := d.lookup(ptr); !local || !found {
					t.Errorf("%s: $ref %q does not resolve", at, ref)
				}
			}
			for k, e := range v {
				walk(at+"/"+escape(k), e)
			}
		case []any:
			for i, e := range v {
				walk(at+"/"+strconv.Itoa(i), e)
			}
		}
	}
	walk("", d.raw)

	// The wire shapes the brief names are all there.
	for _, name := range []string{"Authority", "Order", "OrderCreated", "Target", "Preview", "OtherDecision", "Conflict", "TargetCounts", "Decision",
		"DecisionInput", "DecisionResult", "Impact", "CountryImpact", "Notice", "Correspondence", "AuditEvent",
		"Document", "Error"} {
		if _, ok := d.lookup("/components/schemas/" + name); !ok {
			t.Errorf("components/schemas has no %s", name)
		}
	}
}

// (2) The route table and the paths agree, both ways, with the same scopes.
func TestOpenAPI_RoutesMatchPaths(t *testing.T) {
	d := loadDoc(t)
	routes := (&API{}).Routes()
	inTable := map[string]Route{}
	for _, rt := range routes {
		inTable[rt.Pattern] = rt
	}
	paramRE := regexp.MustCompile(`\{([a-z_]+)\}`)
	for _, rt := range routes {
		method, path, _ := strings.Cut(rt.Pattern, " ")
		opPtr := operationPtr(rt.Pattern)
		v, ok := d.lookup(opPtr)
		if !ok {
			t.Errorf("route %s is not in the document's paths", rt.Pattern)
			continue
		}
		op := v.(map[string]any)

		// Security: the route's scope, or none for the public document.
		sec, declared := op["security"].([]any)
		if !declared {
			t.Errorf("%s: no security of its own", rt.Pattern)
		}
		var scopes []string
		for _, req := range sec {
			for scheme, s := range req.(map[string]any) {
				if scheme != "oauth2" {
					t.Errorf("%s: security scheme %q", rt.Pattern, scheme)
				}
				scopes = append(scopes, strs(s)...)
			}
		}
		want := []string{}
		if rt.Scope != "" {
			want = []string{rt.Scope}
		}
		if !slices.Equal(append([]string{}, scopes...), want) {
			t.Errorf("%s: security scopes %v, the route table says %v", rt.Pattern, scopes, want)
		}

		// Every path parameter is declared, as a required path parameter.
		declaredParams := map[string]bool{}
		params, _ := op["parameters"].([]any)
		for _, p := range params {
			pm := p.(map[string]any)
			if ref, ok := pm["$ref"].(string); ok {
				pm = d.object(t, strings.TrimPrefix(ref, "#"))
			}
			if pm["in"] == "path" {
				if pm["required"] != true {
					t.Errorf("%s: path parameter %v is not required", rt.Pattern, pm["name"])
				}
				declaredParams[pm["name"].(string)] = true
			}
		}
		for _, m := range paramRE.FindAllStringSubmatch(path, -1) {
			if !declaredParams[m[1]] {
				t.Errorf("%s: path parameter {%s} is not declared", rt.Pattern, m[1])
			}
			delete(declaredParams, m[1])
		}
		for name := range declaredParams {
			t.Errorf("%s: declares path parameter %q the path does not have", rt.Pattern, name)
		}

		// Only POSTs take bodies here, and every POST but the bare actions
		// (acknowledge, a notice's answer) takes one.
		_, hasBody := op["requestBody"]
		bare := strings.HasSuffix(path, "/acknowledge") || path == "/api/v1/legal/notices/{id}/answer"
		if wantBody := method == http.MethodPost && !bare; hasBody != wantBody {
			t.Errorf("%s: requestBody present = %v, want %v", rt.Pattern, hasBody, wantBody)
		}
	}
	for path, item := range d.object(t, "/paths") {
		for m := range item.(map[string]any) {
			if !slices.Contains(httpMethods, m) {
				continue
			}
			pattern := strings.ToUpper(m) + " " + path
			if _, ok := inTable[pattern]; !ok {
				t.Errorf("the document has %s, which is not in the route table", pattern)
			}
		}
	}
}

// (3a) Every component compiles as JSON Schema 2020-12.
func TestOpenAPI_ComponentsCompile(t *testing.T) {
	d := loadDoc(t)
	for _, name := range keys(d.object(t, "/components/schemas")) {
		d.component(t, name)
	}
}

// responseComponents are the wire shapes the server sends: every key, always.
var responseComponents = []string{"Authority", "Order", "OrderCreated", "TargetCounts", "TargetsAdded", "Target",
	"Preview", "AccountPreview", "StatusPreview", "HashtagPreview", "OtherDecision", "Conflict",
	"Decision", "DecisionResult", "Impact", "CountryImpact", "Notice", "Correspondence", "DocumentInfo", "AuditEvent"}

// Every key of a response entity is always sent, so required lists every property,
// and additionalProperties is false, so a new field in Go fails the tests below
// until the document has it.
func TestOpenAPI_ResponseShapesAreClosed(t *testing.T) {
	d := loadDoc(t)
	for _, name := range append(slices.Clone(responseComponents), "AuthorityInput", "OrderInput", "TargetList",
		"DecisionInput", "TargetFilter", "StateInput", "AssignInput", "Document", "NoticeInput", "CorrespondenceInput", "Error") {
		s := d.object(t, "/components/schemas/"+name)
		if s["additionalProperties"] != false {
			t.Errorf("%s: additionalProperties is not false", name)
		}
	}
	for _, name := range responseComponents {
		s := d.object(t, "/components/schemas/"+name)
		props, _ := s["properties"].(map[string]any)
		if got, want := strs(s["required"]), keys(props); !slices.Equal(got, want) {
			t.Errorf("%s: required %v, properties %v", name, got, want)
		}
	}
}

var (
	t0    = time.Date(2026, 2, 1, 9, 30, 0, 123_000_000, time.UTC)
	later = t0.Add(3 * time.Hour)
)

// fullOrder has every field set.
func fullOrder() *agora.Order {
	return &agora.Order{
		ID: 1001, Number: "2026-000042", AuthorityID: 7, Reference: "No. 12/2026-CLES", Channel: "email",
		ReceivedAt: t0, LegalBasis: "IT Act s. 69A", StatementOfReasons: "Public order: incitement in the named accounts.",
		TerritorialScope: []string{"IN"}, Emergency: true, Confidential: true, ConfidentialUntil: t0.Add(30 * 24 * time.Hour),
		Deadline: later, AckDeadline: later, ConfirmDeadline: t0.Add(48 * time.Hour), RedressInfo: "High Court of Delhi",
		RecipientAuthority: "MeitY", Digest: strings.Repeat("ab", 32), State: agora.OrderInReview, AcknowledgedAt: t0.Add(time.Hour),
		ConfirmedAt: t0.Add(2 * time.Hour), RevokedAt: t0.Add(4 * time.Hour), AnsweredAt: t0.Add(5 * time.Hour),
		ClosedAt: t0.Add(6 * time.Hour), FirstEffectAt: t0.Add(90 * time.Minute),
		Deficiencies: []string{agora.DeficiencyLegalBasis, agora.DeficiencyReasons, agora.DeficiencyAuthority, agora.DeficiencyTargets,
			agora.DeficiencyRedress, agora.DeficiencyRecipient, agora.DeficiencyTerritorial},
		AssignedTo: 42, CreatedBy: 42, CreatedAt: t0,
		Counts: agora.TargetCounts{Total: 1180, Resolved: 1100, Unresolved: 40, Duplicate: 30, AlreadyWithheld: 10},
	}
}

// minimalOrder has only what the server always sets: the ID, the state and the
// digest; every optional field is zero, so sent as null or [].
func minimalOrder() *agora.Order {
	return &agora.Order{ID: 1002, State: agora.OrderReceived, Digest: strings.Repeat("0", 64)}
}

// reviewedTarget is an account target assigned to a reviewer, with decisions
// on its account in another order that a decline here would go against.
func reviewedTarget() *agora.Target {
	withheld := &agora.SubjectDecision{OrderNumber: "2026-000041", Subject: agora.Subject{Kind: agora.SubjectAccount, ID: 9},
		Decision: &agora.Decision{ID: 3002, OrderID: 1000, TargetID: 1999, Action: agora.ActionWithhold, Countries: []string{"IN"},
			Reason: agora.ReasonLegalDemand, Note: "internal", ActorID: 42, CreatedAt: t0}}
	declined := &agora.SubjectDecision{OrderNumber: "2026-000040", Subject: withheld.Subject,
		Decision: &agora.Decision{ID: 3003, OrderID: 999, TargetID: 1998, Action: agora.ActionDecline, ReasonCode: "protected_speech", CreatedAt: t0}}
	return &agora.Target{ID: 2003, Position: 3, Input: "@someone", Kind: agora.SubjectAccount, SubjectID: 9,
		Resolution: agora.ResolutionResolved, State: agora.TargetDeclined, ReasonCode: "journalist", AssignedTo: 42,
		Elsewhere: []*agora.SubjectDecision{withheld, declined},
		Conflict:  &agora.Conflict{NeedsNote: []agora.DecisionAction{agora.ActionDecline}, With: []*agora.SubjectDecision{withheld}, Decided: true}}
}

// fullPreview is an account with three posts.
func fullPreview() *agora.SubjectPreview {
	return &agora.SubjectPreview{
		Account: &agora.Account{ID: 9, Username: "someone", DisplayName: "Some One", FollowersCount: 540, StatusesCount: 17},
		Recent: []*agora.Status{{ID: 117, Text: "third", SpoilerText: "cw", CreatedAt: later}, {ID: 116, Text: "second", CreatedAt: t0},
			{ID: 115, Text: "first", CreatedAt: t0}},
	}
}

func fullImpact() *legal.Impact {
	return &legal.Impact{Targets: 3, Accounts: 2, Statuses: 17, Hashtags: 1, FollowersReached: 540, Skipped: 1,
		PerCountry: map[string]legal.CountryImpact{
			"IN": {Accounts: 2, Statuses: 17, Hashtags: 1, FollowersReached: 540},
			"XX": {},
		}}
}

// (3b) The JSON encodings of the real wire values match their components, fully
// populated and with every optional field at its zero value (null, [] or 0).
func TestOpenAPI_WireShapes(t *testing.T) {
	d := loadDoc(t)
	now := later.Add(time.Hour) // past the full order's deadlines (it is closed, so not overdue)
	openOverdue := fullOrder()
	openOverdue.ClosedAt, openOverdue.AnsweredAt, openOverdue.AcknowledgedAt = time.Time{}, time.Time{}, time.Time{}

	created := func(o *agora.Order) *wire.OrderCreated { return orderCreatedEntity(o, now) }

	var allDecisions []any
	for _, a := range []agora.DecisionAction{agora.ActionWithhold, agora.ActionDecline, agora.ActionRemove, agora.ActionLift, agora.ActionEscalate, agora.ActionComment} {
		allDecisions = append(allDecisions, decisionEntity(&agora.Decision{ID: 3001, TargetID: 2001, Action: a}))
	}
	var allReasons []any
	for _, r := range []agora.WithholdReason{agora.ReasonLegalDemand, agora.ReasonLocalLaw, agora.ReasonCopyright} {
		allReasons = append(allReasons, decisionEntity(&agora.Decision{ID: 3001, TargetID: 2001, Action: agora.ActionWithhold, Reason: r, Countries: []string{"IN"}}))
	}
	var allCodes []any
	for _, c := range agora.DeclineCodes {
		allCodes = append(allCodes,
			decisionEntity(&agora.Decision{ID: 3001, TargetID: 2001, Action: agora.ActionDecline, ReasonCode: c}),
			targetEntity(&agora.Target{ID: 2001, Position: 1, Resolution: agora.ResolutionResolved, State: agora.TargetDeclined, ReasonCode: c}, nil))
	}

	tests := []struct {
		name, component string
		value           any
	}{
		{"authority full", "Authority", authorityEntity(&agora.Authority{ID: 7, Name: "Ministry of Electronics and IT", Country: "IN", Kind: agora.AuthorityMinistry, CreatedAt: t0})},
		{"authority minimal", "Authority", authorityEntity(&agora.Authority{ID: 7, Country: "DE", Kind: agora.AuthorityCourt})},

		{"order full", "Order", orderEntity(fullOrder(), now)},
		{"order full, open and overdue", "Order", orderEntity(openOverdue, now)},
		{"order minimal", "Order", orderEntity(minimalOrder(), now)},
		{"order zero time", "Order", orderEntity(minimalOrder(), time.Time{})},

		{"order created full", "OrderCreated", created(fullOrder())},
		{"order created minimal", "OrderCreated", created(minimalOrder())},

		{"counts full", "TargetCounts", fullOrder().Counts},
		{"counts zero", "TargetCounts", agora.TargetCounts{}},
		{"targets added", "TargetsAdded", wire.TargetsAdded{Targets: agora.TargetCounts{Total: 2, Unresolved: 2}}},

		{"target full", "Target", targetEntity(&agora.Target{ID: 2001, OrderID: 1001, Position: 12, Input: "https://agora.example/@someone/115",
			Kind: agora.SubjectStatus, SubjectID: 115, Hashtag: "tag", Resolution: agora.ResolutionDuplicate, Cause: "no such status",
			DuplicateOf: 2000, State: agora.TargetWithheld, Countries: []string{"IN", "XX"}, ReasonCode: "overbroad", UpdatedAt: t0, CreatedAt: t0}, nil)},
		{"target minimal", "Target", targetEntity(&agora.Target{ID: 2001, Position: 1, Resolution: agora.ResolutionUnresolved, State: agora.TargetPending}, nil)},
		{"target hashtag", "Target", targetEntity(&agora.Target{ID: 2002, Position: 2, Input: "#tag", Kind: agora.SubjectHashtag, Hashtag: "tag",
			Resolution: agora.ResolutionAlreadyWithheld, State: agora.TargetEscalated}, nil)},
		{"target account", "Target", targetEntity(&agora.Target{ID: 2003, Position: 3, Input: "@someone", Kind: agora.SubjectAccount, SubjectID: 9,
			Resolution: agora.ResolutionResolved, State: agora.TargetRemoved, Countries: []string{"XX"}}, nil)},
		{"target appealed", "Target", targetEntity(&agora.Target{ID: 2005, Position: 5, Resolution: agora.ResolutionResolved, State: agora.TargetWithheld,
			Appeal: &agora.Appeal{ID: 6001, TargetID: 2005, Text: "This is satire.", State: agora.AppealPending, Deadline: t0, CreatedAt: t0}}, nil)},
		{"appeal answered", "Appeal", appealEntity(&agora.Appeal{ID: 6001, TargetID: 2005, Text: "This is satire.", State: agora.AppealApproved,
			Deadline: t0, Answer: "Granted.", AnsweredAt: t0, CreatedAt: t0})},
		{"appeal minimal", "Appeal", appealEntity(&agora.Appeal{ID: 6001, TargetID: 2005, State: agora.AppealPending})},
		{"target lifted", "Target", targetEntity(&agora.Target{ID: 2004, Position: 4, Resolution: agora.ResolutionResolved, State: agora.TargetLifted}, nil)},
		{"target reviewed, account", "Target", targetEntity(reviewedTarget(), fullPreview())},
		{"target reviewed, status", "Target", targetEntity(&agora.Target{ID: 2006, Position: 6, Kind: agora.SubjectStatus, SubjectID: 115,
			Resolution: agora.ResolutionResolved, State: agora.TargetPending},
			&agora.SubjectPreview{Account: &agora.Account{ID: 9}, Status: &agora.Status{ID: 115}})},
		{"target reviewed, hashtag", "Target", targetEntity(&agora.Target{ID: 2007, Position: 7, Kind: agora.SubjectHashtag, Hashtag: "tag",
			Resolution: agora.ResolutionResolved, State: agora.TargetPending}, &agora.SubjectPreview{Tag: &agora.TagTrend{Name: "tag"}})},
		{"preview full", "Preview", previewEntity(fullPreview())},
		{"preview empty", "Preview", previewEntity(&agora.SubjectPreview{})},
		{"other decision", "OtherDecision", otherDecisionsEntity(reviewedTarget().Elsewhere)[0]},
		{"other decision, declined", "OtherDecision", otherDecisionsEntity(reviewedTarget().Elsewhere)[1]},
		{"conflict", "Conflict", conflictEntity(reviewedTarget().Conflict)},

		{"decision full", "Decision", decisionEntity(&agora.Decision{ID: 3001, OrderID: 1001, TargetID: 2001, Action: agora.ActionWithhold,
			Countries: []string{"IN"}, Reason: agora.ReasonLegalDemand, ReasonCode: "news_media", Note: "reviewed", ActorID: 42, CreatedAt: t0})},
		{"decision minimal", "Decision", decisionEntity(&agora.Decision{ID: 3001, TargetID: 2001, Action: agora.ActionComment})},

		{"decision result full", "DecisionResult", decisionResultEntity(&legal.DecisionResult{Action: agora.ActionWithhold, Applied: 878, Skipped: 1, Rules: 878,
			Lifted: 2, Warnings: 870, HeldBack: 870, Impact: fullImpact(), Preview: true,
			Decisions: []*agora.Decision{{ID: 1, TargetID: 2, Action: agora.ActionWithhold}}})},
		// What Decide answers when nothing applies: the impact is always an
		// object with a per_country object (never null).
		{"decision result minimal", "DecisionResult", decisionResultEntity(&legal.DecisionResult{Action: agora.ActionLift, Impact: &legal.Impact{PerCountry: map[string]legal.CountryImpact{}}})},
		{"impact full", "Impact", decisionResultEntity(&legal.DecisionResult{Impact: fullImpact()}).Impact},
		{"country impact zero", "CountryImpact", wire.CountryImpact{}},

		{"notice full", "Notice", noticeEntity(&agora.OrderNotice{ID: 4001, OrderID: 1001, Kind: agora.NoticeNonCompliance, ReceivedAt: t0,
			Deadline: later, Summary: "Non-compliance notice under s. 69A(3).", DocumentID: 5001, CreatedBy: 42, CreatedAt: t0})},
		{"notice minimal", "Notice", noticeEntity(&agora.OrderNotice{ID: 4001, Kind: agora.NoticeRevocation})},

		{"correspondence full", "Correspondence", correspondenceEntity(&agora.Correspondence{ID: 6001, OrderID: 1001, Direction: "out",
			Channel: "email", Date: t0, Parties: "agora legal; MeitY", Summary: "Request for a formal dialogue.", DocumentID: 5002, CreatedAt: t0,
			NoticeID: 4001, Documents: []*agora.Document{{ID: 5002, OrderID: 1001, Name: "letter.pdf", ContentType: "application/pdf", Size: 3,
				SHA256: strings.Repeat("ab", 32), CreatedAt: t0, CorrespondenceID: 6001}}})},
		{"correspondence minimal", "Correspondence", correspondenceEntity(&agora.Correspondence{ID: 6001, Direction: "in"})},

		{"order document", "DocumentInfo", documentEntity(&agora.Document{ID: 5003, OrderID: 1001, Name: "annex.csv", ContentType: "text/csv",
			Size: 10, SHA256: strings.Repeat("cd", 32), CreatedAt: t0, Role: agora.DocumentAnnex})},

		{"audit full", "AuditEvent", auditEntity(&agora.AuditEvent{ID: 7001, ActorID: 42, ActorKind: "account", Action: "order.create",
			ObjectKind: "order", ObjectID: 1001, Summary: "order received", RequestID: "req-1", CreatedAt: t0})},
		{"audit minimal", "AuditEvent", auditEntity(&agora.AuditEvent{ID: 7001, ActorKind: "cli", ObjectID: 1001})},
	}
	for _, k := range []agora.AuthorityKind{agora.AuthorityMinistry, agora.AuthorityCourt, agora.AuthorityPolice, agora.AuthorityRegulator, agora.AuthorityOther} {
		tests = append(tests, struct {
			name, component string
			value           any
		}{"authority " + string(k), "Authority", authorityEntity(&agora.Authority{ID: 7, Country: "IN", Kind: k})})
	}
	for _, s := range []agora.OrderState{agora.OrderReceived, agora.OrderAcknowledged, agora.OrderInReview, agora.OrderAnswered, agora.OrderClosed} {
		o := minimalOrder()
		o.State = s
		tests = append(tests, struct {
			name, component string
			value           any
		}{"order " + string(s), "Order", orderEntity(o, now)})
	}
	for _, k := range []agora.NoticeKind{agora.NoticeNonCompliance, agora.NoticeHearing, agora.NoticeEmergencyConfirmation, agora.NoticeRevocation, agora.NoticeOther} {
		tests = append(tests, struct {
			name, component string
			value           any
		}{"notice " + string(k), "Notice", noticeEntity(&agora.OrderNotice{ID: 4001, Kind: k})})
	}
	for _, k := range []string{"account", "cli", "system", "authority"} {
		tests = append(tests, struct {
			name, component string
			value           any
		}{"audit " + k, "AuditEvent", auditEntity(&agora.AuditEvent{ID: 7001, ActorKind: k, ObjectID: 1})})
	}
	for i, v := range allDecisions {
		tests = append(tests, struct {
			name, component string
			value           any
		}{"decision action " + strconv.Itoa(i), "Decision", v})
	}
	for i, v := range allReasons {
		tests = append(tests, struct {
			name, component string
			value           any
		}{"decision reason " + strconv.Itoa(i), "Decision", v})
	}
	for i, v := range allCodes {
		comp := "Decision"
		if _, ok := v.(*wire.Target); ok {
			comp = "Target"
		}
		tests = append(tests, struct {
			name, component string
			value           any
		}{"decline code " + strconv.Itoa(i), comp, v})
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if err := d.validate(t, tt.component, tt.value); err != nil {
				b, _ := json.Marshal(tt.value)
				t.Errorf("%s does not match %s: %v\n%s", tt.name, tt.component, err, b)
			}
		})
	}

	// The enums in the document are exactly the Go ones.
	enum := func(name string) []string { return strs(d.object(t, "/components/schemas/"+name)["enum"]) }
	sorted := func(s ...string) []string { s = slices.Clone(s); sort.Strings(s); return s }
	for name, want := range map[string][]string{
		"DeclineCode": sorted(agora.DeclineCodes...),
		"Deficiency": sorted(agora.DeficiencyLegalBasis, agora.DeficiencyReasons, agora.DeficiencyAuthority, agora.DeficiencyTargets,
			agora.DeficiencyRedress, agora.DeficiencyRecipient, agora.DeficiencyTerritorial),
	} {
		if got := enum(name); !slices.Equal(got, want) {
			t.Errorf("%s enum = %v, want %v", name, got, want)
		}
	}
}

// Values the server never sends are refused, so the schemas are not vacuous.
func TestOpenAPI_WireShapesRefuse(t *testing.T) {
	d := loadDoc(t)
	bad := []struct {
		name, component string
		body            string
	}{
		{"unknown key", "Authority", `{"id":"1","name":"x","country":"IN","kind":"court","created_at":null,"extra":1}`},
		{"missing key", "Authority", `{"id":"1","name":"x","country":"IN","kind":"court"}`},
		{"unknown kind", "Authority", `{"id":"1","name":"x","country":"IN","kind":"army","created_at":null}`},
		{"time not RFC 3339", "Authority", `{"id":"1","name":"x","country":"IN","kind":"court","created_at":"01/02/2026"}`},
		{"numeric id", "Authority", `{"id":1,"name":"x","country":"IN","kind":"court","created_at":null}`},
		{"unknown decline code", "Decision", `{"id":"1","target_id":"2","action":"decline","countries":[],"reason":null,"reason_code":"because","note":"","created_at":null}`},
		{"bad country", "Target", `{"id":"1","position":1,"input":"","kind":null,"subject_id":null,"hashtag":null,"resolution":"resolved","cause":null,"duplicate_of":null,"state":"withheld","countries":["india"],"reason_code":null,"updated_at":null}`},
		{"preview of four posts", "Preview", `{"account":null,"status":null,"hashtag":null,"statuses":[` + strings.Repeat(`{"id":"1","text":"","spoiler_text":"","created_at":null},`, 3) + `{"id":"1","text":"","spoiler_text":"","created_at":null}]}`},
		{"conflict with an unknown action", "Conflict", `{"needs_note":["ban"],"decision_ids":[],"decided":false}`},
		{"other decision with a note", "OtherDecision", `{"id":"1","order_id":"2","order_number":"x","target_id":"3","action":"decline","countries":[],"reason_code":"other","created_at":null,"note":"internal"}`},
		{"null impact", "DecisionResult", `{"action":"withhold","applied":0,"skipped":0,"rules_created":0,"rules_lifted":0,"owners_notified":0,"notifications_held_back":0,"impact":null,"preview":false}`},
	}
	for _, tt := range bad {
		if err := d.validateJSON(t, d.component(t, tt.component), []byte(tt.body)); err == nil {
			t.Errorf("%s: %s accepted %s", tt.name, tt.component, tt.body)
		}
	}
}

// jsonFields lists the JSON names of a struct type's fields.
func jsonFields(typ reflect.Type) []string {
	var out []string
	for i := range typ.NumField() {
		name, _, _ := strings.Cut(typ.Field(i).Tag.Get("json"), ",")
		if name != "-" && name != "" {
			out = append(out, name)
		}
	}
	sort.Strings(out)
	return out
}

func decodeInto(v any, body string) error {
	r := httptest.NewRequest(http.MethodPost, "/", strings.NewReader(body))
	r.Header.Set("Content-Type", "application/json")
	return decodeJSON(r, v)
}

// (3c) The decision body: the schema has exactly the Go struct's fields, and a
// body with an unknown field is refused by the schema as by the server.
func TestOpenAPI_DecisionInput(t *testing.T) {
	d := loadDoc(t)
	props := func(name string) []string {
		return keys(d.object(t, "/components/schemas/"+name)["properties"].(map[string]any))
	}
	if got, want := props("DecisionInput"), jsonFields(reflect.TypeOf(wire.DecisionInput{})); !slices.Equal(got, want) {
		t.Errorf("DecisionInput properties %v, decisionBody fields %v", got, want)
	}
	filterType := reflect.TypeOf(wire.TargetFilter{})
	if got, want := props("TargetFilter"), jsonFields(filterType); !slices.Equal(got, want) {
		t.Errorf("TargetFilter properties %v, filter fields %v", got, want)
	}
	if got, want := props("Document"), jsonFields(reflect.TypeOf(wire.Document{})); !slices.Equal(got, want) {
		t.Errorf("Document properties %v, documentBody fields %v", got, want)
	}

	s := d.component(t, "DecisionInput")
	tests := []struct {
		name string
		body string
		ok   bool // valid for the schema and decoded by the server
	}{
		{"listed targets", `{"target_ids":["11","12"],"action":"withhold","countries":["IN"],"reason":"local_law","note":"n"}`, true},
		{"filter", `{"filter":{"resolution":"resolved","kind":"account","decision":"pending"},"action":"decline","reason_code":"journalist"}`, true},
		{"every field", `{"target_ids":["11"],"filter":null,"action":"withhold","countries":["in","XX"],"reason":"copyright","reason_code":"other","note":""}`, true},
		{"unknown field", `{"target_ids":["11"],"action":"withhold","bogus":true}`, false},
		{"misspelt field", `{"target_ids":["11"],"action":"withhold","contries":["IN"]}`, false},
		{"unknown filter field", `{"filter":{"resolutoin":"resolved"},"action":"comment"}`, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			schemaErr := d.validateJSON(t, s, []byte(tt.body))
			var body wire.DecisionInput
			serverErr := decodeInto(&body, tt.body)
			if tt.ok && (schemaErr != nil || serverErr != nil) {
				t.Errorf("refused: schema %v; server %v", schemaErr, serverErr)
			}
			if !tt.ok {
				if schemaErr == nil {
					t.Error("the schema accepts a body with an unknown field")
				}
				if agora.ErrorCode(serverErr) != agora.EINVALID || !strings.Contains(agora.ErrorMessage(serverErr), "unknown field") {
					t.Errorf("the server answers %v, want 400 naming the unknown field", serverErr)
				}
			}
		})
	}
	// Bodies the desk refuses that the schema refuses too.
	for _, body := range []string{
		`{"action":"withhold"}`,                                         // neither target_ids nor filter
		`{"target_ids":["1"],"filter":{},"action":"withhold"}`,          // both
		`{"target_ids":["1"],"action":"decline"}`,                       // decline without reason_code
		`{"target_ids":["1"],"action":"ban"}`,                           // unknown action
		`{"target_ids":["1"],"action":"withhold","countries":["IND"]}`,  // not a country code
		`{"target_ids":["x1"],"action":"withhold"}`,                     // not an ID
		`{"target_ids":["1"],"action":"withhold","reason":"dislike"}`,   // unknown reason
		`{"target_ids":["1"],"action":"decline","reason_code":"tired"}`, // unknown code
	} {
		if err := d.validateJSON(t, s, []byte(body)); err == nil {
			t.Errorf("DecisionInput accepts %s", body)
		}
	}
}

// The guard's 401, and error bodies, match the document.
func TestOpenAPI_Errors(t *testing.T) {
	d := loadDoc(t)
	api := New(nil, nil, nil, slog.New(slog.DiscardHandler))
	mux := http.NewServeMux()
	api.Register(mux)
	for _, rt := range api.Routes() {
		if rt.Scope == "" {
			continue
		}
		method, path, _ := strings.Cut(rt.Pattern, " ")
		rec := httptest.NewRecorder()
		mux.ServeHTTP(rec, httptest.NewRequest(method, strings.ReplaceAll(path, "{id}", "1"), nil))
		if rec.Code != http.StatusUnauthorized {
			t.Errorf("%s without a token: %d, want 401", rt.Pattern, rec.Code)
			continue
		}
		if _, ok := d.lookup(operationPtr(rt.Pattern) + "/responses/401"); !ok {
			t.Errorf("%s: 401 not documented", rt.Pattern)
		}
		if got := rec.Header().Get("WWW-Authenticate"); got != `Bearer error="invalid_token"` {
			t.Errorf("%s: WWW-Authenticate %q", rt.Pattern, got)
		}
		if err := d.validateJSON(t, d.component(t, "Error"), rec.Body.Bytes()); err != nil {
			t.Errorf("%s: 401 body: %v", rt.Pattern, err)
		}
	}
	for _, err := range []error{
		agora.Errorf(agora.EINVALID, "The request body is not valid: unknown field \"x\"."),
		agora.Errorf(agora.EFORBIDDEN, "forbidden"),
		agora.Errorf(agora.ETOOLARGE, "The request body is larger than 32 MiB."),
		&agora.Error{Code: agora.EUNPROCESSABLE, Message: "Validation failed: x", Details: map[string][]string{"x": {"ERR_INVALID", "x is bad"}}},
	} {
		rec := httptest.NewRecorder()
		httpx.WriteError(rec, httptest.NewRequest(http.MethodGet, "/", nil), slog.New(slog.DiscardHandler), err)
		if verr := d.validateJSON(t, d.component(t, "Error"), rec.Body.Bytes()); verr != nil {
			t.Errorf("%v: %v\n%s", err, verr, rec.Body)
		}
	}
}

// The three bodies of addTargets read as the document says.
func TestOpenAPI_TargetBodies(t *testing.T) {
	read := func(ct, body string) ([]string, error) {
		r := httptest.NewRequest(http.MethodPost, "/", strings.NewReader(body))
		if ct != "" {
			r.Header.Set("Content-Type", ct)
		}
		a, err := readTargets(r)
		if err != nil {
			return nil, err
		}
		return a.Targets, nil
	}
	for _, tt := range []struct {
		ct, body string
		want     []string
	}{
		{"application/json", `{"targets":["@a","#b"]}`, []string{"@a", "#b"}},
		{"", `{"targets":["@a"]}`, []string{"@a"}},
		{"text/csv", "id,Target\n1, @a \n2,\n", []string{"@a", ""}},
		{"text/plain; charset=utf-8", "@a\r\n\n  #b  \n", []string{"@a", "#b"}},
	} {
		got, err := read(tt.ct, tt.body)
		if err != nil || !slices.Equal(got, tt.want) {
			t.Errorf("%q %q: %q, %v; want %q", tt.ct, tt.body, got, err, tt.want)
		}
	}
	if _, err := read("application/json", `{"targets":[],"extra":1}`); agora.ErrorCode(err) != agora.EINVALID {
		t.Errorf("unknown field in a JSON list of targets: %v, want 400", err)
	}
	if _, err := read("text/csv", "name\nx\n"); agora.ErrorCode(err) != agora.EINVALID {
		t.Errorf("CSV without a target column: %v, want 400", err)
	}
}
