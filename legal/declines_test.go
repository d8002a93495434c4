package legal

import (
	"slices"
	"strings"
	"testing"

	"agora"
)

// TestDeclineExplanations: one public explanation per decline reason code, no
// more, each a sentence in the platform's voice.
func TestDeclineExplanations(t *testing.T) {
	for _, code := range agora.DeclineCodes {
		s, ok := declineExplanations[code]
		if !ok {
			t.Errorf("%s: no public explanation", code)
			continue
		}
		if DeclineExplanation(code) != s || !strings.HasPrefix(s, "The platform declined: ") || !strings.HasSuffix(s, ".") {
			t.Errorf("%s: %q is not a sentence in the platform's voice", code, s)
		}
	}
	for code := range declineExplanations {
		if !slices.Contains(agora.DeclineCodes, code) {
			t.Errorf("%s: an explanation for a code that is not in agora.DeclineCodes", code)
		}
	}
	if DeclineExplanation("no_such_code") != declineExplanations["other"] {
		t.Errorf("an unknown code is not explained as other")
	}
}
