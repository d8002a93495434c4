package legal

import (
	"context"
	"strings"
	"unicode"

	"agora"
)

// checkParties refuses parties that name a staff member: the platform answers as
// an organisation (DESIGN.md section 5, step 6), so a message's parties name
// organisations, never the people who wrote it. A staff member is named by their
// username (alone or as @username, with or without a domain), their e-mail
// address or their display name, in any case, as whole words. EUNPROCESSABLE
// then.
func (d *desk) checkParties(ctx context.Context, parties string) error {
	if strings.TrimSpace(parties) == "" {
		return nil
	}
	staff, err := d.store.StaffAccounts(ctx)
	if err != nil {
		return err
	}
	words := partyWords(parties)
	phrase := " " + joinWords(words) + " "
	for _, a := range staff {
		if namesStaff(words, phrase, a) {
			return agora.Errorf(agora.EUNPROCESSABLE, "Validation failed: parties must name organisations, not staff members; name the organisation (for example the platform's legal team) instead of the person.")
		}
	}
	return nil
}

// partyWords splits parties into lower-case words: e-mail addresses and handles
// (with their @ and dots) stay whole.
func partyWords(s string) []string {
	return strings.FieldsFunc(strings.ToLower(s), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r) && r != '@' && r != '.' && r != '_' && r != '-'
	})
}

// functionWords name a function, not a person: a staff account named so (a
// shared "legal" account) is named by its handle (@legal) or e-mail, while the
// word alone ("platform legal team") names the organisation's team.
var functionWords = map[string]bool{
	"admin": true, "administrator": true, "legal": true, "compliance": true, "moderation": true,
	"moderator": true, "support": true, "staff": true, "team": true, "desk": true, "office": true,
	"trust": true, "safety": true, "platform": true, "policy": true, "abuse": true,
}

// namesStaff reports whether the words of parties name the staff account.
func namesStaff(words []string, phrase string, a *agora.Account) bool {
	user := strings.ToLower(a.Username)
	email := strings.ToLower(a.Email)
	for _, w := range words {
		w = strings.TrimRight(w, ".-")
		handle := strings.TrimPrefix(w, "@")
		if at := strings.IndexByte(handle, '@'); at > 0 && w != email {
			handle = handle[:at] // @user@domain
		}
		if w == email || handle == user && (w != user || !functionWords[user]) {
			return true
		}
	}
	if name := partyWords(a.DisplayName); len(name) > 0 {
		return strings.Contains(phrase, " "+joinWords(name)+" ")
	}
	return false
}

func joinWords(words []string) string { return strings.Join(words, " ") }
