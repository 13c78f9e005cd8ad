package load

import (
	"strings"
	"testing"
)

const ingressHead = "apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata: {name: i, namespace: ns}\nspec:\n"

// TestInvalid checks that objects the API server would refuse go to Invalid, naming the
// rule, the field and its line, and stay out of the typed lists.
func TestInvalid(t *testing.T) {
	backend := "        backend: {service: {name: s, port: {number: 80}}}\n"
	tests := []struct {
		name  string
		in    string
		field string
		line  int
		msg   string // substring of the message
	}{
		{"Ingress pathType required", ingressHead + "  rules:\n  - http:\n      paths:\n      - path: /\n" + backend,
			"spec.rules[0].http.paths[0].pathType", 8, "pathType must be specified"},
		{"Ingress Prefix path must be absolute", ingressHead + "  rules:\n  - http:\n      paths:\n      - path: foo\n        pathType: Prefix\n" + backend,
			"spec.rules[0].http.paths[0].path", 8, "must be an absolute path"},
		{"Ingress Exact path must not contain //", ingressHead + "  rules:\n  - http:\n      paths:\n      - path: /a//b\n        pathType: Exact\n" + backend,
			"spec.rules[0].http.paths[0].path", 8, "must not contain '//'"},
		{"Ingress Prefix path must not end with /..", ingressHead + "  rules:\n  - http:\n      paths:\n      - path: /a/..\n        pathType: Prefix\n" + backend,
			"spec.rules[0].http.paths[0].path", 8, "cannot end with '/..'"},
		{"Ingress ImplementationSpecific path must be absolute", ingressHead + "  rules:\n  - http:\n      paths:\n      - path: a.*\n        pathType: ImplementationSpecific\n" + backend,
			"spec.rules[0].http.paths[0].path", 8, "must be an absolute path"},
		{"Ingress unknown pathType", ingressHead + "  rules:\n  - http:\n      paths:\n      - path: /\n        pathType: Regex\n" + backend,
			"spec.rules[0].http.paths[0].pathType", 9, "unsupported pathType"},
		{"Ingress host is an IP", ingressHead + "  rules:\n  - host: 10.0.0.1\n", "spec.rules[0].host", 6, "not an IP address"},
		{"Ingress host uppercase", ingressHead + "  rules:\n  - host: Foo.example\n", "spec.rules[0].host", 6, "invalid host"},
		{"Ingress wildcard host in the middle", ingressHead + "  rules:\n  - host: a.*.example\n", "spec.rules[0].host", 6, "invalid host"},
		{"Ingress TLS host invalid", ingressHead + "  defaultBackend: {service: {name: s, port: {number: 80}}}\n  tls:\n  - hosts: [bad_host]\n",
			"spec.tls[0].hosts[0]", 7, "invalid host"},
		{"Ingress without rules or defaultBackend", ingressHead + "  ingressClassName: nginx\n", "spec", 4, "either defaultBackend or rules"},
		{"Ingress http without paths", ingressHead + "  rules:\n  - http: {paths: []}\n", "spec.rules[0].http.paths", 6, "paths is required"},
		{"Ingress backend without port", ingressHead + "  defaultBackend: {service: {name: s}}\n", "spec.defaultBackend.service.port", 5, "port name or number is required"},
		{"Ingress backend both port name and number", ingressHead + "  defaultBackend: {service: {name: s, port: {name: http, number: 80}}}\n",
			"spec.defaultBackend.service.port", 5, "cannot set both port name & port number"},
		{"Ingress backend neither service nor resource", ingressHead + "  defaultBackend: {}\n", "spec.defaultBackend", 5, "resource or service backend is required"},
		{"Ingress missing name", "apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata: {namespace: ns}\nspec:\n  defaultBackend: {service: {name: s, port: {number: 80}}}\n",
			"metadata.name", 3, "name is required"},

		{"HTTPRoute PathPrefix with regex characters", routeHead + "  rules:\n  - matches:\n    - path: {type: PathPrefix, value: '/a/[0-9]+'}\n",
			"spec.rules[0].matches[0].path.value", 7, "must only contain valid characters"},
		{"HTTPRoute PathPrefix with //", routeHead + "  rules:\n  - matches:\n    - path: {type: PathPrefix, value: /a//b}\n",
			"spec.rules[0].matches[0].path.value", 7, "must not contain '//'"},
		{"HTTPRoute Exact with #", routeHead + "  rules:\n  - matches:\n    - path: {type: Exact, value: '/a#b'}\n",
			"spec.rules[0].matches[0].path.value", 7, "must not contain '#'"},
		{"HTTPRoute Exact relative", routeHead + "  rules:\n  - matches:\n    - path: {type: Exact, value: a}\n",
			"spec.rules[0].matches[0].path.value", 7, "must be an absolute path"},
		{"HTTPRoute PathPrefix ending in /.", routeHead + "  rules:\n  - matches:\n    - path: {type: PathPrefix, value: /a/.}\n",
			"spec.rules[0].matches[0].path.value", 7, "must not end with '/.'"},
		{"HTTPRoute unknown path type", routeHead + "  rules:\n  - matches:\n    - path: {type: Prefix, value: /a}\n",
			"spec.rules[0].matches[0].path.type", 7, "type must be one of"},
		{"HTTPRoute hostname uppercase", routeHead + "  hostnames: [A.example]\n", "spec.hostnames[0]", 5, "invalid hostname"},
		{"HTTPRoute hostname with port", routeHead + "  hostnames: ['a.example:80']\n", "spec.hostnames[0]", 5, "invalid hostname"},
		{"HTTPRoute 17 rules", routeHead + "  rules:\n" + strings.Repeat("  - backendRefs: [{name: s, port: 80}]\n", 17),
			"spec.rules", 5, "at most 16 items"},
		{"HTTPRoute more than 128 matches", routeHead + "  rules:\n" + strings.Repeat("  - matches: ["+strings.Repeat("{path: {value: /a}},", 63)+"{path: {value: /b}}]\n", 3),
			"spec.rules", 5, "less than 128"},
		{"HTTPRoute header name invalid", routeHead + "  rules:\n  - matches: [{headers: [{name: 'a b', value: x}]}]\n",
			"spec.rules[0].matches[0].headers[0].name", 6, "invalid header name"},
		{"HTTPRoute duplicate header match", routeHead + "  rules:\n  - matches: [{headers: [{name: a, value: x}, {name: a, value: yy}]}]\n",
			"spec.rules[0].matches[0].headers[1].name", 6, "duplicate header match name"},
		{"HTTPRoute method not in enum", routeHead + "  rules:\n  - matches: [{method: FETCH}]\n",
			"spec.rules[0].matches[0].method", 6, "unsupported method"},
		{"HTTPRoute filter field does not match type", routeHead + "  rules:\n  - filters:\n    - type: RequestHeaderModifier\n      urlRewrite: {hostname: a.example}\n",
			"spec.rules[0].filters[0].urlRewrite", 8, "filter.urlRewrite must be nil if the filter.type is not URLRewrite"},
		{"HTTPRoute filter without its field", routeHead + "  rules:\n  - filters:\n    - type: URLRewrite\n",
			"spec.rules[0].filters[0]", 7, "filter.urlRewrite must be specified for URLRewrite filter.type"},
		{"HTTPRoute redirect and rewrite together", routeHead + "  rules:\n  - filters:\n    - {type: RequestRedirect, requestRedirect: {scheme: https}}\n    - {type: URLRewrite, urlRewrite: {hostname: b.example}}\n",
			"spec.rules[0].filters", 6, "May specify either httpRouteFilterRequestRedirect or httpRouteFilterRequestRewrite"},
		{"HTTPRoute repeated header modifier", routeHead + "  rules:\n  - filters:\n    - {type: RequestHeaderModifier, requestHeaderModifier: {set: [{name: a, value: b}]}}\n    - {type: RequestHeaderModifier, requestHeaderModifier: {set: [{name: c, value: d}]}}\n",
			"spec.rules[0].filters", 6, "RequestHeaderModifier filter cannot be repeated"},
		{"HTTPRoute redirect with backendRefs", routeHead + "  rules:\n  - filters: [{type: RequestRedirect, requestRedirect: {scheme: https}}]\n    backendRefs: [{name: s, port: 80}]\n",
			"spec.rules[0]", 6, "RequestRedirect filter must not be used together with backendRefs"},
		{"HTTPRoute replacePrefixMatch needs one PathPrefix match", routeHead + "  rules:\n  - matches: [{path: {type: Exact, value: /a}}]\n    filters: [{type: URLRewrite, urlRewrite: {path: {type: ReplacePrefixMatch, replacePrefixMatch: /b}}}]\n",
			"spec.rules[0]", 6, "When using URLRewrite filter with path.replacePrefixMatch, exactly one PathPrefix match must be specified"},
		{"HTTPRoute path modifier type mismatch", routeHead + "  rules:\n  - filters: [{type: URLRewrite, urlRewrite: {path: {type: ReplaceFullPath, replacePrefixMatch: /b}}}]\n",
			"spec.rules[0].filters[0].urlRewrite.path", 6, "replaceFullPath must be specified"},
		{"HTTPRoute redirect status code", routeHead + "  rules:\n  - filters: [{type: RequestRedirect, requestRedirect: {statusCode: 300}}]\n",
			"spec.rules[0].filters[0].requestRedirect.statusCode", 6, "unsupported statusCode 300"},
		{"HTTPRoute redirect wildcard hostname", routeHead + "  rules:\n  - filters: [{type: RequestRedirect, requestRedirect: {hostname: '*.a.example'}}]\n",
			"spec.rules[0].filters[0].requestRedirect.hostname", 6, "invalid hostname"},
		{"HTTPRoute Service backendRef without port", routeHead + "  rules:\n  - backendRefs: [{name: s}]\n",
			"spec.rules[0].backendRefs[0]", 6, "Must have port for Service reference"},
		{"HTTPRoute weight too large", routeHead + "  rules:\n  - backendRefs: [{name: s, port: 80, weight: 1000001}]\n",
			"spec.rules[0].backendRefs[0].weight", 6, "weight must be in 0..1000000"},
		{"HTTPRoute mirror percent and fraction", routeHead + "  rules:\n  - filters: [{type: RequestMirror, requestMirror: {backendRef: {name: m, port: 80}, percent: 5, fraction: {numerator: 1}}}]\n",
			"spec.rules[0].filters[0].requestMirror", 6, "Only one of percent or fraction"},
		{"HTTPRoute backendRequest longer than request", routeHead + "  rules:\n  - timeouts: {request: 1s, backendRequest: 2s}\n",
			"spec.rules[0].timeouts", 6, "backendRequest timeout cannot be longer than request timeout"},
		{"HTTPRoute two parentRefs to the same Gateway, one without sectionName", routeHead + "  parentRefs:\n  - {name: gw}\n  - {name: gw, sectionName: https}\n",
			"spec.parentRefs[1]", 7, "sectionName must be specified"},
		{"HTTPRoute ExternalAuth is experimental", routeHead + "  rules:\n  - filters: [{type: ExternalAuth, externalAuth: {protocol: HTTP, backendRef: {name: a, port: 80}}}]\n",
			"spec.rules[0].filters[0].type", 6, "unsupported filter type \"ExternalAuth\""},

		{"HTTPRoute CORS origin with a path", routeHead + "  rules:\n  - filters: [{type: CORS, cors: {allowOrigins: ['https://a.example/x']}}]\n",
			"spec.rules[0].filters[0].cors.allowOrigins[0]", 6, "invalid origin"},
		{"HTTPRoute CORS '*' alongside other methods", routeHead + "  rules:\n  - filters: [{type: CORS, cors: {allowMethods: ['*', GET]}}]\n",
			"spec.rules[0].filters[0].cors.allowMethods", 6, "AllowMethods cannot contain '*' alongside other values"},

		{"GRPCRoute method match without service or method", grpcHead + "  rules:\n  - matches: [{method: {type: Exact}}]\n",
			"spec.rules[0].matches[0].method", 6, "One or both of 'service' or 'method' must be specified"},
		{"GRPCRoute method with invalid characters", grpcHead + "  rules:\n  - matches: [{method: {service: a.B, method: 'get/x'}}]\n",
			"spec.rules[0].matches[0].method.method", 6, "method must only contain valid characters"},
		{"GRPCRoute filter type mismatch", grpcHead + "  rules:\n  - filters: [{type: RequestMirror, requestHeaderModifier: {set: [{name: a, value: b}]}}]\n",
			"spec.rules[0].filters[0].requestHeaderModifier", 6, "must be nil"},

		{"Gateway listener names unique", gatewayHead + "  listeners:\n  - {name: a, port: 80, protocol: HTTP}\n  - {name: a, port: 81, protocol: HTTP}\n",
			"spec.listeners[1].name", 8, "Listener name must be unique"},
		{"Gateway port/protocol/hostname unique", gatewayHead + "  listeners:\n  - {name: a, port: 80, protocol: HTTP}\n  - {name: b, port: 80, protocol: HTTP}\n",
			"spec.listeners[1]", 8, "Combination of port, protocol and hostname must be unique"},
		{"Gateway TLS on HTTP listener", gatewayHead + "  listeners:\n  - {name: a, port: 80, protocol: HTTP, tls: {certificateRefs: [{name: c}]}}\n",
			"spec.listeners[0].tls", 7, "tls must not be specified for protocols"},
		{"Gateway HTTPS Passthrough", gatewayHead + "  listeners:\n  - {name: a, port: 443, protocol: HTTPS, tls: {mode: Passthrough}}\n",
			"spec.listeners[0].tls.mode", 7, "tls mode must be Terminate for protocol HTTPS"},
		{"Gateway Terminate without certificates", gatewayHead + "  listeners:\n  - {name: a, port: 443, protocol: HTTPS, tls: {}}\n",
			"spec.listeners[0].tls", 7, "certificateRefs or options must be specified"},
		{"Gateway TLS protocol without mode", gatewayHead + "  listeners:\n  - {name: a, port: 443, protocol: TLS}\n",
			"spec.listeners[0].tls", 7, "tls mode must be set for protocol TLS"},
		{"Gateway TCP listener with hostname", gatewayHead + "  listeners:\n  - {name: a, port: 9000, protocol: TCP, hostname: a.example}\n",
			"spec.listeners[0].hostname", 7, "hostname must not be specified"},
		{"Gateway listener hostname invalid", gatewayHead + "  listeners:\n  - {name: a, port: 80, protocol: HTTP, hostname: '*'}\n",
			"spec.listeners[0].hostname", 7, "invalid hostname"},
		{"Gateway port out of range", gatewayHead + "  listeners:\n  - {name: a, port: 70000, protocol: HTTP}\n",
			"spec.listeners[0].port", 7, "port must be in 1..65535"},
		{"Gateway frontend TLS per-port ports unique", gatewayHead + "  tls:\n    frontend:\n      default: {}\n      perPort:\n      - {port: 443, tls: {}}\n      - {port: 443, tls: {}}\n  listeners: [{name: a, port: 80, protocol: HTTP}]\n",
			"spec.tls.frontend.perPort[1].port", 11, "Port for TLS configuration must be unique"},
		{"Gateway frontend validation without CA", gatewayHead + "  tls:\n    frontend:\n      default: {validation: {caCertificateRefs: []}}\n  listeners: [{name: a, port: 80, protocol: HTTP}]\n",
			"spec.tls.frontend.default.validation.caCertificateRefs", 8, "caCertificateRefs is required"},
		{"Gateway without listeners", gatewayHead, "spec.listeners", 4, "at least 1 item"},
		{"Gateway address not an IP", gatewayHead + "  addresses: [{value: foo}]\n  listeners: [{name: a, port: 80, protocol: HTTP}]\n",
			"spec.addresses[0].value", 6, "IPAddress value must be an IPv4 or IPv6 address"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, err := LoadBytes("v.yaml", []byte(tt.in))
			if err != nil {
				t.Fatal(err)
			}
			if n := len(r.Ingresses) + len(r.HTTPRoutes) + len(r.GRPCRoutes) + len(r.Gateways); n != 0 {
				t.Errorf("invalid object kept in the typed lists (%d)", n)
			}
			for _, d := range r.Invalid {
				if d.Source.Field == tt.field && strings.Contains(d.Message, tt.msg) {
					if d.Source.Line != tt.line || d.Source.File != "v.yaml" {
						t.Errorf("%s at %s:%d, want v.yaml:%d", tt.field, d.Source.File, d.Source.Line, tt.line)
					}
					return
				}
			}
			t.Errorf("no Invalid diagnostic %s: %q; got %+v", tt.field, tt.msg, r.Invalid)
		})
	}
}

// TestValidObjectsAreKept checks that valid objects do not produce Invalid diagnostics.
func TestValidObjectsAreKept(t *testing.T) {
	in := ingressHead + `  ingressClassName: nginx
  tls:
  - hosts: ['*.a.example']
  rules:
  - host: '*.a.example'
    http:
      paths:
      - {path: /, pathType: Prefix, backend: {service: {name: s, port: {name: http}}}}
      - {path: '/x(/|$)(.*)', pathType: ImplementationSpecific, backend: {service: {name: s, port: {number: 80}}}}
---
` + routeHead + `  parentRefs: [{name: gw, sectionName: http}, {name: gw, sectionName: https}]
  hostnames: ['*.a.example', b.example]
  rules:
  - matches: [{path: {type: RegularExpression, value: '/a.*'}}, {path: {type: PathPrefix, value: '/x%2Ey'}}]
    filters: [{type: URLRewrite, urlRewrite: {path: {type: ReplaceFullPath, replaceFullPath: /z}}}]
    backendRefs: [{name: s, port: 80, weight: 0}]
    timeouts: {request: 0s, backendRequest: 1m30s}
---
` + gatewayHead + `  listeners:
  - {name: http, port: 80, protocol: HTTP, hostname: '*.a.example'}
  - {name: https, port: 443, protocol: HTTPS, tls: {certificateRefs: [{name: c}]}}
  - {name: tls, port: 443, protocol: TLS, tls: {mode: Passthrough}}
`
	r, err := LoadBytes("ok.yaml", []byte(in))
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Invalid) != 0 {
		t.Fatalf("Invalid = %+v", r.Invalid)
	}
	if len(r.Ingresses) != 1 || len(r.HTTPRoutes) != 1 || len(r.Gateways) != 1 {
		t.Errorf("kept %d Ingresses, %d HTTPRoutes, %d Gateways; want 1 each", len(r.Ingresses), len(r.HTTPRoutes), len(r.Gateways))
	}
}
