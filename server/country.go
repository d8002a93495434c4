package server

import (
	"net/http"
	"strings"

	"agora"
	"agora/geoip"
)

// origin is where the request came from, for audit events: the client address
// (behind trusted proxies, the one they forward) and the channel, "api" for the
// APIs (under /api/ and /oauth/) and "web" for pages.
func origin(resolver *geoip.Resolver, r *http.Request) agora.Origin {
	o := agora.Origin{Channel: "web"}
	if ip := resolver.ClientIP(r); ip.IsValid() {
		o.ClientIP = ip.String()
	}
	if strings.HasPrefix(r.URL.Path, "/api/") || strings.HasPrefix(r.URL.Path, "/oauth/") {
		o.Channel = "api"
	}
	return o
}

// withCountry resolves the viewer's countries once per request and carries them
// in the request's context, where agora.CountriesFrom finds them, with the
// request's origin (agora.OriginFrom): usually one,
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
		ctx := agora.WithCountries(r.Context(), l.Countries...)
		ctx = agora.WithOrigin(ctx, origin(resolver, r))
		next.ServeHTTP(w, r.WithContext(ctx))
	})
}
