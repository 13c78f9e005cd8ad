package reach

import (
	"fmt"
	"strings"

	"github.com/ingress-parity/ingress-parity/model"
)

// Requires is what a caller needs for a request that takes a way to be served.
type Requires struct {
	// Sources is the set of addresses the route's allow/deny list lets through.
	Sources Sources `json:"sources"`
	// ClientIP is how the listener derives the address Sources tests.
	ClientIP ClientIP `json:"clientIP"`
	// Spoofable is true when a client can choose the address that a control of the route
	// tests (the allow/deny list, or a rate limit counted per client address or with exempt
	// ranges).
	Spoofable bool `json:"spoofable,omitempty"`
	// Auth lists the credentials required from every caller, readable; empty when none.
	Auth []string `json:"auth,omitempty"`
	// AuthOrSource lists the credentials that an allowed source address replaces (nginx
	// `satisfy any` with an allow/deny list: the list, basic auth and auth-url are
	// alternatives; client certificates stay required). Empty unless Satisfy is "any" and
	// the route has a list; with Sources.Any they are never needed.
	AuthOrSource []string `json:"authOrSource,omitempty"`
	// Satisfy is "all" (an allowed source AND the credentials) or "any" (see AuthOrSource).
	Satisfy model.Satisfy `json:"satisfy"`
	// RateLimit is the request limit, readable ("10 rps burst 50 per client-ip"); "" for none.
	RateLimit string `json:"rateLimit,omitempty"`
	// BodyLimit is the largest accepted body, readable ("1 MiB"); "" for none.
	BodyLimit string `json:"bodyLimit,omitempty"`
}

// allowedSources is the package function, computed once per list content.
func (c *requiresCache) allowedSources(a *model.IPAccess) Sources {
	var b strings.Builder
	fmt.Fprintf(&b, "%s|%s", a.Address, a.Default)
	for _, r := range a.Rules {
		fmt.Fprintf(&b, "|%s:%s", r.Action, strings.Join(r.CIDRs, ","))
	}
	k := b.String()
	s, ok := c.sources[k]
	if !ok {
		s = allowedSources(a)
		c.sources[k] = s
	}
	return s
}

// requirements describes policy p on a listener deriving the client address with d, using
// sources to evaluate allow/deny lists. A nil policy requires nothing.
func requirements(d *model.ClientIPDerivation, p *model.Policy, sources func(*model.IPAccess) Sources) Requires {
	r := Requires{Sources: anySources(), Satisfy: model.SatisfyAll}
	address := model.AddressClient
	if p != nil {
		if p.IPAccess != nil {
			r.Sources = sources(p.IPAccess)
			address = p.IPAccess.Address
		}
		if p.Satisfy != "" {
			r.Satisfy = p.Satisfy
		}
		r.Auth, r.AuthOrSource = splitAuth(p)
		r.RateLimit = p.RateLimit.Describe(true)
		r.BodyLimit = describeBodyLimit(p.BodyLimit)
	}
	r.ClientIP = describeClientIP(d, address)
	if r.ClientIP.Spoofable {
		restricted := !r.Sources.Any && address == model.AddressClient
		r.Spoofable = restricted || perClient(p)
	}
	return r
}

// requiresCache describes each (derivation, policy) pair once: frontends share one Policy
// value among the routes of an Ingress or a policy target, and one derivation per listener.
// The cached values are shared by the ways and never modified.
type requiresCache struct {
	seen map[requiresKey]*Requires
	// sources caches allowedSources by the list's content: frontends build one IPAccess
	// per Ingress or policy, often with the same rules.
	sources map[string]Sources
}

type requiresKey struct {
	d *model.ClientIPDerivation
	p *model.Policy
}

func newRequiresCache() *requiresCache {
	return &requiresCache{seen: map[requiresKey]*Requires{}, sources: map[string]Sources{}}
}

// of returns requirements(d, p), computed once per pair of pointers and shared.
func (c *requiresCache) of(d *model.ClientIPDerivation, p *model.Policy) *Requires {
	k := requiresKey{d, p}
	r, ok := c.seen[k]
	if !ok {
		v := requirements(d, p, c.allowedSources)
		r = &v
		c.seen[k] = r
	}
	return r
}

// splitAuth describes p's credentials: those every caller needs, and those an allowed
// source replaces under `satisfy any` (ingress-nginx satisfy: the access list, auth_basic
// and auth_request are the access-phase checks nginx combines; the TLS handshake is not).
func splitAuth(p *model.Policy) (required, orSource []string) {
	a := p.Auth
	if a == nil || p.Satisfy != model.SatisfyAny || p.IPAccess == nil {
		return describeAuth(a), nil
	}
	rest := *a
	rest.Basic, rest.External = nil, nil
	return describeAuth(&rest), describeAuth(&model.Auth{Basic: a.Basic, External: a.External})
}

// perClient reports whether p's rate limit depends on the client address: counted per
// client, or with exempt client ranges (a forged address in them escapes any limit).
func perClient(p *model.Policy) bool {
	if p == nil || p.RateLimit == nil {
		return false
	}
	r := p.RateLimit
	return r.Key == "" || r.Key == "client-ip" || len(r.Exempt) > 0
}
