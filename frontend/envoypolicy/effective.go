package envoypolicy

import "github.com/ingress-parity/ingress-parity/model"

// effKey is a winning policy and the parent it merges into (nil: none).
type effKey struct{ p, parent *Policy }

// effective is what a winning SecurityPolicy or BackendTrafficPolicy (merged into its
// parent when it sets mergeType) gives every attachment it reaches. It is converted once per
// (policy, parent) and shared: a policy on a route reaches each of its rules through each
// listener the route is attached to, and converting it there each time (CIDR lists parsed,
// merges decoded) was most of Route's cost. Its values must not be modified.
type effective struct {
	// applied and opaque are appended to the RoutePolicy's, in this order.
	applied []string
	opaque  []string
	// security is set for a SecurityPolicy, backend for a BackendTrafficPolicy.
	security securityParts
	backend  backendParts
	// source is where a SecurityPolicy's route policy comes from.
	source model.Source
}

// effective converts p merged into parent, once.
func (ix *Index) effective(p, parent *Policy) *effective {
	k := effKey{p, parent}
	if e, ok := ix.effs[k]; ok {
		return e
	}
	e := &effective{}
	eff, err := merged(p, parent)
	if err != nil {
		e.opaque = append(e.opaque, err.Error())
		eff = p
	}
	e.applied = append(e.applied, p.ID())
	if p.Kind == KindSecurityPolicy {
		if parent != nil {
			e.applied = append(e.applied, parent.ID()+" (merged)")
		}
		e.security = convertSecurity(eff, eff.security)
		if a := e.security.auth; a != nil && a.Basic != nil {
			a.Basic.Schemes = ix.htpasswd[a.Basic.Secret]
		}
		e.opaque = append(e.opaque, e.security.opaque...)
		for _, u := range eff.Unknown {
			e.opaque = append(e.opaque, eff.ID()+": "+u+" is not modelled")
		}
		e.source = p.Source("spec")
	} else {
		e.backend = convertBackend(eff)
		e.opaque = append(e.opaque, e.backend.opaque...)
	}
	if ix.effs == nil {
		ix.effs = map[effKey]*effective{}
	}
	ix.effs[k] = e
	return e
}
