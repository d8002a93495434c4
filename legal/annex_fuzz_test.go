package legal_test

import (
	"bytes"
	"encoding/csv"
	"errors"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"agora"
	"agora/legal"
)

// FuzzParseAnnex checks the import of an order's annex, as CSV and as a plain
// list: it never panics; a refusal is EINVALID or ETOOLARGE with a message; an
// accepted annex keeps the limits (rows, cell length), holds only trimmed UTF-8
// text without NUL, has a row of remarks per target when it has any; and its
// targets, written again as a list or as a one-column CSV, read back the same.
func FuzzParseAnnex(f *testing.F) {
	for _, s := range []string{
		"id,Target\n1, @a \n2,\n",
		"S.No.,Account URL,Remarks\n1,https://agora.example/@a,hate speech\n2,https://agora.example/@b,\n",
		"\ufeffS.No.;Account URL;Remarks\r\n1;https://agora.example/@a;\"posts 3, 7; and \"\"8\"\"\"\r\n",
		"No\tLink\n1\thttps://agora.example/@a\n", "1,https://agora.example/@a,see the link\n2,#tag,\n",
		"URL,Remarks\n\n,\n@a\n@b,x\n", "URL,Remarks\n@a,x,,\n", "@a\n\n  @b  \n#tag\r\n", "\xff\xfeU\x00R\x00L\x00",
		"URL\n\"unterminated\n", "a,b\n1,2,3\n", "\"a\"b,c\n", "\x00", "\xed\xa0\x80", "URL\n\"@a\r\nb\"\n", "\"\r\"\n@x\n",
		strings.Repeat(",", 120) + "\n@a\n", "Handle;URL\n@a;https://x.example/@a\n",
	} {
		f.Add("text/csv", []byte(s))
		f.Add("text/plain; charset=utf-8", []byte(s))
	}
	f.Add("application/json", []byte(`["@a"]`))
	f.Add("text/csv; charset=\"", []byte("@a\n"))
	f.Fuzz(func(t *testing.T, mediaType string, data []byte) {
		a, err := legal.ParseAnnex(mediaType, data)
		if err != nil {
			var e *agora.Error
			if !errors.As(err, &e) || e.Code != agora.EINVALID && e.Code != agora.ETOOLARGE || e.Message == "" {
				t.Fatalf("ParseAnnex(%q, %q) = %v: want EINVALID or ETOOLARGE with a message", mediaType, data, err)
			}
			return
		}
		checkAnnex(t, data, a)
		// A quoted CSV cell may hold a line break; a list's line cannot.
		if !slices.ContainsFunc(a.Targets, func(s string) bool { return strings.ContainsAny(s, "\r\n") }) {
			again, err := legal.ParseAnnexList([]byte(strings.Join(a.Targets, "\n")))
			if nonEmpty := slices.DeleteFunc(slices.Clone(a.Targets), func(s string) bool { return s == "" }); err != nil || !slices.Equal(again.Targets, nonEmpty) {
				t.Fatalf("annex %q: targets %q written as a list read back as %v, %v", data, a.Targets, again, err)
			}
		}
		var buf bytes.Buffer
		w := csv.NewWriter(&buf)
		_ = w.Write([]string{"URL"})
		var want []string
		for _, target := range a.Targets {
			if target != "" {
				_ = w.Write([]string{target})
				want = append(want, target)
			}
		}
		w.Flush()
		if len(want) == 0 {
			return
		}
		again, err := legal.ParseAnnexCSV(buf.Bytes())
		if err != nil || !slices.Equal(again.Targets, want) || again.Remarks != nil {
			t.Fatalf("annex %q: targets %q written as CSV %q read back as %+v, %v", data, want, buf.Bytes(), again, err)
		}
	})
}

// checkAnnex checks what an accepted annex holds.
func checkAnnex(t *testing.T, data []byte, a *legal.Annex) {
	t.Helper()
	if len(a.Targets) > legal.MaxAnnexRows {
		t.Fatalf("annex %q: %d targets", data, len(a.Targets))
	}
	if a.Remarks != nil && len(a.Remarks) != len(a.Targets) {
		t.Fatalf("annex %q: %d targets, %d rows of remarks", data, len(a.Targets), len(a.Remarks))
	}
	text := func(what, s string) {
		if len(s) > legal.MaxAnnexField || !utf8.ValidString(s) || strings.ContainsRune(s, 0) || strings.TrimSpace(s) != s {
			t.Fatalf("annex %q: %s %q is not trimmed UTF-8 text within the limits", data, what, s)
		}
	}
	for i, target := range a.Targets {
		text("target", target)
		if a.Remarks == nil {
			continue
		}
		for _, r := range a.Remarks[i] {
			text("remark", r.Value)
			if r.Value == "" || r.Column == "" {
				t.Fatalf("annex %q: remark %+v of target %q", data, r, target)
			}
		}
	}
}
