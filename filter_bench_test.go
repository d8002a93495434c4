package agora

import (
	"fmt"
	"strings"
	"testing"
	"time"
	"unicode/utf8"
)

// benchFilters returns n filters of k keywords each, every keyword
// MaxFilterKeyword characters long (words, half of them whole words), and a
// status text of 500 characters that matches none of them until its end.
func benchFilters(n, k int) ([]*Filter, FilterSubject) {
	var fs []*Filter
	for i := range n {
		f := &Filter{ID: ID(i + 1), Title: "f", Context: []FilterContext{FilterHome}, Action: FilterWarn}
		for j := range k {
			var b strings.Builder
			for utf8.RuneCountInString(b.String()) < MaxFilterKeyword {
				fmt.Fprintf(&b, "wörd%d-%d ", i, j)
			}
			kw := string([]rune(b.String())[:MaxFilterKeyword])
			f.Keywords = append(f.Keywords, &FilterKeyword{ID: ID(i*k + j + 1), FilterID: f.ID, Keyword: kw, WholeWord: j%2 == 0})
		}
		fs = append(fs, f)
	}
	text := strings.Repeat("Ordinary words about the day, nothing to see. ", 11)[:500]
	return fs, FilterSubject{ID: 1, Text: text, SpoilerText: "cw", PollOptions: []string{"yes", "no"}}
}

// The shapes benchmarked: the old limits (100 filters of 100 keywords) and
// the account's keyword cap spread over 100 filters and over 10.
var benchShapes = []struct{ filters, keywords int }{{100, 100}, {100, 10}, {10, 100}}

func BenchmarkCompileFilters(b *testing.B) {
	now := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	for _, sh := range benchShapes {
		fs, _ := benchFilters(sh.filters, sh.keywords)
		b.Run(fmt.Sprintf("filters=%d/keywords=%d", sh.filters, sh.keywords), func(b *testing.B) {
			for b.Loop() {
				CompileFilters(fs, now)
			}
		})
	}
}

// BenchmarkFilterMatcher_Match matches one status of 500 characters (with a
// content warning and a poll) against filters at the limits.
func BenchmarkFilterMatcher_Match(b *testing.B) {
	now := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	for _, sh := range benchShapes {
		fs, sub := benchFilters(sh.filters, sh.keywords)
		m := CompileFilters(fs, now)
		b.Run(fmt.Sprintf("filters=%d/keywords=%d", sh.filters, sh.keywords), func(b *testing.B) {
			for b.Loop() {
				if m.Match(FilterHome, sub) != nil {
					b.Fatal("matched")
				}
			}
		})
	}
}
