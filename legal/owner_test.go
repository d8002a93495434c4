package legal

import (
	"testing"

	"agora"
)

func TestOwnerTexts(t *testing.T) {
	o := &agora.Order{Number: "2026-000042", Reference: "2026/0042", LegalBasis: "IT Act s.69A", RedressInfo: "Write to the committee"}
	a := &agora.Authority{Name: "Ministry of Electronics and IT", Country: "IN"}
	in := &agora.Rule{Countries: []string{"PK", "IN"}, Reason: agora.ReasonLocalLaw}
	all := &agora.Rule{Countries: []string{agora.AllCountries}, Reason: agora.ReasonLocalLaw}
	for _, tc := range []struct{ name, got, want string }{
		{"post withheld", withheldText(o, a, agora.SubjectStatus, "alice", in, false, "https://x.example/notices/1"),
			"Your post has been withheld in India, Pakistan in response to a legal demand from Ministry of Electronics and IT (India) " +
				"(order 2026-000042, their reference 2026/0042; legal basis: IT Act s.69A). It stays visible to you and to people elsewhere. " +
				"Reason: local law. How to contest: Write to the committee. More: https://x.example/notices/1"},
		{"account removed, authority and redress unknown", withheldText(&agora.Order{Number: "2026-000001"}, nil, agora.SubjectAccount, "bob", all, true, ""),
			"Your account @bob has been suspended under the platform's rules, following a legal demand from an authority " +
				"(order 2026-000001; legal basis: not stated in the order). How to contest: the order does not say."},
		{"withheld everywhere", withheldText(o, a, agora.SubjectAccount, "bob", all, false, ""),
			"Your account @bob has been withheld in all countries in response to a legal demand from Ministry of Electronics and IT (India) " +
				"(order 2026-000042, their reference 2026/0042; legal basis: IT Act s.69A). Reason: local law. How to contest: Write to the committee."},
		{"suspension lifted", liftedText(o, agora.SubjectAccount, "bob", []string{agora.AllCountries}, true, "revoked by the authority", "https://x.example/notices/2"),
			"The suspension of your account @bob under order 2026-000042 has been lifted: revoked by the authority. Your account is active again. More: https://x.example/notices/2"},
		{"post lifted", liftedText(o, agora.SubjectStatus, "alice", []string{"IN"}, false, "", ""),
			"The withholding of your post in India under order 2026-000042 has been lifted. It is visible there again."},
	} {
		if tc.got != tc.want {
			t.Errorf("%s:\n got %q\nwant %q", tc.name, tc.got, tc.want)
		}
	}
}
