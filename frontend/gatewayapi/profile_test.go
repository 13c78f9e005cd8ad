package gatewayapi

import (
	"errors"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/ingress-parity/ingress-parity/model"
)

// profileRoutes has routes whose precedence differs between implementations.
const profileRoutes = `
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: {name: a-method, namespace: gateway-conformance-infra, creationTimestamp: "2024-01-01T00:00:00Z"}
spec:
  parentRefs: [{name: same-namespace}]
  rules:
  - matches: [{path: {type: PathPrefix, value: /shop}, method: POST}]
    backendRefs: [{name: infra-backend-v1, port: 8080}]
---
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: {name: b-headers, namespace: gateway-conformance-infra, creationTimestamp: "2025-01-01T00:00:00Z"}
spec:
  parentRefs: [{name: same-namespace}]
  rules:
  - matches: [{path: {type: PathPrefix, value: /shop}, headers: [{name: a, value: "1"}, {name: b, value: "2"}]}]
    backendRefs: [{name: infra-backend-v2, port: 8080}]
  - matches: [{path: {type: RegularExpression, value: "/shop/.*"}}]
    backendRefs: [{name: infra-backend-v3, port: 8080}]
`

// TestProfilePrecedence pins where the profiles disagree: Envoy Gateway counts a method
// match as one header match (internal/gatewayapi/sort.go), the spec ranks method first; Istio
// ranks a regex below every prefix, Envoy Gateway above.
func TestProfilePrecedence(t *testing.T) {
	both := method("POST", "/shop", "a", "1", "b", "2")
	tests := []struct {
		impl string
		req  oracleReq
		want string
	}{
		{impl: EnvoyGateway, req: both, want: "infra-backend-v2"},
		{impl: Generic, req: both, want: "infra-backend-v1"},
		{impl: Istio, req: both, want: "infra-backend-v1"},
		{impl: EnvoyGateway, req: get("/shop/x"), want: "infra-backend-v3"},
		{impl: Generic, req: get("/shop/x"), want: "infra-backend-v3"},
		{impl: Istio, req: method("POST", "/shop/x"), want: "infra-backend-v1"},
		{impl: EnvoyGateway, req: method("POST", "/shop/x"), want: "infra-backend-v3"},
	}
	for _, tc := range tests {
		t.Run(tc.impl+" "+tc.req.String(), func(t *testing.T) {
			m, err := Build(loadYAML(t, "profile", []byte(conformanceBase+"\n---\n"+profileRoutes)), Options{Implementation: tc.impl})
			if err != nil {
				t.Fatal(err)
			}
			oracleRow{backend: tc.want}.check(t, outcome(t, m, "gateway/gateway-conformance-infra/same-namespace", tc.req.request()))
		})
	}
}

func TestProfileFacts(t *testing.T) {
	tests := []struct {
		impl        string
		want        model.Profile
		regexOpaque bool
	}{
		{impl: "", want: model.Profile{Name: EnvoyGateway, Wildcard: model.WildcardAnyLabels, Normalization: model.Normalization{MergeSlashes: true, ResolveDotSegments: true}}},
		{impl: Istio, want: model.Profile{Name: Istio, Wildcard: model.WildcardAnyLabels, Normalization: model.Normalization{ResolveDotSegments: true}}},
		{impl: Generic, want: model.Profile{Name: Generic, Wildcard: model.WildcardAnyLabels, Normalization: model.Normalization{ResolveDotSegments: true}}, regexOpaque: true},
	}
	for _, tc := range tests {
		t.Run("impl="+tc.impl, func(t *testing.T) {
			m, err := Build(loadYAML(t, "profile", []byte(conformanceBase+"\n---\n"+profileRoutes)), Options{Implementation: tc.impl})
			if err != nil {
				t.Fatal(err)
			}
			if d := cmp.Diff(tc.want, m.Profile); d != "" {
				t.Errorf("profile (-want +got):\n%s", d)
			}
			if m.Side != Side {
				t.Errorf("side = %q", m.Side)
			}
			opaque := false
			for _, r := range m.EntryPoints[0].Listeners[0].VirtualHosts[0].Routes {
				if r.Match.Path.Kind == model.PathRegex {
					opaque = len(r.Opaque) > 0
				}
			}
			if opaque != tc.regexOpaque {
				t.Errorf("regex route opaque = %v, want %v", opaque, tc.regexOpaque)
			}
		})
	}
}

// TestWeights restates conformance/tests/httproute-weight.go: weights 70/30/0 split between
// two backends; the weight-0 backend gets no traffic.
func TestWeights(t *testing.T) {
	yaml := conformanceBase + "\n---\n" + route("weighted-backends", `  rules:
  - backendRefs:
    - {name: infra-backend-v1, port: 8080, weight: 70}
    - {name: infra-backend-v2, port: 8080, weight: 30}
    - {name: infra-backend-v3, port: 8080, weight: 0}
`)
	m, err := Build(loadYAML(t, "weight", []byte(yaml)), Options{})
	if err != nil {
		t.Fatal(err)
	}
	o := outcome(t, m, "gateway/gateway-conformance-infra/same-namespace", get("/").request())
	got := map[string]int32{}
	for _, b := range o.Backends {
		got[b.Service] = b.Weight
	}
	if d := cmp.Diff(map[string]int32{"infra-backend-v1": 70, "infra-backend-v2": 30}, got); o.Kind != model.Forward || d != "" {
		t.Errorf("outcome %s, weights (-want +got):\n%s", o, d)
	}
}

func TestBuildErrors(t *testing.T) {
	res := loadYAML(t, "base", []byte(conformanceBase))
	tests := []struct {
		name string
		res  bool
		opts Options
		is   error
	}{
		{name: "nil resources", opts: Options{}},
		{name: "unknown implementation", res: true, opts: Options{Implementation: "nginx"}, is: ErrUnknownImplementation},
		{name: "gateway without namespace", res: true, opts: Options{Gateways: []string{"same-namespace"}}, is: ErrBadGatewayName},
		{name: "gateway not in inputs", res: true, opts: Options{Gateways: []string{"infra/nope"}}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			in := res
			if !tc.res {
				in = nil
			}
			m, err := Build(in, tc.opts)
			if err == nil || m != nil {
				t.Fatalf("want an error, got model %v, err %v", m, err)
			}
			if tc.is != nil && !errors.Is(err, tc.is) {
				t.Errorf("error %v is not %v", err, tc.is)
			}
		})
	}
}

// TestGatewayClassFilter keeps only the Gateways of one class.
func TestGatewayClassFilter(t *testing.T) {
	yaml := conformanceBase + `
---
apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata: {name: other, namespace: gateway-conformance-infra}
spec:
  gatewayClassName: istio
  listeners: [{name: http, port: 80, protocol: HTTP}]
`
	m, err := Build(loadYAML(t, "class", []byte(yaml)), Options{GatewayClass: "istio"})
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, ep := range m.EntryPoints {
		names = append(names, ep.Name)
	}
	if d := cmp.Diff([]string{"gateway/gateway-conformance-infra/other"}, names); d != "" {
		t.Errorf("entry points (-want +got):\n%s", d)
	}
}
