package webhook

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"net/netip"
	"net/url"
	"strings"
	"syscall"
	"time"

	"agora"
)

// MaxURL bounds a webhook URL's length.
const MaxURL = 2048

// Policy is which URLs webhooks may be sent to. By default only https URLs on
// public addresses: a URL on a loopback, private, link-local or otherwise
// non-public address would let whoever registers it probe the platform's own
// network. The operator may allow those (and plain http), for a receiver on
// the same host or network, in the config (webhook_allow_private).
type Policy struct {
	AllowPrivate bool
}

// Check validates a URL an authority registers: an absolute http(s) URL with a
// host and without credentials or fragment, https unless private addresses are
// allowed, and not naming a non-public address or a local name. Names are
// checked again, on every connection, against the addresses they resolve to
// (Client), so a name that later resolves elsewhere is refused then. The
// error is EUNPROCESSABLE with a message a person can act on.
func (p Policy) Check(raw string) error {
	bad := func(why string) error {
		return agora.Errorf(agora.EUNPROCESSABLE, "Validation failed: the webhook URL %s.", why)
	}
	if raw == "" || len(raw) > MaxURL {
		return bad(fmt.Sprintf("is required and at most %d characters long", MaxURL))
	}
	u, err := url.Parse(raw)
	if err != nil || !u.IsAbs() || u.Opaque != "" {
		return bad("is not an absolute URL")
	}
	switch {
	case u.Scheme != "https" && u.Scheme != "http":
		return bad("must use https")
	case u.Scheme == "http" && !p.AllowPrivate:
		return bad("must use https (plain http is allowed only when the operator allows private addresses)")
	case u.User != nil:
		return bad("must not hold a user name or password")
	case u.Fragment != "" || strings.Contains(raw, "#"):
		return bad("must not have a fragment")
	case u.Hostname() == "":
		return bad("has no host")
	}
	if p.AllowPrivate {
		return nil
	}
	host := strings.ToLower(strings.TrimSuffix(u.Hostname(), "."))
	if ip, err := netip.ParseAddr(host); err == nil {
		if !Public(ip) {
			return bad(fmt.Sprintf("names %s, which is not a public address", ip))
		}
		return nil
	}
	if tld := host[strings.LastIndex(host, ".")+1:]; strings.Trim(tld, "0123456789") == "" || strings.HasPrefix(tld, "0x") {
		// A numeric last label is an IPv4 address in another notation
		// (127.1, 0x7f.1), which some resolvers accept.
		return bad(fmt.Sprintf("names %s, which is not a host name or an IP address in standard notation", host))
	}
	if !strings.Contains(host, ".") || host == "localhost" || hasAnySuffix(host, ".localhost", ".local", ".internal", ".home.arpa", ".lan") {
		return bad(fmt.Sprintf("names %s, which is a local name, not a public host", host))
	}
	return nil
}

func hasAnySuffix(s string, suffixes ...string) bool {
	for _, x := range suffixes {
		if strings.HasSuffix(s, x) {
			return true
		}
	}
	return false
}

// nonPublic are the ranges Public refuses beyond what netip classifies:
// shared address space (carrier-grade NAT), IETF protocol assignments,
// benchmarking, documentation, reserved and the NAT64 and 6to4 prefixes, which
// can reach private IPv4 addresses.
var nonPublic = []netip.Prefix{
	netip.MustParsePrefix("0.0.0.0/8"),
	netip.MustParsePrefix("100.64.0.0/10"),
	netip.MustParsePrefix("192.0.0.0/24"),
	netip.MustParsePrefix("192.0.2.0/24"),
	netip.MustParsePrefix("198.18.0.0/15"),
	netip.MustParsePrefix("198.51.100.0/24"),
	netip.MustParsePrefix("203.0.113.0/24"),
	netip.MustParsePrefix("240.0.0.0/4"),
	netip.MustParsePrefix("64:ff9b::/96"),
	netip.MustParsePrefix("64:ff9b:1::/48"),
	netip.MustParsePrefix("2001:db8::/32"),
	netip.MustParsePrefix("2002::/16"),
	netip.MustParsePrefix("100::/64"),
}

// Public reports whether ip is a public unicast address: not loopback,
// private, link-local, multicast, unspecified or one of the special ranges.
// An IPv4 address mapped into IPv6 is judged as IPv4.
func Public(ip netip.Addr) bool {
	ip = ip.Unmap()
	if !ip.IsValid() || ip.IsLoopback() || ip.IsPrivate() || ip.IsUnspecified() || ip.IsMulticast() ||
		ip.IsLinkLocalUnicast() || ip.IsLinkLocalMulticast() || ip.IsInterfaceLocalMulticast() {
		return false
	}
	for _, p := range nonPublic {
		if p.Contains(ip) {
			return false
		}
	}
	return true
}

// Client returns the HTTP client deliveries are sent with: no proxy from the
// environment, no redirects followed (a redirect is an answer, not a
// delivery), timeout per attempt, and, unless private addresses are allowed, a
// dialer that refuses to connect to a non-public address whatever name
// resolved to it.
func (p Policy) Client(timeout time.Duration) *http.Client {
	dialer := &net.Dialer{Timeout: timeout}
	if !p.AllowPrivate {
		dialer.Control = func(_, address string, _ syscall.RawConn) error {
			ap, err := netip.ParseAddrPort(address)
			if err != nil || !Public(ap.Addr()) {
				return fmt.Errorf("webhook: refused to connect to %s, which is not a public address", address)
			}
			return nil
		}
	}
	transport := &http.Transport{
		Proxy: nil,
		DialContext: func(ctx context.Context, network, addr string) (net.Conn, error) {
			return dialer.DialContext(ctx, network, addr)
		},
		TLSHandshakeTimeout:   timeout,
		ResponseHeaderTimeout: timeout,
		MaxIdleConnsPerHost:   4,
		IdleConnTimeout:       90 * time.Second,
		ForceAttemptHTTP2:     true,
	}
	return &http.Client{
		Transport:     transport,
		Timeout:       timeout,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}
}
