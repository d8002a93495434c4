package dsa

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"regexp"
	"slices"
	"strconv"
	"strings"
)

// Rules are the Transparency Database's validation rules of a statement, as
// dsa-sor-rules.json transcribes them from the database's code: for each
// field, the Laravel rules it runs ("required", "max:500", "in:...",
// "required_if:decision_ground,...", ...). ParseRules reads every rule the file
// gives and refuses a rule it does not know, so a rule added to the file is not
// silently left unchecked.
type Rules struct {
	fields []*field // in the file's order
	byName map[string]*field
}

// field is one field's rules.
type field struct {
	name     string
	typ      string // "string", "array<string>" or "object"
	required bool
	nullable bool
	// in lists the values allowed (each element's, for an array); nil for any.
	in []string
	// nullString: the literal string "null" is allowed too.
	nullString bool
	maxLen     int // characters of a string, items of an array; 0 for no limit
	minItems   int
	date       bool   // a date, Y-m-d
	after      string // inclusive bounds of a date, Y-m-d; "" for none
	before     string
	url        bool
	pattern    *regexp.Regexp
	// requiredIf: the field is required when one of these holds.
	requiredIf []cond
	// requiredWithoutAll: the field is required when none of these is given.
	requiredWithoutAll []string
	// excludeIf: the field is dropped, and not checked, when one of these holds.
	excludeIf []cond
}

// cond is a condition on another field: it equals the value, or (contains) it
// is an array holding the value; negated with not.
type cond struct {
	field, value string
	contains     bool
	not          bool
}

// holds reports whether the condition holds for the statement.
func (c cond) holds(st map[string]any) bool {
	v := lookup(st, c.field)
	var ok bool
	if c.contains {
		list, _ := v.([]any)
		ok = slices.Contains(list, any(c.value))
	} else {
		s, isString := v.(string)
		ok = isString && s == c.value
	}
	return ok != c.not
}

func (c cond) String() string {
	switch {
	case c.contains && c.not:
		return fmt.Sprintf("%s does not contain %s", c.field, c.value)
	case c.contains:
		return fmt.Sprintf("%s contains %s", c.field, c.value)
	case c.not:
		return fmt.Sprintf("%s is not %s", c.field, c.value)
	}
	return fmt.Sprintf("%s is %s", c.field, c.value)
}

// LoadRules reads the rules from a dsa-sor-rules.json file.
func LoadRules(path string) (*Rules, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("read DSA rules: %w", err)
	}
	r, err := ParseRules(data)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return r, nil
}

// rulesFile is the part of dsa-sor-rules.json the check reads.
type rulesFile struct {
	Enums  map[string]json.RawMessage `json:"enums"`
	Fields json.RawMessage            `json:"fields"`
}

// fieldFile is one entry of the file's "fields".
type fieldFile struct {
	Type          string   `json:"type"`
	MinItems      int      `json:"min_items"`
	AllowedValues []string `json:"allowed_values"`
	LaravelRules  []string `json:"laravel_rules"`
}

// ParseRules reads the rules from the contents of a dsa-sor-rules.json file.
// It fails naming the field and rule it cannot read.
func ParseRules(data []byte) (*Rules, error) {
	var f rulesFile
	if err := json.Unmarshal(data, &f); err != nil {
		return nil, fmt.Errorf("DSA rules are not JSON: %w", err)
	}
	names, err := objectKeys(f.Fields)
	if err != nil || len(names) == 0 {
		return nil, fmt.Errorf("DSA rules: no \"fields\" object")
	}
	var entries map[string]fieldFile
	if err := json.Unmarshal(f.Fields, &entries); err != nil {
		return nil, fmt.Errorf("DSA rules: fields: %w", err)
	}
	r := &Rules{byName: map[string]*field{}}
	for _, name := range names {
		fd, err := parseField(name, entries[name], f.Enums)
		if err != nil {
			return nil, fmt.Errorf("DSA rules: field %s: %w", name, err)
		}
		r.fields = append(r.fields, fd)
		r.byName[name] = fd
	}
	// Conditions name fields of the file.
	for _, fd := range r.fields {
		var others []string
		for _, c := range append(slices.Clone(fd.requiredIf), fd.excludeIf...) {
			others = append(others, c.field)
		}
		for _, o := range append(others, fd.requiredWithoutAll...) {
			if r.byName[o] == nil {
				return nil, fmt.Errorf("DSA rules: field %s: a condition names %q, which is not a field", fd.name, o)
			}
		}
	}
	return r, nil
}

// objectKeys returns the keys of a JSON object in the order they are written.
func objectKeys(raw json.RawMessage) ([]string, error) {
	dec := json.NewDecoder(bytes.NewReader(raw))
	if t, err := dec.Token(); err != nil || t != json.Delim('{') {
		return nil, fmt.Errorf("not an object")
	}
	var keys []string
	for dec.More() {
		t, err := dec.Token()
		if err != nil {
			return nil, err
		}
		keys = append(keys, t.(string))
		var skip json.RawMessage
		if err := dec.Decode(&skip); err != nil {
			return nil, err
		}
	}
	return keys, nil
}

var (
	requiredIfInArray = regexp.MustCompile(`^Rule::requiredIf\(in_array\('([A-Za-z0-9_]+)', ([a-z_]+)\)\)$`)
	excludeIfEquals   = regexp.MustCompile(`^Rule::excludeIf\(([a-z_]+) == '([A-Za-z0-9_]+)'\)$`)
	enumRef           = regexp.MustCompile(`^<([A-Z_]+)( keys)?>$`)
)

// parseField reads one field's rules.
func parseField(name string, ff fieldFile, enums map[string]json.RawMessage) (*field, error) {
	fd := &field{name: name, typ: ff.Type, minItems: ff.MinItems}
	switch fd.typ {
	case "string", "array<string>", "object":
	default:
		return nil, fmt.Errorf("type %q is not string, array<string> or object", fd.typ)
	}
	excludeUnlessInArray := false
	for _, rule := range ff.LaravelRules {
		// A note after the rule, "Rule::excludeIf(...)  [multi endpoint: ...]".
		if i := strings.Index(rule, "  ["); i > 0 {
			rule = rule[:i]
		}
		kind, arg, _ := strings.Cut(rule, ":")
		if strings.HasPrefix(rule, "Rule::") {
			kind, arg = rule, ""
		}
		var err error
		switch kind {
		case "required":
			fd.required = true
		case "nullable":
			fd.nullable = true
		case "array", "string":
			if (kind == "array") != (fd.typ != "string") {
				err = fmt.Errorf("rule %q does not fit type %q", rule, fd.typ)
			}
		case "url":
			fd.url = true
		case "max":
			fd.maxLen, err = strconv.Atoi(arg)
		case "date_format":
			if arg != "Y-m-d" {
				err = fmt.Errorf("date format %q is not Y-m-d", arg)
			}
			fd.date = true
		case "after_or_equal", "before_or_equal":
			if !isDate(arg) {
				err = fmt.Errorf("rule %q: not a Y-m-d date", rule)
			}
			if kind == "after_or_equal" {
				fd.after = arg
			} else {
				fd.before = arg
			}
		case "regex":
			fd.pattern, err = phpRegexp(arg)
		case "in":
			fd.in, fd.nullString, err = parseIn(arg, enums)
		case "required_if", "exclude_unless":
			other, value, ok := strings.Cut(arg, ",")
			if !ok || strings.Contains(value, ",") {
				err = fmt.Errorf("rule %q: want FIELD,VALUE", rule)
			}
			if kind == "required_if" {
				fd.requiredIf = append(fd.requiredIf, cond{field: other, value: value})
			} else {
				fd.excludeIf = append(fd.excludeIf, cond{field: other, value: value, not: true})
			}
		case "required_without_all":
			fd.requiredWithoutAll = strings.Split(arg, ",")
		default:
			switch {
			case requiredIfInArray.MatchString(rule):
				m := requiredIfInArray.FindStringSubmatch(rule)
				fd.requiredIf = append(fd.requiredIf, cond{field: m[2], value: m[1], contains: true})
			case rule == "Rule::excludeIf(!in_array(...))":
				// The same in_array as the field's requiredIf, negated.
				excludeUnlessInArray = true
			case excludeIfEquals.MatchString(rule):
				m := excludeIfEquals.FindStringSubmatch(rule)
				fd.excludeIf = append(fd.excludeIf, cond{field: m[1], value: m[2]})
			default:
				err = fmt.Errorf("rule %q is not one the check knows", rule)
			}
		}
		if err != nil {
			return nil, err
		}
	}
	if excludeUnlessInArray {
		var found bool
		for _, c := range fd.requiredIf {
			if c.contains {
				fd.excludeIf = append(fd.excludeIf, cond{field: c.field, value: c.value, contains: true, not: true})
				found = true
			}
		}
		if !found {
			return nil, fmt.Errorf("Rule::excludeIf(!in_array(...)) without a Rule::requiredIf(in_array(...)) to repeat")
		}
	}
	// The values the file lists beside the rules must be those the in rule
	// allows: the transcription agrees with itself.
	if ff.AllowedValues != nil && !slices.Equal(sortedCopy(ff.AllowedValues), sortedCopy(fd.in)) {
		return nil, fmt.Errorf("allowed_values and the in rule differ")
	}
	return fd, nil
}

// parseIn reads the list of an "in:" rule: values, "null" (the literal string),
// and references to the file's enumerations, "<NAME keys>" for the keys of an
// object or "<NAME>" for an array.
func parseIn(arg string, enums map[string]json.RawMessage) (values []string, nullString bool, err error) {
	for _, v := range strings.Split(arg, ",") {
		m := enumRef.FindStringSubmatch(v)
		switch {
		case v == "null":
			nullString = true
		case m != nil:
			raw, ok := enums[m[1]]
			if !ok {
				return nil, false, fmt.Errorf("in: no enumeration %s", m[1])
			}
			if m[2] != "" {
				keys, err := objectKeys(raw)
				if err != nil {
					return nil, false, fmt.Errorf("in: enumeration %s is not an object", m[1])
				}
				values = append(values, keys...)
			} else {
				var list []string
				if err := json.Unmarshal(raw, &list); err != nil {
					return nil, false, fmt.Errorf("in: enumeration %s is not a list", m[1])
				}
				values = append(values, list...)
			}
		case strings.ContainsAny(v, "<> "):
			return nil, false, fmt.Errorf("in: %q is neither a value nor <ENUM> or <ENUM keys>", v)
		default:
			values = append(values, v)
		}
	}
	return values, nullString, nil
}

// phpRegexp compiles a PHP (PCRE) pattern written /.../ with the flag D, the
// only one the file uses: "$" at the very end only, as Go's "$" is anyway.
func phpRegexp(arg string) (*regexp.Regexp, error) {
	end := strings.LastIndex(arg, "/")
	if !strings.HasPrefix(arg, "/") || end < 1 || strings.Trim(arg[end+1:], "D") != "" {
		return nil, fmt.Errorf("regex %q: want /PATTERN/ with no flag but D", arg)
	}
	return regexp.Compile(arg[1:end])
}

func sortedCopy(s []string) []string {
	c := slices.Clone(s)
	slices.Sort(c)
	return c
}
