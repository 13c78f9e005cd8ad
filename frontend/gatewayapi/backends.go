package gatewayapi

import (
	"fmt"
	"strings"

	gatewayv1 "sigs.k8s.io/gateway-api/apis/v1"

	"github.com/ingress-parity/ingress-parity/model"
)

// envoyGatewayGroup is the API group of Envoy Gateway's own kinds (Backend, EnvoyProxy ...).
const envoyGatewayGroup = "gateway.envoyproxy.io"

// backend resolves one backendRef of a route (resolveBackend) and sets the upstream TLS a
// BackendTLSPolicy asks for (backendtls.go).
func (b *builder) backend(rv *routeView, ref gatewayv1.BackendObjectReference, weight int32, field string) model.Backend {
	be := b.resolveBackend(rv, ref, weight, field)
	be.TLS = b.backendTLSFor(be)
	return be
}

// resolveBackend resolves one backendRef of a route. A backend that cannot be used gets Invalid set:
// gateway-api apis/v1/httproute_types.go (HTTPBackendRef) lists unknown kinds, missing
// objects and cross-namespace references without a ReferenceGrant; requests that would go to
// it get 500 (conformance/tests/httproute-invalid-nonexistent-backendref.go,
// httproute-invalid-backendref-unknown-kind.go, httproute-invalid-cross-namespace-backend-ref.go,
// httproute-invalid-reference-grant.go).
func (b *builder) resolveBackend(rv *routeView, ref gatewayv1.BackendObjectReference, weight int32, field string) model.Backend {
	group, kind := deref(ref.Group), "Service"
	if ref.Kind != nil {
		kind = string(*ref.Kind)
	}
	ns := rv.namespace
	if ref.Namespace != nil {
		ns = string(*ref.Namespace)
	}
	be := model.Backend{Namespace: ns, Service: string(ref.Name), Weight: weight, Source: rv.source(field)}
	if ref.Port != nil {
		be.Port = *ref.Port
	}
	if group != "" || kind != "Service" {
		be.Kind = kind
		if group != "" {
			be.Kind = group + "/" + kind
		}
	}
	switch {
	case group == "" && kind == "Service":
	case group == envoyGatewayGroup && kind == "Backend" && b.prof.name == EnvoyGateway:
		// Envoy Gateway's Backend kind (api/v1alpha1/backend_types.go): accepted, not inspected.
	default:
		be.Invalid = fmt.Sprintf("unsupported backend kind %s", be.Kind)
		return be
	}
	if ns != rv.namespace && !b.ix.granted(rv.kind, rv.namespace, ns, group, kind, string(ref.Name)) {
		be.Invalid = fmt.Sprintf("cross-namespace reference from %s %s/%s to %s/%s is not allowed by any ReferenceGrant", rv.kind, rv.namespace, rv.name, ns, ref.Name)
		return be
	}
	if kind != "Service" || !b.checkServices {
		return be
	}
	svc, ok := b.ix.services[key(ns, string(ref.Name))]
	if !ok {
		be.Invalid = fmt.Sprintf("Service %s/%s not found", ns, ref.Name)
		return be
	}
	if ref.Port == nil {
		be.Invalid = "port is required for a Service backend"
		return be
	}
	for _, p := range svc.Obj.Spec.Ports {
		if p.Port == *ref.Port {
			be.PortName = p.Name
			return be
		}
	}
	be.Invalid = fmt.Sprintf("Service %s/%s has no port %d", ns, ref.Name, *ref.Port)
	return be
}

// forward builds the decision of a rule without a redirect: forward to the backends that
// get traffic, or 500 when none can (gateway-api apis/v1/httproute_types.go
// HTTPRouteRule.BackendRefs; conformance/tests/httproute-omitted-backendrefs.go: omitted or
// empty backendRefs answer 500). Backends of weight 0 get no traffic and are left out; when
// every weight is 0 the rule answers 500 too (apis/v1/shared_types.go BackendRef.Weight).
func (b *builder) forward(rv *routeView, rule *ruleView) model.Decision {
	d := model.Decision{Kind: model.Forward, Protocol: rv.protocol, Source: rv.source(rule.field)}
	if len(rule.backends) == 0 {
		return model.Decision{Kind: model.Reject, Status: 500, Reason: "rule has no backendRefs", Source: d.Source}
	}
	var invalid []string
	for _, bv := range rule.backends {
		w := int32(1)
		if bv.ref.Weight != nil {
			w = *bv.ref.Weight
		}
		if w <= 0 {
			continue
		}
		be := b.backend(rv, bv.ref.BackendObjectReference, w, bv.field)
		if be.Invalid != "" {
			invalid = append(invalid, be.String()+": "+be.Invalid)
		}
		d.Backends = append(d.Backends, be)
	}
	switch {
	case len(d.Backends) == 0:
		return model.Decision{Kind: model.Reject, Status: 500, Reason: "every backendRef has weight 0", Source: d.Source}
	case len(invalid) == len(d.Backends):
		return model.Decision{Kind: model.Reject, Status: 500, Reason: "no valid backend: " + strings.Join(invalid, "; "), Source: d.Source}
	}
	return d
}
