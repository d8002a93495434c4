package agora

import (
	"regexp"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// FilterResult is how one filter matched a status: the filter's keywords found
// in it and the filtered status IDs it is (itself, or the status it boosts).
type FilterResult struct {
	Filter         *Filter
	KeywordMatches []string
	StatusMatches  []ID
}

// FilterMatcher is an account's active filters, compiled once (per request)
// and matched against many statuses. The zero FilterMatcher (and nil) matches
// nothing.
type FilterMatcher struct {
	filters []compiledFilter
}

type compiledFilter struct {
	f        *Filter
	any      *regexp.Regexp // every keyword, without case: a quick first test
	keywords []compiledKeyword
	statuses map[ID]bool
}

type compiledKeyword struct {
	k          *FilterKeyword
	re         *regexp.Regexp
	start, end bool // check a word boundary before, after
}

// CompileFilters compiles the filters active at now.
func CompileFilters(filters []*Filter, now time.Time) *FilterMatcher {
	m := &FilterMatcher{}
	for _, f := range filters {
		if !f.Active(now) || (len(f.Keywords) == 0 && len(f.Statuses) == 0) {
			continue
		}
		cf := compiledFilter{f: f}
		var alts []string
		for _, k := range f.Keywords {
			q := regexp.QuoteMeta(k.Keyword)
			alts = append(alts, q)
			first, _ := utf8.DecodeRuneInString(k.Keyword)
			last, _ := utf8.DecodeLastRuneInString(k.Keyword)
			cf.keywords = append(cf.keywords, compiledKeyword{
				k: k, re: regexp.MustCompile(`(?i)` + q),
				start: k.WholeWord && wordRune(first), end: k.WholeWord && wordRune(last),
			})
		}
		if len(alts) > 0 {
			cf.any = regexp.MustCompile(`(?i)` + strings.Join(alts, "|"))
		}
		if len(f.Statuses) > 0 {
			cf.statuses = make(map[ID]bool, len(f.Statuses))
			for _, s := range f.Statuses {
				cf.statuses[s.StatusID] = true
			}
		}
		m.filters = append(m.filters, cf)
	}
	return m
}

// Empty reports whether the matcher matches nothing.
func (m *FilterMatcher) Empty() bool { return m == nil || len(m.filters) == 0 }

// MayHide reports whether some filter that hides covers c.
func (m *FilterMatcher) MayHide(c FilterContext) bool {
	if m == nil {
		return false
	}
	for _, cf := range m.filters {
		if cf.f.Action == FilterHide && cf.f.Covers(c) {
			return true
		}
	}
	return false
}

// FilterSubject is what a status offers to filters: its ID and, for a boost,
// the boosted status's ID, and the text of the status shown (the original of
// a boost): its plain text, content warning and poll options.
type FilterSubject struct {
	ID, ReblogOfID ID
	Text           string
	SpoilerText    string
	PollOptions    []string
}

// Match returns the results of the filters covering c that match s, in the
// order of the filters; nil when none does.
func (m *FilterMatcher) Match(c FilterContext, s FilterSubject) []FilterResult {
	if m.Empty() {
		return nil
	}
	var out []FilterResult
	var texts []string
	for _, cf := range m.filters {
		if !cf.f.Covers(c) {
			continue
		}
		var r FilterResult
		if cf.any != nil {
			if texts == nil {
				texts = append([]string{s.Text, s.SpoilerText}, s.PollOptions...)
			}
			for _, k := range cf.keywords {
				if k.matchesAny(cf.any, texts) {
					r.KeywordMatches = append(r.KeywordMatches, k.k.Keyword)
				}
			}
		}
		for _, id := range []ID{s.ID, s.ReblogOfID} {
			if id != 0 && cf.statuses[id] {
				r.StatusMatches = append(r.StatusMatches, id)
			}
		}
		if len(r.KeywordMatches) > 0 || len(r.StatusMatches) > 0 {
			r.Filter = cf.f
			out = append(out, r)
		}
	}
	return out
}

// Hides reports whether any of the results is of a filter that hides.
func Hides(results []FilterResult) bool {
	for _, r := range results {
		if r.Filter.Action == FilterHide {
			return true
		}
	}
	return false
}

func (k compiledKeyword) matchesAny(any *regexp.Regexp, texts []string) bool {
	for _, t := range texts {
		if t != "" && any.MatchString(t) && k.matches(t) {
			return true
		}
	}
	return false
}

// matches reports whether the keyword occurs in t, on word boundaries when it
// is a whole word: as Mastodon, a boundary is required before the keyword
// only when it starts with a word character, and after it only when it ends
// with one.
func (k compiledKeyword) matches(t string) bool {
	for _, loc := range k.re.FindAllStringIndex(t, -1) {
		if k.start {
			if r, _ := utf8.DecodeLastRuneInString(t[:loc[0]]); loc[0] > 0 && wordRune(r) {
				continue
			}
		}
		if k.end {
			if r, _ := utf8.DecodeRuneInString(t[loc[1]:]); loc[1] < len(t) && wordRune(r) {
				continue
			}
		}
		return true
	}
	return false
}

// wordRune reports whether r is a word character ([[:word:]]): a letter, a
// mark, a digit or a connector such as '_'.
func wordRune(r rune) bool {
	return unicode.IsLetter(r) || unicode.IsMark(r) || unicode.IsDigit(r) || unicode.Is(unicode.Pc, r)
}
