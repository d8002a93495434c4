package agora

import (
	"fmt"
	"strings"
	"unicode/utf8"
)

// Limits on profile fields, as Mastodon has them.
const (
	MaxProfileFields    = 4
	MaxFieldNameLen     = 255
	MaxFieldValueLen    = 255
	maxFieldAttributes  = 16 // entries read from one request, blank ones included
	fieldsAttributesKey = "fields_attributes"
)

// ProfileField is one name and value pair of a profile's metadata, as the owner
// typed it (plain text; rendered when shown).
type ProfileField struct {
	Name  string `json:"name"`
	Value string `json:"value"`
}

// NewProfileFields builds an account's fields from what a client sent, as
// Mastodon's fields_attributes= does: names and values are trimmed, an entry
// whose name is blank is dropped, and the rest must be at most MaxProfileFields,
// each name and value at most 255 characters. EUNPROCESSABLE with details on
// fields_attributes otherwise; the result is never nil.
func NewProfileFields(given []ProfileField) ([]ProfileField, error) {
	if len(given) > maxFieldAttributes {
		return nil, fieldError(fieldsAttributesKey, "ERR_TOO_LONG",
			fmt.Sprintf("Profile metadata has too many entries (at most %d).", MaxProfileFields))
	}
	out := make([]ProfileField, 0, len(given))
	for _, f := range given {
		f.Name, f.Value = strings.TrimSpace(f.Name), strings.TrimSpace(f.Value)
		if f.Name == "" {
			continue
		}
		if utf8.RuneCountInString(f.Name) > MaxFieldNameLen {
			return nil, fieldError(fieldsAttributesKey, "ERR_TOO_LONG",
				fmt.Sprintf("Profile metadata label is too long (at most %d characters).", MaxFieldNameLen))
		}
		if utf8.RuneCountInString(f.Value) > MaxFieldValueLen {
			return nil, fieldError(fieldsAttributesKey, "ERR_TOO_LONG",
				fmt.Sprintf("Profile metadata content is too long (at most %d characters).", MaxFieldValueLen))
		}
		out = append(out, f)
	}
	if len(out) > MaxProfileFields {
		return nil, fieldError(fieldsAttributesKey, "ERR_TOO_LONG",
			fmt.Sprintf("Profile metadata has too many fields (at most %d).", MaxProfileFields))
	}
	return out, nil
}
