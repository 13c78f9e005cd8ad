package gatewayapi

// route is the header of an HTTPRoute in gateway-conformance-infra attached to same-namespace.
func route(name, spec string) string {
	return `apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: {name: ` + name + `, namespace: gateway-conformance-infra}
spec:
  parentRefs: [{name: same-namespace}]
` + spec
}

var conformanceTables = map[string]oracleTable{
	"httproute-matching": {
		source: "conformance/tests/httproute-matching.go",
		yaml: route("matching", `  rules:
  - matches:
    - path: {type: PathPrefix, value: /}
    - headers: [{name: version, value: one}]
    backendRefs: [{name: infra-backend-v1, port: 8080}]
  - matches:
    - path: {type: PathPrefix, value: /v2}
    - headers: [{name: version, value: two}]
    backendRefs: [{name: infra-backend-v2, port: 8080}]
`),
		rows: []oracleRow{
			{req: get("/"), backend: "infra-backend-v1"},
			{req: get("/example"), backend: "infra-backend-v1"},
			{req: hdr("/", "Version", "one"), backend: "infra-backend-v1"},
			{req: get("/v2"), backend: "infra-backend-v2"},
			{req: get("/v2/example"), backend: "infra-backend-v2"},
			{req: hdr("/", "Version", "two"), backend: "infra-backend-v2"},
			{req: get("/v2/"), backend: "infra-backend-v2"},
			{req: get("/v2example"), backend: "infra-backend-v1"},
			{req: get("/foo/v2/example"), backend: "infra-backend-v1"},
		},
	},
	"httproute-exact-path-matching": {
		source: "conformance/tests/httproute-exact-path-matching.go",
		yaml: route("exact-matching", `  rules:
  - matches: [{path: {type: Exact, value: /one}}]
    backendRefs: [{name: infra-backend-v1, port: 8080}]
  - matches: [{path: {type: Exact, value: /two}}]
    backendRefs: [{name: infra-backend-v2, port: 8080}]
`),
		rows: []oracleRow{
			{req: get("/one"), backend: "infra-backend-v1"},
			{req: get("/two"), backend: "infra-backend-v2"},
			{req: get("/"), status: 404},
			{req: get("/one/example"), status: 404},
			{req: get("/two/"), status: 404},
			{req: get("/Two"), status: 404},
		},
	},
	"httproute-path-match-order": {
		source: "conformance/tests/httproute-path-match-order.go",
		yaml: route("path-matching-order", `  rules:
  - matches: [{path: {type: Exact, value: /match}}]
    backendRefs: [{name: infra-backend-v1, port: 8080}]
  - matches: [{path: {type: Exact, value: /match/exact}}]
    backendRefs: [{name: infra-backend-v2, port: 8080}]
  - matches: [{path: {type: Exact, value: /match/exact/one}}]
    backendRefs: [{name: infra-backend-v3, port: 8080}]
  - matches: [{path: {type: PathPrefix, value: /match/}}]
    backendRefs: [{name: infra-backend-v3, port: 8080}]
  - matches: [{path: {type: PathPrefix, value: /match/prefix/}}]
    backendRefs: [{name: infra-backend-v1, port: 8080}]
  - matches: [{path: {type: PathPrefix, value: /match/prefix/one}}]
    backendRefs: [{name: infra-backend-v2, port: 8080}]
`),
		rows: []oracleRow{
			{req: get("/match/exact/one"), backend: "infra-backend-v3"},
			{req: get("/match/exact"), backend: "infra-backend-v2"},
			{req: get("/match"), backend: "infra-backend-v1"},
			{req: get("/match/prefix/one/any"), backend: "infra-backend-v2"},
			{req: get("/match/prefix/any"), backend: "infra-backend-v1"},
			{req: get("/match/any"), backend: "infra-backend-v3"},
		},
	},
	"httproute-header-matching": {
		source: "conformance/tests/httproute-header-matching.go",
		yaml: route("header-matching", `  rules:
  - matches: [{headers: [{name: version, value: one}]}]
    backendRefs: [{name: infra-backend-v1, port: 8080}]
  - matches: [{headers: [{name: version, value: two}]}]
    backendRefs: [{name: infra-backend-v2, port: 8080}]
  - matches: [{headers: [{name: version, value: two}, {name: color, value: orange}]}]
    backendRefs: [{name: infra-backend-v1, port: 8080}]
  - matches: [{headers: [{name: color, value: blue}]}, {headers: [{name: color, value: green}]}]
    backendRefs: [{name: infra-backend-v1, port: 8080}]
  - matches: [{headers: [{name: color, value: red}]}, {headers: [{name: color, value: yellow}]}]
    backendRefs: [{name: infra-backend-v2, port: 8080}]
`),
		rows: []oracleRow{
			{req: hdr("/", "Version", "one"), backend: "infra-backend-v1"},
			{req: hdr("/", "Version", "two"), backend: "infra-backend-v2"},
			{req: hdr("/", "Version", "two", "Color", "orange"), backend: "infra-backend-v1"},
			{req: hdr("/", "Version", "two", "Color", "blue"), backend: "infra-backend-v2"},
			{req: hdr("/", "Color", "orange"), status: 404},
			{req: hdr("/", "Some-Other-Header", "one"), status: 404},
			{req: hdr("/", "Color", "blue"), backend: "infra-backend-v1"},
			{req: hdr("/", "Color", "green"), backend: "infra-backend-v1"},
			{req: hdr("/", "Color", "red"), backend: "infra-backend-v2"},
			{req: hdr("/", "Color", "yellow"), backend: "infra-backend-v2"},
			{req: hdr("/", "Color", "purple"), status: 404},
		},
	},
	"httproute-query-param-matching": {
		source: "conformance/tests/httproute-query-param-matching.go",
		yaml: route("query-param-matching", `  rules:
  - matches: [{queryParams: [{name: animal, value: whale}]}]
    backendRefs: [{name: infra-backend-v1, port: 8080}]
  - matches: [{queryParams: [{name: animal, value: dolphin}]}]
    backendRefs: [{name: infra-backend-v2, port: 8080}]
  - matches:
    - queryParams: [{name: animal, value: dolphin}, {name: color, value: blue}]
    - queryParams: [{name: ANIMAL, value: Whale}]
    backendRefs: [{name: infra-backend-v3, port: 8080}]
  - matches:
    - path: {type: PathPrefix, value: /path1}
      queryParams: [{name: animal, value: whale}]
    backendRefs: [{name: infra-backend-v1, port: 8080}]
  - matches:
    - headers: [{name: version, value: one}]
      queryParams: [{name: animal, value: whale}]
    backendRefs: [{name: infra-backend-v2, port: 8080}]
  - matches:
    - path: {type: PathPrefix, value: /path2}
      headers: [{name: version, value: two}]
      queryParams: [{name: animal, value: whale}]
    backendRefs: [{name: infra-backend-v3, port: 8080}]
  - matches:
    - path: {type: PathPrefix, value: /path3}
      queryParams: [{name: animal, value: shark}]
    - path: {type: PathPrefix, value: /path4}
      headers: [{name: version, value: three}]
      queryParams: [{name: animal, value: kraken}]
    backendRefs: [{name: infra-backend-v1, port: 8080}]
  - matches: [{path: {type: PathPrefix, value: /path5}}]
    backendRefs: [{name: infra-backend-v1, port: 8080}]
  - matches: [{queryParams: [{name: animal, value: hydra}]}]
    backendRefs: [{name: infra-backend-v2, port: 8080}]
  - matches: [{headers: [{name: version, value: four}]}]
    backendRefs: [{name: infra-backend-v3, port: 8080}]
`),
		rows: []oracleRow{
			{req: get("/?animal=whale"), backend: "infra-backend-v1"},
			{req: get("/?animal=dolphin"), backend: "infra-backend-v2"},
			{req: get("/?animal=dolphin&color=blue"), backend: "infra-backend-v3"},
			{req: get("/?ANIMAL=Whale"), backend: "infra-backend-v3"},
			{req: get("/?animal=whale&otherparam=irrelevant"), backend: "infra-backend-v1"},
			{req: get("/?animal=dolphin&color=yellow"), backend: "infra-backend-v2"},
			{req: get("/?color=blue"), status: 404},
			{req: get("/?animal=dog"), status: 404},
			{req: get("/?animal=whaledolphin"), status: 404},
			{req: get("/"), status: 404},
			{req: get("/path1?animal=whale"), backend: "infra-backend-v1"},
			{req: hdr("/?animal=whale", "version", "one"), backend: "infra-backend-v2"},
			{req: hdr("/path2?animal=whale", "version", "two"), backend: "infra-backend-v3"},
			{req: get("/path3?animal=shark"), backend: "infra-backend-v1"},
			{req: hdr("/path4?animal=kraken", "version", "three"), backend: "infra-backend-v1"},
			{req: get("/?animal=shark"), status: 404},
			{req: get("/path4?animal=kraken"), status: 404},
			{req: get("/path5?animal=hydra"), backend: "infra-backend-v1"},
			{req: hdr("/?animal=hydra", "version", "four"), backend: "infra-backend-v3"},
		},
	},
	"httproute-method-matching": {
		source: "conformance/tests/httproute-method-matching.go",
		yaml: route("method-matching", `  rules:
  - matches: [{method: POST}]
    backendRefs: [{name: infra-backend-v1, port: 8080}]
  - matches: [{method: GET}]
    backendRefs: [{name: infra-backend-v2, port: 8080}]
  - matches: [{path: {type: PathPrefix, value: /path1}, method: GET}]
    backendRefs: [{name: infra-backend-v1, port: 8080}]
  - matches: [{headers: [{name: version, value: one}], method: PUT}]
    backendRefs: [{name: infra-backend-v2, port: 8080}]
  - matches: [{path: {type: PathPrefix, value: /path2}, headers: [{name: version, value: two}], method: POST}]
    backendRefs: [{name: infra-backend-v3, port: 8080}]
  - matches:
    - {path: {type: PathPrefix, value: /path3}, method: PATCH}
    - {path: {type: PathPrefix, value: /path4}, headers: [{name: version, value: three}], method: DELETE}
    backendRefs: [{name: infra-backend-v1, port: 8080}]
  - matches: [{path: {type: PathPrefix, value: /path5}}]
    backendRefs: [{name: infra-backend-v1, port: 8080}]
  - matches: [{method: PATCH}]
    backendRefs: [{name: infra-backend-v2, port: 8080}]
  - matches: [{headers: [{name: version, value: four}]}]
    backendRefs: [{name: infra-backend-v3, port: 8080}]
`),
		rows: []oracleRow{
			{req: method("POST", "/"), backend: "infra-backend-v1"},
			{req: method("GET", "/"), backend: "infra-backend-v2"},
			{req: method("HEAD", "/"), status: 404},
			{req: method("GET", "/path1"), backend: "infra-backend-v1"},
			{req: method("PUT", "/", "version", "one"), backend: "infra-backend-v2"},
			{req: method("POST", "/path2", "version", "two"), backend: "infra-backend-v3"},
			{req: method("PATCH", "/path3"), backend: "infra-backend-v1"},
			{req: method("DELETE", "/path4", "version", "three"), backend: "infra-backend-v1"},
			{req: method("PUT", "/"), status: 404},
			{req: method("DELETE", "/path4"), status: 404},
			{req: method("PATCH", "/path5"), backend: "infra-backend-v1"},
			{req: method("PATCH", "/", "version", "four"), backend: "infra-backend-v2"},
		},
	},
	"httproute-hostname-intersection": {
		source:     "conformance/tests/httproute-hostname-intersection.go",
		entryPoint: "gateway/gateway-conformance-infra/httproute-hostname-intersection",
		yaml: `apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata: {name: httproute-hostname-intersection, namespace: gateway-conformance-infra}
spec:
  gatewayClassName: eg
  listeners:
  - {name: listener-1, port: 80, protocol: HTTP, hostname: very.specific.com}
  - {name: listener-2, port: 80, protocol: HTTP, hostname: "*.wildcard.io"}
  - {name: listener-3, port: 80, protocol: HTTP, hostname: "*.anotherwildcard.io"}
---
` + hostRoute("specific-host-matches-listener-specific-host", "/s1", "infra-backend-v1", "non.matching.com", "*.nonmatchingwildcard.io", "very.specific.com") +
			"---\n" + hostRoute("specific-host-matches-listener-wildcard-host", "/s2", "infra-backend-v2", "non.matching.com", "wildcard.io", "foo.wildcard.io", "bar.wildcard.io", "foo.bar.wildcard.io") +
			"---\n" + hostRoute("wildcard-host-matches-listener-specific-host", "/s3", "infra-backend-v3", "non.matching.com", "*.specific.com") +
			"---\n" + hostRoute("wildcard-host-matches-listener-wildcard-host", "/s4", "infra-backend-v1", "*.anotherwildcard.io") +
			"---\n" + hostRoute("no-intersecting-hosts", "/s5", "infra-backend-v2", "specific.but.wrong.com", "wildcard.io"),
		rows: []oracleRow{
			{req: host("very.specific.com", "/s1"), backend: "infra-backend-v1"},
			{req: host("non.matching.com", "/s1"), status: 404},
			{req: host("foo.nonmatchingwildcard.io", "/s1"), status: 404},
			{req: host("foo.wildcard.io", "/s1"), status: 404},
			{req: host("very.specific.com", "/non-matching-prefix"), status: 404},
			{req: host("foo.wildcard.io", "/s2"), backend: "infra-backend-v2"},
			{req: host("bar.wildcard.io", "/s2"), backend: "infra-backend-v2"},
			{req: host("foo.bar.wildcard.io", "/s2"), backend: "infra-backend-v2"},
			{req: host("non.matching.com", "/s2"), status: 404},
			{req: host("wildcard.io", "/s2"), status: 404},
			{req: host("very.specific.com", "/s2"), status: 404},
			{req: host("foo.wildcard.io", "/non-matching-prefix"), status: 404},
			{req: host("very.specific.com", "/s3"), backend: "infra-backend-v3"},
			{req: host("non.matching.com", "/s3"), status: 404},
			{req: host("foo.specific.com", "/s3"), status: 404},
			{req: host("foo.wildcard.io", "/s3"), status: 404},
			{req: host("foo.anotherwildcard.io", "/s4"), backend: "infra-backend-v1"},
			{req: host("bar.anotherwildcard.io", "/s4"), backend: "infra-backend-v1"},
			{req: host("foo.bar.anotherwildcard.io", "/s4"), backend: "infra-backend-v1"},
			{req: host("anotherwildcard.io", "/s4"), status: 404},
			{req: host("foo.wildcard.io", "/s4"), status: 404},
			{req: host("very.specific.com", "/s4"), status: 404},
			{req: host("specific.but.wrong.com", "/s5"), status: 404},
			{req: host("wildcard.io", "/s5"), status: 404},
		},
	},
	"httproute-listener-hostname-matching": {
		source:     "conformance/tests/httproute-listener-hostname-matching.go",
		entryPoint: "gateway/gateway-conformance-infra/httproute-listener-hostname-matching",
		yaml: `apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata: {name: httproute-listener-hostname-matching, namespace: gateway-conformance-infra}
spec:
  gatewayClassName: eg
  listeners:
  - {name: listener-1, port: 80, protocol: HTTP, hostname: bar.com}
  - {name: listener-2, port: 80, protocol: HTTP, hostname: foo.bar.com}
  - {name: listener-3, port: 80, protocol: HTTP, hostname: "*.bar.com"}
  - {name: listener-4, port: 80, protocol: HTTP, hostname: "*.foo.com"}
---
` + sectionRoute("backend-v1", "infra-backend-v1", "listener-1") +
			"---\n" + sectionRoute("backend-v2", "infra-backend-v2", "listener-2") +
			"---\n" + sectionRoute("backend-v3", "infra-backend-v3", "listener-3", "listener-4"),
		rows: []oracleRow{
			{req: host("bar.com", "/"), backend: "infra-backend-v1"},
			{req: host("foo.bar.com", "/"), backend: "infra-backend-v2"},
			{req: host("baz.bar.com", "/"), backend: "infra-backend-v3"},
			{req: host("boo.bar.com", "/"), backend: "infra-backend-v3"},
			{req: host("multiple.prefixes.bar.com", "/"), backend: "infra-backend-v3"},
			{req: host("multiple.prefixes.foo.com", "/"), backend: "infra-backend-v3"},
			{req: host("foo.com", "/"), status: 404},
			{req: host("no.matching.host", "/"), status: 404},
		},
	},
	"httproute-redirect-path": {
		source: "conformance/tests/httproute-redirect-path.go",
		yaml: route("redirect-path", `  rules:
  - matches: [{path: {type: PathPrefix, value: /original-prefix}}]
    filters: [{type: RequestRedirect, requestRedirect: {path: {type: ReplacePrefixMatch, replacePrefixMatch: /replacement-prefix}}}]
  - matches: [{path: {type: PathPrefix, value: /full}}]
    filters: [{type: RequestRedirect, requestRedirect: {path: {type: ReplaceFullPath, replaceFullPath: /full-path-replacement}}}]
  - matches: [{path: {type: PathPrefix, value: /path-and-host}}]
    filters: [{type: RequestRedirect, requestRedirect: {hostname: example.org, path: {type: ReplacePrefixMatch, replacePrefixMatch: /replacement-prefix}}}]
  - matches: [{path: {type: PathPrefix, value: /path-and-status}}]
    filters: [{type: RequestRedirect, requestRedirect: {statusCode: 301, path: {type: ReplacePrefixMatch, replacePrefixMatch: /replacement-prefix}}}]
  - matches: [{path: {type: PathPrefix, value: /full-path-and-host}}]
    filters: [{type: RequestRedirect, requestRedirect: {hostname: example.org, path: {type: ReplaceFullPath, replaceFullPath: /replacement-full}}}]
  - matches: [{path: {type: PathPrefix, value: /full-path-and-status}}]
    filters: [{type: RequestRedirect, requestRedirect: {statusCode: 301, path: {type: ReplaceFullPath, replaceFullPath: /replacement-full}}}]
`),
		rows: []oracleRow{
			{req: get("/original-prefix/lemon"), status: 302, location: "http://example.com/replacement-prefix/lemon"},
			{req: get("/full/path/original"), status: 302, location: "http://example.com/full-path-replacement"},
			{req: get("/path-and-host"), status: 302, location: "http://example.org/replacement-prefix"},
			{req: get("/path-and-status"), status: 301, location: "http://example.com/replacement-prefix"},
			{req: get("/full-path-and-host"), status: 302, location: "http://example.org/replacement-full"},
			{req: get("/full-path-and-status"), status: 301, location: "http://example.com/replacement-full"},
		},
	},
	"httproute-redirect-port-scheme-host": {
		source: "conformance/tests/httproute-redirect-port.go, httproute-redirect-scheme.go, httproute-redirect-host-and-status.go",
		yaml: route("redirects", `  rules:
  - matches: [{path: {type: PathPrefix, value: /port}}]
    filters: [{type: RequestRedirect, requestRedirect: {port: 8083}}]
  - matches: [{path: {type: PathPrefix, value: /port-and-host-and-status}}]
    filters: [{type: RequestRedirect, requestRedirect: {port: 8083, hostname: example.org, statusCode: 302}}]
  - matches: [{path: {type: PathPrefix, value: /scheme}}]
    filters: [{type: RequestRedirect, requestRedirect: {scheme: https}}]
  - matches: [{path: {type: PathPrefix, value: /scheme-and-status}}]
    filters: [{type: RequestRedirect, requestRedirect: {scheme: https, statusCode: 301}}]
  - matches: [{path: {type: PathPrefix, value: /hostname-redirect}}]
    filters: [{type: RequestRedirect, requestRedirect: {hostname: example.org}}]
  - matches: [{path: {type: PathPrefix, value: /host-and-status}}]
    filters: [{type: RequestRedirect, requestRedirect: {hostname: example.org, statusCode: 301}}]
`),
		rows: []oracleRow{
			{req: get("/port"), status: 302, location: "http://example.com:8083/port"},
			{req: get("/port-and-host-and-status"), status: 302, location: "http://example.org:8083/port-and-host-and-status"},
			{req: get("/scheme"), status: 302, location: "https://example.com/scheme"},
			{req: get("/scheme-and-status"), status: 301, location: "https://example.com/scheme-and-status"},
			{req: get("/hostname-redirect"), status: 302, location: "http://example.org/hostname-redirect"},
			{req: get("/host-and-status"), status: 301, location: "http://example.org/host-and-status"},
		},
	},
	"httproute-redirect-port-and-scheme-8080": {
		source:     "conformance/tests/httproute-redirect-port-and-scheme.go (listener on port 8080)",
		entryPoint: "gateway/gateway-conformance-infra/same-namespace-with-http-listener-on-8080",
		yaml: `apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata: {name: same-namespace-with-http-listener-on-8080, namespace: gateway-conformance-infra}
spec:
  gatewayClassName: eg
  listeners:
  - {name: http, port: 8080, protocol: HTTP}
---
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: {name: http-route-for-listener-on-port-8080, namespace: gateway-conformance-infra}
spec:
  parentRefs: [{name: same-namespace-with-http-listener-on-8080}]
  rules:
  - matches: [{path: {type: PathPrefix, value: /scheme-nil-and-port-nil}}]
    filters: [{type: RequestRedirect, requestRedirect: {hostname: example.org}}]
  - matches: [{path: {type: PathPrefix, value: /scheme-nil-and-port-80}}]
    filters: [{type: RequestRedirect, requestRedirect: {port: 80, hostname: example.org}}]
  - matches: [{path: {type: PathPrefix, value: /scheme-https-and-port-nil}}]
    filters: [{type: RequestRedirect, requestRedirect: {scheme: https, hostname: example.org}}]
`,
		rows: []oracleRow{
			{req: oracleReq{path: "/scheme-nil-and-port-nil", port: 8080}, status: 302, location: "http://example.org:8080/scheme-nil-and-port-nil"},
			{req: oracleReq{path: "/scheme-nil-and-port-80", port: 8080}, status: 302, location: "http://example.org/scheme-nil-and-port-80"},
			{req: oracleReq{path: "/scheme-https-and-port-nil", port: 8080}, status: 302, location: "https://example.org/scheme-https-and-port-nil"},
		},
	},
	"httproute-rewrite-path": {
		source: "conformance/tests/httproute-rewrite-path.go",
		yaml: route("rewrite-path", `  rules:
  - matches: [{path: {type: PathPrefix, value: /prefix/one}}]
    filters: [{type: URLRewrite, urlRewrite: {path: {type: ReplacePrefixMatch, replacePrefixMatch: /one}}}]
    backendRefs: [{name: infra-backend-v1, port: 8080}]
  - matches: [{path: {type: PathPrefix, value: /strip-prefix}}]
    filters: [{type: URLRewrite, urlRewrite: {path: {type: ReplacePrefixMatch, replacePrefixMatch: /}}}]
    backendRefs: [{name: infra-backend-v1, port: 8080}]
  - matches: [{path: {type: PathPrefix, value: /full/one}}]
    filters: [{type: URLRewrite, urlRewrite: {path: {type: ReplaceFullPath, replaceFullPath: /one}}}]
    backendRefs: [{name: infra-backend-v1, port: 8080}]
  - matches: [{path: {type: PathPrefix, value: /full/rewrite-path-and-modify-headers}}]
    filters:
    - {type: URLRewrite, urlRewrite: {path: {type: ReplaceFullPath, replaceFullPath: /test}}}
    - {type: RequestHeaderModifier, requestHeaderModifier: {set: [{name: X-Header-Set, value: set-overwrites-values}], remove: [X-Header-Remove]}}
    backendRefs: [{name: infra-backend-v1, port: 8080}]
  - matches: [{path: {type: PathPrefix, value: /prefix/rewrite-path-and-modify-headers}}]
    filters:
    - {type: URLRewrite, urlRewrite: {path: {type: ReplacePrefixMatch, replacePrefixMatch: /prefix}}}
    backendRefs: [{name: infra-backend-v1, port: 8080}]
`),
		rows: []oracleRow{
			{req: get("/prefix/one/two"), backend: "infra-backend-v1", upstreamPath: "/one/two"},
			{req: get("/strip-prefix/three"), backend: "infra-backend-v1", upstreamPath: "/three"},
			{req: get("/strip-prefix"), backend: "infra-backend-v1", upstreamPath: "/"},
			{req: get("/full/one/two"), backend: "infra-backend-v1", upstreamPath: "/one"},
			{req: get("/full/rewrite-path-and-modify-headers/test"), backend: "infra-backend-v1", upstreamPath: "/test"},
			{req: get("/prefix/rewrite-path-and-modify-headers/one"), backend: "infra-backend-v1", upstreamPath: "/prefix/one"},
		},
	},
	"httproute-invalid-backends": {
		source: "conformance/tests/httproute-invalid-cross-namespace-backend-ref.go, httproute-invalid-nonexistent-backendref.go, httproute-invalid-backendref-unknown-kind.go, httproute-omitted-backendrefs.go",
		yaml: route("invalid", `  rules:
  - matches: [{path: {type: Exact, value: /cross}}]
    backendRefs: [{name: web-backend, namespace: gateway-conformance-web-backend, port: 8080}]
  - matches: [{path: {type: Exact, value: /nonexistent}}]
    backendRefs: [{name: nonexistent, namespace: gateway-conformance-infra, port: 8080}]
  - matches: [{path: {type: Exact, value: /v2}}]
    backendRefs: [{group: unknownkind.example.com, kind: NonExistent, name: infra-backend-v1, port: 8080}]
  - matches: [{path: {type: Exact, value: /omitted-no-forward}}]
  - matches: [{path: {type: Exact, value: /empty-no-forward}}]
    backendRefs: []
  - matches: [{path: {type: PathPrefix, value: /}}]
    backendRefs: [{name: infra-backend-v1, port: 8080}]
`),
		rows: []oracleRow{
			{req: get("/cross"), status: 500},
			{req: get("/nonexistent"), status: 500},
			{req: get("/v2"), status: 500},
			{req: get("/omitted-no-forward"), status: 500},
			{req: get("/empty-no-forward"), status: 500},
			{req: get("/forward"), backend: "infra-backend-v1"},
		},
	},
	"httproute-invalid-reference-grant": {
		source: "conformance/tests/httproute-invalid-reference-grant.go, httproute-partially-invalid-via-invalid-reference-grant.go",
		yaml: route("reference-grant", `  rules:
  - matches: [{path: {type: Exact, value: /web}}]
    backendRefs: [{name: web-backend, namespace: gateway-conformance-web-backend, port: 8080}]
  - matches: [{path: {type: PathPrefix, value: /v2}}]
    backendRefs: [{name: app-backend-v2, namespace: gateway-conformance-app-backend, port: 8080}]
  - backendRefs: [{name: app-backend-v1, namespace: gateway-conformance-app-backend, port: 8080}]
`) + `---
` + grant("reference-grant-wrong-namespace", "gateway-conformance-infra", "gateway.networking.k8s.io", "HTTPRoute", "gateway-conformance-infra", "", "Service", "web-backend") +
			"---\n" + grant("wrong-from-group", "gateway-conformance-web-backend", "not-the-group", "HTTPRoute", "gateway-conformance-infra", "", "Service", "web-backend") +
			"---\n" + grant("wrong-from-kind", "gateway-conformance-web-backend", "gateway.networking.k8s.io", "Gateway", "gateway-conformance-infra", "", "Service", "web-backend") +
			"---\n" + grant("wrong-from-namespace", "gateway-conformance-web-backend", "gateway.networking.k8s.io", "HTTPRoute", "not-the-namespace", "", "Service", "web-backend") +
			"---\n" + grant("wrong-to-group", "gateway-conformance-web-backend", "gateway.networking.k8s.io", "HTTPRoute", "gateway-conformance-infra", "not-the-group", "Service", "web-backend") +
			"---\n" + grant("wrong-to-kind", "gateway-conformance-web-backend", "gateway.networking.k8s.io", "HTTPRoute", "gateway-conformance-infra", "", "Secret", "web-backend") +
			"---\n" + grant("wrong-to-name", "gateway-conformance-web-backend", "gateway.networking.k8s.io", "HTTPRoute", "gateway-conformance-infra", "", "Service", "not-the-service") +
			"---\n" + grant("invalid-reference-grant", "gateway-conformance-app-backend", "gateway.networking.k8s.io", "HTTPRoute", "gateway-conformance-infra", "", "Service", "app-backend-v1"),
		rows: []oracleRow{
			{req: get("/web"), status: 500},
			{req: get("/v2"), status: 500},
			{req: get("/"), backend: "gateway-conformance-app-backend/app-backend-v1"},
		},
	},
}

// hostRoute is an HTTPRoute of the hostname-intersection test.
func hostRoute(name, prefix, backend string, hostnames ...string) string {
	hs := ""
	for _, h := range hostnames {
		hs += ` "` + h + `",`
	}
	return `apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: {name: ` + name + `, namespace: gateway-conformance-infra}
spec:
  parentRefs: [{name: httproute-hostname-intersection}]
  hostnames: [` + hs[:len(hs)-1] + `]
  rules:
  - matches: [{path: {type: PathPrefix, value: ` + prefix + `}}]
    backendRefs: [{name: ` + backend + `, port: 8080}]
`
}

// sectionRoute is an HTTPRoute of the listener-hostname-matching test.
func sectionRoute(name, backend string, sections ...string) string {
	refs := ""
	for _, s := range sections {
		refs += "  - {name: httproute-listener-hostname-matching, sectionName: " + s + "}\n"
	}
	return `apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: {name: ` + name + `, namespace: gateway-conformance-infra}
spec:
  parentRefs:
` + refs + `  rules:
  - backendRefs: [{name: ` + backend + `, port: 8080}]
`
}

// grant is a ReferenceGrant with one from and one to entry.
func grant(name, ns, fromGroup, fromKind, fromNS, toGroup, toKind, toName string) string {
	return `apiVersion: gateway.networking.k8s.io/v1beta1
kind: ReferenceGrant
metadata: {name: ` + name + `, namespace: ` + ns + `}
spec:
  from: [{group: "` + fromGroup + `", kind: ` + fromKind + `, namespace: ` + fromNS + `}]
  to: [{group: "` + toGroup + `", kind: ` + toKind + `, name: ` + toName + `}]
`
}
