package equiv

import (
	"fmt"
	"net/http"
	"net/netip"
	"slices"
	"strings"

	"github.com/ingress-parity/ingress-parity/cidrset"
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

// evaluator evaluates caller classes against one side in parts: the origin (address,
// forwarded chain: derivation and IP access list), the client certificate and the
// credentials are each evaluated once per class of that dimension, then combined per caller.
type evaluator struct {
	d     *model.ClientIPDerivation
	p     *model.Policy
	https bool
	// rules are the IP access rules with their CIDRs parsed once.
	rules []ipRule
}

// ipRule is an IP access rule with its CIDRs as a set.
type ipRule struct {
	Allow bool
	Set   cidrset.Set
}

// newEvaluator prepares the evaluation of one side (unparsable CIDRs match nothing, as in
// model.IPAccess.Decide).
func newEvaluator(d *model.ClientIPDerivation, p *model.Policy, https bool) evaluator {
	e := evaluator{d: d, p: p, https: https}
	if p != nil && p.IPAccess != nil {
		for _, r := range p.IPAccess.Rules {
			var ps []netip.Prefix
			for _, c := range r.CIDRs {
				if pf, err := netip.ParsePrefix(c); err == nil {
					ps = append(ps, pf.Masked())
				}
			}
			e.rules = append(e.rules, ipRule{Allow: r.Action == model.Allow, Set: cidrset.FromPrefixes(ps...)})
		}
	}
	return e
}

// decide is model.IPAccess.Decide with the parsed rules: the first rule that holds the
// address decides, else the default.
func (e evaluator) decide(addr netip.Addr) model.AccessAction {
	for _, r := range e.rules {
		if r.Set.Contains(addr) {
			if r.Allow {
				return model.Allow
			}
			return model.Deny
		}
	}
	return e.p.IPAccess.Default
}

// originVerdict is what the origin part decides: a refusal while deriving the address, or
// the IP access list's verdict (nil without one).
type originVerdict struct {
	Refused *verdict
	IP      *verdict
}

// origin evaluates the client-IP derivation of the listener and the IP access list.
func (e evaluator) origin(c caller) originVerdict {
	return e.originOf(c.connection(e.d))
}

// originOf evaluates the derivation and the IP access list for one connection.
func (e evaluator) originOf(conn model.Connection) originVerdict {
	client, peer, err := e.d.Derive(conn)
	if err != nil {
		src := model.Source{}
		if e.d != nil {
			src = e.d.Source
		}
		return originVerdict{Refused: &verdict{Status: 400, Why: err.Error(), Source: src}}
	}
	if e.p == nil || e.p.IPAccess == nil {
		return originVerdict{}
	}
	acc := e.p.IPAccess
	addr := client
	if acc.Address == model.AddressPeer {
		addr = peer
	}
	act := e.decide(addr)
	word := "denied"
	if act == model.Allow {
		word = "allowed"
	}
	return originVerdict{IP: &verdict{Allowed: act == model.Allow, Status: acc.DenyStatus,
		Why: fmt.Sprintf("address %s is %s by the IP access list", addr, word), Source: acc.Source, anyOK: true}}
}

// cert evaluates a client-certificate class (nil: admitted or not requested). Certificates
// exist only on TLS connections.
func (e evaluator) cert(k certClass) *verdict {
	if cc := clientCert(e.p); e.https && cc != nil && cc.Mode != model.CertOff {
		if v, ok := certVerdict(cc, k); !ok {
			return &v
		}
	}
	return nil
}

// auth evaluates the authentication steps for a credential class.
func (e evaluator) auth(cr credentials) []verdict {
	if e.p == nil || e.p.Auth == nil {
		return nil
	}
	return authChecks(e.p.Auth, cr)
}

// verdict combines the parts for one caller: a refusal while deriving the address, then
// the client certificate (TLS handshake or nginx's check right after it), then the IP
// access list and the authentication steps, combined as Satisfy says.
func (e evaluator) verdict(o originVerdict, cert *verdict, auth []verdict) verdict {
	if o.Refused != nil {
		return *o.Refused
	}
	if e.p == nil {
		return verdict{Allowed: true, Why: "no access policy"}
	}
	if cert != nil {
		return *cert
	}
	checks := auth
	if o.IP != nil {
		checks = append([]verdict{*o.IP}, auth...)
	}
	return combine(checks, e.p.Satisfy)
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
		if bad := unverifiable(b); len(bad) > 0 {
			out = append(out, verdict{Status: 500, Source: b.Source, Why: fmt.Sprintf(
				"the basic-auth policy is rejected: the data plane accepts only %s lines and secret %s holds %s, so the route answers 500 to every caller",
				strings.Join(b.AcceptedSchemes, ", "), b.Secret, strings.Join(bad, ", "))})
		} else {
			ok := slices.Contains(cr.Valid, basicKey(b))
			out = append(out, verdict{Allowed: ok, Status: 401, Why: "basic-auth users of secret " + b.Secret, Source: b.Source, anyOK: true})
		}
	}
	if e := a.External; e != nil {
		out = append(out, externalVerdict(e, cr.Answer))
	}
	if j := a.JWT; j != nil {
		// A token counts only as a JWT: other credentials (basic, an API key, the invalid
		// Basic header) are no token, which an optional JWT step lets through.
		token := slices.ContainsFunc(cr.Valid, func(k string) bool { return strings.HasPrefix(k, "JWT ") })
		ok := j.Optional && !token
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

// Verdict is what a side's policy does with one concrete caller (Access).
type Verdict struct {
	Allowed bool `json:"allowed"`
	// Status is the answer to a refused caller (0: the TLS handshake or connection fails).
	Status int          `json:"status,omitempty"`
	Reason string       `json:"reason"`
	Source model.Source `json:"source"`
}

// Access evaluates one concrete request against a listener's client-IP derivation d and a
// route's policy p, as the identity comparison does for its caller classes. r.ClientIP is the
// TCP peer, r.ProxyAddr the PROXY protocol source (when the listener expects one), r.Headers
// carry any forwarded chain; r.Credentials is "valid" (valid for every credential source of
// p that the data plane can verify), "invalid" or "" (none); r.ClientCert is "valid" (signed
// by p's CA), "untrusted" or "" (none), or a witness's class verbatim ("valid credentials for
// basic-auth secret NS/NAME", "valid for CA NS/NAME"), which names the exact sources;
// answer is what an external auth service answers
// (0: 200, -1: unreachable).
func Access(d *model.ClientIPDerivation, p *model.Policy, r model.Request, answer int) (Verdict, error) {
	conn := model.Connection{Headers: r.Headers}
	var err error
	if conn.Peer, err = netip.ParseAddr(r.ClientIP); err != nil {
		return Verdict{}, fmt.Errorf("client address %q: %w", r.ClientIP, err)
	}
	if r.ProxyAddr != "" {
		if conn.ProxyAddr, err = netip.ParseAddr(r.ProxyAddr); err != nil {
			return Verdict{}, fmt.Errorf("PROXY protocol address %q: %w", r.ProxyAddr, err)
		}
	}
	var cr credentials
	held, ans, _ := strings.Cut(r.Credentials, "; ")
	if strings.HasPrefix(held, "the external auth service ") {
		held, ans = "", held
	}
	if ans != "" && answer == 0 {
		// A witness's class names the auth answer too (credentials.describe).
		if strings.HasSuffix(ans, "is unreachable") {
			answer = -1
		} else if _, err := fmt.Sscanf(ans, "the external auth service answers %d", &answer); err != nil {
			return Verdict{}, fmt.Errorf("credentials %q: cannot read the auth answer", r.Credentials)
		}
	}
	switch c := held; {
	case c == "":
	case c == "invalid", c == "invalid credentials":
		cr.Invalid = true
	case c == "valid":
		if p != nil && p.Auth != nil {
			cr.Valid = credentialKeys(p.Auth)
		}
	case strings.HasPrefix(c, "valid credentials for "):
		// A witness's class, verbatim: valid for exactly the sources it names.
		cr.Valid = strings.Split(strings.TrimPrefix(c, "valid credentials for "), " and ")
	default:
		return Verdict{}, fmt.Errorf("credentials %q: want valid, invalid, none, or a witness's class (\"valid credentials for basic-auth secret NS/NAME\")", c)
	}
	cr.Answer = answer
	if answer == 0 {
		cr.Answer = 200
	}
	var cert certClass
	switch c := r.ClientCert; {
	case c == "":
	case strings.HasPrefix(c, "untrusted"):
		cert.Kind = "untrusted"
	case c == "valid":
		cert.Kind = "valid"
		if cc := clientCert(p); cc != nil {
			cert.CA = caKey(cc)
		}
	case strings.HasPrefix(c, "valid for CA "):
		// A witness's class, verbatim: signed by the CA it names.
		ca, mismatch := strings.CutSuffix(strings.TrimPrefix(c, "valid for CA "), ", subject CN not matching")
		cert = certClass{Kind: "valid", CA: ca}
		if mismatch {
			cert.Kind = "cn-mismatch"
		}
	default:
		return Verdict{}, fmt.Errorf("client certificate %q: want valid, untrusted, none, or a witness's class (\"valid for CA NS/NAME\")", c)
	}
	e := newEvaluator(d, p, r.Scheme == model.HTTPS)
	v := e.verdict(e.originOf(conn), e.cert(cert), e.auth(cr))
	return Verdict{Allowed: v.Allowed, Status: v.Status, Reason: v.Why, Source: v.Source}, nil
}
