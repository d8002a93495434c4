package service

import (
	"errors"
	"strings"
	"testing"
	"unicode/utf8"

	"agora"
	"agora/internal/textfmt"
)

// FuzzParseSubject checks target resolution on what people paste: it never
// panics; a refusal is EINVALID with a bounded message (the subject is cut to
// 100 bytes, and quoted), never another code, and
// UTF-8 text when the subject is (it is stored as the target's cause); what
// is accepted is well formed (a valid username, a positive status ID, a
// normalized hashtag); and the subject's canonical forms (@user, user@host, the
// profile or status URL, #tag) read back as the same subject, while the same
// text about another server is refused.
func FuzzParseSubject(f *testing.F) {
	for _, s := range []string{
		"@alice", "alice@agora.example", "acct:alice@AGORA.example", "<https://agora.example/@alice/115>",
		"https://agora.example/users/alice/statuses/115", "https://agora.example/web/statuses/115", "115",
		"#Banned", "https://agora.example/tags/banned/?page=2", "agora.example/@alice", "http://agora.example:80/@alice",
		"@alice@other.example", "https://other.example/@alice", "https://agora.example/@alice/0", "99999999999999999999",
		"javascript:alert(1)", "https://agora.example/@alice/115/../../@bob", "https://agora.example/%40alice",
		"https://user:pw@agora.example/@alice", "https://agora.example/tags/%23x", "#", "@", "<>", "acct:", " \t",
		"https://agora.example/@a\u0301lice", "#caf\u00e9", "https://[::1]/@alice", "agora.example:443/@alice/7",
	} {
		f.Add(s)
	}
	const base = "https://agora.example"
	f.Fuzz(func(t *testing.T, text string) {
		ref, err := parseSubject(base, text)
		if err != nil {
			var e *agora.Error
			if !errors.As(err, &e) || e.Code != agora.EINVALID || e.Message == "" || len(e.Message) > 1000 || utf8.ValidString(text) && !utf8.ValidString(e.Message) {
				t.Fatalf("parseSubject(%q) = %v: want EINVALID with a short message", text, err)
			}
			return
		}
		var forms []string
		switch ref.Kind {
		case agora.SubjectAccount:
			if agora.ValidateUsername(ref.Username) != nil || ref.ID != 0 || ref.Hashtag != "" {
				t.Fatalf("parseSubject(%q) = %+v: not an account", text, ref)
			}
			forms = []string{"@" + ref.Username, ref.Username + "@agora.example", base + "/@" + ref.Username, base + "/users/" + ref.Username}
		case agora.SubjectStatus:
			if ref.ID <= 0 || ref.Hashtag != "" || ref.Username != "" && agora.ValidateUsername(ref.Username) != nil {
				t.Fatalf("parseSubject(%q) = %+v: not a status", text, ref)
			}
			if ref.Username == "" {
				forms = []string{ref.ID.String(), base + "/web/statuses/" + ref.ID.String()}
			} else {
				forms = []string{base + "/@" + ref.Username + "/" + ref.ID.String(), base + "/users/" + ref.Username + "/statuses/" + ref.ID.String()}
			}
		case agora.SubjectHashtag:
			if n, ok := textfmt.NormalizeTag("#" + ref.Hashtag); !ok || n != ref.Hashtag || ref.ID != 0 || ref.Username != "" {
				t.Fatalf("parseSubject(%q) = %+v: not a normalized hashtag", text, ref)
			}
			forms = []string{"#" + ref.Hashtag}
		default:
			t.Fatalf("parseSubject(%q) = %+v: unknown kind", text, ref)
		}
		for _, form := range forms {
			if again, err := parseSubject(base, form); err != nil || again != ref {
				t.Fatalf("parseSubject(%q) = %+v, but its form %q reads as %+v, %v", text, ref, form, again, err)
			}
			if other := strings.Replace(form, "agora.example", "other.example", 1); other != form {
				if got, err := parseSubject(base, other); err == nil {
					t.Fatalf("parseSubject(%q) = %+v: another server's subject accepted", other, got)
				}
			}
		}
	})
}
