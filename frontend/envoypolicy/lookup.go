package envoypolicy

import (
	"k8s.io/apimachinery/pkg/types"
	gatewayv1 "sigs.k8s.io/gateway-api/apis/v1"

	"github.com/ingress-parity/ingress-parity/load"
)

// lookup finds the Gateways and routes of res by name, so that resolving a policy's
// targetRefs costs a map lookup instead of a scan of every object: on an estate of thousands
// of routes and policies the scans were the larger part of building the index. Where two
// objects share a name the first one loaded is found, as the scans did.
type lookup struct {
	gateways   map[types.NamespacedName]*gatewayv1.Gateway
	httpRoutes map[types.NamespacedName]*gatewayv1.HTTPRoute
	grpcRoutes map[types.NamespacedName]*gatewayv1.GRPCRoute
}

// newLookup indexes the Gateways, HTTPRoutes and GRPCRoutes of res by namespace and name.
func newLookup(res *load.Resources) *lookup {
	lk := &lookup{
		gateways:   make(map[types.NamespacedName]*gatewayv1.Gateway, len(res.Gateways)),
		httpRoutes: make(map[types.NamespacedName]*gatewayv1.HTTPRoute, len(res.HTTPRoutes)),
		grpcRoutes: make(map[types.NamespacedName]*gatewayv1.GRPCRoute, len(res.GRPCRoutes)),
	}
	for _, g := range res.Gateways {
		addFirst(lk.gateways, types.NamespacedName{Namespace: g.Obj.Namespace, Name: g.Obj.Name}, g.Obj)
	}
	for _, r := range res.HTTPRoutes {
		addFirst(lk.httpRoutes, types.NamespacedName{Namespace: r.Obj.Namespace, Name: r.Obj.Name}, r.Obj)
	}
	for _, r := range res.GRPCRoutes {
		addFirst(lk.grpcRoutes, types.NamespacedName{Namespace: r.Obj.Namespace, Name: r.Obj.Name}, r.Obj)
	}
	return lk
}

// addFirst sets m[k] = v unless k is already set.
func addFirst[V any](m map[types.NamespacedName]V, k types.NamespacedName, v V) {
	if _, ok := m[k]; !ok {
		m[k] = v
	}
}

// hasRule reports whether the route of kind ("HTTPRoute", "GRPCRoute") named nn exists
// (found) and whether one of its rules is named rule (non-empty: unnamed rules cannot be
// targeted).
func (lk *lookup) hasRule(kind string, nn types.NamespacedName, rule string) (found, named bool) {
	switch kind {
	case "HTTPRoute":
		r, ok := lk.httpRoutes[nn]
		if !ok {
			return false, false
		}
		for _, x := range r.Spec.Rules {
			if x.Name != nil && string(*x.Name) == rule {
				return true, true
			}
		}
		return true, false
	case "GRPCRoute":
		r, ok := lk.grpcRoutes[nn]
		if !ok {
			return false, false
		}
		for _, x := range r.Spec.Rules {
			if x.Name != nil && string(*x.Name) == rule {
				return true, true
			}
		}
		return true, false
	}
	return false, false
}
