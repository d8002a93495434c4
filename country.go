package agora

import "context"

type countryKey struct{}

// WithCountry returns a context carrying the viewer's country: an ISO 3166-1
// alpha-2 code, or "" when unknown. The server resolves it once per request.
func WithCountry(ctx context.Context, code string) context.Context {
	return context.WithValue(ctx, countryKey{}, code)
}

// CountryFrom returns the viewer's country carried by ctx, "" when unknown or unset.
func CountryFrom(ctx context.Context) string {
	c, _ := ctx.Value(countryKey{}).(string)
	return c
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
