package server

import (
	"net/http"

	"agora"
	"agora/geoip"
)

// withCountry resolves the viewer's countries once per request and carries them
// in the request's context, where agora.CountriesFrom finds them: usually one,
// several when a trusted country header names several, none when unknown. A nil
// resolver leaves every viewer's country unknown. The source of the countries
// is counted in m, if not nil.
func withCountry(resolver *geoip.Resolver, m *Metrics, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		l := geoip.Lookup{Source: geoip.SourceNone}
		if resolver != nil {
			l = resolver.Resolve(r)
		}
		m.countCountry(l.Source)
		next.ServeHTTP(w, r.WithContext(agora.WithCountries(r.Context(), l.Countries...)))
	})
}
