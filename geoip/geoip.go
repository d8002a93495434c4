// Package geoip finds the country of the viewer behind an HTTP request, once per
// request: from a country header set by a trusted proxy or CDN, else by looking
// up the client's IP address in a MaxMind-format country database (.mmdb:
// GeoLite2-Country, GeoIP2-Country, DB-IP country files).
//
// Nothing a client sends is believed unless the direct peer is a trusted proxy:
// a country header or X-Forwarded-For from any other peer is ignored, so
// spoofing them changes nothing.
package geoip

import (
	"fmt"
	"net/http"
	"net/netip"
	"net/textproto"
	"slices"
	"sync/atomic"

	"github.com/oschwald/maxminddb-golang/v2"
)

// Sources of a Lookup: where the country came from. They are the values of the
// "source" label of the agora_viewer_country_total metric.
const (
	SourceHeader = "header" // the country header of a trusted proxy
	SourceGeoIP  = "geoip"  // the client IP looked up in the database
	SourceNone   = "none"   // unknown
)

// Lookup is the viewer's countries and where they came from.
type Lookup struct {
	// Countries are officially assigned ISO 3166-1 alpha-2 codes in upper case,
	// each once, never "XX" (which agora's rules use for "every country"); none
	// when the country is unknown. There is one, except when a trusted country
	// header names several (see Resolver.Resolve): then the viewer counts as in
	// every one of them. The slice may be shared: callers must not modify it.
	Countries []string
	// Source is SourceHeader when the country header named a country (the
	// client IP's country may be among Countries too), SourceGeoIP when only
	// the client IP's country is, or SourceNone (exactly when Countries is
	// empty).
	Source string
}

// Config says what a Resolver believes. The zero Config resolves every request
// to unknown.
type Config struct {
	// CountryHeader names the header carrying the viewer's country, set by a
	// trusted proxy or CDN (e.g. "CF-IPCountry"); "" for none.
	CountryHeader string
	// TrustedProxies are the networks of the proxies whose CountryHeader and
	// X-Forwarded-For are believed (see ParsePrefixes).
	TrustedProxies []netip.Prefix
	// DB is the path of the .mmdb country database; "" for none.
	DB string
}

// Resolver finds the viewer's country of HTTP requests. It is safe for
// concurrent use. The database is read once, at Open; a changed file is not
// reloaded.
type Resolver struct {
	header  string // canonical form of Config.CountryHeader; "" for none
	trusted []netip.Prefix
	db      atomic.Pointer[maxminddb.Reader] // nil without a database, and after Close
	cache   offsetCache
}

// Open returns a Resolver for cfg, opening the database if cfg names one. The
// caller closes it.
func Open(cfg Config) (*Resolver, error) {
	r := &Resolver{trusted: make([]netip.Prefix, len(cfg.TrustedProxies))}
	for i, p := range cfg.TrustedProxies {
		r.trusted[i] = normalizePrefix(p)
	}
	if cfg.CountryHeader != "" {
		r.header = textproto.CanonicalMIMEHeaderKey(cfg.CountryHeader)
	}
	if cfg.DB != "" {
		db, err := maxminddb.Open(cfg.DB)
		if err != nil {
			return nil, fmt.Errorf("open geoip database: %w", err)
		}
		r.db.Store(db)
	}
	return r, nil
}

// Close stops using the database: later lookups find nothing. It is safe while
// requests are being resolved: the database's memory map is released by the
// garbage collector once no lookup in flight uses it, never from under one
// (unmapping it here could crash a handler still running after a timed-out
// shutdown). It always returns nil.
func (r *Resolver) Close() error {
	r.db.Store(nil)
	return nil
}

// DatabaseType returns the type the database declares, such as
// "GeoLite2-Country" or "DBIP-Country-Lite", or "" without a database.
func (r *Resolver) DatabaseType() string {
	db := r.db.Load()
	if db == nil {
		return ""
	}
	return db.Metadata.DatabaseType
}

// Resolve returns the countries of the viewer who sent req:
//
//   - When the direct peer (req.RemoteAddr) is in a trusted network, the valid
//     country codes in the country header win (see below). Otherwise the client
//     IP is the right-most address in X-Forwarded-For that is not itself a
//     trusted proxy; when X-Forwarded-For is missing, holds only trusted
//     proxies, or has a malformed entry before an untrusted address is reached,
//     it is the peer.
//   - When the peer is not trusted, the country header and X-Forwarded-For are
//     ignored and the client IP is the peer.
//   - The client IP is looked up in the database: its country.iso_code, if it
//     is an assigned country code, is the answer; otherwise the country is
//     unknown.
//
// The country header names the countries in all its values: it may appear
// several times, and each value may be a comma-separated list. Every entry that
// is an officially assigned ISO 3166-1 alpha-2 code (any case; surrounding
// spaces ignored) counts, so a viewer whose header names two countries (say a
// client added one and the proxy appended its own) counts as in both, and
// content withheld in either is withheld: adding a value can only withhold
// more. Any other entry, such as Cloudflare's "XX" (unknown) and "T1" (Tor),
// "ZZ", "EU", "A1" or an empty value, means the header does not know, and the
// client IP is looked up as well:
//
//   - when no entry names a country (one invalid value, as ever, or several,
//     or a header present but empty twice), the country is the client IP's, as
//     if the header were absent; when that is unknown too, so is the country
//     (only XX rules apply, unless the operator fails closed);
//   - when some entries name countries and others do not ("IN, XX", "IN,,"),
//     the client IP's country, if known, is added to those named. A proxy that
//     does not know cannot so let a client's own value replace the address.
//
// Resolve does not allocate, except to parse an IPv6 address with a zone and
// when the country header names more than one country, or names one next to an
// entry that names none.
func (r *Resolver) Resolve(req *http.Request) Lookup {
	client := peerAddr(req.RemoteAddr)
	var named []string
	if client.IsValid() && r.isTrusted(client) {
		if r.header != "" {
			var blank bool
			named, blank = headerCountries(req.Header[r.header])
			if len(named) > 0 && !blank {
				return Lookup{Countries: named, Source: SourceHeader}
			}
		}
		client = r.forwardedClient(req.Header["X-Forwarded-For"], client)
	}
	c := r.Country(client)
	switch {
	case len(named) > 0:
		if c != "" && !slices.Contains(named, c) {
			named = append(slices.Clip(named), c) // never into a shared slice
		}
		return Lookup{Countries: named, Source: SourceHeader}
	case c != "":
		return Lookup{Countries: only(c), Source: SourceGeoIP}
	}
	return Lookup{Source: SourceNone}
}

// Country returns the country of ip in the database: an assigned ISO 3166-1
// alpha-2 code, or "" when there is no database, the address is not in it, its
// record has no valid country.iso_code, or the lookup fails (for example an
// IPv6 address in an IPv4-only database).
func (r *Resolver) Country(ip netip.Addr) string {
	db := r.db.Load()
	if db == nil || !ip.IsValid() {
		return ""
	}
	res := db.Lookup(ip.Unmap())
	if !res.Found() {
		return ""
	}
	off := res.Offset()
	if c, ok := r.cache.get(off); ok {
		return c
	}
	var iso string
	if err := res.DecodePath(&iso, "country", "iso_code"); err != nil {
		iso = ""
	}
	c := countryCode(iso)
	r.cache.put(off, c)
	return c
}
