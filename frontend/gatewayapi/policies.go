package gatewayapi

import (
	"fmt"
	"slices"
	"strings"

	"k8s.io/apimachinery/pkg/types"

	"github.com/ingress-parity/ingress-parity/frontend/envoypolicy"
	"github.com/ingress-parity/ingress-parity/model"
)

// policyKinds are Envoy Gateway policy kinds that change behaviour on the routes they target.
// Under the Envoy Gateway profile the identity parts of SecurityPolicy, ClientTrafficPolicy
// and BackendTrafficPolicy are modelled (modelled: true); every other present policy, and
// every policy under another profile, is reported so that no verdict silently ignores it.
var policyKinds = map[string]struct {
	what     string
	modelled bool
}{
	"SecurityPolicy":       {"authentication and authorization", true},
	"ClientTrafficPolicy":  {"client IP detection, path normalization and TLS settings", true},
	"BackendTrafficPolicy": {"rate limits, retries, timeouts and fault injection", true},
	"EnvoyExtensionPolicy": {"extensions (Wasm, external processing)", false},
	"EnvoyPatchPolicy":     {"raw xDS patches", false},
}

// applyPolicies attaches identity policy to the model. Under the Envoy Gateway profile every
// listener gets its client-IP derivation (the TCP peer unless a ClientTrafficPolicy says
// otherwise) and every route its effective policy (frontend/envoypolicy: SecurityPolicy,
// BackendTrafficPolicy, the listener's identity headers and client-certificate validation),
// Envoy Gateway's defaults included when no policy object reaches it. Under the other
// profiles only the Gateway's spec.tls.frontend client-certificate validation is modelled,
// and one Note says that the implementation's identity headers are not. Parts envoypolicy
// cannot model become the route's Opaque marks and its Notes.
func (b *builder) applyPolicies() {
	var ix *envoypolicy.Index
	envoyGateway := b.prof.name == EnvoyGateway
	if envoyGateway {
		ix = envoypolicy.Build(b.res)
		b.notes = append(b.notes, ix.Notes()...)
	} else {
		b.note(model.NoteWarning, "identity-headers-not-modelled", fmt.Sprintf("the %s profile does not model the implementation's identity headers (X-Forwarded-For, X-Request-ID, X-Forwarded-Client-Cert ...) nor its client-IP derivation: routes without Gateway frontend validation have no policy, which reads as every client header passing unchanged", b.prof.name), model.Source{})
	}
	b.notePoliciesNotModelled(envoyGateway)
	done := map[*ruleView]routePolicy{}
	for _, e := range b.entries {
		for _, l := range e.listeners {
			clear(done)
			b.applyListenerPolicies(ix, l, done)
		}
	}
}

// notePoliciesNotModelled adds a "policy-not-modelled" Note for each Envoy Gateway policy
// whose effect is not in the model.
func (b *builder) notePoliciesNotModelled(envoyGateway bool) {
	for _, o := range b.res.Other {
		u := o.Obj
		k, ok := policyKinds[u.GetKind()]
		if !ok || u.GroupVersionKind().Group != envoyGatewayGroup || envoyGateway && k.modelled {
			continue
		}
		msg := fmt.Sprintf("%s %s/%s (%s) is not modelled yet: its effect is not in this model", u.GetKind(), u.GetNamespace(), u.GetName(), k.what)
		if k.modelled {
			msg = fmt.Sprintf("%s %s/%s (%s) is an Envoy Gateway policy and the profile is %s: its effect is not in this model", u.GetKind(), u.GetNamespace(), u.GetName(), k.what, b.prof.name)
		}
		b.note(model.NoteWarning, "policy-not-modelled", msg, o.Origin.Source(u.GetKind(), u.GetNamespace(), u.GetName(), ""))
	}
}

// routePolicy is the policy of one rule reached through one listener.
type routePolicy struct {
	policy *model.Policy
	opaque []string
}

// listenerPolicies builds the route policies of one listener.
type listenerPolicies struct {
	ix *envoypolicy.Index
	l  *listenerState
	gw types.NamespacedName
	// fe is the Gateway's frontend validation of the listener (nil: none).
	fe *model.ClientCertAuth
	// done remembers the policy of each rule (empty at the start, reused across listeners).
	done map[*ruleView]routePolicy
	// shared is the policy of every rule that only the listener's policy reaches (nil until
	// the first such rule).
	shared *routePolicy
}

// applyListenerPolicies sets the client-IP derivation of l and the policy of every route on
// it. Rules attached several times (one candidate per match and host) share one Policy, and
// the rules no SecurityPolicy or BackendTrafficPolicy reaches share the listener's.
func (b *builder) applyListenerPolicies(ix *envoypolicy.Index, l *listenerState, done map[*ruleView]routePolicy) {
	lp := &listenerPolicies{ix: ix, l: l, fe: frontendValidation(l), done: done,
		gw: types.NamespacedName{Namespace: l.gateway.Obj.Namespace, Name: l.gateway.Obj.Name}}
	var cp envoypolicy.ListenerPolicy
	if ix != nil {
		cp = ix.Listener(lp.gw, string(l.spec.Name))
		l.model.ClientIP = cp.ClientIP
	}
	if ix == nil && lp.fe == nil {
		return
	}
	for _, vh := range l.vhosts {
		for _, c := range vh.cands {
			rp := lp.rule(c)
			c.route.Policy = rp.policy
			opaque := rp.opaque
			if h := rewrittenMatch(cp, c.route.Match); h != "" {
				opaque = append(slices.Clip(opaque), fmt.Sprintf("%s: earlyRequestHeaders changes %s before routing: the route's match sees Envoy's value, not the client's (not modelled)", cp.Policy, h))
			}
			if len(opaque) > 0 {
				c.route.Opaque = slices.Concat(c.route.Opaque, opaque)
			}
		}
	}
}

// rewrittenMatch names a header the listener's earlyRequestHeaders changes before routing
// and that match m reads ("" when none): Host (every route), a header match, or Cookie for a
// cookie match. Envoy's early header mutation runs before routing
// (api/v1alpha1/clienttrafficpolicy_types.go HeaderSettings.EarlyRequestHeaders).
func rewrittenMatch(cp envoypolicy.ListenerPolicy, m model.Match) string {
	if cp.RewritesBeforeRouting("Host") {
		return "Host"
	}
	for _, h := range m.Headers {
		if cp.RewritesBeforeRouting(h.Name) {
			return h.Name
		}
	}
	if len(m.Cookies) > 0 && cp.RewritesBeforeRouting("Cookie") {
		return "Cookie"
	}
	return ""
}

// rule is the policy of the rule of candidate c, built once per rule, or once per listener
// for the rules only the listener's policy reaches.
func (lp *listenerPolicies) rule(c *candidate) routePolicy {
	if rp, ok := lp.done[c.rule]; ok {
		return rp
	}
	var a envoypolicy.Attachment
	listenerOnly := lp.ix == nil
	if lp.ix != nil {
		a = envoypolicy.Attachment{
			Gateway: lp.gw, Listener: string(lp.l.spec.Name), RouteKind: c.rv.kind,
			Route: types.NamespacedName{Namespace: c.rv.namespace, Name: c.rv.name}, RuleName: c.rule.name,
		}
		listenerOnly = lp.ix.ListenerOnly(a)
	}
	if listenerOnly && lp.shared != nil {
		lp.done[c.rule] = *lp.shared
		return *lp.shared
	}
	rp := lp.build(a)
	if listenerOnly {
		lp.shared = &rp
	}
	lp.done[c.rule] = rp
	return rp
}

// build is the policy of attachment a: under the Envoy Gateway profile (ix set) always one,
// with Envoy Gateway's defaults where no policy object applies; under the others only the
// Gateway's frontend validation.
func (lp *listenerPolicies) build(a envoypolicy.Attachment) routePolicy {
	fe := lp.fe
	if lp.ix == nil {
		return routePolicy{policy: &model.Policy{Satisfy: model.SatisfyAll, Auth: &model.Auth{ClientCert: fe}, Source: fe.Source}}
	}
	rp := lp.ix.Route(a)
	pol := rp.Policy
	if fe != nil && (pol.Auth == nil || pol.Auth.ClientCert == nil) {
		// A ClientTrafficPolicy's tls.clientValidation rewrites the listener's TLS settings
		// and so wins over the Gateway's (clienttrafficpolicy.go buildListenerTLSParameters
		// after helpers.go irTLSConfigs); without one the Gateway's applies.
		withFrontend(pol, fe)
	}
	if pol.Auth != nil && *pol.Auth == (model.Auth{}) {
		pol.Auth = nil
	}
	if pol.Source == (model.Source{}) {
		pol.Source = policySource(pol, lp.l.model.Source)
	}
	return routePolicy{policy: pol, opaque: rp.Opaque}
}

// withFrontend sets the Gateway's frontend validation fe on pol, taking the
// X-Forwarded-Client-Cert handling from the listener's headers, which the certificate then
// carries: Sanitize when Envoy strips the client's header, AlwaysForwardOnly when it passes.
// An entry an earlyRequestHeaders changed (replace, append, pass-or-generate) stays in the
// list beside AlwaysForwardOnly: the worse fate of the two is the header's.
func withFrontend(pol *model.Policy, fe *model.ClientCertAuth) {
	cc := *fe
	cc.XFCC = model.XFCCSanitize
	var hs []model.IdentityHeader
	for _, h := range pol.UpstreamHeaders {
		if strings.EqualFold(h.Name, "X-Forwarded-Client-Cert") {
			switch h.Action {
			case model.HeaderStrip:
				continue
			case model.HeaderPass:
				cc.XFCC = model.XFCCAlwaysForwardOnly
				continue
			default:
				cc.XFCC = model.XFCCAlwaysForwardOnly
			}
		}
		hs = append(hs, h)
	}
	pol.UpstreamHeaders = hs
	if pol.Auth == nil {
		pol.Auth = &model.Auth{}
	}
	pol.Auth.ClientCert = &cc
}

// policySource is where a policy without a SecurityPolicy came from: its client
// certificate, rate or body limit, the ClientTrafficPolicy of its identity headers, or else
// (Envoy Gateway's defaults) the listener at.
func policySource(pol *model.Policy, at model.Source) model.Source {
	switch {
	case pol.Auth != nil && pol.Auth.ClientCert != nil:
		return pol.Auth.ClientCert.Source
	case pol.RateLimit != nil:
		return pol.RateLimit.Source
	case pol.BodyLimit != nil:
		return pol.BodyLimit.Source
	}
	// Envoy's own header handling is sourced at the whole ClientTrafficPolicy ("spec"); an
	// earlyRequestHeaders entry only at its field.
	for _, h := range pol.UpstreamHeaders {
		if h.Source.Field == "spec" {
			return h.Source
		}
	}
	for _, h := range pol.UpstreamHeaders {
		if h.Source != (model.Source{}) {
			return h.Source
		}
	}
	return at
}
