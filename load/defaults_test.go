package load

import (
	"testing"

	"github.com/google/go-cmp/cmp"
	gatewayv1 "sigs.k8s.io/gateway-api/apis/v1"
)

const routeHead = "apiVersion: gateway.networking.k8s.io/v1\nkind: HTTPRoute\nmetadata: {name: r}\nspec:\n"
const grpcHead = "apiVersion: gateway.networking.k8s.io/v1\nkind: GRPCRoute\nmetadata: {name: g}\nspec:\n"
const gatewayHead = "apiVersion: gateway.networking.k8s.io/v1\nkind: Gateway\nmetadata: {name: gw}\nspec:\n  gatewayClassName: c\n"

// TestDefaults lists every Gateway API CRD default the loader applies.
func TestDefaults(t *testing.T) {
	route := func(r *Resources) *gatewayv1.HTTPRoute { return r.HTTPRoutes[0].Obj }
	grpc := func(r *Resources) *gatewayv1.GRPCRoute { return r.GRPCRoutes[0].Obj }
	gw := func(r *Resources) *gatewayv1.Gateway { return r.Gateways[0].Obj }
	tests := []struct {
		name string
		in   string
		got  func(*Resources) any
		want any
	}{
		{"HTTPRoute without rules gets one rule matching PathPrefix /", routeHead + "  hostnames: [a.example]\n",
			func(r *Resources) any { return route(r).Spec.Rules },
			[]gatewayv1.HTTPRouteRule{{Matches: []gatewayv1.HTTPRouteMatch{{Path: &gatewayv1.HTTPPathMatch{Type: ptr(gatewayv1.PathMatchPathPrefix), Value: ptr("/")}}}}}},
		{"rule without matches gets PathPrefix /", routeHead + "  rules:\n  - backendRefs: [{name: s, port: 80}]\n",
			func(r *Resources) any { return route(r).Spec.Rules[0].Matches },
			[]gatewayv1.HTTPRouteMatch{{Path: &gatewayv1.HTTPPathMatch{Type: ptr(gatewayv1.PathMatchPathPrefix), Value: ptr("/")}}}},
		{"match without path gets PathPrefix /", routeHead + "  rules:\n  - matches: [{method: GET}]\n",
			func(r *Resources) any { return route(r).Spec.Rules[0].Matches[0].Path },
			&gatewayv1.HTTPPathMatch{Type: ptr(gatewayv1.PathMatchPathPrefix), Value: ptr("/")}},
		{"path without type is PathPrefix", routeHead + "  rules:\n  - matches: [{path: {value: /a}}]\n",
			func(r *Resources) any { return *route(r).Spec.Rules[0].Matches[0].Path.Type }, gatewayv1.PathMatchPathPrefix},
		{"path without value is /", routeHead + "  rules:\n  - matches: [{path: {type: Exact}}]\n",
			func(r *Resources) any { return *route(r).Spec.Rules[0].Matches[0].Path.Value }, "/"},
		{"header match type Exact", routeHead + "  rules:\n  - matches: [{headers: [{name: x, value: yy}]}]\n",
			func(r *Resources) any { return *route(r).Spec.Rules[0].Matches[0].Headers[0].Type }, gatewayv1.HeaderMatchExact},
		{"query param match type Exact", routeHead + "  rules:\n  - matches: [{queryParams: [{name: x, value: yy}]}]\n",
			func(r *Resources) any { return *route(r).Spec.Rules[0].Matches[0].QueryParams[0].Type }, gatewayv1.QueryParamMatchExact},
		{"backendRef weight 1, group empty, kind Service", routeHead + "  rules:\n  - backendRefs: [{name: s, port: 80}]\n",
			func(r *Resources) any {
				b := route(r).Spec.Rules[0].BackendRefs[0]
				return []any{*b.Weight, *b.Group, *b.Kind}
			}, []any{int32(1), gatewayv1.Group(""), gatewayv1.Kind("Service")}},
		{"parentRef group gateway.networking.k8s.io, kind Gateway", routeHead + "  parentRefs: [{name: gw}]\n",
			func(r *Resources) any {
				p := route(r).Spec.ParentRefs[0]
				return []any{*p.Group, *p.Kind}
			}, []any{gatewayv1.Group("gateway.networking.k8s.io"), gatewayv1.Kind("Gateway")}},
		{"redirect statusCode 302", routeHead + "  rules:\n  - filters: [{type: RequestRedirect, requestRedirect: {scheme: https}}]\n",
			func(r *Resources) any { return *route(r).Spec.Rules[0].Filters[0].RequestRedirect.StatusCode }, 302},
		{"mirror backendRef group/kind and fraction denominator 100",
			routeHead + "  rules:\n  - filters: [{type: RequestMirror, requestMirror: {backendRef: {name: m, port: 80}, fraction: {numerator: 5}}}]\n",
			func(r *Resources) any {
				m := route(r).Spec.Rules[0].Filters[0].RequestMirror
				return []any{*m.BackendRef.Group, *m.BackendRef.Kind, *m.Fraction.Denominator}
			}, []any{gatewayv1.Group(""), gatewayv1.Kind("Service"), int32(100)}},
		{"YAML 1.1 boolean 'on' in a boolean field", routeHead + "  rules:\n  - filters: [{type: CORS, cors: {allowCredentials: on}}]\n",
			func(r *Resources) any { return *route(r).Spec.Rules[0].Filters[0].CORS.AllowCredentials }, true},
		{"CORS maxAge 5", routeHead + "  rules:\n  - filters: [{type: CORS, cors: {allowOrigins: ['*']}}]\n",
			func(r *Resources) any { return route(r).Spec.Rules[0].Filters[0].CORS.MaxAge }, int32(5)},
		{"backendRef filter redirect statusCode 302",
			routeHead + "  rules:\n  - backendRefs: [{name: s, port: 80, filters: [{type: RequestHeaderModifier, requestHeaderModifier: {set: [{name: a, value: b}]}}, {type: RequestMirror, requestMirror: {backendRef: {name: m, port: 1}}}]}]\n",
			func(r *Resources) any {
				return *route(r).Spec.Rules[0].BackendRefs[0].Filters[1].RequestMirror.BackendRef.Kind
			}, gatewayv1.Kind("Service")},
		{"GRPCRoute: no default rule, method type Exact, header type Exact, backendRef weight 1",
			grpcHead + "  rules:\n  - matches: [{method: {service: a.B}, headers: [{name: x, value: yy}]}]\n    backendRefs: [{name: s, port: 80}]\n",
			func(r *Resources) any {
				rule := grpc(r).Spec.Rules[0]
				return []any{*rule.Matches[0].Method.Type, *rule.Matches[0].Headers[0].Type, *rule.BackendRefs[0].Weight}
			}, []any{gatewayv1.GRPCMethodMatchExact, gatewayv1.GRPCHeaderMatchExact, int32(1)}},
		{"GRPCRoute without rules stays without rules", grpcHead + "  hostnames: [a.example]\n",
			func(r *Resources) any { return len(grpc(r).Spec.Rules) }, 0},
		{"listener allowedRoutes namespaces from Same", gatewayHead + "  listeners: [{name: h, port: 80, protocol: HTTP}]\n",
			func(r *Resources) any { return *gw(r).Spec.Listeners[0].AllowedRoutes.Namespaces.From }, gatewayv1.NamespacesFromSame},
		{"allowedRoutes kinds group", gatewayHead + "  listeners: [{name: h, port: 80, protocol: HTTP, allowedRoutes: {kinds: [{kind: HTTPRoute}]}}]\n",
			func(r *Resources) any { return *gw(r).Spec.Listeners[0].AllowedRoutes.Kinds[0].Group }, gatewayv1.Group("gateway.networking.k8s.io")},
		{"TLS mode Terminate, certificateRefs group empty kind Secret",
			gatewayHead + "  listeners: [{name: s, port: 443, protocol: HTTPS, tls: {certificateRefs: [{name: cert}]}}]\n",
			func(r *Resources) any {
				tls := gw(r).Spec.Listeners[0].TLS
				return []any{*tls.Mode, *tls.CertificateRefs[0].Group, *tls.CertificateRefs[0].Kind}
			}, []any{gatewayv1.TLSModeTerminate, gatewayv1.Group(""), gatewayv1.Kind("Secret")}},
		{"address type IPAddress", gatewayHead + "  addresses: [{value: 10.0.0.1}]\n  listeners: [{name: h, port: 80, protocol: HTTP}]\n",
			func(r *Resources) any { return *gw(r).Spec.Addresses[0].Type }, gatewayv1.IPAddressType},
		{"allowedListeners namespaces from None", gatewayHead + "  allowedListeners: {}\n  listeners: [{name: h, port: 80, protocol: HTTP}]\n",
			func(r *Resources) any { return *gw(r).Spec.AllowedListeners.Namespaces.From }, gatewayv1.NamespacesFromNone},
		{"frontend validation mode AllowValidOnly",
			gatewayHead + "  tls: {frontend: {default: {validation: {caCertificateRefs: [{group: '', kind: ConfigMap, name: ca}]}}}}\n  listeners: [{name: h, port: 80, protocol: HTTP}]\n",
			func(r *Resources) any { return gw(r).Spec.TLS.Frontend.Default.Validation.Mode }, gatewayv1.AllowValidOnly},
		{"v1beta1 HTTPRoute gets the same defaults", "apiVersion: gateway.networking.k8s.io/v1beta1\nkind: HTTPRoute\nmetadata: {name: r}\nspec:\n  rules:\n  - matches: [{path: {value: /b}}]\n",
			func(r *Resources) any { return *route(r).Spec.Rules[0].Matches[0].Path.Type }, gatewayv1.PathMatchPathPrefix},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, err := LoadBytes("d.yaml", []byte(tt.in))
			if err != nil {
				t.Fatal(err)
			}
			if len(r.Invalid) > 0 {
				t.Fatalf("unexpectedly invalid: %+v", r.Invalid)
			}
			if diff := cmp.Diff(tt.want, tt.got(r)); diff != "" {
				t.Errorf("default (-want +got):\n%s", diff)
			}
		})
	}
}
