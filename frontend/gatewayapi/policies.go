package gatewayapi

import (
	"fmt"
	"slices"

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

// applyPolicies attaches identity policy to the model: under the Envoy Gateway profile each
// listener's ClientTrafficPolicy client-IP derivation and each route's effective policy
// (frontend/envoypolicy: SecurityPolicy, BackendTrafficPolicy, the listener's identity
// headers and client-certificate validation), and under every profile the Gateway's
// spec.tls.frontend client-certificate validation. Parts envoypolicy cannot model become
// the route's Opaque marks and its Notes.
func (b *builder) applyPolicies() {
	var ix *envoypolicy.Index
	envoyGateway := b.prof.name == EnvoyGateway
	if envoyGateway && (b.hasModelledPolicies() || b.hasFrontendTLS()) {
		ix = envoypolicy.Build(b.res)
		b.notes = append(b.notes, ix.Notes()...)
	}
	b.notePoliciesNotModelled(envoyGateway)
	for _, e := range b.entries {
		for _, l := range e.listeners {
			b.applyListenerPolicies(ix, l)
		}
	}
}

// hasModelledPolicies reports whether res holds an Envoy Gateway policy of a modelled kind:
// without one (and without frontend validation) every route keeps a nil Policy and the
// index is not built.
func (b *builder) hasModelledPolicies() bool {
	for _, o := range b.res.Other {
		if k, ok := policyKinds[o.Obj.GetKind()]; ok && k.modelled && o.Obj.GroupVersionKind().Group == envoyGatewayGroup {
			return true
		}
	}
	return false
}

// hasFrontendTLS reports whether a selected Gateway sets spec.tls.frontend.
func (b *builder) hasFrontendTLS() bool {
	for _, e := range b.entries {
		for _, l := range e.listeners {
			if t := l.gateway.Obj.Spec.TLS; t != nil && t.Frontend != nil {
				return true
			}
		}
	}
	return false
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

// applyListenerPolicies sets the client-IP derivation of l and the policy of every route on
// it. Rules attached several times (one candidate per match and host) share one Policy.
func (b *builder) applyListenerPolicies(ix *envoypolicy.Index, l *listenerState) {
	fe := frontendValidation(l)
	gw := types.NamespacedName{Namespace: l.gateway.Obj.Namespace, Name: l.gateway.Obj.Name}
	if ix != nil {
		if lp := ix.Listener(gw, string(l.spec.Name)); lp.Policy != "" {
			l.model.ClientIP = lp.ClientIP
		}
	}
	if ix == nil && fe == nil {
		return
	}
	done := map[*ruleView]routePolicy{}
	for _, vh := range l.vhosts {
		for _, c := range vh.cands {
			rp, ok := done[c.rule]
			if !ok {
				rp = b.rulePolicy(ix, l, gw, fe, c)
				done[c.rule] = rp
			}
			c.route.Policy = rp.policy
			if len(rp.opaque) > 0 {
				c.route.Opaque = slices.Concat(c.route.Opaque, rp.opaque)
			}
		}
	}
}

// rulePolicy is the policy of the rule of candidate c on listener l. A rule no policy
// object applies to (and without frontend validation) keeps a nil Policy.
func (b *builder) rulePolicy(ix *envoypolicy.Index, l *listenerState, gw types.NamespacedName, fe *model.ClientCertAuth, c *candidate) routePolicy {
	if ix == nil {
		return routePolicy{policy: &model.Policy{Satisfy: model.SatisfyAll, Auth: &model.Auth{ClientCert: fe}, Source: fe.Source}}
	}
	rp := ix.Route(envoypolicy.Attachment{
		Gateway: gw, Listener: string(l.spec.Name), RouteKind: c.rv.kind,
		Route: types.NamespacedName{Namespace: c.rv.namespace, Name: c.rv.name}, RuleName: c.rule.name,
	})
	out := routePolicy{opaque: rp.Opaque}
	if len(rp.Applied) == 0 && fe == nil {
		return out
	}
	pol := rp.Policy
	if pol.Auth != nil && pol.Auth.ClientCert != nil && l.model.Scheme != model.HTTPS {
		// A ClientTrafficPolicy's TLS settings are ignored on a listener without TLS
		// (internal/gatewayapi/clienttrafficpolicy.go buildListenerTLSParameters).
		pol.Auth.ClientCert = nil
	}
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
		pol.Source = policySource(pol)
	}
	out.policy = pol
	return out
}

// withFrontend sets the Gateway's frontend validation fe on pol, taking the
// X-Forwarded-Client-Cert handling from the listener's headers (AlwaysForwardOnly when the
// client's header passes, Sanitize otherwise), which the certificate then carries.
func withFrontend(pol *model.Policy, fe *model.ClientCertAuth) {
	cc := *fe
	cc.XFCC = model.XFCCSanitize
	var hs []model.IdentityHeader
	for _, h := range pol.UpstreamHeaders {
		if h.Name == "X-Forwarded-Client-Cert" {
			if h.Action == model.HeaderPass {
				cc.XFCC = model.XFCCAlwaysForwardOnly
			}
			continue
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
// certificate, rate or body limit, or the first identity header with a source.
func policySource(pol *model.Policy) model.Source {
	switch {
	case pol.Auth != nil && pol.Auth.ClientCert != nil:
		return pol.Auth.ClientCert.Source
	case pol.RateLimit != nil:
		return pol.RateLimit.Source
	case pol.BodyLimit != nil:
		return pol.BodyLimit.Source
	}
	for _, h := range pol.UpstreamHeaders {
		if h.Source != (model.Source{}) {
			return h.Source
		}
	}
	return model.Source{}
}
