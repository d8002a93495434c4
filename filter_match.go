package agora

import (
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
// nothing. Compiling costs a case fold of each keyword; matching a status
// folds its texts once and looks for each keyword with strings.Index, with no
// regular expression: at the limits (MaxAccountFilterKeywords keywords) both
// stay cheap (docs/PERFORMANCE.md, "Filters on every page").
type FilterMatcher struct {
	filters []compiledFilter
}

type compiledFilter struct {
	f        *Filter
	keywords []compiledKeyword
	statuses map[ID]bool
}

type compiledKeyword struct {
	k          *FilterKeyword
	folded     string // the keyword case-folded (foldCase); never empty
	start, end bool   // check a word boundary before, after
}

// CompileFilters compiles the filters active at now.
func CompileFilters(filters []*Filter, now time.Time) *FilterMatcher {
	m := &FilterMatcher{}
	for _, f := range filters {
		if !f.Active(now) || (len(f.Keywords) == 0 && len(f.Statuses) == 0) {
			continue
		}
		cf := compiledFilter{f: f}
		for _, k := range f.Keywords {
			folded := foldCase(k.Keyword)
			if folded == "" {
				continue // Validate refuses blank keywords; an empty one would match everything
			}
			first, _ := utf8.DecodeRuneInString(folded)
			last, _ := utf8.DecodeLastRuneInString(folded)
			cf.keywords = append(cf.keywords, compiledKeyword{
				k: k, folded: folded,
				start: k.WholeWord && wordRune(first), end: k.WholeWord && wordRune(last),
			})
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
// a boost): its plain text, content warning, poll options and media
// descriptions, as Mastodon matches its searchable text.
type FilterSubject struct {
	ID, ReblogOfID    ID
	Text              string
	SpoilerText       string
	PollOptions       []string
	MediaDescriptions []string
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
		if len(cf.keywords) > 0 {
			if texts == nil {
				texts = s.foldedTexts()
			}
			for _, k := range cf.keywords {
				if k.matchesAny(texts) {
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

// foldedTexts returns the non-empty texts of s, case-folded (foldCase).
func (s FilterSubject) foldedTexts() []string {
	texts := make([]string, 0, 2+len(s.PollOptions)+len(s.MediaDescriptions))
	for _, group := range [][]string{{s.Text, s.SpoilerText}, s.PollOptions, s.MediaDescriptions} {
		for _, t := range group {
			if t != "" {
				texts = append(texts, foldCase(t))
			}
		}
	}
	return texts
}

func (k compiledKeyword) matchesAny(texts []string) bool {
	for _, t := range texts {
		if k.matches(t) {
			return true
		}
	}
	return false
}

// matches reports whether the keyword occurs in t (case-folded as the
// keyword is), on word boundaries when it is a whole word: as Mastodon, a
// boundary is required before the keyword only when it starts with a word
// character, and after it only when it ends with one. Every occurrence is
// tried, overlapping ones too, as a regular expression engine scanning each
// start position would.
func (k compiledKeyword) matches(t string) bool {
	for off := 0; off < len(t); {
		i := strings.Index(t[off:], k.folded)
		if i < 0 {
			return false
		}
		i += off
		j := i + len(k.folded)
		if (!k.start || !wordRuneBefore(t, i)) && (!k.end || !wordRuneAt(t, j)) {
			return true
		}
		_, size := utf8.DecodeRuneInString(t[i:])
		off = i + size
	}
	return false
}

// wordRuneBefore reports whether the rune ending at t[i] is a word character.
func wordRuneBefore(t string, i int) bool {
	r, size := utf8.DecodeLastRuneInString(t[:i])
	return size > 0 && wordRune(r)
}

// wordRuneAt reports whether the rune starting at t[i] is a word character.
func wordRuneAt(t string, i int) bool {
	r, size := utf8.DecodeRuneInString(t[i:])
	return size > 0 && wordRune(r)
}

// foldCase maps every rune of s to one representative of the runes equal to
// it without case (simple case folding, as a regular expression's (?i)
// matches them: k, K and the Kelvin sign K are one), so that two strings
// equal without case fold to the same string.
func foldCase(s string) string {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return strings.Map(foldRune, s)
		}
	}
	return strings.ToUpper(s) // ASCII: the least of a and A is A
}

// foldRune returns the least rune of r's simple case folding orbit.
func foldRune(r rune) rune {
	if r < utf8.RuneSelf {
		if 'a' <= r && r <= 'z' {
			return r - ('a' - 'A')
		}
		return r
	}
	least := r
	for f := unicode.SimpleFold(r); f != r; f = unicode.SimpleFold(f) {
		least = min(least, f)
	}
	return least
}

// wordRune reports whether r is a word character ([[:word:]]): a letter, a
// mark, a digit or a connector such as '_'.
func wordRune(r rune) bool {
	return unicode.IsLetter(r) || unicode.IsMark(r) || unicode.IsDigit(r) || unicode.Is(unicode.Pc, r)
}
