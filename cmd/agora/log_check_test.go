package main

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"agora"
)

func TestLogCheck_Usage(t *testing.T) {
	for _, args := range [][]string{
		{"log", "check"},
		{"log", "check", "--country", "IN"},
		{"log", "check", "https://social.example/x"},
		{"log", "check", "https://social.example/x", "--country", "India"},
		{"log", "check", "https://social.example/x", "--country", "IN", "extra"},
	} {
		if r := runCmd(t, nil, args...); r.code != 2 {
			t.Errorf("agora %v: exit %d, want 2; stderr: %s", args, r.code, r.stderr)
		}
	}
}

func TestParseLinks(t *testing.T) {
	for _, tt := range []struct {
		name   string
		values []string
		want   []link
	}{
		{"one per value", []string{`<https://a.example/notices/7>; rel="blocked-by"`,
			`<https://a.example/api/v1/transparency/log/entries/41>; rel="transparency-log-entry"`},
			[]link{{"https://a.example/notices/7", "blocked-by"}, {"https://a.example/api/v1/transparency/log/entries/41", "transparency-log-entry"}}},
		{"joined", []string{`<https://a.example/n>; rel="blocked-by", <https://a.example/e>;rel=transparency-log-entry`},
			[]link{{"https://a.example/n", "blocked-by"}, {"https://a.example/e", "transparency-log-entry"}}},
		{"several rels", []string{`<https://a.example/x>; title="t"; rel="next Blocked-By"`},
			[]link{{"https://a.example/x", "next"}, {"https://a.example/x", "blocked-by"}}},
		{"garbage", []string{`nothing`, `<unclosed; rel="x"`}, nil},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if diff := cmp.Diff(tt.want, parseLinks(tt.values), cmp.AllowUnexported(link{})); diff != "" {
				t.Errorf("parseLinks (-want +got):\n%s", diff)
			}
		})
	}
}

func TestSplitEntryURL(t *testing.T) {
	base, index, err := splitEntryURL("https://social.example/sub/api/v1/transparency/log/entries/41")
	if err != nil || base != "https://social.example/sub" || index != 41 {
		t.Errorf("splitEntryURL = %q, %d, %v", base, index, err)
	}
	for _, u := range []string{"https://social.example/notices/41", "https://social.example/api/v1/transparency/log/entries/x",
		"/api/v1/transparency/log/entries/1", "https://social.example/api/v1/transparency/log/entries/-1"} {
		if _, _, err := splitEntryURL(u); err == nil {
			t.Errorf("splitEntryURL(%q) did not fail", u)
		}
	}
	if got := noticeRule("https://social.example/notices/117741862633366140"); got != agora.ID(117741862633366140) {
		t.Errorf("noticeRule = %d", got)
	}
	if got := noticeRule("https://social.example/about"); got != 0 {
		t.Errorf("noticeRule of no notice = %d", got)
	}
}
