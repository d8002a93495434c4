package httpx

import (
	"bytes"
	"encoding/json"
	"errors"

	"io"
	"mime"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"agora"
)

// MaxBodyBytes bounds every request body the API reads.
const MaxBodyBytes = 1 << 20

// maxParamLen bounds any single parameter value.
const maxParamLen = 64 << 10

// Params are the parameters of a request, from its query string and its body,
// whichever of JSON, form-urlencoded or multipart it is, as Mastodon accepts all
// three on every write. Body values take precedence over query values.
type Params struct {
	form url.Values
	json map[string]any
}

// ReadParams reads the query and the body of r. A malformed body, or one whose
// text is not UTF-8 or holds a NUL (see ValidText; the server's middleware
// checks the query string), is EINVALID, an oversized one ETOOLARGE; nothing
// has been changed when either is returned.
func ReadParams(r *http.Request) (*Params, error) {
	p := &Params{form: r.URL.Query()}
	if r.Body == nil || r.Method == http.MethodGet || r.Method == http.MethodHead {
		return p, nil
	}
	ct, err := bodyMediaType(r.Header.Get("Content-Type"))
	if err != nil {
		return nil, err
	}
	body := http.MaxBytesReader(nil, r.Body, MaxBodyBytes)
	switch ct {
	case "application/json":
		data, err := io.ReadAll(body)
		if err != nil {
			return nil, bodyError(err)
		}
		if len(bytes.TrimSpace(data)) == 0 {
			return p, nil
		}
		if err := CheckJSON(data); err != nil {
			return nil, err
		}
		dec := json.NewDecoder(bytes.NewReader(data))
		dec.UseNumber()
		var m map[string]any
		if err := dec.Decode(&m); err != nil || dec.More() {
			return nil, agora.Errorf(agora.EINVALID, "The request body is not a valid JSON object.")
		}
		p.json = m
	case "multipart/form-data":
		r.Body = body
		if err := r.ParseMultipartForm(MaxBodyBytes); err != nil {
			return nil, bodyError(err)
		}
		if err := CheckValues("the body", r.MultipartForm.Value); err != nil {
			return nil, err
		}
		for k, v := range r.MultipartForm.Value {
			p.form[k] = v
		}
	case "application/x-www-form-urlencoded", "":
		data, err := io.ReadAll(body)
		if err != nil {
			return nil, bodyError(err)
		}
		vals, err := url.ParseQuery(string(data))
		if err != nil {
			return nil, agora.Errorf(agora.EINVALID, "The request body is not valid form data.")
		}
		if err := CheckValues("the body", vals); err != nil {
			return nil, err
		}
		for k, v := range vals {
			p.form[k] = v
		}
	default:
		return nil, agora.Errorf(agora.EINVALID, "Content-Type %q is not supported; send JSON, form or multipart data.", ct)
	}
	return p, nil
}

// bodyMediaType returns the media type of a body's Content-Type header, "" for
// none (read as a form, as curl -d sends). A header that does not parse, or
// names a charset other than UTF-8 (or its subset US-ASCII), is EINVALID: read
// as a form instead, it would take whatever the body holds for parameters.
func bodyMediaType(header string) (string, error) {
	if strings.TrimSpace(header) == "" {
		return "", nil
	}
	shown := header
	if len(shown) > 100 {
		shown = shown[:100] + "..."
	}
	mt, params, err := mime.ParseMediaType(header)
	if err != nil {
		return "", agora.Errorf(agora.EINVALID, "Content-Type %q is malformed; send application/json, application/x-www-form-urlencoded or multipart/form-data.", shown)
	}
	if cs, ok := params["charset"]; ok && !strings.EqualFold(cs, "utf-8") && !strings.EqualFold(cs, "us-ascii") {
		return "", agora.Errorf(agora.EINVALID, "Content-Type %q names a charset other than UTF-8; send UTF-8.", shown)
	}
	return mt, nil
}

func bodyError(err error) error {
	var mbe *http.MaxBytesError
	if errors.As(err, &mbe) {
		return agora.Errorf(agora.ETOOLARGE, "The request body is larger than %d bytes.", MaxBodyBytes)
	}
	return agora.Errorf(agora.EINVALID, "The request body could not be read.")
}

// Has reports whether the parameter was given at all.
func (p *Params) Has(key string) bool {
	if _, ok := p.json[key]; ok {
		return true
	}
	_, ok := p.form[key]
	return ok
}

// String returns the parameter as a string, "" when absent. A JSON value that is not
// a string, number or boolean is EINVALID; so is a value over 64 KiB.
func (p *Params) String(key string) (string, error) {
	var s string
	if v, ok := p.json[key]; ok {
		switch v := v.(type) {
		case string:
			s = v
		case json.Number:
			s = v.String()
		case bool:
			s = strconv.FormatBool(v)
		case nil:
		default:
			return "", agora.Errorf(agora.EINVALID, "Parameter %s must be a string.", key)
		}
	} else {
		s = p.form.Get(key)
	}
	if len(s) > maxParamLen {
		return "", agora.Errorf(agora.EINVALID, "Parameter %s is too long.", key)
	}
	return s, nil
}

// falseValues are the strings Rails casts to false (ActiveModel::Type::Boolean
// FALSE_VALUES), which is what Mastodon reads parameters with. Matching is
// exact: "False" and "no" are true in Rails, and so here.
var falseValues = map[string]bool{"0": true, "f": true, "F": true, "false": true, "FALSE": true, "off": true, "OFF": true}

// Bool returns the parameter as a boolean, cast as Rails (and so Mastodon)
// casts it: absent, empty or JSON null is false (not given); JSON false or 0,
// and the strings 0, f, F, false, FALSE, off and OFF are false; anything else
// is true. It never fails for a value's content; a JSON array or object is
// true, as Rails casts it, and an error is returned only for a string over
// 64 KiB.
func (p *Params) Bool(key string) (bool, error) {
	v, _, err := p.OptionalBool(key)
	return v, err
}

// OptionalBool is like Bool but reports whether the parameter was given: an
// absent, empty or JSON null value is not given, as Rails casts it to nil.
func (p *Params) OptionalBool(key string) (v, given bool, err error) {
	if jv, ok := p.json[key]; ok {
		switch jv := jv.(type) {
		case nil:
			return false, false, nil
		case bool:
			return jv, true, nil
		case json.Number:
			return jv.String() != "0", true, nil
		case string:
			return castBool(key, jv)
		default:
			return true, true, nil
		}
	}
	if !p.Has(key) {
		return false, false, nil
	}
	return castBool(key, p.form.Get(key))
}

func castBool(key, s string) (v, given bool, err error) {
	if len(s) > maxParamLen {
		return false, false, agora.Errorf(agora.EINVALID, "Parameter %s is too long.", key)
	}
	if s == "" {
		return false, false, nil
	}
	return !falseValues[s], true, nil
}

// Strings returns a list parameter, given as key[] (form) or as a JSON array under
// key or key[]. At most 100 values.
func (p *Params) Strings(key string) ([]string, error) {
	var out []string
	for _, k := range []string{key, key + "[]"} {
		if v, ok := p.json[k]; ok {
			arr, ok := v.([]any)
			if !ok {
				s, err := p.String(k)
				if err != nil {
					return nil, err
				}
				arr = []any{s}
			}
			for _, e := range arr {
				switch e := e.(type) {
				case string:
					out = append(out, e)
				case json.Number:
					out = append(out, e.String())
				default:
					return nil, agora.Errorf(agora.EINVALID, "Parameter %s must be a list of strings.", key)
				}
			}
		}
		out = append(out, p.form[k]...)
	}
	if len(out) > 100 {
		return nil, agora.Errorf(agora.EINVALID, "Parameter %s has more than 100 values.", key)
	}
	return out, nil
}

// Known returns the values of the list parameter key (see Strings) that parse
// parses, in order, and whether the list was given with any value. A value
// parse refuses is left out, not an error: Mastodon filters a list by the
// values it knows (types[] & Notification::TYPES) and ignores the rest, so a
// client may ask for types this server does not have (exclude_types[]=poll).
func Known[T any](p *Params, key string, parse func(string) (T, error)) (known []T, given bool, err error) {
	names, err := p.Strings(key)
	if err != nil {
		return nil, false, err
	}
	for _, n := range names {
		if n == "" {
			continue
		}
		given = true
		if v, err := parse(n); err == nil {
			known = append(known, v)
		}
	}
	return known, given, nil
}

// Int returns the parameter as an integer within [lo, hi], def when absent.
func (p *Params) Int(key string, def, lo, hi int) (int, error) {
	s, err := p.String(key)
	if err != nil || s == "" {
		return def, err
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < lo || n > hi {
		return 0, agora.Errorf(agora.EINVALID, "Parameter %s must be an integer from %d to %d.", key, lo, hi)
	}
	return n, nil
}

// ID returns the parameter as an ID, 0 when absent.
func (p *Params) ID(key string) (agora.ID, error) {
	s, err := p.String(key)
	if err != nil || s == "" {
		return 0, err
	}
	id, err := agora.ParseID(s)
	if err != nil {
		return 0, agora.Errorf(agora.EINVALID, "Parameter %s must be an ID.", key)
	}
	return id, nil
}

// Page reads max_id, since_id, min_id and limit. A bad value is EINVALID; limit is
// clamped to [1, maxLimit] as Mastodon does, and defaults to def.
func (p *Params) Page(def, maxLimit int) (agora.Page, error) {
	var pg agora.Page
	var err error
	if pg.MaxID, err = p.pagingID("max_id"); err != nil {
		return pg, err
	}
	if pg.SinceID, err = p.pagingID("since_id"); err != nil {
		return pg, err
	}
	if pg.MinID, err = p.pagingID("min_id"); err != nil {
		return pg, err
	}
	s, err := p.String("limit")
	if err != nil {
		return pg, err
	}
	pg.Limit = def
	if s != "" {
		n, err := strconv.Atoi(s)
		if err != nil {
			return pg, agora.Errorf(agora.EINVALID, "Parameter limit must be a positive integer.")
		}
		pg.Limit = min(max(n, 1), maxLimit)
	}
	return pg, nil
}

func (p *Params) pagingID(key string) (agora.ID, error) {
	s, err := p.String(key)
	if err != nil || s == "" {
		return 0, err
	}
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil || n < 0 {
		return 0, agora.Errorf(agora.EINVALID, "Parameter %s must be a status or record ID.", key)
	}
	return agora.ID(n), nil
}

// Required returns the parameter or an EUNPROCESSABLE error naming it when it is
// absent or empty.
func (p *Params) Required(key string) (string, error) {
	s, err := p.String(key)
	if err != nil {
		return "", err
	}
	if s == "" {
		return "", agora.Errorf(agora.EUNPROCESSABLE, "Parameter %s is required.", key)
	}
	return s, nil
}

// Nested returns the string at obj[key] of a JSON body such as
// {"home": {"last_read_id": "1"}}; "" when absent. Form bodies use obj[key] as the
// parameter name instead, read with String.
func (p *Params) Nested(obj, key string) (string, error) {
	m, ok := p.json[obj].(map[string]any)
	if !ok {
		return "", nil
	}
	sub := &Params{json: m}
	return sub.String(key)
}

// Object returns the parameters of the JSON object under key in a JSON body,
// such as {"poll": {"options": [...]}}, and whether there is one.
func (p *Params) Object(key string) (*Params, bool) {
	m, ok := p.json[key].(map[string]any)
	if !ok {
		return nil, false
	}
	return &Params{json: m}, true
}

// Bearer returns the access token from the Authorization header or, as Mastodon
// allows, the access_token query parameter, and whether one was sent. A header with
// another scheme counts as sent, so it fails authentication; "Bearer" with nothing
// after it, as some clients send, is no token.
func Bearer(r *http.Request) (string, bool) {
	if h := r.Header.Get("Authorization"); h != "" {
		scheme, tok, _ := strings.Cut(h, " ")
		if !strings.EqualFold(scheme, "Bearer") {
			return "", true
		}
		tok = strings.TrimSpace(tok)
		return tok, tok != ""
	}
	if t := r.URL.Query().Get("access_token"); t != "" {
		return t, true
	}
	return "", false
}
