// Package geoiptest writes small MaxMind-format country databases (.mmdb) for
// tests, over documentation address ranges only.
package geoiptest

import (
	"net"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/maxmind/mmdbwriter"
	"github.com/maxmind/mmdbwriter/mmdbtype"
)

// DocNetworks maps the documentation ranges (RFC 5737, RFC 3849) to the
// countries the tests give them.
var DocNetworks = map[string]string{
	"192.0.2.0/24":    "IN",
	"198.51.100.0/24": "DE",
	"203.0.113.0/24":  "PK",
	"2001:db8::/32":   "FR",
}

// DB describes a database to write.
type DB struct {
	// Type is the database_type in the metadata, such as "GeoLite2-Country"
	// (the default), "GeoIP2-Country" or "DBIP-Country-Lite"; records are shaped
	// as that product shapes them (DB-IP's when the type starts with "DBIP").
	Type string
	// IPv4Only builds an IPv4 tree, in which IPv6 addresses cannot be looked up.
	IPv4Only bool
	// Networks maps CIDR prefixes to the country.iso_code of their records; an
	// empty code gives a record with a continent but no country, as MaxMind's
	// databases have for some anycast networks.
	Networks map[string]string
}

// MustWriteDB writes a GeoLite2-Country database of DocNetworks in a temporary
// directory of tb and returns its path.
func MustWriteDB(tb testing.TB) string {
	tb.Helper()
	return MustWrite(tb, DB{Networks: DocNetworks})
}

// MustWrite writes db in a temporary directory of tb and returns its path.
func MustWrite(tb testing.TB, db DB) string {
	tb.Helper()
	if db.Type == "" {
		db.Type = "GeoLite2-Country"
	}
	opts := mmdbwriter.Options{
		DatabaseType:            db.Type,
		Description:             map[string]string{"en": "agora test database"},
		Languages:               []string{"en"},
		IncludeReservedNetworks: true, // the documentation ranges are reserved
		RecordSize:              24,
		IPVersion:               6,
	}
	if db.IPv4Only {
		opts.IPVersion = 4
	}
	tree, err := mmdbwriter.New(opts)
	if err != nil {
		tb.Fatalf("new mmdb tree: %v", err)
	}
	dbip := strings.HasPrefix(db.Type, "DBIP")
	for cidr, code := range db.Networks {
		_, network, err := net.ParseCIDR(cidr)
		if err != nil {
			tb.Fatalf("network %q: %v", cidr, err)
		}
		if err := tree.Insert(network, record(code, dbip)); err != nil {
			tb.Fatalf("insert %s: %v", cidr, err)
		}
	}
	path := filepath.Join(tb.TempDir(), db.Type+".mmdb")
	f, err := os.Create(path)
	if err != nil {
		tb.Fatal(err)
	}
	if _, err := tree.WriteTo(f); err != nil {
		f.Close()
		tb.Fatalf("write %s: %v", path, err)
	}
	if err := f.Close(); err != nil {
		tb.Fatal(err)
	}
	return path
}

// record returns a country record as GeoLite2/GeoIP2-Country (or DB-IP's
// country files, with dbip) shape it, with the given iso_code.
func record(code string, dbip bool) mmdbtype.Map {
	continent := mmdbtype.Map{
		"code":       mmdbtype.String("EU"),
		"geoname_id": mmdbtype.Uint32(6255148),
		"names":      mmdbtype.Map{"en": mmdbtype.String("Europe")},
	}
	if code == "" {
		return mmdbtype.Map{"continent": continent}
	}
	country := mmdbtype.Map{
		"geoname_id": mmdbtype.Uint32(1),
		"iso_code":   mmdbtype.String(code),
		"names":      mmdbtype.Map{"en": mmdbtype.String("Country " + code)},
	}
	if dbip {
		country["is_in_european_union"] = mmdbtype.Bool(false)
		return mmdbtype.Map{"continent": continent, "country": country}
	}
	return mmdbtype.Map{"continent": continent, "country": country, "registered_country": country}
}
