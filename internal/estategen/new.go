package estategen

import (
	"io"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	gatewayv1 "sigs.k8s.io/gateway-api/apis/v1"
	gatewayv1beta1 "sigs.k8s.io/gateway-api/apis/v1beta1"
)

// Names of the Gateway side's shared objects.
const (
	gatewayClass    = "eg"
	gatewayName     = "edge"
	proxyNamespace  = "envoy-gateway-system"
	proxyConfig     = "merged"
	defaultCertNS   = "ingress-nginx"
	defaultCertName = "default-ssl-certificate"
)

// writeNew writes the Gateway API side: EnvoyProxy, GatewayClass, one Gateway and one
// ReferenceGrant (for the default certificate) per team namespace, Services, HTTPRoutes,
// HTTP->HTTPS redirect routes, a ClientTrafficPolicy per Gateway that keeps the identity
// headers as nginx sets them, and, with opts.Identity, SecurityPolicies.
func writeNew(w io.Writer, e *estate, opts Options) {
	enc := newEncoder(w)
	enc.value(map[string]any{
		"apiVersion": "gateway.envoyproxy.io/v1alpha1",
		"kind":       "EnvoyProxy",
		"metadata":   map[string]any{"name": proxyConfig, "namespace": proxyNamespace},
		"spec":       map[string]any{"mergeGateways": true},
	})
	enc.object(&gatewayv1.GatewayClass{
		TypeMeta:   metav1.TypeMeta{APIVersion: "gateway.networking.k8s.io/v1", Kind: "GatewayClass"},
		ObjectMeta: metav1.ObjectMeta{Name: gatewayClass},
		Spec: gatewayv1.GatewayClassSpec{
			ControllerName: "gateway.envoyproxy.io/gatewayclass-controller",
			ParametersRef: &gatewayv1.ParametersReference{
				Group: "gateway.envoyproxy.io", Kind: "EnvoyProxy", Name: proxyConfig,
				Namespace: ptr(gatewayv1.Namespace(proxyNamespace)),
			},
		},
	})
	byNS := map[string][]*host{}
	for _, hp := range e.hosts {
		byNS[hp.namespace] = append(byNS[hp.namespace], hp)
	}
	for i, ns := range e.namespaces {
		gw := gateway(ns, byNS[ns], i == 0)
		enc.object(gw)
		enc.object(defaultCertGrant(ns))
		enc.value(clientHeaders(ns, gw.Name))
	}
	for _, ing := range e.ingresses {
		for _, s := range ing.services() {
			enc.object(service(ing.host.namespace, s))
		}
	}
	for _, hp := range e.hosts {
		if hp.tls {
			enc.object(redirectRoute(hp))
		}
		for _, ing := range hp.ingresses {
			if ing.canary == canaryNone {
				enc.object(httpRoute(ing))
			}
		}
	}
	if opts.Identity {
		for _, ing := range e.ingresses {
			if sp := securityPolicy(ing); sp != nil {
				enc.value(sp)
			}
		}
	}
}

// gateway is the team Gateway of namespace ns: per host an HTTP listener and an HTTPS listener
// with the host's certificate, or the controller's default certificate (ingress-nginx serves
// every host on 443, with the default certificate when the Ingress has no TLS). With catchAll
// it also has hostname-less listeners with no routes, so that any other host gets 404 as from
// ingress-nginx's default server instead of a refused connection.
func gateway(ns string, hosts []*host, catchAll bool) *gatewayv1.Gateway {
	gw := &gatewayv1.Gateway{
		TypeMeta:   metav1.TypeMeta{APIVersion: "gateway.networking.k8s.io/v1", Kind: "Gateway"},
		ObjectMeta: metav1.ObjectMeta{Name: gatewayName, Namespace: ns},
		Spec:       gatewayv1.GatewaySpec{GatewayClassName: gatewayClass},
	}
	if catchAll {
		gw.Spec.Listeners = append(gw.Spec.Listeners,
			gatewayv1.Listener{Name: "http-default", Port: 80, Protocol: gatewayv1.HTTPProtocolType},
			gatewayv1.Listener{Name: "https-default", Port: 443, Protocol: gatewayv1.HTTPSProtocolType, TLS: &gatewayv1.ListenerTLSConfig{
				Mode:            ptr(gatewayv1.TLSModeTerminate),
				CertificateRefs: []gatewayv1.SecretObjectReference{{Name: defaultCertName, Namespace: ptr(gatewayv1.Namespace(defaultCertNS))}},
			}})
	}
	for _, hp := range hosts {
		name := gatewayv1.Hostname(hp.name)
		gw.Spec.Listeners = append(gw.Spec.Listeners, gatewayv1.Listener{
			Name: gatewayv1.SectionName("http-" + hp.label), Hostname: &name, Port: 80, Protocol: gatewayv1.HTTPProtocolType,
		})
		cert := gatewayv1.SecretObjectReference{Name: gatewayv1.ObjectName(hp.label + "-tls")}
		if !hp.tls {
			cert = gatewayv1.SecretObjectReference{Name: defaultCertName, Namespace: ptr(gatewayv1.Namespace(defaultCertNS))}
		}
		gw.Spec.Listeners = append(gw.Spec.Listeners, gatewayv1.Listener{
			Name: gatewayv1.SectionName("https-" + hp.label), Hostname: &name, Port: 443, Protocol: gatewayv1.HTTPSProtocolType,
			TLS: &gatewayv1.ListenerTLSConfig{Mode: ptr(gatewayv1.TLSModeTerminate), CertificateRefs: []gatewayv1.SecretObjectReference{cert}},
		})
	}
	return gw
}

// defaultCertGrant lets the Gateway of ns use the controller's default certificate.
func defaultCertGrant(ns string) *gatewayv1beta1.ReferenceGrant {
	return &gatewayv1beta1.ReferenceGrant{
		TypeMeta:   metav1.TypeMeta{APIVersion: "gateway.networking.k8s.io/v1beta1", Kind: "ReferenceGrant"},
		ObjectMeta: metav1.ObjectMeta{Name: "default-cert-" + ns, Namespace: defaultCertNS},
		Spec: gatewayv1beta1.ReferenceGrantSpec{
			From: []gatewayv1beta1.ReferenceGrantFrom{{Group: gatewayv1.GroupName, Kind: "Gateway", Namespace: gatewayv1.Namespace(ns)}},
			To:   []gatewayv1beta1.ReferenceGrantTo{{Group: "", Kind: "Secret", Name: ptr(gatewayv1.ObjectName(defaultCertName))}},
		},
	}
}

// redirectRoute sends every plain-HTTP request for a TLS host to HTTPS with a 308, as
// ingress-nginx's default ssl-redirect does (also for paths no Ingress names: the host's
// default root location carries the annotations of its first Ingress; ingress-nginx
// internal/ingress/controller/controller.go, getBackendServers).
func redirectRoute(hp *host) *gatewayv1.HTTPRoute {
	return &gatewayv1.HTTPRoute{
		TypeMeta:   metav1.TypeMeta{APIVersion: "gateway.networking.k8s.io/v1", Kind: "HTTPRoute"},
		ObjectMeta: metav1.ObjectMeta{Name: hp.label + "-https-redirect", Namespace: hp.namespace},
		Spec: gatewayv1.HTTPRouteSpec{
			CommonRouteSpec: gatewayv1.CommonRouteSpec{ParentRefs: []gatewayv1.ParentReference{parentRef("http-" + hp.label)}},
			Hostnames:       []gatewayv1.Hostname{gatewayv1.Hostname(hp.name)},
			Rules: []gatewayv1.HTTPRouteRule{{
				Filters: []gatewayv1.HTTPRouteFilter{{
					Type:            gatewayv1.HTTPRouteFilterRequestRedirect,
					RequestRedirect: &gatewayv1.HTTPRequestRedirectFilter{Scheme: ptr("https"), StatusCode: ptr(308)},
				}},
			}},
		},
	}
}

// parentRef names a listener of the namespace's Gateway.
func parentRef(section string) gatewayv1.ParentReference {
	return gatewayv1.ParentReference{Name: gatewayName, SectionName: ptr(gatewayv1.SectionName(section))}
}

// httpRoute translates a non-canary Ingress, folding in its host's canary Ingress.
func httpRoute(ing *ingressPlan) *gatewayv1.HTTPRoute {
	hp := ing.host
	parents := []gatewayv1.ParentReference{parentRef("https-" + hp.label)}
	if !hp.tls {
		parents = append([]gatewayv1.ParentReference{parentRef("http-" + hp.label)}, parents...)
	}
	route := &gatewayv1.HTTPRoute{
		TypeMeta:   metav1.TypeMeta{APIVersion: "gateway.networking.k8s.io/v1", Kind: "HTTPRoute"},
		ObjectMeta: metav1.ObjectMeta{Name: ing.name, Namespace: hp.namespace},
		Spec: gatewayv1.HTTPRouteSpec{
			CommonRouteSpec: gatewayv1.CommonRouteSpec{ParentRefs: parents},
			Hostnames:       []gatewayv1.Hostname{gatewayv1.Hostname(hp.name)},
		},
	}
	var canary *ingressPlan
	for _, other := range hp.ingresses {
		if other.canary != canaryNone && ing == hp.ingresses[0] {
			canary = other
		}
	}
	for i, p := range ing.paths {
		match := gatewayv1.HTTPRouteMatch{Path: pathMatch(hp, p)}
		rule := gatewayv1.HTTPRouteRule{Matches: []gatewayv1.HTTPRouteMatch{match}, BackendRefs: []gatewayv1.HTTPBackendRef{backendRef(p.service, nil)}}
		if hp.rewrite && ing == hp.ingresses[0] {
			rule.Filters = []gatewayv1.HTTPRouteFilter{{
				Type: gatewayv1.HTTPRouteFilterURLRewrite,
				URLRewrite: &gatewayv1.HTTPURLRewriteFilter{Path: &gatewayv1.HTTPPathModifier{
					Type: gatewayv1.FullPathHTTPPathModifier, ReplaceFullPath: ptr("/"),
				}},
			}}
		}
		if canary != nil && i == 0 {
			cs := canary.paths[0].service
			switch canary.canary {
			case canaryWeight:
				rule.BackendRefs = []gatewayv1.HTTPBackendRef{
					backendRef(p.service, ptr(int32(100-canaryWeightPercent))),
					backendRef(cs, ptr(int32(canaryWeightPercent))),
				}
			case canaryHeader:
				hm := match
				hm.Headers = []gatewayv1.HTTPHeaderMatch{{Name: canaryHeaderName, Value: canaryHeaderValue}}
				route.Spec.Rules = append(route.Spec.Rules, gatewayv1.HTTPRouteRule{
					Matches: []gatewayv1.HTTPRouteMatch{hm}, BackendRefs: []gatewayv1.HTTPBackendRef{backendRef(cs, nil)},
				})
			}
		}
		route.Spec.Rules = append(route.Spec.Rules, rule)
	}
	return route
}

// pathMatch translates one Ingress path of hp. nginx regex locations (every path of a regex
// host) are `~* "^<path>"`: case-insensitive, anchored at the start only; Gateway API
// RegularExpression in Envoy is a full match, hence `(?i)` and a tail that also matches a
// decoded newline, `(?s:.*)` (ingress-nginx internal/ingress/controller/template/template.go,
// buildLocation). ImplementationSpecific without regex is Prefix (ingress-nginx
// internal/k8s/main.go, SetDefaultNGINXPathType).
func pathMatch(hp *host, p pathPlan) *gatewayv1.HTTPPathMatch {
	switch {
	case hp.regex:
		return &gatewayv1.HTTPPathMatch{Type: ptr(gatewayv1.PathMatchRegularExpression), Value: ptr("(?i)" + p.value + "(?s:.*)")}
	case p.kind == kindExact:
		return &gatewayv1.HTTPPathMatch{Type: ptr(gatewayv1.PathMatchExact), Value: ptr(p.value)}
	default:
		return &gatewayv1.HTTPPathMatch{Type: ptr(gatewayv1.PathMatchPathPrefix), Value: ptr(p.value)}
	}
}

// backendRef points at Service name port 80, with an optional weight.
func backendRef(name string, weight *int32) gatewayv1.HTTPBackendRef {
	return gatewayv1.HTTPBackendRef{BackendRef: gatewayv1.BackendRef{
		BackendObjectReference: gatewayv1.BackendObjectReference{Name: gatewayv1.ObjectName(name), Port: ptr(gatewayv1.PortNumber(80))},
		Weight:                 weight,
	}}
}
