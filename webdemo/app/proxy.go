package app

import (
	"fmt"
	"net"
	"net/http"
	"net/netip"
	"strings"
)

// WithTrustedProxies names the reverse proxies (load balancers) the app
// sits behind, by address or network. When a request's connection comes
// from one of them, the client address the sign-in and sign-up limits
// count by is taken from X-Forwarded-For: the rightmost address in it that
// is not one of the proxies, the last hop no proxy of ours vouches for.
// Whatever a client writes into the header itself lies to the left of what
// the proxies append, so it is never reached. A request from any other
// address is counted by its connection's address and its X-Forwarded-For
// ignored, so that a client reaching the app directly cannot choose the
// address it is counted as. Without this option (the default), the header
// is always ignored: behind a proxy every client then counts as the proxy.
func WithTrustedProxies(proxies ...netip.Prefix) Option {
	return func(s *server) {
		s.trustedProxies = nil
		for _, p := range proxies {
			if p.IsValid() {
				s.trustedProxies = append(s.trustedProxies, p.Masked())
			}
		}
	}
}

// ParseTrustedProxies reads a list of proxies, separated by commas, each
// an address (192.0.2.10, 2001:db8::10) or a network in CIDR notation
// (10.0.0.0/8), for WithTrustedProxies. An empty list is none.
func ParseTrustedProxies(list string) ([]netip.Prefix, error) {
	var out []netip.Prefix
	for _, item := range strings.Split(list, ",") {
		item = strings.TrimSpace(item)
		if item == "" {
			continue
		}
		if p, err := netip.ParsePrefix(item); err == nil {
			out = append(out, p)
			continue
		}
		a, err := netip.ParseAddr(item)
		if err != nil {
			return nil, fmt.Errorf("trusted proxy %q: give an address (192.0.2.10) or a network (10.0.0.0/8)", item)
		}
		a = a.Unmap()
		out = append(out, netip.PrefixFrom(a, a.BitLen()))
	}
	return out, nil
}

// peerAddress is the address of the connection's other end, without its
// port. net.SplitHostPort also drops an IPv6 address's brackets, which
// cutting at the last colon kept, so that the throttle could not read the
// address and group its /64.
func peerAddress(r *http.Request) string {
	if host, _, err := net.SplitHostPort(r.RemoteAddr); err == nil {
		return host
	}
	return r.RemoteAddr
}

// clientAddress is the address sign-ins and sign-ups are throttled by: the
// connection's, unless it comes from a trusted proxy (WithTrustedProxies),
// when it is the rightmost address of X-Forwarded-For that no trusted
// proxy holds. If every hop is a trusted proxy, it is the leftmost of
// them; a hop that is not an address ends the walk at the hop before it,
// since what lies left of it was not written by a proxy we trust to write
// addresses.
func (s *server) clientAddress(r *http.Request) string {
	peer := peerAddress(r)
	if !s.trusted(peer) {
		return peer
	}
	var hops []string
	for _, h := range r.Header.Values("X-Forwarded-For") {
		hops = append(hops, strings.Split(h, ",")...)
	}
	client := peer
	for i := len(hops) - 1; i >= 0; i-- {
		a, ok := hopAddress(hops[i])
		if !ok {
			break
		}
		client = a.String()
		if !s.trustedAddr(a) {
			break
		}
	}
	return client
}

// trusted says whether host, an address as peerAddress gives it, is one of
// the trusted proxies.
func (s *server) trusted(host string) bool {
	if len(s.trustedProxies) == 0 {
		return false
	}
	a, err := netip.ParseAddr(host)
	return err == nil && s.trustedAddr(a)
}

func (s *server) trustedAddr(a netip.Addr) bool {
	a = a.Unmap().WithZone("")
	for _, p := range s.trustedProxies {
		if p.Contains(a) {
			return true
		}
	}
	return false
}

// hopAddress reads one hop of X-Forwarded-For: an address, or, as some
// proxies write it, an address and port ("192.0.2.1:5000",
// "[2001:db8::1]:5000").
func hopAddress(hop string) (netip.Addr, bool) {
	hop = strings.TrimSpace(hop)
	if a, err := netip.ParseAddr(hop); err == nil {
		return a.Unmap().WithZone(""), true
	}
	if ap, err := netip.ParseAddrPort(hop); err == nil {
		return ap.Addr().Unmap().WithZone(""), true
	}
	return netip.Addr{}, false
}
