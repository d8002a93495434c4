package legal

import (
	"testing"

	"agora"
)

func TestNamesStaff(t *testing.T) {
	check := func(a *agora.Account, parties string, want bool) {
		t.Helper()
		words := partyWords(parties)
		if got := namesStaff(words, " "+joinWords(words)+" ", a); got != want {
			t.Errorf("namesStaff(@%s, %q) = %v, want %v", a.Username, parties, got, want)
		}
	}
	lena := &agora.Account{Username: "lena", Email: "Lena.K@example.org", DisplayName: "Lena Kowalski"}
	for parties, want := range map[string]bool{
		"lena to MeitY":                 true,
		"Agora (@lena) to MeitY":        true,
		"@LENA@agora.example; MeitY":    true,
		"lena.k@example.org, MeitY":     true,
		"From Lena  Kowalski, Agora":    true,
		"Agora Trust & Safety to MeitY": false,
		"Helena's office, MeitY":        false,
		"Kowalski Brothers Ltd":         false,
		"":                              false,
	} {
		check(lena, parties, want)
	}
	// A shared account named after a function is named by its handle, e-mail or
	// display name, not by the word alone.
	shared := &agora.Account{Username: "legal", Email: "legal@agora.example", DisplayName: "Legal Desk"}
	for parties, want := range map[string]bool{
		"Platform legal team to MeitY nodal officer": false,
		"@legal to MeitY":              true,
		"legal@agora.example to MeitY": true,
		"The Legal Desk to MeitY":      true,
	} {
		check(shared, parties, want)
	}
}
