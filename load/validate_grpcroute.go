package load

import (
	"regexp"

	gatewayv1 "sigs.k8s.io/gateway-api/apis/v1"
)

// GRPCMethodMatch patterns (gateway.networking.k8s.io_grpcroutes.yaml).
var (
	grpcServiceRe = regexp.MustCompile(`^(?i)\.?[a-z_][a-z_0-9]*(\.[a-z_][a-z_0-9]*)*$`)
	grpcMethodRe  = regexp.MustCompile(`^[A-Za-z_][A-Za-z_0-9]*$`)
)

// validateGRPCRoute applies the routing rules of the gateway-api v1.6.3 standard-channel
// CRD config/crd/standard/gateway.networking.k8s.io_grpcroutes.yaml.
func validateGRPCRoute(r *gatewayv1.GRPCRoute) problems {
	var ps problems
	validateHostnames(&ps, r.Spec.Hostnames)
	validateParentRefs(&ps, r.Spec.ParentRefs)
	maxItems(&ps, "spec.rules", len(r.Spec.Rules), 16)
	total := 0
	for i := range r.Spec.Rules {
		rule := &r.Spec.Rules[i]
		f := idx("spec.rules", i)
		total += len(rule.Matches)
		if rule.Name != nil && (len(*rule.Name) > 253 || !sectionNameRe.MatchString(string(*rule.Name))) {
			ps.add(f+".name", "invalid rule name %q", *rule.Name)
		}
		maxItems(&ps, f+".matches", len(rule.Matches), 64)
		for j := range rule.Matches {
			validateGRPCMatch(&ps, idx(f+".matches", j), &rule.Matches[j])
		}
		validateGRPCFilters(&ps, f+".filters", rule.Filters)
		maxItems(&ps, f+".backendRefs", len(rule.BackendRefs), 16)
		for j := range rule.BackendRefs {
			bf := idx(f+".backendRefs", j)
			validateBackendRef(&ps, bf, &rule.BackendRefs[j].BackendRef)
			validateGRPCFilters(&ps, bf+".filters", rule.BackendRefs[j].Filters)
		}
	}
	if total > 128 {
		ps.add("spec.rules", "While 16 rules and 64 matches per rule are allowed, the total number of matches across all rules in a route must be less than 128")
	}
	return ps
}

// validateGRPCMatch: method type enum, service or method required, their character rules
// for Exact; header matches as for HTTPRoute.
func validateGRPCMatch(ps *problems, f string, m *gatewayv1.GRPCRouteMatch) {
	if mm := m.Method; mm != nil {
		exact := mm.Type == nil || *mm.Type == gatewayv1.GRPCMethodMatchExact
		if mm.Type != nil && !exact && *mm.Type != gatewayv1.GRPCMethodMatchRegularExpression {
			ps.add(f+".method.type", "unsupported method match type %q: must be Exact or RegularExpression", *mm.Type)
		}
		if mm.Type != nil && mm.Service == nil && mm.Method == nil {
			ps.add(f+".method", "One or both of 'service' or 'method' must be specified")
		}
		if exact && mm.Service != nil && !grpcServiceRe.MatchString(*mm.Service) {
			ps.add(f+".method.service", "service must only contain valid characters (matching %s)", grpcServiceRe)
		}
		if exact && mm.Method != nil && !grpcMethodRe.MatchString(*mm.Method) {
			ps.add(f+".method.method", "method must only contain valid characters (matching %s)", grpcMethodRe)
		}
	}
	hs := make([]headerMatch, len(m.Headers))
	for k, h := range m.Headers {
		hs[k] = headerMatch{name: string(h.Name), typ: (*string)(h.Type), value: h.Value}
	}
	validateHeaderMatches(ps, f+".headers", hs)
}

// validateGRPCFilters: type enum, field/type consistency, header modifiers not repeated.
func validateGRPCFilters(ps *problems, f string, fs []gatewayv1.GRPCRouteFilter) {
	maxItems(ps, f, len(fs), 16)
	count := map[gatewayv1.GRPCRouteFilterType]int{}
	for i := range fs {
		flt := &fs[i]
		ff := idx(f, i)
		count[flt.Type]++
		present := []struct {
			typ   gatewayv1.GRPCRouteFilterType
			field string
			has   bool
		}{
			{gatewayv1.GRPCRouteFilterRequestHeaderModifier, "requestHeaderModifier", flt.RequestHeaderModifier != nil},
			{gatewayv1.GRPCRouteFilterResponseHeaderModifier, "responseHeaderModifier", flt.ResponseHeaderModifier != nil},
			{gatewayv1.GRPCRouteFilterRequestMirror, "requestMirror", flt.RequestMirror != nil},
			{gatewayv1.GRPCRouteFilterExtensionRef, "extensionRef", flt.ExtensionRef != nil},
		}
		known := false
		for _, p := range present {
			known = known || p.typ == flt.Type
			if p.has && flt.Type != p.typ {
				ps.add(ff+"."+p.field, "filter.%s must be nil if the filter.type is not %s", p.field, p.typ)
			}
			if !p.has && flt.Type == p.typ {
				ps.add(ff, "filter.%s must be specified for %s filter.type", p.field, p.typ)
			}
		}
		if !known {
			ps.add(ff+".type", "unsupported filter type %q", flt.Type)
		}
		if m := flt.RequestHeaderModifier; m != nil {
			validateHeaderModifier(ps, ff+".requestHeaderModifier", m)
		}
		if m := flt.ResponseHeaderModifier; m != nil {
			validateHeaderModifier(ps, ff+".responseHeaderModifier", m)
		}
		if m := flt.RequestMirror; m != nil {
			validateMirror(ps, ff+".requestMirror", m)
		}
	}
	for _, typ := range []gatewayv1.GRPCRouteFilterType{
		gatewayv1.GRPCRouteFilterRequestHeaderModifier, gatewayv1.GRPCRouteFilterResponseHeaderModifier,
	} {
		if count[typ] > 1 {
			ps.add(f, "%s filter cannot be repeated", typ)
		}
	}
}
