package agora

import (
	"slices"
	"testing"
	"time"
)

func TestFilterMatcher_Match(t *testing.T) {
	now := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	kw := func(k string, whole bool) *FilterKeyword { return &FilterKeyword{Keyword: k, WholeWord: whole} }
	for _, tc := range []struct {
		name    string
		keyword *FilterKeyword
		subject FilterSubject
		want    bool
	}{
		{"anywhere, other case", kw("cat", false), FilterSubject{Text: "Concatenate"}, true},
		{"whole word, inside a word", kw("cat", true), FilterSubject{Text: "concatenate"}, false},
		{"whole word, alone", kw("cat", true), FilterSubject{Text: "a CAT!"}, true},
		{"whole word, second occurrence", kw("cat", true), FilterSubject{Text: "cats and a cat"}, true},
		{"whole word, non-ASCII neighbour", kw("cat", true), FilterSubject{Text: "écat"}, false},
		{"whole word, non-ASCII keyword", kw("café", true), FilterSubject{Text: "un CAFÉ noir"}, true},
		{"whole word, keyword ending in a symbol", kw("c++", true), FilterSubject{Text: "c++x"}, true},
		{"whole word, keyword starting with a symbol", kw("#go", true), FilterSubject{Text: "a#go"}, true},
		{"spoiler text", kw("war", true), FilterSubject{Text: "nothing", SpoilerText: "War news"}, true},
		{"poll option", kw("pineapple", true), FilterSubject{Text: "vote", PollOptions: []string{"ham", "Pineapple"}}, true},
		{"media description", kw("sunset", true), FilterSubject{Text: "look", MediaDescriptions: []string{"", "A Sunset over the sea"}}, true},
		{"no match", kw("dog", false), FilterSubject{Text: "cat"}, false},
		{"regexp metacharacters are literal", kw("a.b", false), FilterSubject{Text: "axb"}, false},
		{"whole word, overlapping occurrence", kw("a-a", true), FilterSubject{Text: "ba-a-a"}, true},
		{"whole word, only inside words", kw("ab", true), FilterSubject{Text: "abab xab aba"}, false},
		{"whole word, at the end", kw("ab", true), FilterSubject{Text: "xab ab"}, true},
		{"simple case folding: Kelvin sign", kw("\u212aelvin", true), FilterSubject{Text: "KELVIN"}, true},
		{"simple case folding: long s", kw("ſun", true), FilterSubject{Text: "SUN"}, true},
		{"non-ASCII upper case", kw("ÉTÉ", true), FilterSubject{Text: "un été chaud"}, true},
		{"invalid UTF-8 in a keyword", kw("caf\xc3", false), FilterSubject{Text: "caf\xc3 noir"}, true},
		{"invalid UTF-8 in a keyword, not there", kw("caf\xc3", false), FilterSubject{Text: "café"}, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := &Filter{ID: 1, Title: "t", Context: []FilterContext{FilterHome}, Action: FilterWarn, Keywords: []*FilterKeyword{tc.keyword}}
			got := CompileFilters([]*Filter{f}, now).Match(FilterHome, tc.subject)
			if (len(got) == 1) != tc.want {
				t.Fatalf("Match = %+v, want match %v", got, tc.want)
			}
			if tc.want && !slices.Equal(got[0].KeywordMatches, []string{tc.keyword.Keyword}) {
				t.Errorf("KeywordMatches = %q", got[0].KeywordMatches)
			}
		})
	}
}

func TestFilterMatcher_ContextExpiryStatuses(t *testing.T) {
	now := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	home := &Filter{ID: 1, Context: []FilterContext{FilterHome}, Action: FilterHide, Keywords: []*FilterKeyword{{Keyword: "x"}}}
	expired := &Filter{ID: 2, Context: []FilterContext{FilterHome}, ExpiresAt: now, Keywords: []*FilterKeyword{{Keyword: "x"}}}
	byStatus := &Filter{ID: 3, Context: []FilterContext{FilterHome, FilterPublic}, Statuses: []*FilterStatus{{StatusID: 7}}}
	m := CompileFilters([]*Filter{home, expired, byStatus}, now)
	got := m.Match(FilterHome, FilterSubject{ID: 9, ReblogOfID: 7, Text: "x"})
	if len(got) != 2 || got[0].Filter != home || got[1].Filter != byStatus || !slices.Equal(got[1].StatusMatches, []ID{7}) {
		t.Fatalf("Match(home) = %+v", got)
	}
	if !Hides(got) {
		t.Error("Hides = false for a hide filter's match")
	}
	if !m.MayHide(FilterHome) || m.MayHide(FilterPublic) {
		t.Errorf("MayHide(home, public) = %v, %v, want true, false", m.MayHide(FilterHome), m.MayHide(FilterPublic))
	}
	if got := m.Match(FilterPublic, FilterSubject{ID: 9, Text: "x"}); len(got) != 0 {
		t.Errorf("Match(public) of a status not named = %+v", got)
	}
	if got := m.Match(FilterThread, FilterSubject{ID: 7, Text: "x"}); len(got) != 0 {
		t.Errorf("Match(thread), no filter covering it = %+v", got)
	}
	var none *FilterMatcher
	if !none.Empty() || none.Match(FilterHome, FilterSubject{Text: "x"}) != nil {
		t.Error("a nil matcher matches")
	}
}
