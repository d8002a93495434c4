package geoip_test

import (
	"net/http"
	"net/http/httptest"
	"net/netip"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"

	"agora/geoip"
	"agora/geoip/geoiptest"
)

// mustOpen opens a Resolver for cfg and closes it when the test ends.
func mustOpen(tb testing.TB, cfg geoip.Config) *geoip.Resolver {
	tb.Helper()
	r, err := geoip.Open(cfg)
	if err != nil {
		tb.Fatalf("Open: %v", err)
	}
	tb.Cleanup(func() {
		if err := r.Close(); err != nil {
			tb.Errorf("Close: %v", err)
		}
	})
	return r
}

// mustPrefixes parses s with ParsePrefixes.
func mustPrefixes(tb testing.TB, s string) []netip.Prefix {
	tb.Helper()
	p, err := geoip.ParsePrefixes(s)
	if err != nil {
		tb.Fatal(err)
	}
	return p
}

// newRequest returns a GET request from remote with the headers, given as
// name, value pairs; a name may repeat.
func newRequest(remote string, headers ...string) *http.Request {
	r := httptest.NewRequest(http.MethodGet, "/", nil)
	r.RemoteAddr = remote
	for i := 0; i+1 < len(headers); i += 2 {
		r.Header.Add(headers[i], headers[i+1])
	}
	return r
}

const (
	cf  = "CF-IPCountry"
	xff = "X-Forwarded-For"
)

var (
	header = func(c ...string) geoip.Lookup { return geoip.Lookup{Countries: c, Source: geoip.SourceHeader} }
	db     = func(c string) geoip.Lookup { return geoip.Lookup{Countries: []string{c}, Source: geoip.SourceGeoIP} }
	none   = geoip.Lookup{Source: geoip.SourceNone}
)

// sameLookup reports whether a and b name the same countries, in the same
// order, from the same source.
func sameLookup(a, b geoip.Lookup) bool {
	return a.Source == b.Source && slices.Equal(a.Countries, b.Countries)
}

type resolveTest struct {
	name   string
	remote string
	hdr    []string
	want   geoip.Lookup
}

func runResolve(t *testing.T, r *geoip.Resolver, tests []resolveTest) {
	t.Helper()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := r.Resolve(newRequest(tt.remote, tt.hdr...)); !sameLookup(got, tt.want) {
				t.Errorf("Resolve = %+v, want %+v", got, tt.want)
			}
		})
	}
}

// The database maps 192.0.2.0/24 to IN, 198.51.100.0/24 to DE, 203.0.113.0/24
// to PK and 2001:db8::/32 to FR. Trusted: 10.0.0.0/8, fd00::/8 and the single
// address 198.51.100.1 (a proxy whose own address is in the database).
func TestResolver_Resolve(t *testing.T) {
	r := mustOpen(t, geoip.Config{
		CountryHeader:  "cf-ipcountry", // any case
		TrustedProxies: mustPrefixes(t, "10.0.0.0/8, fd00::/8,198.51.100.1"),
		DB:             geoiptest.MustWriteDB(t),
	})
	runResolve(t, r, []resolveTest{
		// The country header.
		{"header from trusted proxy", "10.0.0.1:4711", []string{cf, "US"}, header("US")},
		{"header lower case and spaces", "10.0.0.1:4711", []string{cf, " de "}, header("DE")},
		{"header wins over X-Forwarded-For", "10.0.0.1:4711", []string{cf, "BR", xff, "192.0.2.1"}, header("BR")},
		{"header from untrusted peer ignored", "192.0.2.7:4711", []string{cf, "US"}, db("IN")},
		{"header from untrusted unknown peer ignored", "172.16.0.1:4711", []string{cf, "US"}, none},
		{"header from trusted IPv6 proxy", "[fd00::1]:443", []string{cf, "JP"}, header("JP")},

		// Peers, without X-Forwarded-For.
		{"IPv4 peer", "203.0.113.9:1", nil, db("PK")},
		{"IPv6 peer", "[2001:db8::1]:443", nil, db("FR")},
		{"IPv4-mapped IPv6 peer", "[::ffff:192.0.2.1]:443", nil, db("IN")},
		{"IPv4-mapped trusted peer", "[::ffff:10.0.0.1]:443", []string{cf, "US"}, header("US")},
		{"peer with zone", "[fe80::1%eth0]:443", nil, none},
		{"bare IP peer", "198.51.100.20", nil, db("DE")},
		{"trusted peer without X-Forwarded-For is the client", "198.51.100.1:80", nil, db("DE")},
		{"unknown IP", "172.16.0.1:4711", nil, none},
		{"not an address", "@", []string{cf, "US", xff, "192.0.2.1"}, none},
		{"empty RemoteAddr", "", []string{cf, "US"}, none},

		// X-Forwarded-For.
		{"XFF from trusted proxy", "10.0.0.1:4711", []string{xff, "192.0.2.1"}, db("IN")},
		{"XFF chain of proxies, left part spoofed", "10.0.0.3:4711",
			[]string{xff, "203.0.113.50, 192.0.2.9, 10.0.0.1, 198.51.100.1,10.0.0.2"}, db("IN")},
		{"XFF on several lines", "10.0.0.3:4711", []string{xff, "203.0.113.5", xff, "2001:db8::7, 10.0.0.1"}, db("FR")},
		{"XFF right-most line untrusted", "10.0.0.3:4711", []string{xff, "192.0.2.1", xff, "203.0.113.5"}, db("PK")},
		{"XFF only trusted proxies: the peer", "198.51.100.1:80", []string{xff, "10.0.0.1, 10.0.0.2"}, db("DE")},
		{"XFF from untrusted peer ignored", "198.51.100.9:4711", []string{xff, "192.0.2.1"}, db("DE")},
		{"XFF from untrusted unknown peer ignored", "172.16.0.1:4711", []string{xff, "192.0.2.1"}, none},
		{"XFF IPv6 via IPv6 proxy", "[fd00::1]:443", []string{xff, "2001:db8:1::5"}, db("FR")},
		{"XFF IPv4 via IPv6 proxy", "[fd00::1]:443", []string{xff, "203.0.113.1"}, db("PK")},
		{"XFF IPv4-mapped IPv6", "10.0.0.1:4711", []string{xff, "::ffff:203.0.113.7"}, db("PK")},
		{"XFF IPv4-mapped trusted proxy skipped", "10.0.0.1:4711", []string{xff, "192.0.2.3, ::ffff:10.0.0.9"}, db("IN")},
		{"XFF with ports", "10.0.0.1:4711", []string{xff, "[2001:db8::2]:443, 192.0.2.1:5555"}, db("IN")},
		{"XFF IPv6 in brackets", "10.0.0.1:4711", []string{xff, "[2001:db8::2]"}, db("FR")},
		{"XFF unknown client", "10.0.0.1:4711", []string{xff, "172.16.0.1"}, none},
		{"XFF with zone", "10.0.0.1:4711", []string{xff, "2001:db8::9%eth0"}, db("FR")},

		// Malformed headers.
		{"header XX (Cloudflare unknown) falls back", "10.0.0.1:4711", []string{cf, "XX", xff, "203.0.113.9"}, db("PK")},
		{"header T1 (Tor) falls back", "10.0.0.1:4711", []string{cf, "T1", xff, "203.0.113.9"}, db("PK")},
		{"header empty falls back", "10.0.0.1:4711", []string{cf, "", xff, "203.0.113.9"}, db("PK")},
		{"header unassigned ZZ", "10.0.0.1:4711", []string{cf, "ZZ", xff, "203.0.113.9"}, db("PK")},
		{"header EU", "10.0.0.1:4711", []string{cf, "EU", xff, "203.0.113.9"}, db("PK")},
		{"header three letters", "10.0.0.1:4711", []string{cf, "IND", xff, "203.0.113.9"}, db("PK")},
		{"header one letter", "10.0.0.1:4711", []string{cf, "I"}, none},
		{"header non-ASCII", "10.0.0.1:4711", []string{cf, "ü", xff, "192.0.2.1"}, db("IN")},

		// Several values, or several codes in one value: every country named.
		{"header twice", "10.0.0.1:4711", []string{cf, "DE", cf, "IN", xff, "203.0.113.9"}, header("DE", "IN")},
		{"header twice, other order", "10.0.0.1:4711", []string{cf, "IN", cf, "DE"}, header("IN", "DE")},
		{"header twice, same country", "10.0.0.1:4711", []string{cf, "IN", cf, "in", xff, "203.0.113.9"}, header("IN")},
		{"header list", "10.0.0.1:4711", []string{cf, "DE, IN", xff, "203.0.113.9"}, header("DE", "IN")},
		{"header list without spaces", "10.0.0.1:4711", []string{cf, "de,in,DE"}, header("DE", "IN")},
		{"header list and line", "10.0.0.1:4711", []string{cf, "DE,FR", cf, " in ", cf, "FR"}, header("DE", "FR", "IN")},
		{"header three times", "10.0.0.1:4711", []string{cf, "US", cf, "BR", cf, "JP"}, header("US", "BR", "JP")},
		// Entries that name no country next to ones that do: the client IP's
		// country is added to those named.
		{"header list with XX", "10.0.0.1:4711", []string{cf, "IN, XX", xff, "203.0.113.9"}, header("IN", "PK")},
		{"header list with empty entries", "10.0.0.1:4711", []string{cf, "IN,,", xff, "203.0.113.9"}, header("IN", "PK")},
		{"header T1 and a country", "10.0.0.1:4711", []string{cf, "T1", cf, "IN", xff, "198.51.100.4"}, header("IN", "DE")},
		{"header XX and a country, client IP the same", "10.0.0.1:4711", []string{cf, "XX", cf, "IN", xff, "192.0.2.9"}, header("IN")},
		{"header with garbage, client IP unknown", "10.0.0.1:4711", []string{cf, "IN, India", xff, "172.16.0.1"}, header("IN")},
		{"header with empty line, no XFF: the peer", "198.51.100.1:80", []string{cf, "", cf, "BR"}, header("BR", "DE")},
		// No entry names a country: as one invalid value, the client IP.
		{"header empty twice", "10.0.0.1:4711", []string{cf, "", cf, " ", xff, "203.0.113.9"}, db("PK")},
		{"header XX and T1", "10.0.0.1:4711", []string{cf, "XX", cf, "T1", xff, "192.0.2.1"}, db("IN")},
		{"header list of unknowns", "10.0.0.1:4711", []string{cf, "XX,T1, ,ZZ"}, none},
		{"header commas only", "10.0.0.1:4711", []string{cf, ",,", xff, "203.0.113.9"}, db("PK")},
		{"header several from untrusted peer ignored", "192.0.2.7:4711", []string{cf, "US", cf, "DE"}, db("IN")},

		{"XFF garbage entry: the peer", "198.51.100.1:80", []string{xff, "192.0.2.1, garbage"}, db("DE")},
		{"XFF empty entry: the peer", "198.51.100.1:80", []string{xff, "192.0.2.1,,10.0.0.2"}, db("DE")},
		{"XFF trailing comma: the peer", "198.51.100.1:80", []string{xff, "192.0.2.1,"}, db("DE")},
		{"XFF unknown keyword: the peer", "10.0.0.1:4711", []string{xff, "unknown"}, none},
		{"XFF garbage left of the client is not reached", "10.0.0.1:4711", []string{xff, "garbage, 192.0.2.1"}, db("IN")},
		{"XFF empty line skipped", "10.0.0.1:4711", []string{xff, "192.0.2.1", xff, " "}, db("IN")},
		{"XFF port out of range", "10.0.0.1:4711", []string{xff, "192.0.2.1:99999"}, none},
	})
}

func TestResolver_Resolve_NoDB(t *testing.T) {
	r := mustOpen(t, geoip.Config{CountryHeader: "CF-IPCountry", TrustedProxies: mustPrefixes(t, "10.0.0.0/8")})
	runResolve(t, r, []resolveTest{
		{"header from trusted proxy", "10.0.0.1:1", []string{cf, "IN"}, header("IN")},
		{"header from untrusted peer", "192.0.2.1:1", []string{cf, "IN"}, none},
		{"no header", "10.0.0.1:1", []string{xff, "192.0.2.1"}, none},
	})
	if got := r.Country(netip.MustParseAddr("192.0.2.1")); got != "" {
		t.Errorf("Country without a database = %q, want \"\"", got)
	}
	if got := r.DatabaseType(); got != "" {
		t.Errorf("DatabaseType = %q, want \"\"", got)
	}
}

func TestResolver_Resolve_ZeroConfig(t *testing.T) {
	r := mustOpen(t, geoip.Config{})
	runResolve(t, r, []resolveTest{
		{"header ignored", "10.0.0.1:1", []string{cf, "IN", "X-Country", "IN"}, none},
		{"XFF ignored", "127.0.0.1:1", []string{xff, "192.0.2.1"}, none},
	})
}

// A header is never believed without trusted proxies, even from loopback.
func TestResolver_Resolve_HeaderWithoutTrustedProxies(t *testing.T) {
	r := mustOpen(t, geoip.Config{CountryHeader: "CF-IPCountry", DB: geoiptest.MustWriteDB(t)})
	runResolve(t, r, []resolveTest{
		{"loopback", "127.0.0.1:1", []string{cf, "US", xff, "192.0.2.1"}, none},
		{"from the database", "198.51.100.3:1", []string{cf, "US", xff, "192.0.2.1"}, db("DE")},
	})
}

func TestResolver_Country(t *testing.T) {
	tests := []struct {
		name string
		db   geoiptest.DB
		ip   string
		want string
	}{
		{"GeoLite2", geoiptest.DB{Networks: geoiptest.DocNetworks}, "192.0.2.200", "IN"},
		{"GeoIP2", geoiptest.DB{Type: "GeoIP2-Country", Networks: geoiptest.DocNetworks}, "203.0.113.1", "PK"},
		{"DB-IP lite", geoiptest.DB{Type: "DBIP-Country-Lite", Networks: geoiptest.DocNetworks}, "198.51.100.1", "DE"},
		{"DB-IP IPv6", geoiptest.DB{Type: "DBIP-Country", Networks: geoiptest.DocNetworks}, "2001:db8:ffff::1", "FR"},
		{"IPv4-only database, IPv4", geoiptest.DB{IPv4Only: true, Networks: geoiptest.DocNetworks}, "192.0.2.1", "IN"},
		{"IPv4-only database, IPv6", geoiptest.DB{IPv4Only: true, Networks: geoiptest.DocNetworks}, "2001:db8::1", ""},
		{"IPv4-mapped", geoiptest.DB{Networks: geoiptest.DocNetworks}, "::ffff:198.51.100.4", "DE"},
		{"not in the database", geoiptest.DB{Networks: geoiptest.DocNetworks}, "192.0.3.1", ""},
		{"record without country", geoiptest.DB{Networks: map[string]string{"192.0.2.0/24": ""}}, "192.0.2.1", ""},
		{"lower-case code", geoiptest.DB{Networks: map[string]string{"192.0.2.0/24": "in"}}, "192.0.2.1", "IN"},
		{"code XX", geoiptest.DB{Networks: map[string]string{"192.0.2.0/24": "XX"}}, "192.0.2.1", ""},
		{"code EU", geoiptest.DB{Networks: map[string]string{"192.0.2.0/24": "EU"}}, "192.0.2.1", ""},
		{"code A1", geoiptest.DB{Networks: map[string]string{"192.0.2.0/24": "A1"}}, "192.0.2.1", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := mustOpen(t, geoip.Config{DB: geoiptest.MustWrite(t, tt.db)})
			ip := netip.MustParseAddr(tt.ip)
			for range 2 { // the second time from the cache
				if got := r.Country(ip); got != tt.want {
					t.Errorf("Country(%s) = %q, want %q", ip, got, tt.want)
				}
			}
		})
	}
	t.Run("database type", func(t *testing.T) {
		r := mustOpen(t, geoip.Config{DB: geoiptest.MustWrite(t, geoiptest.DB{Type: "DBIP-Country-Lite"})})
		if got := r.DatabaseType(); got != "DBIP-Country-Lite" {
			t.Errorf("DatabaseType = %q", got)
		}
	})
	t.Run("invalid address", func(t *testing.T) {
		r := mustOpen(t, geoip.Config{DB: geoiptest.MustWriteDB(t)})
		if got := r.Country(netip.Addr{}); got != "" {
			t.Errorf("Country(zero) = %q", got)
		}
	})
}

func TestOpen_Errors(t *testing.T) {
	dir := t.TempDir()
	empty := filepath.Join(dir, "empty.mmdb")
	garbage := filepath.Join(dir, "garbage.mmdb")
	if err := os.WriteFile(empty, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(garbage, []byte("this is not a MaxMind database\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	for name, path := range map[string]string{
		"missing": filepath.Join(dir, "missing.mmdb"),
		"empty":   empty,
		"garbage": garbage,
		"dir":     dir,
	} {
		t.Run(name, func(t *testing.T) {
			r, err := geoip.Open(geoip.Config{DB: path})
			if err == nil {
				r.Close()
				t.Fatal("Open succeeded")
			}
		})
	}
}

func TestParsePrefixes(t *testing.T) {
	tests := []struct {
		in      string
		want    []string
		wantErr bool
	}{
		{in: "", want: nil},
		{in: " , ", want: nil},
		{in: "10.0.0.0/8", want: []string{"10.0.0.0/8"}},
		{in: "10.0.0.0/8, 2001:db8::/32,,", want: []string{"10.0.0.0/8", "2001:db8::/32"}},
		{in: "127.0.0.1", want: []string{"127.0.0.1/32"}},
		{in: "::1", want: []string{"::1/128"}},
		{in: "10.1.2.3/8", want: []string{"10.0.0.0/8"}},
		{in: "::ffff:10.0.0.0/104", want: []string{"10.0.0.0/8"}},
		{in: "::ffff:10.0.0.1", want: []string{"10.0.0.1/32"}},
		{in: "0.0.0.0/0", want: []string{"0.0.0.0/0"}},
		{in: "10.0.0.0/33", wantErr: true},
		{in: "10.0.0.0/8 192.168.0.0/16", wantErr: true},
		{in: "example.com", wantErr: true},
		{in: "fe80::1%eth0", wantErr: true},
		{in: "10.0.0.0/8,nope", wantErr: true},
		{in: "10.0.0/8", wantErr: true},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, err := geoip.ParsePrefixes(tt.in)
			if tt.wantErr {
				if err == nil {
					t.Fatalf("ParsePrefixes = %v, want an error", got)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			var gotS []string
			for _, p := range got {
				gotS = append(gotS, p.String())
			}
			if len(gotS) != len(tt.want) {
				t.Fatalf("ParsePrefixes = %v, want %v", gotS, tt.want)
			}
			for i := range gotS {
				if gotS[i] != tt.want[i] {
					t.Errorf("ParsePrefixes = %v, want %v", gotS, tt.want)
				}
			}
		})
	}
	t.Run("error names the entry", func(t *testing.T) {
		_, err := geoip.ParsePrefixes("10.0.0.0/8, 300.1.1.1")
		if err == nil || !strings.Contains(err.Error(), `"300.1.1.1"`) {
			t.Errorf("err = %v, want it to name the entry", err)
		}
	})
}

// Resolve is used by every request at once; run with -race.
func TestResolver_Resolve_Concurrent(t *testing.T) {
	r := mustOpen(t, geoip.Config{
		CountryHeader:  "CF-IPCountry",
		TrustedProxies: mustPrefixes(t, "10.0.0.0/8"),
		DB:             geoiptest.MustWriteDB(t),
	})
	reqs := []struct {
		req  *http.Request
		want geoip.Lookup
	}{
		{newRequest("192.0.2.1:1"), db("IN")},
		{newRequest("[2001:db8::1]:1"), db("FR")},
		{newRequest("10.0.0.1:1", xff, "203.0.113.1"), db("PK")},
		{newRequest("10.0.0.1:1", cf, "us"), header("US")},
		{newRequest("10.0.0.1:1", cf, "us", cf, "DE, in"), header("US", "DE", "IN")},
		{newRequest("10.0.0.1:1", cf, "XX, us", xff, "192.0.2.1"), header("US", "IN")},
		{newRequest("172.16.0.1:1"), none},
	}
	var wg sync.WaitGroup
	for g := range 8 {
		wg.Go(func() {
			for i := range 500 {
				tc := reqs[(g+i)%len(reqs)]
				if got := r.Resolve(tc.req); !sameLookup(got, tc.want) {
					t.Errorf("Resolve = %+v, want %+v", got, tc.want)
					return
				}
			}
		})
	}
	wg.Wait()
}

func TestResolver_Resolve_Allocs(t *testing.T) {
	r := mustOpen(t, geoip.Config{
		CountryHeader:  "CF-IPCountry",
		TrustedProxies: mustPrefixes(t, "10.0.0.0/8, fd00::/8"),
		DB:             geoiptest.MustWriteDB(t),
	})
	for _, req := range []*http.Request{
		newRequest("192.0.2.1:1"),
		newRequest("[2001:db8::1]:1"),
		newRequest("10.0.0.1:1", xff, "203.0.113.1, 10.0.0.2"),
		newRequest("[fd00::1]:1", xff, "2001:db8::5"),
		newRequest("10.0.0.1:1", cf, "de"),
		newRequest("10.0.0.1:1", cf, "de", cf, "DE"),
		newRequest("10.0.0.1:1", cf, "XX", xff, "203.0.113.1"),
		newRequest("10.0.0.1:1", cf, "IN, XX", xff, "192.0.2.1"),
		newRequest("172.16.0.1:1"),
	} {
		r.Resolve(req) // fill the cache
		if n := testing.AllocsPerRun(100, func() { r.Resolve(req) }); n != 0 {
			t.Errorf("Resolve(%s %v) allocates %v times, want 0", req.RemoteAddr, req.Header, n)
		}
	}
}

func BenchmarkResolver_Resolve(b *testing.B) {
	r := mustOpen(b, geoip.Config{
		CountryHeader:  "CF-IPCountry",
		TrustedProxies: mustPrefixes(b, "10.0.0.0/8"),
		DB:             geoiptest.MustWriteDB(b),
	})
	for _, bc := range []struct {
		name string
		req  *http.Request
	}{
		{"peer", newRequest("192.0.2.1:1")},
		{"header", newRequest("10.0.0.1:1", cf, "IN")},
		{"xff", newRequest("10.0.0.1:1", xff, "203.0.113.1, 10.0.0.2, 10.0.0.3")},
		{"ipv6", newRequest("[2001:db8::1]:1")},
	} {
		b.Run(bc.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				r.Resolve(bc.req)
			}
		})
	}
}

// Close is safe while requests are resolved; afterwards the database finds nothing.
func TestResolver_Close(t *testing.T) {
	r, err := geoip.Open(geoip.Config{DB: geoiptest.MustWriteDB(t)})
	if err != nil {
		t.Fatal(err)
	}
	req := newRequest("192.0.2.1:1")
	if got := r.Resolve(req); !sameLookup(got, db("IN")) {
		t.Fatalf("Resolve = %+v", got)
	}
	var wg sync.WaitGroup
	for range 4 {
		wg.Go(func() {
			for range 1000 {
				r.Resolve(req)
			}
		})
	}
	if err := r.Close(); err != nil {
		t.Fatal(err)
	}
	wg.Wait()
	if got := r.Resolve(req); !sameLookup(got, none) {
		t.Errorf("Resolve after Close = %+v, want %+v", got, none)
	}
	if err := r.Close(); err != nil {
		t.Errorf("second Close: %v", err)
	}
}
