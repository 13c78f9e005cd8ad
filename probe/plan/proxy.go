package plan

import (
	"fmt"
	"net/netip"
	"slices"

	"github.com/ingress-parity/ingress-parity/model"
	"github.com/ingress-parity/ingress-parity/probe"
)

// maxProxyClasses bounds the inside addresses planned per access list.
const maxProxyClasses = 16

// outsideCandidates are documentation addresses (RFC 5737, RFC 3849) tried, after the
// plan's PROXY source, for an address no rule of an access list names.
var outsideCandidates = []string{"198.51.100.7", "192.0.2.7", "2001:db8::7"}

// expectsProxy reports whether listener l expects a PROXY protocol header.
func expectsProxy(l *model.Listener) bool {
	return l != nil && l.ClientIP != nil && l.ClientIP.ProxyProtocol
}

// resolveFirst is what the first entry point with a listener for r does with it.
func resolveFirst(m *model.Model, r model.Request) (model.Resolution, bool) {
	if r.Port == 0 {
		r.Port = model.DefaultPort(r.Scheme)
	}
	res := m.Resolve(r)
	if len(res) == 0 {
		return model.Resolution{}, false
	}
	return res[0], true
}

// proxySource is the address a probe's PROXY header announces to side m: the request's
// own (r.ProxyAddr) or the plan's default when the listener r reaches expects one, else
// "" (no header: a side without PROXY protocol would read it as a malformed request).
func (b *builder) proxySource(m *model.Model, r model.Request) string {
	res, ok := resolveFirst(m, r)
	if !ok || !expectsProxy(res.Listener) {
		return ""
	}
	if r.ProxyAddr != "" {
		return r.ProxyAddr
	}
	return b.opts.ProxySource
}

// proxyPlan is the plan's proxy field for the two sides' sources: one header for both when
// they agree, else one per side; nil when neither side gets one.
func proxyPlan(oldSrc, newSrc string) *probe.ProxyPlan {
	switch {
	case oldSrc == "" && newSrc == "":
		return nil
	case oldSrc == newSrc:
		return &probe.ProxyPlan{ProxyHeader: probe.ProxyHeader{Source: oldSrc}}
	}
	p := &probe.ProxyPlan{}
	if oldSrc != "" {
		p.Old = &probe.ProxyHeader{Source: oldSrc}
	}
	if newSrc != "" {
		p.New = &probe.ProxyHeader{Source: newSrc}
	}
	return p
}

// connection is what side's data plane sees of the prober for r: the TCP peer is
// PlanOptions.ProberAddr when given; else, when a PROXY header is sent, an address the
// listener trusts to send one (the prober stands in for the load balancer, as the live
// set-up must put it); else unknown (ok false: the access list cannot be evaluated).
func (b *builder) connection(d *model.ClientIPDerivation, r model.Request, proxySrc string) (model.Connection, bool) {
	c := model.Connection{Headers: r.Headers}
	if proxySrc != "" {
		c.ProxyAddr = netip.MustParseAddr(proxySrc) // checked by Build and the address classes
	}
	switch {
	case b.prober.IsValid():
		c.Peer = b.prober
	case proxySrc != "" && d != nil && d.ProxyProtocol:
		c.Peer = trustedPeer(d)
	default:
		return c, false
	}
	return c, true
}

// trustedPeer is an address the derivation trusts to send a PROXY header: the first of
// its trusted ranges, 10.0.0.1 when it trusts every peer (Envoy).
func trustedPeer(d *model.ClientIPDerivation) netip.Addr {
	for _, c := range d.TrustedCIDRs {
		if p, err := netip.ParsePrefix(c); err == nil {
			return p.Addr()
		}
	}
	return netip.MustParseAddr("10.0.0.1")
}

// applyOrigin narrows a forward prediction by the listener's client-address derivation and
// the route's access list (model.ClientIPDerivation.Derive, model.IPAccess.Decide), when
// the address the side tests is known: an allowed caller loses the ip-access gate (a 403
// is then a model mismatch), a denied one is predicted as the list's refusal. A listener
// that expects a PROXY header and gets none refuses the connection. Redirects and fixed
// answers are left alone: whether a data plane runs the access check before them differs.
func (b *builder) applyOrigin(p *probe.Prediction, res model.Resolution, r model.Request, proxySrc string) {
	if res.Listener == nil {
		return
	}
	d := res.Listener.ClientIP
	conn, known := b.connection(d, r, proxySrc)
	if !known {
		return
	}
	client, peer, err := d.Derive(conn)
	if err != nil {
		*p = probe.Prediction{Decision: "reject", Status: 400, Route: err.Error() + " at " + d.Source.String()}
		return
	}
	if p.Decision != string(model.Forward) || res.Route == nil || res.Route.Policy == nil || res.Route.Policy.IPAccess == nil {
		return
	}
	pol := res.Route.Policy
	others := slices.DeleteFunc(slices.Clone(p.Gates), func(g string) bool { return g == "ip-access" })
	if pol.IPAccess.Decide(client, peer) == model.Allow {
		p.Gates = others
		return
	}
	if pol.Satisfy == model.SatisfyAny && len(others) > 0 {
		return // credentials may still admit the caller
	}
	p.Decision, p.Status, p.Gates = string(model.Reject), pol.IPAccess.DenyStatus, others
	p.Backends, p.UpstreamPath, p.UpstreamHost = nil, "", ""
}

// addrClass is one planned PROXY source address and what it stands for.
type addrClass struct {
	addr, why string
}

// accessClasses are the address classes of an access list: one address inside each of
// its CIDRs (the first host address, at most maxProxyClasses), then one that no rule
// names (the list's default applies), when the address space has one left.
func accessClasses(acc *model.IPAccess, preferred string) []addrClass {
	var out []addrClass
	seen := map[netip.Addr]bool{}
	var prefixes []netip.Prefix
	for _, rule := range acc.Rules {
		for _, c := range rule.CIDRs {
			pfx, err := netip.ParsePrefix(c)
			if err != nil {
				continue
			}
			prefixes = append(prefixes, pfx)
			a := firstHost(pfx)
			if seen[a] || len(out) >= maxProxyClasses {
				continue
			}
			seen[a] = true
			out = append(out, addrClass{addr: a.String(), why: fmt.Sprintf("inside %s %s", rule.Action, c)})
		}
	}
	for _, s := range append([]string{preferred}, outsideCandidates...) {
		a, err := netip.ParseAddr(s)
		if err != nil || slices.ContainsFunc(prefixes, func(p netip.Prefix) bool { return p.Contains(a.Unmap()) }) {
			continue
		}
		return append(out, addrClass{addr: a.String(), why: fmt.Sprintf("outside every rule (default %s)", acc.Default)})
	}
	return out
}

// firstHost is the first host address of a prefix (the address itself for a /32 or /128).
func firstHost(p netip.Prefix) netip.Addr {
	a := p.Masked().Addr()
	if p.Bits() < a.BitLen() {
		a = a.Next()
	}
	return a
}

// addProxySources plans, for a route with an access list on a listener that expects a
// PROXY header, the route's sample from one PROXY source per address class of the list,
// so a live run shows the list working on the address the load balancer announces.
func (b *builder) addProxySources(rs routeSample) {
	pol := rs.route.Policy
	if !expectsProxy(rs.listener) || pol == nil || pol.IPAccess == nil {
		return
	}
	for _, c := range accessClasses(pol.IPAccess, b.opts.ProxySource) {
		r := rs.req
		r.ProxyAddr = c.addr
		b.add("identity/proxy-source", fmt.Sprintf("PROXY source %s %s of the access list on %s (%s)", c.addr, c.why, rs.route.ID, rs.side), r, nil)
	}
}
