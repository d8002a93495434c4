package httpx

import (
	"fmt"
	"regexp"
	"sort"
	"strconv"
	"strings"

	"agora"
)

// objectKeyRE matches a form parameter name of a list of objects as Rails reads
// it: key[0][name] or key[][name].
var objectKeyRE = regexp.MustCompile(`^([A-Za-z_]+)\[(\d*)\]\[([A-Za-z_]+)\]$`)

// Objects returns the parameter key given as a list of flat objects, as Rails
// (and so Mastodon) accepts it for nested attributes such as fields_attributes:
// in JSON an array of objects or an object keyed by index ({"0": {...}}), in a
// form key[0][name]=...&key[0][value]=... (or key[][name]=...). Objects keyed by
// index come in index order. given is false when the parameter is absent. More
// than max objects, a value that is not an object of strings, or an index over
// max is EINVALID; so is any string over 64 KiB.
func (p *Params) Objects(key string, max int) (list []map[string]string, given bool, err error) {
	bad := agora.Errorf(agora.EINVALID, "Parameter %s must be a list of objects (at most %d) of text values.", key, max)
	if v, ok := p.json[key]; ok {
		var raw []any
		switch v := v.(type) {
		case []any:
			raw = v
		case map[string]any:
			idx := make([]int, 0, len(v))
			for k := range v {
				n, err := strconv.Atoi(k)
				if err != nil || n < 0 || n > max {
					return nil, true, bad
				}
				idx = append(idx, n)
			}
			sort.Ints(idx)
			for _, n := range idx {
				raw = append(raw, v[strconv.Itoa(n)])
			}
		case nil:
			return []map[string]string{}, true, nil
		default:
			return nil, true, bad
		}
		if len(raw) > max {
			return nil, true, bad
		}
		list = make([]map[string]string, 0, len(raw))
		for _, o := range raw {
			m, ok := o.(map[string]any)
			if !ok {
				return nil, true, bad
			}
			sub := &Params{json: m}
			obj := make(map[string]string, len(m))
			for k := range m {
				if obj[k], err = sub.String(k); err != nil {
					return nil, true, bad
				}
			}
			list = append(list, obj)
		}
		return list, true, nil
	}
	return p.formObjects(key, max, bad)
}

// formObjects is Objects for form and query parameters. In key[][sub] form
// the n-th value of each sub-key makes the n-th object, so every sub-key must
// be given as many times: Rails starts a new object when a sub-key repeats,
// which depends on an order the form's values do not keep, and uneven counts
// would put a value on the wrong object. Uneven counts are EINVALID naming
// the parameter (key[0][sub] can leave a field out of some objects).
func (p *Params) formObjects(key string, max int, bad error) ([]map[string]string, bool, error) {
	byIndex := map[int]map[string]string{}
	var appended []map[string]string // key[][sub]: the n-th value of each sub-key
	counts := map[string]int{}       // key[][sub]: values of each sub-key
	for name, values := range p.form {
		m := objectKeyRE.FindStringSubmatch(name)
		if m == nil || m[1] != key {
			continue
		}
		for _, s := range values {
			if len(s) > maxParamLen {
				return nil, true, bad
			}
		}
		if m[2] == "" {
			if len(values) > max {
				return nil, true, bad
			}
			counts[m[3]] = len(values)
			for len(appended) < len(values) {
				appended = append(appended, map[string]string{})
			}
			for i, s := range values {
				appended[i][m[3]] = s
			}
			continue
		}
		n, err := strconv.Atoi(m[2])
		if err != nil || n > max {
			return nil, true, bad
		}
		if byIndex[n] == nil {
			byIndex[n] = map[string]string{}
		}
		byIndex[n][m[3]] = values[0]
	}
	if len(byIndex) == 0 && appended == nil {
		return nil, false, nil
	}
	if err := evenCounts(key, counts); err != nil {
		return nil, true, err
	}
	idx := make([]int, 0, len(byIndex))
	for n := range byIndex {
		idx = append(idx, n)
	}
	sort.Ints(idx)
	list := make([]map[string]string, 0, len(idx)+len(appended))
	for _, n := range idx {
		list = append(list, byIndex[n])
	}
	list = append(list, appended...)
	if len(list) > max {
		return nil, true, bad
	}
	return list, true, nil
}

// evenCounts is EINVALID when the sub-keys of key[][sub] parameters are not
// each given as many times, naming them and their counts.
func evenCounts(key string, counts map[string]int) error {
	subs := make([]string, 0, len(counts))
	for sub := range counts {
		subs = append(subs, sub)
	}
	sort.Strings(subs)
	even := true
	parts := make([]string, len(subs))
	for i, sub := range subs {
		parts[i] = fmt.Sprintf("%s[][%s] %d", key, sub, counts[sub])
		even = even && counts[sub] == counts[subs[0]]
	}
	if even {
		return nil
	}
	return agora.Errorf(agora.EINVALID, "Parameter %s: in the %s[][field] form every field must be given once for each object, but the counts differ (%s); give indexes (%s[0][%s]=...) to leave a field out of some objects.",
		key, key, strings.Join(parts, ", "), key, subs[0])
}
