package model

import (
	"errors"
	"net/http"
	"net/netip"
	"strings"
)

// Errors of ClientIPDerivation.Derive: the data plane refuses the connection or request.
var (
	// ErrNoProxyHeader: the listener expects a PROXY protocol header and none was sent.
	ErrNoProxyHeader = errors.New("no PROXY protocol header")
	// ErrClientIPRejected: a fail-closed custom header is missing or not an address.
	ErrClientIPRejected = errors.New("client address header missing or invalid (fail closed)")
)

// Connection is what a data plane knows about a request's origin before deriving the client
// address: the TCP peer, the PROXY protocol source (invalid when none was sent), and the
// request headers.
type Connection struct {
	Peer      netip.Addr
	ProxyAddr netip.Addr
	Headers   http.Header
}

// Derive computes the client address the listener's policies test, and the peer address
// (PROXY address when believed, else TCP peer). A nil derivation is the TCP peer.
//
// Forwarded-for semantics: with TrustedCIDRs (nginx real_ip_recursive, Envoy xffTrustedCidrs)
// the header is believed only from a trusted peer, and walked from the right past trusted
// entries; the first untrusted entry is the client (the leftmost when all are trusted); an
// unparsable entry on the way leaves the peer (nginx ngx_http_get_forwarded_addr declines).
// With TrustedHops N (Envoy Gateway numTrustedHops, Envoy xff_num_trusted_hops with
// use_remote_address) the client is the Nth entry from the right of the header as received,
// the peer when there are fewer entries or N is 0 (api/v1alpha1/clienttrafficpolicy_types.go:
// XFF "203.0.113.128, 203.0.113.10, 203.0.113.1" with 2 hops gives 203.0.113.10).
func (d *ClientIPDerivation) Derive(c Connection) (client, peer netip.Addr, err error) {
	peer = c.Peer.Unmap()
	if d == nil {
		return peer, peer, nil
	}
	if d.ProxyProtocol {
		if !c.ProxyAddr.IsValid() {
			return netip.Addr{}, netip.Addr{}, ErrNoProxyHeader
		}
		// nginx believes the PROXY address only from a trusted TCP peer (set_real_ip_from);
		// Envoy always does (TrustedCIDRs empty).
		if d.From != ClientIPPeer || len(d.TrustedCIDRs) == 0 || inAny(d.TrustedCIDRs, peer) {
			peer = c.ProxyAddr.Unmap()
		}
	}
	switch d.From {
	case ClientIPForwardedFor:
		return d.forwarded(peer, c.Headers), peer, nil
	case ClientIPCustomHeader:
		v := strings.TrimSpace(c.Headers.Get(d.Header))
		a, perr := netip.ParseAddr(v)
		if perr != nil {
			if d.FailClosed {
				return netip.Addr{}, peer, ErrClientIPRejected
			}
			return peer, peer, nil
		}
		return a.Unmap(), peer, nil
	}
	return peer, peer, nil
}

// forwarded walks the forwarded-for header as described on Derive.
func (d *ClientIPDerivation) forwarded(peer netip.Addr, h http.Header) netip.Addr {
	header := d.Header
	if header == "" {
		header = "X-Forwarded-For"
	}
	var entries []string
	for _, v := range h.Values(header) {
		for _, e := range strings.Split(v, ",") {
			entries = append(entries, strings.TrimSpace(e))
		}
	}
	if len(d.TrustedCIDRs) == 0 {
		n := d.TrustedHops
		if n <= 0 || len(entries) < n {
			return peer
		}
		a, err := netip.ParseAddr(entries[len(entries)-n])
		if err != nil {
			return peer
		}
		return a.Unmap()
	}
	if !inAny(d.TrustedCIDRs, peer) {
		return peer
	}
	cur := peer
	for i := len(entries) - 1; i >= 0; i-- {
		a, err := netip.ParseAddr(entries[i])
		if err != nil {
			return peer
		}
		cur = a.Unmap()
		if !d.Recursive || !inAny(d.TrustedCIDRs, cur) {
			return cur
		}
	}
	return cur
}

// Decide applies the access list to the derived client address and the peer: the first rule
// whose CIDRs contain the tested address decides, else Default. A nil list allows.
func (a *IPAccess) Decide(client, peer netip.Addr) AccessAction {
	if a == nil {
		return Allow
	}
	addr := client
	if a.Address == AddressPeer {
		addr = peer
	}
	for _, r := range a.Rules {
		if inAny(r.CIDRs, addr) {
			return r.Action
		}
	}
	return a.Default
}

// inAny reports whether a is in one of cidrs (unparsable entries match nothing).
func inAny(cidrs []string, a netip.Addr) bool {
	for _, c := range cidrs {
		if p, err := netip.ParsePrefix(c); err == nil && p.Contains(a) {
			return true
		}
	}
	return false
}

// nonPublic are the ranges of private networks, shared address space, loopback and
// link-local addresses: peers there are the operator's own load balancers and proxies.
var nonPublic = []netip.Prefix{
	netip.MustParsePrefix("10.0.0.0/8"), netip.MustParsePrefix("172.16.0.0/12"),
	netip.MustParsePrefix("192.168.0.0/16"), netip.MustParsePrefix("100.64.0.0/10"),
	netip.MustParsePrefix("127.0.0.0/8"), netip.MustParsePrefix("169.254.0.0/16"),
	netip.MustParsePrefix("::1/128"), netip.MustParsePrefix("fc00::/7"), netip.MustParsePrefix("fe80::/10"),
}

// internetPeers stand for callers on the internet (documentation ranges, RFC 5737 and 3849).
var internetPeers = []netip.Addr{
	netip.MustParseAddr("203.0.113.7"), netip.MustParseAddr("198.51.100.7"), netip.MustParseAddr("2001:db8::7"),
}

// ClientChosen reports whether a caller on the internet can choose the client address d
// derives, and a connection that shows it: a peer whose request header (a forwarded-for chain
// as long as the trusted hops need, or the custom header) claims address claimed and is
// believed. A header believed only from private peers (the operator's load balancers) is
// not client-chosen; one believed from any public peer is (ingress-nginx's default
// proxy-real-ip-cidr 0.0.0.0/0 with use-forwarded-headers, Envoy numTrustedHops without
// trusted CIDRs, an Envoy custom header). The peer is a documentation address standing for
// the internet, or the first public address d trusts. A nil derivation and the TCP peer are
// never client-chosen; a PROXY protocol address is written by the load balancer.
func (d *ClientIPDerivation) ClientChosen(claimed netip.Addr) (peer netip.Addr, chain []string, ok bool) {
	if d == nil || d.From == ClientIPPeer || d.From == "" {
		return netip.Addr{}, nil, false
	}
	header := d.Header
	if header == "" {
		header = "X-Forwarded-For"
	}
	peers := append([]netip.Addr(nil), internetPeers...)
	for _, c := range d.TrustedCIDRs {
		if p, err := netip.ParsePrefix(c); err == nil {
			a := p.Masked().Addr()
			if a.IsUnspecified() {
				a = a.Next()
			}
			peers = append(peers, a)
		}
	}
	for _, p := range peers {
		if inAnyPrefix(nonPublic, p) {
			continue
		}
		for n := 1; n <= max(d.TrustedHops, 1); n++ {
			ch := []string{claimed.String()}
			for range n - 1 {
				ch = append(ch, p.String())
			}
			conn := Connection{Peer: p, Headers: http.Header{}}
			conn.Headers.Set(header, strings.Join(ch, ", "))
			if d.ProxyProtocol {
				// The load balancer connects (from an address the listener trusts) and
				// announces the caller.
				conn.Peer, conn.ProxyAddr = netip.MustParseAddr("10.0.0.1"), p
				if len(d.TrustedCIDRs) > 0 {
					if lb, err := netip.ParsePrefix(d.TrustedCIDRs[0]); err == nil {
						conn.Peer = lb.Addr()
					}
				}
			}
			if client, _, err := d.Derive(conn); err == nil && client == claimed {
				return p, ch, true
			}
		}
	}
	return netip.Addr{}, nil, false
}

// inAnyPrefix reports whether a is in one of ps.
func inAnyPrefix(ps []netip.Prefix, a netip.Addr) bool {
	for _, p := range ps {
		if p.Contains(a.Unmap()) {
			return true
		}
	}
	return false
}
