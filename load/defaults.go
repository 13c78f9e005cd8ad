package load

import (
	gatewayv1 "sigs.k8s.io/gateway-api/apis/v1"
)

// Gateway API defaults, applied after decoding as the API server applies the
// `default:` values of the standard-channel CRDs (gateway-api v1.6.3
// config/crd/standard/gateway.networking.k8s.io_{httproutes,grpcroutes,gateways}.yaml,
// from the +kubebuilder:default markers in apis/v1/*_types.go). Like the API server, a
// default is applied only where the field is absent and its parent object is present.

func ptr[T any](v T) *T { return &v }

// defaultHTTPRoute fills the HTTPRoute defaults.
func defaultHTTPRoute(r *gatewayv1.HTTPRoute) {
	defaultParentRefs(r.Spec.ParentRefs)
	if r.Spec.Rules == nil {
		// httproutes.yaml spec.rules default: [{matches: [{path: {type: PathPrefix, value: /}}]}]
		r.Spec.Rules = []gatewayv1.HTTPRouteRule{{}}
	}
	for i := range r.Spec.Rules {
		rule := &r.Spec.Rules[i]
		if rule.Matches == nil {
			// spec.rules[].matches default: [{path: {type: PathPrefix, value: /}}]
			rule.Matches = []gatewayv1.HTTPRouteMatch{{}}
		}
		for j := range rule.Matches {
			defaultHTTPMatch(&rule.Matches[j])
		}
		defaultHTTPFilters(rule.Filters)
		for j := range rule.BackendRefs {
			defaultBackendRef(&rule.BackendRefs[j].BackendRef)
			defaultHTTPFilters(rule.BackendRefs[j].Filters)
		}
	}
}

// defaultHTTPMatch: path {type: PathPrefix, value: /}, header and query param type Exact.
func defaultHTTPMatch(m *gatewayv1.HTTPRouteMatch) {
	if m.Path == nil {
		m.Path = &gatewayv1.HTTPPathMatch{}
	}
	if m.Path.Type == nil {
		m.Path.Type = ptr(gatewayv1.PathMatchPathPrefix)
	}
	if m.Path.Value == nil {
		m.Path.Value = ptr("/")
	}
	for k := range m.Headers {
		if m.Headers[k].Type == nil {
			m.Headers[k].Type = ptr(gatewayv1.HeaderMatchExact)
		}
	}
	for k := range m.QueryParams {
		if m.QueryParams[k].Type == nil {
			m.QueryParams[k].Type = ptr(gatewayv1.QueryParamMatchExact)
		}
	}
}

// defaultHTTPFilters: requestRedirect.statusCode 302, requestMirror backendRef group ""
// kind Service and fraction.denominator 100, cors.maxAge 5.
func defaultHTTPFilters(fs []gatewayv1.HTTPRouteFilter) {
	for i := range fs {
		f := &fs[i]
		if f.RequestRedirect != nil && f.RequestRedirect.StatusCode == nil {
			f.RequestRedirect.StatusCode = ptr(302)
		}
		if f.RequestMirror != nil {
			defaultMirror(f.RequestMirror)
		}
		if f.CORS != nil && f.CORS.MaxAge == 0 {
			f.CORS.MaxAge = 5
		}
	}
}

func defaultMirror(m *gatewayv1.HTTPRequestMirrorFilter) {
	defaultObjectRef(&m.BackendRef)
	if m.Fraction != nil && m.Fraction.Denominator == nil {
		m.Fraction.Denominator = ptr(int32(100))
	}
}

// defaultObjectRef: backend object reference group "" and kind Service.
func defaultObjectRef(b *gatewayv1.BackendObjectReference) {
	if b.Group == nil {
		b.Group = ptr(gatewayv1.Group(""))
	}
	if b.Kind == nil {
		b.Kind = ptr(gatewayv1.Kind("Service"))
	}
}

// defaultBackendRef: group "", kind Service, weight 1.
func defaultBackendRef(b *gatewayv1.BackendRef) {
	defaultObjectRef(&b.BackendObjectReference)
	if b.Weight == nil {
		b.Weight = ptr(int32(1))
	}
}

// defaultParentRefs: group gateway.networking.k8s.io, kind Gateway.
func defaultParentRefs(refs []gatewayv1.ParentReference) {
	for i := range refs {
		if refs[i].Group == nil {
			refs[i].Group = ptr(gatewayv1.Group(gatewayv1.GroupName))
		}
		if refs[i].Kind == nil {
			refs[i].Kind = ptr(gatewayv1.Kind("Gateway"))
		}
	}
}

// defaultGRPCRoute fills the GRPCRoute defaults (grpcroutes.yaml: no default rule or
// match, unlike HTTPRoute).
func defaultGRPCRoute(r *gatewayv1.GRPCRoute) {
	defaultParentRefs(r.Spec.ParentRefs)
	for i := range r.Spec.Rules {
		rule := &r.Spec.Rules[i]
		for j := range rule.Matches {
			m := &rule.Matches[j]
			if m.Method != nil && m.Method.Type == nil {
				m.Method.Type = ptr(gatewayv1.GRPCMethodMatchExact)
			}
			for k := range m.Headers {
				if m.Headers[k].Type == nil {
					m.Headers[k].Type = ptr(gatewayv1.GRPCHeaderMatchExact)
				}
			}
		}
		defaultGRPCFilters(rule.Filters)
		for j := range rule.BackendRefs {
			defaultBackendRef(&rule.BackendRefs[j].BackendRef)
			defaultGRPCFilters(rule.BackendRefs[j].Filters)
		}
	}
}

func defaultGRPCFilters(fs []gatewayv1.GRPCRouteFilter) {
	for i := range fs {
		if fs[i].RequestMirror != nil {
			defaultMirror(fs[i].RequestMirror)
		}
	}
}

// defaultGateway fills the Gateway defaults: listener allowedRoutes
// {namespaces: {from: Same}}, allowedRoutes.kinds[].group gateway.networking.k8s.io,
// tls.mode Terminate, certificateRefs group "" kind Secret, addresses[].type IPAddress,
// allowedListeners.namespaces {from: None}, tls.backend.clientCertificateRef group ""
// kind Secret, frontend validation mode AllowValidOnly.
func defaultGateway(g *gatewayv1.Gateway) {
	for i := range g.Spec.Addresses {
		if g.Spec.Addresses[i].Type == nil {
			g.Spec.Addresses[i].Type = ptr(gatewayv1.IPAddressType)
		}
	}
	if al := g.Spec.AllowedListeners; al != nil {
		if al.Namespaces == nil {
			al.Namespaces = &gatewayv1.ListenerNamespaces{}
		}
		if al.Namespaces.From == nil {
			al.Namespaces.From = ptr(gatewayv1.NamespacesFromNone)
		}
	}
	for i := range g.Spec.Listeners {
		l := &g.Spec.Listeners[i]
		if l.AllowedRoutes == nil {
			l.AllowedRoutes = &gatewayv1.AllowedRoutes{}
		}
		if l.AllowedRoutes.Namespaces == nil {
			l.AllowedRoutes.Namespaces = &gatewayv1.RouteNamespaces{}
		}
		if l.AllowedRoutes.Namespaces.From == nil {
			l.AllowedRoutes.Namespaces.From = ptr(gatewayv1.NamespacesFromSame)
		}
		for k := range l.AllowedRoutes.Kinds {
			if l.AllowedRoutes.Kinds[k].Group == nil {
				l.AllowedRoutes.Kinds[k].Group = ptr(gatewayv1.Group(gatewayv1.GroupName))
			}
		}
		if l.TLS != nil {
			if l.TLS.Mode == nil {
				l.TLS.Mode = ptr(gatewayv1.TLSModeTerminate)
			}
			for k := range l.TLS.CertificateRefs {
				defaultSecretRef(&l.TLS.CertificateRefs[k])
			}
		}
	}
	if t := g.Spec.TLS; t != nil {
		if t.Backend != nil && t.Backend.ClientCertificateRef != nil {
			defaultSecretRef(t.Backend.ClientCertificateRef)
		}
		if t.Frontend != nil {
			defaultValidation(t.Frontend.Default.Validation)
			for i := range t.Frontend.PerPort {
				defaultValidation(t.Frontend.PerPort[i].TLS.Validation)
			}
		}
	}
}

func defaultSecretRef(s *gatewayv1.SecretObjectReference) {
	if s.Group == nil {
		s.Group = ptr(gatewayv1.Group(""))
	}
	if s.Kind == nil {
		s.Kind = ptr(gatewayv1.Kind("Secret"))
	}
}

func defaultValidation(v *gatewayv1.FrontendTLSValidation) {
	if v != nil && v.Mode == "" {
		v.Mode = gatewayv1.AllowValidOnly
	}
}
