package equiv

import (
	"fmt"
	"maps"
	"net/netip"
	"slices"
	"strings"

	"github.com/ingress-parity/ingress-parity/cidrset"
	"github.com/ingress-parity/ingress-parity/model"
)

// caller is one identity class of requests: where the connection comes from, what
// forwarded-for chain and credentials it presents, and which client certificate. Every
// request of a class is treated alike by both sides' policies, so one representative
// decides for all (docs/identity.md).
type caller struct {
	// Addr is the client's own address: the TCP peer, or the PROXY protocol source on a
	// listener that expects one (the load balancer's address is then the TCP peer).
	Addr netip.Addr
	// Forwarded are the entries of the forwarded-for header the client sends (nil: none),
	// in header order; ForwardedHeader names the header.
	Forwarded       []string
	ForwardedHeader string
	Cred            credentials
	Cert            certClass
}

// credentials is a credential class: which credential sources the caller holds valid
// credentials for, whether it sends invalid ones, and what an external auth service answers.
type credentials struct {
	// Valid holds the keys (credentialKeys) of the sources the caller has valid credentials for.
	Valid []string
	// Invalid: the caller sends credentials that no source accepts.
	Invalid bool
	// Answer is the status an external auth service answers for this caller (0: none involved;
	// -1: the service is unreachable).
	Answer int
}

// certClass is a client-certificate class.
type certClass struct {
	// Kind is "" (none), "untrusted", "valid" (signed by CA) or "cn-mismatch" (signed by CA,
	// subject CN not matching the required pattern).
	Kind string
	CA   string
}

// authAnswers are the external auth answers worth distinguishing: Envoy allows only 200
// (ext_authz), nginx's auth_request any 2xx; 401 and 403 are passed on, anything else is a
// server error in nginx; -1 is an unreachable service.
var authAnswers = []int{200, 204, 401, 403, 500, -1}

// forgedAddr is the address a witness claims in a forged header: TEST-NET-1 (RFC 5737).
var forgedAddr = netip.MustParseAddr("192.0.2.66")

// callerSpace is the dimensions the caller classes of one route pair are built from:
// address classes, forwarded headers and chain lengths, credential and certificate classes.
type callerSpace struct {
	Addrs   []netip.Addr
	Lengths []int
	Headers []string
	Creds   []credentials
	Certs   []certClass
}

// origins lists the origin classes of the space, at most limit: every address class with
// no forwarded header first, then with each forwarded chain a side may believe (the claimed entry
// from every address class, padded with the caller's own address to the length the side
// needs). The caller classes of a route pair are origins x credential classes x
// client-certificate classes (compareCallers); simplest first, so the first differing class
// is the witness.
func (sp callerSpace) origins(limit int) []caller {
	out := make([]caller, 0, min(limit, sp.originCount()))
	for _, a := range sp.Addrs {
		if len(out) == limit {
			return out
		}
		out = append(out, caller{Addr: a})
	}
	for _, a := range sp.Addrs {
		for _, h := range sp.Headers {
			for _, n := range sp.Lengths {
				for _, f := range sp.Addrs {
					if len(out) == limit {
						return out
					}
					chain := []string{f.String()}
					for range n - 1 {
						chain = append(chain, a.String())
					}
					out = append(out, caller{Addr: a, Forwarded: chain, ForwardedHeader: h})
				}
			}
		}
	}
	return out
}

// originCount is the number of origin classes of the space.
func (sp callerSpace) originCount() int {
	return len(sp.Addrs) * (1 + len(sp.Headers)*len(sp.Lengths)*len(sp.Addrs))
}

// space collects the dimensions of the caller classes of two policies and derivations: the
// address partition of every CIDR list of both sides, forwarded chains as long as each side
// needs to be believed, one valid class per credential source (and none, invalid, all valid
// together), each external auth answer, and the client-certificate classes of both sides'
// CA bundles (HTTPS only).
func space(oldD, newD *model.ClientIPDerivation, oldP, newP *model.Policy, https bool, answers []int) callerSpace {
	var sp callerSpace
	var sets []cidrset.Set
	for _, lists := range [][][]string{oldP.CIDRLists(), newP.CIDRLists(), oldD.CIDRLists(), newD.CIDRLists()} {
		for _, l := range lists {
			sets = append(sets, looseSet(l))
		}
	}
	for _, c := range cidrset.Partition(sets...) {
		sp.Addrs = append(sp.Addrs, representative(c))
	}
	// Documentation addresses first: the first differing class is the witness.
	slices.SortStableFunc(sp.Addrs, func(a, b netip.Addr) int { return preference(a) - preference(b) })
	for _, d := range []*model.ClientIPDerivation{oldD, newD} {
		if d == nil || d.From == model.ClientIPPeer {
			continue
		}
		h := d.Header
		if h == "" {
			h = "X-Forwarded-For"
		}
		if !slices.ContainsFunc(sp.Headers, func(x string) bool { return strings.EqualFold(x, h) }) {
			sp.Headers = append(sp.Headers, h)
		}
		lengths := []int{1}
		switch {
		case d.From == model.ClientIPForwardedFor && len(d.TrustedCIDRs) == 0:
			lengths = []int{max(d.TrustedHops, 1)}
		case d.Recursive:
			// A recursive walk passes the caller's own (trusted) address to the entry left of it.
			lengths = append(lengths, 2)
		}
		for _, n := range lengths {
			if !slices.Contains(sp.Lengths, n) {
				sp.Lengths = append(sp.Lengths, n)
			}
		}
	}
	sp.Creds = credentialClasses(answers, oldP, newP)
	sp.Certs = certClasses(oldP, newP, https)
	return sp
}

// looseSet is the set of the entries of list that parse; the others match nothing, as in
// model.IPAccess.Decide.
func looseSet(list []string) cidrset.Set {
	var ps []netip.Prefix
	for _, e := range list {
		if p, err := cidrset.ParsePrefix(e); err == nil {
			ps = append(ps, p)
		}
	}
	return cidrset.FromPrefixes(ps...)
}

// docAddrs are preferred representatives, in order: documentation ranges (RFC 5737,
// RFC 3849) read as examples in a witness, then private ranges (RFC 1918) a load balancer
// or office would use.
var docAddrs = []netip.Addr{
	netip.MustParseAddr("203.0.113.7"), netip.MustParseAddr("198.51.100.7"),
	netip.MustParseAddr("192.0.2.7"), netip.MustParseAddr("2001:db8::7"),
	netip.MustParseAddr("10.0.0.7"), netip.MustParseAddr("192.168.0.7"),
	netip.MustParseAddr("172.16.0.7"),
}

// representative picks the address a witness uses for an address class: a preferred
// address when the class holds one, else the network address of the class's first prefix
// plus seven when that stays inside, else the class's own representative.
func representative(c cidrset.Class) netip.Addr {
	for _, a := range docAddrs {
		if c.Contains(a) {
			return a
		}
	}
	a := c.Rep
	for range 6 {
		if n := a.Next(); n.IsValid() && c.Contains(n) {
			a = n
		}
	}
	return a
}

// preference orders representatives: preferred addresses by their rank, others after.
func preference(a netip.Addr) int {
	for i, d := range docAddrs {
		if a == d {
			return i
		}
	}
	return len(docAddrs)
}

// credentialClasses lists the credential classes of two policies: none; invalid (when any
// source checks credentials); valid for each source; valid for all sources at once; each
// crossed with every external auth answer (answers, or authAnswers when nil) when a side
// asks an external service.
func credentialClasses(answers []int, ps ...*model.Policy) []credentials {
	if answers == nil {
		answers = authAnswers
	}
	var keys []string
	external := false
	for _, p := range ps {
		if p == nil || p.Auth == nil {
			continue
		}
		for _, k := range credentialKeys(p.Auth) {
			if !slices.Contains(keys, k) {
				keys = append(keys, k)
			}
		}
		external = external || p.Auth.External != nil
	}
	base := []credentials{{}}
	if len(keys) > 0 {
		base = append(base, credentials{Invalid: true})
		for _, k := range keys {
			base = append(base, credentials{Valid: []string{k}})
		}
		if len(keys) > 1 {
			base = append(base, credentials{Valid: keys})
		}
	}
	if !external {
		return base
	}
	var out []credentials
	for _, b := range base {
		for _, a := range answers {
			b.Answer = a
			out = append(out, b)
		}
	}
	return out
}

// credentialKeys names the credential sources of a, one key per source a caller can hold
// valid credentials for. Sources are compared by reference: two routes checking the same
// secret accept the same callers (docs/identity.md says what is assumed).
func credentialKeys(a *model.Auth) []string {
	var out []string
	if b := a.Basic; b != nil {
		out = append(out, basicKey(b))
	}
	if a.JWT != nil {
		for _, p := range a.JWT.Providers {
			out = append(out, jwtKey(p))
		}
	}
	if a.APIKey != nil {
		for _, s := range a.APIKey.Secrets {
			out = append(out, "api key secret "+s)
		}
	}
	if a.OIDC != nil {
		out = append(out, "OIDC session of "+a.OIDC.Issuer+" client "+a.OIDC.ClientID)
	}
	return out
}

// basicKey is the credential source of basic authentication: its secret.
func basicKey(b *model.BasicAuth) string {
	// "basic-auth", not "basic secret": reports redact "Basic <word>" as a credential.
	kind := "basic-auth"
	if b.Digest {
		kind = "digest-auth"
	}
	return kind + " secret " + b.Secret
}

// unverifiable lists the lines of b's secret the data plane cannot read ("2 bcrypt"), in
// scheme order: Envoy Gateway rejects a basicAuth whose htpasswd holds any line but a
// {SHA} entry (internal/gatewayapi/securitypolicy.go validateHtpasswdFormat), and the route
// then answers 500 to every caller. Empty when all are readable or the lines are unknown.
func unverifiable(b *model.BasicAuth) []string {
	if b.AcceptedSchemes == nil {
		return nil
	}
	var out []string
	for _, sch := range slices.Sorted(maps.Keys(b.Schemes)) {
		if !slices.Contains(b.AcceptedSchemes, sch) {
			out = append(out, fmt.Sprintf("%d %s", b.Schemes[sch], sch))
		}
	}
	return out
}

// jwtKey is the credential source of a JWT provider: issuer, audiences and key set.
func jwtKey(p model.JWTProvider) string {
	aud := slices.Clone(p.Audiences)
	slices.Sort(aud)
	return "JWT of issuer " + p.Issuer + " audiences [" + strings.Join(aud, ",") + "] keys " + p.JWKS
}

// certClasses lists the client-certificate classes on an HTTPS listener: none, untrusted,
// valid for each CA bundle of either side, and valid but with a CN that does not match when
// a side requires a CN pattern. Plain HTTP has no certificates: one class.
func certClasses(oldP, newP *model.Policy, https bool) []certClass {
	out := []certClass{{}}
	if !https {
		return out
	}
	var cas []string
	cn := false
	for _, p := range []*model.Policy{oldP, newP} {
		cc := clientCert(p)
		if cc == nil || cc.Mode == model.CertOff {
			continue
		}
		if k := caKey(cc); !slices.Contains(cas, k) {
			cas = append(cas, k)
		}
		cn = cn || cc.MatchCN != ""
	}
	if len(cas) == 0 {
		return out
	}
	out = append(out, certClass{Kind: "untrusted"})
	for _, ca := range cas {
		out = append(out, certClass{Kind: "valid", CA: ca})
		if cn {
			out = append(out, certClass{Kind: "cn-mismatch", CA: ca})
		}
	}
	return out
}

// clientCert returns the client-certificate requirement of p (nil: none).
func clientCert(p *model.Policy) *model.ClientCertAuth {
	if p == nil || p.Auth == nil {
		return nil
	}
	return p.Auth.ClientCert
}

// caKey names a CA bundle: its references without kinds, sorted ("shop/client-ca").
func caKey(cc *model.ClientCertAuth) string {
	var refs []string
	for _, r := range cc.CASecrets {
		if i := strings.LastIndexByte(r, ' '); i >= 0 {
			r = r[i+1:]
		}
		refs = append(refs, r)
	}
	slices.Sort(refs)
	return strings.Join(slices.Compact(refs), "+")
}
