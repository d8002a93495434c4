package agora

import "context"

type countryKey struct{}

// WithCountry returns a context carrying the viewer's country: an ISO 3166-1
// alpha-2 code, or "" when unknown. The server resolves it once per request.
func WithCountry(ctx context.Context, code string) context.Context {
	if code == "" {
		return WithCountries(ctx)
	}
	return WithCountries(ctx, code)
}

// WithCountries returns a context carrying the viewer's countries: normally one;
// several when the sources the server trusts disagree (two country headers), and
// then content withheld in any of them is withheld from the viewer. None means
// the country is unknown.
func WithCountries(ctx context.Context, codes ...string) context.Context {
	return context.WithValue(ctx, countryKey{}, codes)
}

// CountriesFrom returns the viewer's countries carried by ctx; none when unknown
// or unset. The slice may be shared: callers must not modify it.
func CountriesFrom(ctx context.Context) []string {
	c, _ := ctx.Value(countryKey{}).([]string)
	return c
}

// CountryFrom returns the first of the viewer's countries carried by ctx, "" when
// unknown or unset.
func CountryFrom(ctx context.Context) string {
	if c := CountriesFrom(ctx); len(c) > 0 {
		return c[0]
	}
	return ""
}

type requestIDKey struct{}

// WithRequestID returns a context carrying the ID of the HTTP request, for audit
// events.
func WithRequestID(ctx context.Context, id string) context.Context {
	return context.WithValue(ctx, requestIDKey{}, id)
}

// RequestIDFrom returns the request ID carried by ctx, "" outside a request.
func RequestIDFrom(ctx context.Context) string {
	id, _ := ctx.Value(requestIDKey{}).(string)
	return id
}

type originKey struct{}

// Origin is where a request came from, for audit events.
type Origin struct {
	ClientIP string // as the server resolved it; "" when unknown
	Channel  string // "api", "console", "authority", ...
}

// WithOrigin returns a context carrying the request's origin.
func WithOrigin(ctx context.Context, o Origin) context.Context {
	return context.WithValue(ctx, originKey{}, o)
}

// OriginFrom returns the origin carried by ctx, the zero Origin outside a request.
func OriginFrom(ctx context.Context) Origin {
	o, _ := ctx.Value(originKey{}).(Origin)
	return o
}
