package reach

import (
	"fmt"
	"net/netip"
	"strings"

	"github.com/ingress-parity/ingress-parity/cidrset"
	"github.com/ingress-parity/ingress-parity/model"
)

// ClientIP says how a listener derives the address a route's controls test, and whether a
// client can choose it.
type ClientIP struct {
	// Derivation is readable: "TCP peer", "PROXY protocol", "X-Forwarded-For from trusted
	// peers 10.0.0.0/8 (recursive)", "X-Forwarded-For, 2 trusted hops", "header
	// CF-Connecting-IP (fail closed)".
	Derivation string `json:"derivation"`
	// Spoofable is true when the address comes from a request header believed whatever
	// peer sent it, so a client that connects directly sends the address it wants.
	Spoofable bool `json:"spoofable,omitempty"`
	// Reason explains Spoofable.
	Reason string `json:"reason,omitempty"`
}

// describeClientIP describes derivation d for controls that test address (the derived
// client address, or the peer: the TCP peer or the PROXY protocol address).
//
// Spoofing is judged per request header only: a PROXY protocol header is written by the load
// balancer at connection level, so it is described but not called spoofable.
func describeClientIP(d *model.ClientIPDerivation, address model.AddressKind) ClientIP {
	if d == nil {
		return ClientIP{Derivation: "TCP peer"}
	}
	peer := "TCP peer"
	if d.ProxyProtocol {
		peer = "PROXY protocol"
		if d.From == model.ClientIPPeer && len(d.TrustedCIDRs) > 0 {
			// nginx believes the PROXY address only from set_real_ip_from peers.
			peer = fmt.Sprintf("PROXY protocol from trusted peers %s (else TCP peer)", strings.Join(d.TrustedCIDRs, ", "))
		}
	}
	if address == model.AddressPeer || d.From == model.ClientIPPeer || d.From == "" {
		return ClientIP{Derivation: peer}
	}
	via := ""
	if d.ProxyProtocol {
		via = "PROXY protocol, then "
	}
	header := d.Header
	if header == "" {
		header = "X-Forwarded-For"
	}
	switch d.From {
	case model.ClientIPForwardedFor:
		return forwardedFor(d, via, header)
	case model.ClientIPCustomHeader:
		_, _, chosen := d.ClientChosen(claimedAddr)
		c := ClientIP{Derivation: via + "header " + header + " (else peer)", Spoofable: chosen,
			Reason: header + " is believed from any peer: a client that connects directly sends the address it wants"}
		if d.FailClosed {
			c.Derivation = via + "header " + header + " (fail closed)"
		}
		return c
	}
	return ClientIP{Derivation: fmt.Sprintf("%s%s (unknown derivation %q)", via, peer, d.From)}
}

// forwardedFor describes a forwarded-for derivation (ingress-nginx real_ip_header with
// set_real_ip_from, Envoy xffNumTrustedHops; see model.ClientIPDerivation.Derive).
func forwardedFor(d *model.ClientIPDerivation, via, header string) ClientIP {
	switch {
	case len(d.TrustedCIDRs) > 0:
		c := ClientIP{Derivation: fmt.Sprintf("%s%s from trusted peers %s", via, header, strings.Join(d.TrustedCIDRs, ", "))}
		if d.Recursive {
			c.Derivation += " (recursive)"
		}
		// The same judgement as check's (model.ClientIPDerivation.ClientChosen): the header
		// is client-chosen when a public peer is trusted. ingress-nginx's default
		// proxy-real-ip-cidr is 0.0.0.0/0 (docs/user-guide/nginx-configuration/configmap.md):
		// with use-forwarded-headers any IPv4 peer is trusted.
		if peer, _, ok := d.ClientChosen(claimedAddr); ok {
			c.Spoofable = true
			if fam := wholeFamilies(d.TrustedCIDRs); fam != "" {
				c.Reason = fmt.Sprintf("%s is believed from any %s peer (trusted %s): a client that connects directly sends the address it wants",
					header, fam, strings.Join(d.TrustedCIDRs, ", "))
			} else {
				c.Reason = fmt.Sprintf("%s is believed from public peers (trusted %s): a client connecting from one of them (%s) sends the address it wants",
					header, strings.Join(d.TrustedCIDRs, ", "), peer)
			}
		}
		return c
	case d.TrustedHops > 0:
		hops := plural(d.TrustedHops, "trusted hop")
		bypass := "a client that connects directly"
		if d.TrustedHops > 1 {
			bypass += fmt.Sprintf(", or through fewer than %d proxies,", d.TrustedHops)
		}
		_, _, chosen := d.ClientChosen(claimedAddr)
		return ClientIP{
			Derivation: fmt.Sprintf("%s%s, %s", via, header, hops),
			Spoofable:  chosen,
			Reason:     fmt.Sprintf("%s is believed from any peer (%s, no trusted CIDRs): %s sends the address it wants", header, hops, bypass),
		}
	}
	peer := "TCP peer"
	if d.ProxyProtocol {
		peer = "PROXY protocol"
	}
	return ClientIP{Derivation: fmt.Sprintf("%s (%s trusted from no peer)", peer, header)}
}

// wholeFamilies names the address families trusted entirely ("IPv4", "IPv6", "IPv4 or
// IPv6"), "" when none is.
func wholeFamilies(cidrs []string) string {
	set, _ := parseCIDRs(cidrs)
	var fams []string
	for _, f := range []struct {
		name string
		all  netip.Prefix
	}{{"IPv4", netip.MustParsePrefix("0.0.0.0/0")}, {"IPv6", netip.MustParsePrefix("::/0")}} {
		all := cidrset.FromPrefixes(f.all)
		if set.Intersect(all).Equal(all) {
			fams = append(fams, f.name)
		}
	}
	return strings.Join(fams, " or ")
}

// claimedAddr is the address a spoofing caller claims when ClientChosen is asked
// (TEST-NET-1, RFC 5737).
var claimedAddr = netip.MustParseAddr("192.0.2.66")

// plural is "1 trusted hop", "2 trusted hops".
func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}
