package sqlstore

import (
	"encoding/json"
	"fmt"

	"agora"
)

// encodeFields is the accounts.fields column of a profile's metadata: a JSON
// array of {"name", "value"} objects, "[]" for none.
func encodeFields(fs []agora.ProfileField) (string, error) {
	if len(fs) == 0 {
		return "[]", nil
	}
	b, err := json.Marshal(fs)
	if err != nil {
		return "", fmt.Errorf("encode profile fields: %w", err)
	}
	return string(b), nil
}

// decodeFields reads the accounts.fields column; never nil.
func decodeFields(s string) ([]agora.ProfileField, error) {
	fs := []agora.ProfileField{}
	if s == "" {
		return fs, nil
	}
	if err := json.Unmarshal([]byte(s), &fs); err != nil {
		return nil, fmt.Errorf("decode profile fields: %w", err)
	}
	return fs, nil
}
