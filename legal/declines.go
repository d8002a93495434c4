package legal

// declineExplanations is the public explanation of each decline reason code, as
// the authority is told it (DSA Art. 9(1)): a fixed, reviewed sentence in the
// platform's voice, never the staff's note. One entry per agora.DeclineCodes;
// a test keeps the two alike. Change a sentence only after legal review.
var declineExplanations = map[string]string{
	"protected_speech":         "The platform declined: the content is protected speech under international human-rights standards.",
	"news_media":               "The platform declined: the content is news reporting by a media organisation, protected under international human-rights standards.",
	"journalist":               "The platform declined: the content is a journalist's work, protected under international human-rights standards.",
	"politician":               "The platform declined: the content is political expression by a politician or public official, protected under international human-rights standards.",
	"activist":                 "The platform declined: the content is peaceful advocacy by an activist or civil-society group, protected under international human-rights standards.",
	"insufficient_legal_basis": "The platform declined: the order does not state a legal basis sufficient for the measure it requests.",
	"overbroad":                "The platform declined: the order is broader than is necessary and proportionate to its stated aim.",
	"not_found":                "The platform declined: the item the order names could not be found on the platform.",
	"other":                    "The platform declined: the order does not meet the platform's criteria for giving effect to a government order.",
}

// DeclineExplanation returns the public explanation of a decline reason code
// (one of agora.DeclineCodes); that of "other" for a code it does not know.
func DeclineExplanation(code string) string {
	if s, ok := declineExplanations[code]; ok {
		return s
	}
	return declineExplanations["other"]
}
