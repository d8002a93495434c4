package service

import (
	"strings"
	"testing"

	"agora"
)

// TestParseSubject: what people paste for a target reads as the account, status or
// hashtag it names, and what does not says why.
func TestParseSubject(t *testing.T) {
	const base = "https://agora.example"
	acct := func(u string) subjectRef { return subjectRef{Kind: agora.SubjectAccount, Username: u} }
	status := func(u string, id agora.ID) subjectRef {
		return subjectRef{Kind: agora.SubjectStatus, Username: u, ID: id}
	}
	tag := func(name string) subjectRef { return subjectRef{Kind: agora.SubjectHashtag, Hashtag: name} }
	for _, tt := range []struct {
		in   string
		want subjectRef
	}{
		// Handles.
		{"@alice", acct("alice")},
		{"alice", acct("alice")},
		{"@alice@agora.example", acct("alice")},
		{"alice@agora.example", acct("alice")},
		{"alice@AGORA.Example", acct("alice")},
		{"acct:alice@agora.example", acct("alice")},
		{"ACCT:alice@agora.example", acct("alice")},
		{"  @alice\t", acct("alice")},
		{"<@alice>", acct("alice")},
		// Profile URLs, in every way they get pasted.
		{"https://agora.example/@alice", acct("alice")},
		{"https://agora.example/@alice/", acct("alice")},
		{"https://agora.example/@alice?ref=x", acct("alice")},
		{"https://agora.example/@alice#top", acct("alice")},
		{"https://agora.example/@alice/?ref=x#top", acct("alice")},
		{" <https://agora.example/@alice> ", acct("alice")},
		{"http://agora.example/@alice", acct("alice")},
		{"https://agora.example:443/@alice", acct("alice")},
		{"HTTPS://AGORA.EXAMPLE/@alice", acct("alice")},
		{"https://Agora.Example/web/@alice", acct("alice")},
		{"https://agora.example/web/@alice/", acct("alice")},
		{"https://agora.example/users/alice", acct("alice")},
		{"https://agora.example/@alice@agora.example", acct("alice")},
		{"agora.example/@alice", acct("alice")},
		// Statuses.
		{"115", status("", 115)},
		{"https://agora.example/@alice/115", status("alice", 115)},
		{"https://agora.example/@alice/115/", status("alice", 115)},
		{"https://agora.example/@alice/115?ref=x#reply", status("alice", 115)},
		{"https://agora.example/web/@alice/115", status("alice", 115)},
		{"https://agora.example/web/statuses/115", status("", 115)},
		{"https://agora.example/users/alice/statuses/115", status("alice", 115)},
		{"<http://AGORA.example/users/alice/statuses/115/>", status("alice", 115)},
		// Hashtags.
		{"#Banned", tag("banned")},
		{"https://agora.example/tags/Banned", tag("banned")},
		{"https://agora.example/tags/banned/?page=2", tag("banned")},
	} {
		t.Run(tt.in, func(t *testing.T) {
			got, err := parseSubject(base, tt.in)
			if err != nil {
				t.Fatalf("parseSubject(%q): %v", tt.in, err)
			}
			if got != tt.want {
				t.Errorf("parseSubject(%q) = %+v, want %+v", tt.in, got, tt.want)
			}
		})
	}

	for _, tt := range []struct {
		in   string
		want string // in the message
	}{
		{"", "empty"},
		{"  ", "empty"},
		{"<>", "empty"},
		{"https://elsewhere.example/@someone", "names another server: elsewhere.example"},
		{"https://agora.example.evil/@alice", "names another server: agora.example.evil"},
		{"https://agora.example:8443/@alice", "names another server: agora.example:8443"},
		{"@someone@elsewhere.example", "names another server: elsewhere.example"},
		{"someone@elsewhere.example", "names another server: elsewhere.example"},
		{"acct:someone@elsewhere.example", "names another server: elsewhere.example"},
		{"https://agora.example/@someone@elsewhere.example", "names another server: elsewhere.example"},
		{"elsewhere.example/@someone", "names another server: elsewhere.example"},
		{"https://agora.example/@alice/12x", `"12x" is not a status ID`},
		{"https://agora.example/@alice/0", `"0" is not a status ID`},
		{"99999999999999999999999", `is not a status ID`},
		{"https://agora.example/users/alice/statuses/-1", `"-1" is not a status ID`},
		{"https://agora.example/about", `the path "/about" is not one agora knows`},
		{"https://agora.example/", `the path "/" is not one agora knows`},
		{"https://agora.example", `the path "/" is not one agora knows`},
		{"https://agora.example/@alice/115/reblogs", `the path "/@alice/115/reblogs" is not one agora knows`},
		{"https://agora.example/tags/", `the path "/tags/" is not one agora knows`},
		{"https://agora.example/tags/no-such", `"#no-such" is not a valid hashtag`},
		{"#", `"#" is not a valid hashtag`},
		{"@al ice", `"al ice" is not a username`},
		{"@", `"" is not a username`},
		{"ftp://agora.example/@alice", "is not an http or https URL"},
		{"not a target", `"not a target" names no account, status or hashtag`},
		{strings.Repeat("a", maxSubjectLen+1), "longer than 2048 characters"},
	} {
		t.Run("invalid/"+truncate(tt.in, 60), func(t *testing.T) {
			got, err := parseSubject(base, tt.in)
			if err == nil {
				t.Fatalf("parseSubject(%q) = %+v, want an error", tt.in, got)
			}
			if agora.ErrorCode(err) != agora.EINVALID || !strings.Contains(agora.ErrorMessage(err), tt.want) {
				t.Errorf("parseSubject(%q): %v, want EINVALID saying %q", tt.in, err, tt.want)
			}
		})
	}
}

// TestParseSubject_base: an http server and one with a port and a path are read
// alike.
func TestParseSubject_base(t *testing.T) {
	for _, tt := range []struct {
		base, in string
		want     subjectRef
	}{
		{"http://127.0.0.1:8080", "https://127.0.0.1:8080/@alice/", subjectRef{Kind: agora.SubjectAccount, Username: "alice"}},
		{"http://127.0.0.1:8080", "alice@127.0.0.1:8080", subjectRef{Kind: agora.SubjectAccount, Username: "alice"}},
		{"http://agora.example", "https://agora.example:443/@alice", subjectRef{Kind: agora.SubjectAccount, Username: "alice"}},
		{"https://example.org/social", "https://example.org/social/@alice/115", subjectRef{Kind: agora.SubjectStatus, Username: "alice", ID: 115}},
	} {
		got, err := parseSubject(tt.base, tt.in)
		if err != nil || got != tt.want {
			t.Errorf("parseSubject(%q, %q) = %+v, %v; want %+v", tt.base, tt.in, got, err, tt.want)
		}
	}
	for _, tt := range []struct{ base, in, want string }{
		{"http://127.0.0.1:8080", "http://127.0.0.1:9090/@alice", "names another server: 127.0.0.1:9090"},
		{"http://127.0.0.1:8080", "alice@127.0.0.1", "names another server: 127.0.0.1"},
		{"https://example.org/social", "https://example.org/@alice", `the path "/@alice" is not one agora knows`},
	} {
		_, err := parseSubject(tt.base, tt.in)
		if agora.ErrorCode(err) != agora.EINVALID || !strings.Contains(agora.ErrorMessage(err), tt.want) {
			t.Errorf("parseSubject(%q, %q): %v, want EINVALID saying %q", tt.base, tt.in, err, tt.want)
		}
	}
}
