package legal

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"agora"
)

func TestCheckMessage(t *testing.T) {
	now := time.Date(2026, 3, 4, 5, 6, 7, 0, time.UTC)
	docs := make([]*DocumentInput, MaxDocuments+1)
	for _, tc := range []struct {
		name string
		in   MessageInput
		want string // "" for none, else a word of the error
	}{
		{"plain", MessageInput{Text: "Please report on item 3."}, ""},
		{"notice with a deadline", MessageInput{Text: "Hearing.", Kind: agora.NoticeHearing, Deadline: now.Add(time.Hour)}, ""},
		{"revocation", MessageInput{Text: "Revoked.", Kind: agora.NoticeRevocation}, ""},
		{"longest", MessageInput{Text: strings.Repeat("अ", MaxMessageText)}, ""},
		{"empty", MessageInput{Text: " \n"}, "text is required"},
		{"too long", MessageInput{Text: strings.Repeat("a", MaxMessageText+1)}, "at most 20000"},
		{"not UTF-8", MessageInput{Text: "a\xffb"}, "UTF-8"},
		{"bad kind", MessageInput{Text: "x", Kind: "ultimatum"}, "kind"},
		{"deadline without kind", MessageInput{Text: "x", Deadline: now.Add(time.Hour)}, "kind too"},
		{"deadline past", MessageInput{Text: "x", Kind: agora.NoticeHearing, Deadline: now}, "future"},
		{"too many documents", MessageInput{Text: "x", Documents: docs}, "at most 10 documents"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := checkMessage(tc.in, now)
			switch {
			case tc.want == "" && err != nil:
				t.Errorf("checkMessage = %v, want nil", err)
			case tc.want != "" && (agora.ErrorCode(err) != agora.EUNPROCESSABLE || !strings.Contains(err.Error(), tc.want)):
				t.Errorf("checkMessage = %v, want EUNPROCESSABLE saying %q", err, tc.want)
			}
		})
	}
}

// TestDigest pins the digest's definition: the order's JSON, and after it the
// files received with it; an order without files keeps the digest it had
// before files counted.
func TestDigest(t *testing.T) {
	at := time.Date(2026, 3, 4, 5, 6, 7, 891_234_567, time.UTC)
	in := OrderInput{AuthorityID: 7, Reference: "No. 1", ReceivedAt: at, TerritorialScope: []string{"IN"}, Targets: []string{"@a", "@b"}}
	hexsum := func(b []byte) string { s := sha256.Sum256(b); return hex.EncodeToString(s[:]) }

	plain, _ := json.Marshal(OrderInput{AuthorityID: 7, Reference: "No. 1", ReceivedAt: at.Truncate(time.Millisecond), TerritorialScope: []string{"IN"}, Targets: []string{"@a", "@b"}})
	if got := digest(in); got != hexsum(plain) {
		t.Errorf("digest without files = %s, want the SHA-256 of %s", got, plain)
	}

	in.AnnexFile = &DocumentInput{Name: "annex.csv", ContentType: "text/csv", Data: []byte("url\n@b\n")}
	in.Documents = []*DocumentInput{{Name: "order.pdf", Data: []byte("%PDF")}}
	want := strings.TrimSuffix(string(plain), "}") +
		`,"annex":{"name":"annex.csv","content_type":"text/csv","size":7,"sha256":"` + hexsum([]byte("url\n@b\n")) + `"}` +
		`,"documents":[{"name":"order.pdf","content_type":"application/octet-stream","size":4,"sha256":"` + hexsum([]byte("%PDF")) + `"}]}`
	if got := digest(in); got != hexsum([]byte(want)) {
		t.Errorf("digest with files = %s, want the SHA-256 of %s", got, want)
	}
	in.Documents[0].Data = []byte("%PDF-changed")
	if digest(in) == hexsum([]byte(want)) {
		t.Error("a changed document does not change the digest")
	}
}
