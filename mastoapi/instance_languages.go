package mastoapi

import (
	"net/http"
	"sync"

	"golang.org/x/text/language"
	"golang.org/x/text/language/display"

	"agora"
)

// languageName is one entry of GET /api/v1/instance/languages.
type languageName struct {
	Code string `json:"code"`
	Name string `json:"name"`
}

// extraLanguageNames names the codes golang.org/x/text does not know.
var extraLanguageNames = map[string]string{
	"cnr": "Montenegrin",
	"ldn": "Láadan",
	"tok": "Toki Pona",
	"zba": "Balaibalan",
}

// instanceLanguages is the answer of GET /api/v1/instance/languages, built
// once: every language a status may be written in, with its English name.
var instanceLanguages = sync.OnceValue(func() []languageName {
	names := display.English.Languages()
	var out []languageName
	for _, code := range agora.LanguageCodes() {
		name := extraLanguageNames[code]
		if name == "" {
			if tag, err := language.Parse(code); err == nil {
				name = names.Name(tag)
			}
		}
		if name == "" {
			name = code
		}
		out = append(out, languageName{Code: code, Name: name})
	}
	return out
})

// languages answers the languages a status may be written in, as Mastodon's
// GET /api/v1/instance/languages does: [{"code": "en", "name": "English"}, ...].
func (a appHandlers) languages(w http.ResponseWriter, _ *http.Request) error {
	return writeJSON(w, instanceLanguages())
}
