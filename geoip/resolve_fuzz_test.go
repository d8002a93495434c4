package geoip_test

import (
	"net/netip"
	"slices"
	"strings"
	"testing"

	"agora/geoip"
	"agora/geoip/geoiptest"
	"agora/internal/country"
)

// FuzzResolve checks the viewer's country and address as read from the peer,
// the country header and X-Forwarded-For (each sent twice, as a client and a
// proxy may both add one): it never panics; the countries are assigned codes,
// upper case, each once, never XX, with a Source that agrees; a peer that is not
// a trusted proxy gets exactly what it would without the headers (spoofing them
// changes nothing); the client address is the peer or an address that
// X-Forwarded-For names, never a trusted proxy unless it is the peer; and adding
// a value to a country header that is there already only adds countries.
func FuzzResolve(f *testing.F) {
	for _, s := range [][5]string{
		{"10.0.0.1:4711", "US", "", "", ""},
		{"10.0.0.1:4711", " de ", "IN", "192.0.2.1", ""},
		{"10.0.0.1:4711", "XX", "", "203.0.113.9", ""},
		{"10.0.0.1:4711", "in,,", "T1", "", "2001:db8::7, 10.0.0.1"},
		{"192.0.2.7:4711", "US", "", "203.0.113.5", ""},
		{"[fd00::1]:443", "JP", "", "[2001:db8::2]:443, 192.0.2.1:5555", ""},
		{"[::ffff:10.0.0.1]:443", "", "", "::ffff:203.0.113.7", "192.0.2.3, ::ffff:10.0.0.9"},
		{"198.51.100.1:80", "", "", "10.0.0.1, 10.0.0.2", ""},
		{"[fe80::1%eth0]:443", "FR", "", "2001:db8::9%eth0", ""},
		{"10.0.0.1", "\x00\xff", "zz,EU, a1", "garbage, 192.0.2.1", "[2001:db8::2]"},
		{"@", "US", "", "192.0.2.1", ""},
		{"", "", "", "", ""},
	} {
		f.Add(s[0], s[1], s[2], s[3], s[4])
	}
	const cf, xff = "CF-IPCountry", "X-Forwarded-For"
	trusted, err := geoip.ParsePrefixes("10.0.0.0/8, fd00::/8, 198.51.100.1")
	if err != nil {
		f.Fatal(err)
	}
	r := mustOpen(f, geoip.Config{CountryHeader: cf, TrustedProxies: trusted, DB: geoiptest.MustWriteDB(f)})
	isTrusted := func(a netip.Addr) bool {
		return slices.ContainsFunc(trusted, func(p netip.Prefix) bool { return p.Contains(a) })
	}
	f.Fuzz(func(t *testing.T, remote, country1, country2, xff1, xff2 string) {
		var hdr []string
		for _, h := range [][2]string{{cf, country1}, {cf, country2}, {xff, xff1}, {xff, xff2}} {
			if h[1] != "" {
				hdr = append(hdr, h[0], h[1])
			}
		}
		req := newRequest(remote, hdr...)
		got := r.Resolve(req)
		checkLookup(t, req.Header, got)
		client, peer := r.ClientIP(req), r.ClientIP(newRequest(remote))
		if bare := r.Resolve(newRequest(remote)); !peer.IsValid() || !isTrusted(peer) {
			if !sameLookup(got, bare) || client != peer {
				t.Fatalf("untrusted peer %q with %q: %+v from %s, without the headers %+v from %s", remote, hdr, got, client, bare, peer)
			}
		}
		if client != peer {
			if !slices.Contains(forwarded(xff1+","+xff2), client) || isTrusted(client) || !client.IsValid() || client.Zone() != "" || client.Is4In6() {
				t.Fatalf("peer %q with X-Forwarded-For %q, %q: client %s", remote, xff1, xff2, client)
			}
		}
		if got.Source == geoip.SourceGeoIP && !slices.Equal(got.Countries, []string{r.Country(client)}) {
			t.Fatalf("peer %q with %q: %+v, but the client %s is in %q", remote, hdr, got, client, r.Country(client))
		}
		for _, extra := range []string{"XX", "IN", country1} {
			if country1 == "" {
				break
			}
			more := newRequest(remote, append(slices.Clone(hdr), cf, extra)...)
			if wider := r.Resolve(more); !isSubset(got.Countries, wider.Countries) {
				t.Fatalf("peer %q with %q: %+v; adding %s: %s gives %+v", remote, hdr, got, cf, extra, wider)
			}
		}
	})
}

// checkLookup checks the form of a Lookup.
func checkLookup(t *testing.T, h map[string][]string, got geoip.Lookup) {
	t.Helper()
	for i, c := range got.Countries {
		if c == country.All || !country.Valid(c) || strings.ToUpper(c) != c || slices.Contains(got.Countries[:i], c) {
			t.Fatalf("headers %q: countries %q", h, got.Countries)
		}
	}
	switch got.Source {
	case geoip.SourceNone:
		if len(got.Countries) != 0 {
			t.Fatalf("headers %q: %+v", h, got)
		}
	case geoip.SourceGeoIP:
		if len(got.Countries) != 1 {
			t.Fatalf("headers %q: %+v", h, got)
		}
	case geoip.SourceHeader:
		if len(got.Countries) == 0 {
			t.Fatalf("headers %q: %+v", h, got)
		}
	default:
		t.Fatalf("headers %q: source %q", h, got.Source)
	}
}

func isSubset(sub, set []string) bool {
	for _, s := range sub {
		if !slices.Contains(set, s) {
			return false
		}
	}
	return true
}

// forwarded returns the addresses that the entries of an X-Forwarded-For list
// name, in any of the forms proxies write (192.0.2.1, 192.0.2.1:80, 2001:db8::1,
// [2001:db8::1], [2001:db8::1]:80), unmapped and without zone.
func forwarded(list string) []netip.Addr {
	var out []netip.Addr
	for _, e := range strings.Split(list, ",") {
		e = strings.TrimSpace(e)
		if ap, err := netip.ParseAddrPort(e); err == nil {
			out = append(out, ap.Addr().Unmap().WithZone(""))
		}
		if a, err := netip.ParseAddr(strings.TrimSuffix(strings.TrimPrefix(e, "["), "]")); err == nil {
			out = append(out, a.Unmap().WithZone(""))
		}
	}
	return out
}
