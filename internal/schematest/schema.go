// Package schematest checks agora's Mastodon API responses against the
// community OpenAPI 3.1 description of the Mastodon API (abraham/mastodon-openapi),
// kept outside the repository as test data in ../shared/mastodon-openapi/schema.json.
//
// Tests call [Load] for the compiled schema, then either [Schema.Validate] one
// body or put a [Transport] under their HTTP client to check every response of
// a route that [Component] knows.
package schematest

import (
	"bytes"
	"errors"
	"fmt"
	"net/mail"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"
	"github.com/santhosh-tekuri/jsonschema/v6/kind"
)

// SchemaPath is where the schema lives, relative to the repository root
// (the directory holding go.mod).
const SchemaPath = "../shared/mastodon-openapi/schema.json"

// RequireServicesEnv, when "1", turns a missing schema file from a skip into a
// failure, so that CI cannot pass without checking.
const RequireServicesEnv = "AGORA_TEST_REQUIRE_SERVICES"

// schemaURL names the OpenAPI document inside the compiler. It is never fetched.
const schemaURL = "https://schematest.agora.invalid/mastodon-openapi.json"

// Schema is the compiled Mastodon schema. It is safe for concurrent use.
type Schema struct {
	mu       sync.Mutex
	compiler *jsonschema.Compiler
	compiled map[string]*jsonschema.Schema
	names    map[string]bool // components/schemas keys
}

var (
	loadOnce    sync.Once
	loaded      *Schema
	loadErr     error
	loadMissing bool
)

// Load returns the compiled schema, reading and compiling it once per process.
// If the schema file does not exist, the test is skipped, or fails when
// AGORA_TEST_REQUIRE_SERVICES=1. Any other problem fails the test.
func Load(tb testing.TB) *Schema {
	tb.Helper()
	loadOnce.Do(func() {
		path, err := schemaFile()
		if err != nil {
			loadErr = err
			return
		}
		loaded, loadErr = Open(path)
		loadMissing = errors.Is(loadErr, os.ErrNotExist)
	})
	switch {
	case loadMissing && os.Getenv(RequireServicesEnv) != "1":
		tb.Skipf("schematest: Mastodon schema not available (%v); set %s=1 to require it", loadErr, RequireServicesEnv)
	case loadErr != nil:
		tb.Fatalf("schematest: %v", loadErr)
	}
	return loaded
}

// schemaFile finds SchemaPath from the repository root above the working directory.
func schemaFile() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", fmt.Errorf("find repository root: %w", err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return filepath.Join(dir, filepath.FromSlash(SchemaPath)), nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", errors.New("find repository root: no go.mod above the working directory")
		}
		dir = parent
	}
}

// Open reads and prepares the OpenAPI document at path. Components are
// compiled when first used; Open checks that Error, the one every route shares,
// compiles. The error wraps os.ErrNotExist when the file is absent.
//
// Formats are asserted: date-time and date values must be RFC 3339, as
// Mastodon clients parse them. uri must be absolute and email well-formed, but
// both may be "": Mastodon itself sends "" for a preview card's absent
// author_url, provider_url and embed_url and for an unset contact email, which
// the schema does not allow for. Formats the validator does not know
// (iso-639-1, scopes, binary) are ignored.
func Open(path string) (*Schema, error) {
	raw, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("read schema: %w", err)
	}
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(raw))
	if err != nil {
		return nil, fmt.Errorf("parse schema %s: %w", path, err)
	}
	names, err := componentNames(doc)
	if err != nil {
		return nil, fmt.Errorf("parse schema %s: %w", path, err)
	}
	fixKnownErrors(doc)
	c := jsonschema.NewCompiler()
	// OpenAPI 3.1 schema objects are JSON Schema 2020-12 plus annotations
	// (discriminator, example, externalDocs) that validation ignores.
	c.DefaultDraft(jsonschema.Draft2020)
	c.AssertFormat()
	c.RegisterFormat(&jsonschema.Format{Name: "uri", Validate: emptyOr(absoluteURI)})
	c.RegisterFormat(&jsonschema.Format{Name: "email", Validate: emptyOr(emailAddress)})
	if err := c.AddResource(schemaURL, doc); err != nil {
		return nil, fmt.Errorf("add schema: %w", err)
	}
	s := &Schema{compiler: c, compiled: map[string]*jsonschema.Schema{}, names: names}
	if _, err := s.compile("Error"); err != nil {
		return nil, err
	}
	return s, nil
}

func componentNames(doc any) (map[string]bool, error) {
	root, _ := doc.(map[string]any)
	components, _ := root["components"].(map[string]any)
	schemas, ok := components["schemas"].(map[string]any)
	if !ok {
		return nil, errors.New("no components/schemas object")
	}
	names := make(map[string]bool, len(schemas))
	for name := range schemas {
		names[name] = true
	}
	return names, nil
}

// emptyOr accepts "" and otherwise checks a string with check.
func emptyOr(check func(string) error) func(any) error {
	return func(v any) error {
		if s, ok := v.(string); ok && s != "" {
			return check(s)
		}
		return nil
	}
}

func absoluteURI(s string) error {
	u, err := url.Parse(s)
	if err != nil {
		return err
	}
	if !u.IsAbs() {
		return errors.New("not an absolute URI")
	}
	return nil
}

func emailAddress(s string) error {
	a, err := mail.ParseAddress(s)
	if err != nil {
		return err
	}
	if a.Address != s {
		return errors.New("not a bare address")
	}
	return nil
}

// Has reports whether component names a schema that Validate accepts.
func (s *Schema) Has(component string) bool {
	if first, rest, ok := strings.Cut(component, "|"); ok {
		return s.Has(first) && s.Has(rest)
	}
	name, wrapped := unwrap(component)
	if name == "string" {
		return wrapped
	}
	return s.names[name]
}

// Validate checks body against components/schemas/<component>. A component is
// a schema name ("Status"), a JSON array of one ("[]Status"), a JSON object of
// them by key ("map[string]Marker", the shape of /api/v1/markers) or
// "[]string"; or alternatives "A|B" (the schema's oneOf), which body must match
// one of. The error lists every failing JSON pointer in body (for alternatives,
// those of the first).
func (s *Schema) Validate(component string, body []byte) error {
	if first, rest, ok := strings.Cut(component, "|"); ok {
		err := s.Validate(first, body)
		if err != nil && s.Validate(rest, body) == nil {
			return nil
		}
		return err
	}
	sch, err := s.compile(component)
	if err != nil {
		return err
	}
	v, err := jsonschema.UnmarshalJSON(bytes.NewReader(body))
	if err != nil {
		return fmt.Errorf("%s: body is not JSON: %w", component, err)
	}
	err = sch.Validate(v)
	var verr *jsonschema.ValidationError
	if errors.As(err, &verr) {
		ps := problems(verr)
		slices.SortStableFunc(ps, func(a, b Problem) int { return strings.Compare(a.Pointer, b.Pointer) })
		return &Error{Component: component, Problems: ps}
	}
	if err != nil {
		return fmt.Errorf("%s: %w", component, err)
	}
	return nil
}

// compile returns the compiled schema for component, compiling it on first use.
func (s *Schema) compile(component string) (*jsonschema.Schema, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if sch, ok := s.compiled[component]; ok {
		return sch, nil
	}
	if !s.Has(component) {
		return nil, fmt.Errorf("schematest: no component %q in the Mastodon schema", component)
	}
	loc := schemaURL + "#/components/schemas/" + component
	if name, wrapped := unwrap(component); wrapped {
		item := map[string]any{"$ref": schemaURL + "#/components/schemas/" + name}
		if name == "string" {
			item = map[string]any{"type": "string"}
		}
		var doc map[string]any
		if strings.HasPrefix(component, "[]") {
			doc = map[string]any{"type": "array", "items": item}
		} else {
			doc = map[string]any{"type": "object", "additionalProperties": item}
		}
		loc = "https://schematest.agora.invalid/wrap/" + strings.NewReplacer("[", "(", "]", ")").Replace(component) + ".json"
		if err := s.compiler.AddResource(loc, doc); err != nil {
			return nil, fmt.Errorf("schematest: wrap %s: %w", component, err)
		}
	}
	sch, err := s.compiler.Compile(loc)
	if err != nil {
		return nil, fmt.Errorf("schematest: compile %s: %w", component, err)
	}
	s.compiled[component] = sch
	return sch, nil
}

// unwrap splits "[]X" and "map[string]X" into X and true.
func unwrap(component string) (name string, wrapped bool) {
	for _, prefix := range []string{"[]", "map[string]"} {
		if rest, ok := strings.CutPrefix(component, prefix); ok {
			return rest, true
		}
	}
	return component, false
}

// Error is a body that does not match its component.
type Error struct {
	Component string
	Problems  []Problem // sorted by Pointer
}

// Problem is one failed check at one place in the body.
type Problem struct {
	Pointer string // JSON pointer into the body; "" is the whole body
	Message string
}

func (e *Error) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "body does not match %s:", e.Component)
	for _, p := range e.Problems {
		ptr := p.Pointer
		if ptr == "" {
			ptr = "(root)"
		}
		fmt.Fprintf(&b, "\n\t%s: %s", ptr, p.Message)
	}
	return b.String()
}

// Pointers returns the distinct JSON pointers that failed, sorted.
func (e *Error) Pointers() []string {
	var ptrs []string
	seen := map[string]bool{}
	for _, p := range e.Problems {
		if !seen[p.Pointer] {
			seen[p.Pointer] = true
			ptrs = append(ptrs, p.Pointer)
		}
	}
	return ptrs
}

// problems flattens the validator's tree of causes into its leaves.
func problems(e *jsonschema.ValidationError) []Problem {
	if len(e.Causes) == 0 {
		at := pointer(e.InstanceLocation)
		if req, ok := e.ErrorKind.(*kind.Required); ok {
			out := make([]Problem, len(req.Missing))
			for i, key := range req.Missing {
				out[i] = Problem{Pointer: at + pointer([]string{key}), Message: "required property is missing"}
			}
			return out
		}
		msg := e.Error()
		// A leaf prints as "at '<pointer>': <message>".
		if _, after, ok := strings.Cut(msg, "': "); ok {
			msg = after
		}
		return []Problem{{Pointer: at, Message: msg}}
	}
	var out []Problem
	for _, c := range e.Causes {
		out = append(out, problems(c)...)
	}
	return out
}

func pointer(tokens []string) string {
	var b strings.Builder
	for _, t := range tokens {
		b.WriteByte('/')
		b.WriteString(strings.NewReplacer("~", "~0", "/", "~1").Replace(t))
	}
	return b.String()
}

// accountWarningActions are the values of AccountWarning.action as Mastodon sends
// them (docs.joinmastodon.org/entities/AccountWarning).
var accountWarningActions = []any{"none", "disable", "mark_statuses_as_sensitive", "delete_statuses", "sensitive", "silence", "suspend"}

// fixKnownErrors corrects the published schema where it contradicts Mastodon
// itself, so that correct bodies validate. Each correction is named here:
//   - AccountWarningActionEnum lists Rails' integer values (0..6) under
//     "type": "string", which no value can satisfy; Mastodon sends the names.
func fixKnownErrors(doc any) {
	root, _ := doc.(map[string]any)
	comps, _ := root["components"].(map[string]any)
	schemas, _ := comps["schemas"].(map[string]any)
	if enum, ok := schemas["AccountWarningActionEnum"].(map[string]any); ok {
		enum["type"] = "string"
		enum["enum"] = accountWarningActions
	}
}
