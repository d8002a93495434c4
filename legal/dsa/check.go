package dsa

import (
	"bytes"
	"encoding/json"
	"fmt"
	"maps"
	"net/url"
	"slices"
	"strings"
	"time"
	"unicode/utf8"
)

// Problem is one way a statement breaks the rules: the field and what is wrong
// with it. Index is the statement's place in a batch (from 0), -1 for a
// statement checked alone.
type Problem struct {
	Index   int
	Field   string
	Message string
}

func (p Problem) String() string {
	if p.Index < 0 {
		return p.Field + ": " + p.Message
	}
	// As the database names a statement of a batch in its errors.
	return fmt.Sprintf("statement_%d: %s: %s", p.Index, p.Field, p.Message)
}

// Invalid is the error of a statement, or a batch, that breaks the rules: every
// problem found, statement by statement, in the rules file's order of fields.
type Invalid struct {
	Problems []Problem
}

func (e *Invalid) Error() string {
	lines := make([]string, len(e.Problems))
	for i, p := range e.Problems {
		lines[i] = p.String()
	}
	return "statement of reasons not valid: " + strings.Join(lines, "; ")
}

// Fields returns the fields named by the problems, in order, each once.
func (e *Invalid) Fields() []string {
	var out []string
	seen := map[string]bool{}
	for _, p := range e.Problems {
		if !seen[p.Field] {
			seen[p.Field] = true
			out = append(out, p.Field)
		}
	}
	return out
}

// Check checks one statement, given as its JSON object, as the database's
// POST /api/v1/statement would, and returns an *Invalid naming every failing
// field, or nil. It is stricter than the database in one way: a key that is
// not a field of a statement (a misspelt one, which the database would drop
// silently) is a problem too. Uniqueness of the puid is the database's to
// check; CheckBatch checks it within a batch.
func (r *Rules) Check(statement []byte) error {
	return r.invalid(r.check(-1, statement))
}

// CheckStatement checks a Statement through its JSON encoding, as Check does.
func (r *Rules) CheckStatement(st *Statement) error {
	data, err := json.Marshal(st)
	if err != nil {
		return fmt.Errorf("encode statement: %w", err)
	}
	return r.Check(data)
}

// CheckBatch checks a body of POST /api/v1/statements, {"statements": [...]}:
// between 1 and MaxBatch statements, each valid, no puid twice. The problems
// of a statement carry its index.
func (r *Rules) CheckBatch(body []byte) error {
	var b struct {
		Statements []json.RawMessage `json:"statements"`
	}
	if err := json.Unmarshal(body, &b); err != nil {
		return &Invalid{Problems: []Problem{{Index: -1, Field: "statements", Message: "the body is not {\"statements\": [...]}: " + err.Error()}}}
	}
	var problems []Problem
	if n := len(b.Statements); n < 1 || n > MaxBatch {
		problems = append(problems, Problem{Index: -1, Field: "statements", Message: fmt.Sprintf("must hold between 1 and %d statements, not %d", MaxBatch, n)})
	}
	puids := map[string]int{}
	for i, raw := range b.Statements {
		problems = append(problems, r.check(i, raw)...)
		var p struct {
			PUID string `json:"puid"`
		}
		if json.Unmarshal(raw, &p) == nil && p.PUID != "" {
			if first, dup := puids[p.PUID]; dup {
				problems = append(problems, Problem{Index: i, Field: "puid", Message: fmt.Sprintf("is that of statement_%d too; it must be unique", first)})
			} else {
				puids[p.PUID] = i
			}
		}
	}
	return r.invalid(problems)
}

func (r *Rules) invalid(problems []Problem) error {
	if len(problems) == 0 {
		return nil
	}
	return &Invalid{Problems: problems}
}

// check returns the problems of the statement at index.
func (r *Rules) check(index int, data []byte) []Problem {
	var st map[string]any
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	if err := dec.Decode(&st); err != nil || st == nil {
		return []Problem{{Index: index, Field: "(statement)", Message: "is not a JSON object"}}
	}
	var problems []Problem
	add := func(f, format string, args ...any) {
		problems = append(problems, Problem{Index: index, Field: f, Message: fmt.Sprintf(format, args...)})
	}
	for _, f := range r.fields {
		if msg := f.check(st); msg != "" {
			add(f.name, "%s", msg)
		}
	}
	// Unknown keys, after the fields, in a stable order.
	for _, key := range sortedKeys(st) {
		if r.byName[key] == nil {
			add(key, "is not a field of a statement of reasons")
			continue
		}
		if obj, ok := st[key].(map[string]any); ok {
			for _, sub := range sortedKeys(obj) {
				if r.byName[key+"."+sub] == nil {
					add(key+"."+sub, "is not a field of a statement of reasons")
				}
			}
		}
	}
	return problems
}

// check returns what is wrong with the field's value in the statement, "" when
// nothing is. It follows the database's (Laravel's) order: a field excluded by
// a condition is not checked; an absent or empty one only against the rules
// that require it; a null one (not nullable) fails the rules of its type.
func (f *field) check(st map[string]any) string {
	for _, c := range f.excludeIf {
		if c.holds(st) {
			return ""
		}
	}
	v, present := lookupPresent(st, f.name)
	if !filled(v, present) {
		switch {
		case f.required:
			return "is required"
		case len(f.requiredWithoutAll) > 0 && noneFilled(st, f.requiredWithoutAll):
			return fmt.Sprintf("is required when none of %s is given", strings.Join(f.requiredWithoutAll, ", "))
		}
		for _, c := range f.requiredIf {
			if c.holds(st) {
				return "is required when " + c.String()
			}
		}
		if present && v == nil && !f.nullable && f.typed() {
			return "must not be null"
		}
		return ""
	}
	switch f.typ {
	case "string":
		s, ok := v.(string)
		if !ok {
			return "must be a string"
		}
		return f.checkString(s)
	case "array<string>":
		list, ok := v.([]any)
		if !ok {
			return "must be an array of strings"
		}
		if len(list) < f.minItems {
			return fmt.Sprintf("must hold at least %d values", f.minItems)
		}
		if f.maxLen > 0 && len(list) > f.maxLen {
			return fmt.Sprintf("must hold at most %d values", f.maxLen)
		}
		for i, e := range list {
			s, ok := e.(string)
			if !ok {
				return fmt.Sprintf("[%d] must be a string", i)
			}
			if msg := f.checkString(s); msg != "" {
				return fmt.Sprintf("[%d] %s", i, msg)
			}
		}
	case "object":
		if _, ok := v.(map[string]any); !ok {
			return "must be an object"
		}
	}
	return ""
}

// typed reports whether a rule of the field fails for null: a type, a list of
// values, a format.
func (f *field) typed() bool {
	return f.in != nil || f.date || f.url || f.pattern != nil || f.typ != "string" || f.nullString
}

// checkString checks one string value (of a string field, or an element of an
// array field).
func (f *field) checkString(s string) string {
	if f.in != nil && !slices.Contains(f.in, s) && !(f.nullString && s == "null") {
		return fmt.Sprintf("must be one of the allowed values, not %q", clip(s))
	}
	if f.typ == "string" && f.maxLen > 0 && utf8.RuneCountInString(s) > f.maxLen {
		return fmt.Sprintf("must be at most %d characters, not %d", f.maxLen, utf8.RuneCountInString(s))
	}
	if f.date {
		d, err := time.Parse(DateFormat, s)
		switch {
		case err != nil:
			return fmt.Sprintf("must be a date written YYYY-MM-DD, not %q", clip(s))
		case f.after != "" && d.Format(DateFormat) < f.after:
			return fmt.Sprintf("must be %s or later, not %s", f.after, s)
		case f.before != "" && d.Format(DateFormat) > f.before:
			return fmt.Sprintf("must be %s or earlier, not %s", f.before, s)
		}
	}
	if f.url {
		u, err := url.Parse(s)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			return fmt.Sprintf("must be an http or https URL, not %q", clip(s))
		}
	}
	if f.pattern != nil && !f.pattern.MatchString(s) {
		return fmt.Sprintf("must match %s, not %q", f.pattern, clip(s))
	}
	return ""
}

// filled reports whether a value counts as given for Laravel's "required": not
// absent, null, blank or an empty array or object.
func filled(v any, present bool) bool {
	switch v := v.(type) {
	case nil:
		return false
	case string:
		return present && strings.TrimSpace(v) != ""
	case []any:
		return len(v) > 0
	case map[string]any:
		return len(v) > 0
	}
	return present
}

func noneFilled(st map[string]any, names []string) bool {
	for _, n := range names {
		if v, present := lookupPresent(st, n); filled(v, present) {
			return false
		}
	}
	return true
}

// lookup returns the value at a field name; "a.b" is key b of object a.
func lookup(st map[string]any, name string) any {
	v, _ := lookupPresent(st, name)
	return v
}

func lookupPresent(st map[string]any, name string) (any, bool) {
	head, rest, nested := strings.Cut(name, ".")
	v, ok := st[head]
	if !nested || !ok {
		return v, ok
	}
	obj, isObj := v.(map[string]any)
	if !isObj {
		return nil, false
	}
	v, ok = obj[rest]
	return v, ok
}

func isDate(s string) bool {
	_, err := time.Parse(DateFormat, s)
	return err == nil
}

func clip(s string) string {
	if utf8.RuneCountInString(s) <= 60 {
		return s
	}
	return string([]rune(s)[:60]) + "..."
}

func sortedKeys(m map[string]any) []string { return slices.Sorted(maps.Keys(m)) }
