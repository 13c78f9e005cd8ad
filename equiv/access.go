package equiv

import (
	"fmt"
	"net/http"
	"net/netip"
	"slices"

	"github.com/ingress-parity/ingress-parity/model"
)

// verdict is what one side's policy does with one caller class.
type verdict struct {
	Allowed bool
	// Status is the answer to a refused caller (0: the TLS handshake or connection fails).
	Status int
	// Why says what refused or admitted the caller, for explanations.
	Why    string
	Source model.Source
	// anyOK: nginx's `satisfy any` counts this check (access list, auth_basic, auth_request).
	anyOK bool
}

// access evaluates a caller against one side: the client-IP derivation of the listener,
// then the client certificate (TLS handshake or nginx's check right after it), then the IP
// access list and the authentication steps, combined as Satisfy says. https says whether
// the connection is TLS (client certificates exist only there).
func access(d *model.ClientIPDerivation, p *model.Policy, c caller, https bool) verdict {
	conn := c.connection(d)
	client, peer, err := d.Derive(conn)
	if err != nil {
		src := model.Source{}
		if d != nil {
			src = d.Source
		}
		return verdict{Status: 400, Why: err.Error(), Source: src}
	}
	if p == nil {
		return verdict{Allowed: true, Why: "no access policy"}
	}
	if cc := clientCert(p); https && cc != nil && cc.Mode != model.CertOff {
		if v, ok := certVerdict(cc, c.Cert); !ok {
			return v
		}
	}
	var checks []verdict
	if p.IPAccess != nil {
		act := p.IPAccess.Decide(client, peer)
		addr := client
		if p.IPAccess.Address == model.AddressPeer {
			addr = peer
		}
		word := "denied"
		if act == model.Allow {
			word = "allowed"
		}
		checks = append(checks, verdict{Allowed: act == model.Allow, Status: p.IPAccess.DenyStatus,
			Why: fmt.Sprintf("address %s is %s by the IP access list", addr, word), Source: p.IPAccess.Source, anyOK: true})
	}
	if a := p.Auth; a != nil {
		checks = append(checks, authChecks(a, c.Cred)...)
	}
	return combine(checks, p.Satisfy)
}

// connection is what the data plane sees of caller c under derivation d: on a listener that
// expects PROXY protocol, the load balancer connects (from a trusted address when the
// listener trusts only some) and announces the client's address.
func (c caller) connection(d *model.ClientIPDerivation) model.Connection {
	conn := model.Connection{Peer: c.Addr}
	if c.Forwarded != nil {
		conn.Headers = http.Header{}
		for _, e := range c.Forwarded {
			conn.Headers.Add(c.ForwardedHeader, e)
		}
	}
	if d != nil && d.ProxyProtocol {
		conn.ProxyAddr, conn.Peer = c.Addr, loadBalancer(d)
	}
	return conn
}

// loadBalancer is the TCP peer of a PROXY protocol connection: an address the listener
// trusts to send the header (10.0.0.1 when it trusts every address).
func loadBalancer(d *model.ClientIPDerivation) netip.Addr {
	for _, c := range d.TrustedCIDRs {
		if p, err := netip.ParsePrefix(c); err == nil {
			return p.Addr()
		}
	}
	return netip.MustParseAddr("10.0.0.1")
}

// combine applies Satisfy to the checks of one side: all must pass (the default), or with
// "any" one passing is enough (nginx `satisfy any` over the access list, auth_basic and
// auth_request; other steps stay required). No checks: allowed.
func combine(checks []verdict, s model.Satisfy) verdict {
	if len(checks) == 0 {
		return verdict{Allowed: true, Why: "no access rule applies"}
	}
	if s == model.SatisfyAny {
		var required []verdict
		var either []verdict
		for _, c := range checks {
			if c.satisfiable() {
				either = append(either, c)
			} else {
				required = append(required, c)
			}
		}
		for _, c := range required {
			if !c.Allowed {
				return c
			}
		}
		if len(either) == 0 {
			return verdict{Allowed: true, Why: "no access rule applies"}
		}
		for _, c := range either {
			if c.Allowed {
				return c
			}
		}
		return either[0]
	}
	for _, c := range checks {
		if !c.Allowed {
			return c
		}
	}
	return checks[0]
}

// satisfiable reports whether nginx's satisfy directive covers the check (access list,
// basic auth, auth_request).
func (v verdict) satisfiable() bool { return v.anyOK }

// certVerdict checks a client certificate class against a requirement; ok false means the
// caller is refused (v says how).
func certVerdict(cc *model.ClientCertAuth, c certClass) (verdict, bool) {
	ca := caKey(cc)
	validHere := c.Kind != "" && c.Kind != "untrusted" && c.CA == ca
	cnOK := cc.MatchCN == "" || c.Kind == "valid"
	refuse := func(why string, status int) (verdict, bool) {
		return verdict{Status: status, Why: why, Source: cc.Source}, false
	}
	if cc.MatchCN != "" && !(validHere && cnOK) {
		// nginx tests $ssl_client_s_dn against the pattern and answers 403 (nginx.tmpl).
		return refuse(fmt.Sprintf("the client certificate subject must match %q", cc.MatchCN), 403)
	}
	switch cc.Mode {
	case model.CertRequired:
		if !validHere {
			return refuse("a client certificate signed by CA "+ca+" is required", 400)
		}
	case model.CertOptional:
		if c.Kind != "" && !validHere {
			return refuse("a presented client certificate must be signed by CA "+ca, 400)
		}
	case model.CertRequireAny:
		if c.Kind == "" {
			return refuse("a client certificate is required (any, unverified)", 0)
		}
	}
	return verdict{Allowed: true}, true
}

// authChecks evaluates each authentication step of a for credentials cr.
func authChecks(a *model.Auth, cr credentials) []verdict {
	var out []verdict
	if b := a.Basic; b != nil {
		ok := slices.Contains(cr.Valid, basicKey(b))
		out = append(out, verdict{Allowed: ok, Status: 401, Why: "basic-auth users of secret " + b.Secret, Source: b.Source, anyOK: true})
	}
	if e := a.External; e != nil {
		out = append(out, externalVerdict(e, cr.Answer))
	}
	if j := a.JWT; j != nil {
		ok := j.Optional && len(cr.Valid) == 0 && !cr.Invalid
		for _, p := range j.Providers {
			ok = ok || slices.Contains(cr.Valid, jwtKey(p))
		}
		out = append(out, verdict{Allowed: ok, Status: 401, Why: "a JWT from a trusted issuer", Source: j.Source})
	}
	if k := a.APIKey; k != nil {
		ok := false
		for _, s := range k.Secrets {
			ok = ok || slices.Contains(cr.Valid, "api key secret "+s)
		}
		out = append(out, verdict{Allowed: ok, Status: 401, Why: "an API key from the listed secrets", Source: k.Source})
	}
	if o := a.OIDC; o != nil {
		ok := slices.Contains(cr.Valid, "OIDC session of "+o.Issuer+" client "+o.ClientID)
		out = append(out, verdict{Allowed: ok, Status: 302, Why: "an OIDC session with " + o.Issuer, Source: o.Source})
	}
	return out
}

// externalVerdict is the outcome of an external auth answer: allowed for a success code
// (any 2xx when none are listed), the service's 401/403 passed on, other answers a server
// error (nginx) or a denial, and an unreachable service denied unless FailOpen.
func externalVerdict(e *model.ExternalAuth, answer int) verdict {
	v := verdict{Source: e.Source, anyOK: true}
	switch {
	case answer == -1:
		v.Allowed, v.Status = e.FailOpen, 500
		v.Why = "the external auth service " + e.URL + " is unreachable"
		if e.FailOpen {
			v.Why += " (fail open)"
		}
		return v
	case len(e.SuccessCodes) > 0 && slices.Contains(e.SuccessCodes, answer),
		len(e.SuccessCodes) == 0 && answer >= 200 && answer < 300:
		v.Allowed = true
	}
	v.Status = answer
	if !v.Allowed && answer != 401 && answer != 403 && len(e.SuccessCodes) == 0 {
		v.Status = 500
	}
	if !v.Allowed && e.SigninURL != "" && answer == 401 {
		v.Status = 302
	}
	v.Why = fmt.Sprintf("the external auth service %s answers %d", e.URL, answer)
	return v
}
