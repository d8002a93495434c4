package geoip

import (
	"fmt"
	"net/http"
	"net/netip"
	"strings"
)

// ParsePrefixes parses a comma-separated list of networks, such as the
// trusted_proxies setting: each entry is a CIDR prefix (10.0.0.0/8,
// 2001:db8::/32) or a single address, which stands for itself (/32 or /128).
// Spaces around entries and empty entries are ignored; host bits are cleared
// (10.1.2.3/8 is 10.0.0.0/8), and IPv4-mapped IPv6 prefixes become IPv4 ones.
// The error names the first entry that is neither.
func ParsePrefixes(s string) ([]netip.Prefix, error) {
	var out []netip.Prefix
	for entry := range strings.SplitSeq(s, ",") {
		entry = strings.TrimSpace(entry)
		if entry == "" {
			continue
		}
		var p netip.Prefix
		if strings.Contains(entry, "/") {
			var err error
			if p, err = netip.ParsePrefix(entry); err != nil {
				return nil, fmt.Errorf("%q is not a network in CIDR notation", entry)
			}
		} else {
			a, err := netip.ParseAddr(entry)
			if err != nil || a.Zone() != "" {
				return nil, fmt.Errorf("%q is neither an IP address nor a network in CIDR notation", entry)
			}
			p = netip.PrefixFrom(a, a.BitLen())
		}
		out = append(out, normalizePrefix(p))
	}
	return out, nil
}

// normalizePrefix clears host bits and turns an IPv4-mapped IPv6 prefix of at
// least 96 bits into the IPv4 prefix it maps, since addresses are unmapped
// before they are compared.
func normalizePrefix(p netip.Prefix) netip.Prefix {
	if a := p.Addr(); a.Is4In6() && p.Bits() >= 96 {
		p = netip.PrefixFrom(a.Unmap(), p.Bits()-96)
	}
	return p.Masked()
}

// isTrusted reports whether a (unmapped, without zone) is in a trusted network.
func (r *Resolver) isTrusted(a netip.Addr) bool {
	for _, p := range r.trusted {
		if p.Contains(a) {
			return true
		}
	}
	return false
}

// ClientIP returns the address of the client that sent req: the peer, or, when
// the peer is a trusted proxy, the client it forwards (X-Forwarded-For, as
// Resolve reads it). The zero Addr when the peer is not an IP address. A nil
// resolver trusts no proxy.
func (r *Resolver) ClientIP(req *http.Request) netip.Addr {
	client := peerAddr(req.RemoteAddr)
	if r != nil && client.IsValid() && r.isTrusted(client) {
		client = r.forwardedClient(req.Header["X-Forwarded-For"], client)
	}
	return client
}

// peerAddr returns the address of http.Request.RemoteAddr ("ip:port", or a bare
// IP in tests), unmapped and without zone; the zero Addr if it is neither (a
// Unix socket, for example).
func peerAddr(remote string) netip.Addr {
	if ap, err := netip.ParseAddrPort(remote); err == nil {
		return plain(ap.Addr())
	}
	if a, err := netip.ParseAddr(remote); err == nil {
		return plain(a)
	}
	return netip.Addr{}
}

// forwardedClient returns the client address X-Forwarded-For names, given its
// header values, for a request whose peer is trusted: walking from the right,
// past the trusted proxies, the first address that is not one. When every entry
// is a trusted proxy, or an entry is not an address (so nothing to its left can
// be relied on), or the header is missing, it is the peer.
func (r *Resolver) forwardedClient(values []string, peer netip.Addr) netip.Addr {
	for i := len(values) - 1; i >= 0; i-- {
		v := values[i]
		if strings.TrimSpace(v) == "" {
			continue // an empty header line names nobody
		}
		for rest, more := v, true; more; {
			var entry string
			if j := strings.LastIndexByte(rest, ','); j >= 0 {
				entry, rest = rest[j+1:], rest[:j]
			} else {
				entry, more = rest, false
			}
			a, ok := parseForwarded(entry)
			if !ok {
				return peer
			}
			if !r.isTrusted(a) {
				return a
			}
		}
	}
	return peer
}

// parseForwarded parses one X-Forwarded-For entry: an IPv4 or IPv6 address,
// optionally with a port ("192.0.2.1:4711", "[2001:db8::1]:4711") or in
// brackets, with surrounding spaces. The address is unmapped and without zone.
func parseForwarded(s string) (netip.Addr, bool) {
	s = strings.TrimSpace(s)
	if a, err := netip.ParseAddr(s); err == nil {
		return plain(a), true
	}
	if ap, err := netip.ParseAddrPort(s); err == nil {
		return plain(ap.Addr()), true
	}
	if len(s) > 2 && s[0] == '[' && s[len(s)-1] == ']' {
		if a, err := netip.ParseAddr(s[1 : len(s)-1]); err == nil && a.Is6() {
			return plain(a), true
		}
	}
	return netip.Addr{}, false
}

// plain returns a unmapped and without zone, the form in which addresses are
// compared and looked up.
func plain(a netip.Addr) netip.Addr {
	return a.Unmap().WithZone("")
}
