package authorityapi

import (
	"bytes"
	"encoding/json"
	"reflect"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"agora"
	"agora/authorityapi/wire"
	"agora/legal"
)

// The OpenAPI document (openapi.json) is the contract of the authority API.
// These tests keep it and the code from drifting apart: the route table
// against the paths, the wire shapes built by the real converter against the
// component schemas (fully populated and with every optional field null), and
// the request struct against the request schema.

const docURL = "https://authorityapi.agora.invalid/openapi.json"

func compile(t *testing.T, name string) *jsonschema.Schema {
	t.Helper()
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(openAPI))
	if err != nil {
		t.Fatalf("openapi.json is not JSON: %v", err)
	}
	c := jsonschema.NewCompiler()
	c.DefaultDraft(jsonschema.Draft2020)
	c.AssertFormat()
	c.AssertContent()
	if err := c.AddResource(docURL, doc); err != nil {
		t.Fatal(err)
	}
	s, err := c.Compile(docURL + "#/components/schemas/" + name)
	if err != nil {
		t.Fatalf("compile %s: %v", name, err)
	}
	return s
}

func rawDoc(t *testing.T) map[string]any {
	t.Helper()
	var raw map[string]any
	if err := json.Unmarshal(openAPI, &raw); err != nil {
		t.Fatal(err)
	}
	return raw
}

func TestOpenAPI_RoutesMatchPaths(t *testing.T) {
	paths := rawDoc(t)["paths"].(map[string]any)
	var documented, routed []string
	for p, item := range paths {
		for m := range item.(map[string]any) {
			documented = append(documented, strings.ToUpper(m)+" "+p)
		}
	}
	for _, rt := range (&API{}).Routes() {
		routed = append(routed, rt.Pattern)
	}
	sort.Strings(documented)
	sort.Strings(routed)
	if !slices.Equal(documented, routed) {
		t.Errorf("documented operations %q\nroute table %q", documented, routed)
	}
}

func validate(t *testing.T, name string, v any) {
	t.Helper()
	data, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	if err := compile(t, name).Validate(inst); err != nil {
		t.Errorf("%s %s does not match its schema: %v", name, data, err)
	}
}

func TestOpenAPI_WireShapes(t *testing.T) {
	at := time.Date(2026, 3, 4, 5, 6, 7, 891_000_000, time.UTC)
	full := &agora.Order{ID: 42, Number: "2026-000042", Reference: "No. 1", State: agora.OrderAnswered,
		ReceivedAt: at, Digest: strings.Repeat("ab", 32), AcknowledgedAt: at, Deadline: at, FirstEffectAt: at,
		AnsweredAt: at, ClosedAt: at, RevokedAt: at, TerritorialScope: []string{"IN"}, Emergency: true,
		Confidential: true, Deficiencies: []string{agora.DeficiencyRedress}, AssignedTo: 7, CreatedBy: 7,
		Counts: agora.TargetCounts{Total: 2}}
	effects := []legal.TargetEffect{
		{ID: 1, Position: 1, Input: "@a", Effect: legal.EffectLifted, Measure: "withheld", Countries: []string{"IN"},
			EffectGivenAt: at, LiftedAt: at},
		{ID: 2, Position: 2, Input: "@b", Effect: legal.EffectDeclined, ReasonCode: "protected_speech",
			Explanation: legal.DeclineExplanation("protected_speech"), DeclinedAt: at},
		{ID: 3, Position: 3, Input: "@c", Effect: legal.EffectUnresolved, Cause: "no such account"},
		{ID: 4, Position: 4, Input: "@d", Effect: legal.EffectPending},
	}
	validate(t, "Receipt", receiptEntity(full))
	validate(t, "Order", orderEntity(full, effects))
	validate(t, "Order", orderEntity(full, nil))
	validate(t, "Order", orderEntity(&agora.Order{ID: 1, State: agora.OrderReceived, ReceivedAt: at}, nil))
	for _, e := range []legal.Effect{legal.EffectPending, legal.EffectGiven, legal.EffectDeclined, legal.EffectUnresolved, legal.EffectLifted} {
		validate(t, "TargetItem", targetEntity(legal.TargetEffect{ID: 1, Position: 1, Effect: e}))
	}
	validate(t, "Error", wire.Error{Error: "Record not found."})

	doc := &agora.Document{ID: 9, OrderID: 42, Name: "notice.pdf", ContentType: "application/pdf", Size: 3,
		SHA256: strings.Repeat("0f", 32), CreatedAt: at, CorrespondenceID: 5}
	annex := &agora.Document{ID: 8, OrderID: 42, Name: "annex.csv", ContentType: "text/csv", Size: 3,
		SHA256: strings.Repeat("1e", 32), CreatedAt: at, Role: agora.DocumentAnnex}
	validate(t, "Order", withDocuments(orderEntity(full, effects), []*agora.Document{annex, doc}))
	validate(t, "Order", withDocuments(orderEntity(full, effects), nil))
	validate(t, "DocumentInfo", documentEntity(doc))
	validate(t, "Message", messageEntity(legal.Message{ID: 5, Direction: "in", Kind: agora.NoticeHearing, Text: "Hearing on 12 March.",
		CreatedAt: at, Deadline: at, AnsweredAt: at, Documents: []*agora.Document{doc}}))
	validate(t, "Message", messageEntity(legal.Message{ID: 6, Direction: "out", Text: "Our answer.", CreatedAt: at}))
}

// TestOpenAPI_MessageInput checks that the message schemas name exactly the
// fields the server decodes, as JSON and as multipart parts.
func TestOpenAPI_MessageInput(t *testing.T) {
	schemas := rawDoc(t)["components"].(map[string]any)["schemas"].(map[string]any)
	names := func(schema string) []string {
		var out []string
		for k := range schemas[schema].(map[string]any)["properties"].(map[string]any) {
			out = append(out, k)
		}
		sort.Strings(out)
		return out
	}
	var decoded []string
	typ := reflect.TypeOf(wire.MessageInput{})
	for i := range typ.NumField() {
		name, _, _ := strings.Cut(typ.Field(i).Tag.Get("json"), ",")
		decoded = append(decoded, name)
	}
	sort.Strings(decoded)
	if got := names("MessageInput"); !slices.Equal(got, decoded) {
		t.Errorf("MessageInput: documented %q, decoded %q", got, decoded)
	}
	var parts []string
	for f := range messageForm.fields {
		parts = append(parts, f)
	}
	for f := range messageForm.files {
		parts = append(parts, f+"[]")
	}
	sort.Strings(parts)
	if got := names("MessageForm"); !slices.Equal(got, parts) {
		t.Errorf("MessageForm: documented %q, read %q", got, parts)
	}
	parts = []string{"annex", "documents[]"}
	for f := range orderForm.fields {
		parts = append(parts, f)
	}
	sort.Strings(parts)
	if got := names("OrderForm"); !slices.Equal(got, parts) {
		t.Errorf("OrderForm: documented %q, read %q", got, parts)
	}
}

// TestOpenAPI_OrderInput checks that the request schema names exactly the
// fields the server decodes, and that it has no authority_id: the authority is
// the token's.
func TestOpenAPI_OrderInput(t *testing.T) {
	props := rawDoc(t)["components"].(map[string]any)["schemas"].(map[string]any)["OrderInput"].(map[string]any)["properties"].(map[string]any)
	var documented, decoded []string
	for k := range props {
		documented = append(documented, k)
	}
	typ := reflect.TypeOf(wire.OrderInput{})
	for i := range typ.NumField() {
		name, _, _ := strings.Cut(typ.Field(i).Tag.Get("json"), ",")
		decoded = append(decoded, name)
	}
	sort.Strings(documented)
	sort.Strings(decoded)
	if !slices.Equal(documented, decoded) {
		t.Errorf("OrderInput: documented %q, decoded %q", documented, decoded)
	}
	if slices.Contains(decoded, "authority_id") {
		t.Error("an authority's order input has authority_id")
	}
}
