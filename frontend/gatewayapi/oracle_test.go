package gatewayapi

import (
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/ingress-parity/ingress-parity/explain"
	"github.com/ingress-parity/ingress-parity/model"
)

// The oracle tables restate cases of the Gateway API conformance suite
// (kubernetes-sigs/gateway-api conformance/tests/<name>.go and .yaml): the
// manifests reduced to what matters, and each request with the backend, status or Location
// the suite expects. Each request is evaluated with model.(*Model).Resolve on the built model.

// conformanceBase is conformance/base/manifests.yaml reduced: the "same-namespace" Gateway and
// the Services the tests use.
const conformanceBase = `
apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata: {name: same-namespace, namespace: gateway-conformance-infra}
spec:
  gatewayClassName: eg
  listeners:
  - name: http
    port: 80
    protocol: HTTP
    allowedRoutes: {namespaces: {from: Same}}
---
apiVersion: v1
kind: Service
metadata: {name: infra-backend-v1, namespace: gateway-conformance-infra}
spec: {ports: [{port: 8080}]}
---
apiVersion: v1
kind: Service
metadata: {name: infra-backend-v2, namespace: gateway-conformance-infra}
spec: {ports: [{port: 8080}]}
---
apiVersion: v1
kind: Service
metadata: {name: infra-backend-v3, namespace: gateway-conformance-infra}
spec: {ports: [{port: 8080}]}
---
apiVersion: v1
kind: Service
metadata: {name: web-backend, namespace: gateway-conformance-web-backend}
spec: {ports: [{port: 8080}]}
---
apiVersion: v1
kind: Service
metadata: {name: app-backend-v1, namespace: gateway-conformance-app-backend}
spec: {ports: [{port: 8080}]}
---
apiVersion: v1
kind: Service
metadata: {name: app-backend-v2, namespace: gateway-conformance-app-backend}
spec: {ports: [{port: 8080}]}
`

// oracleRow is one request and what the conformance test expects for it.
type oracleRow struct {
	req oracleReq
	// backend is the expected "namespace/service" (short names are in gateway-conformance-infra).
	backend string
	// status is the expected status for a redirect or a rejection.
	status int
	// location is the expected Location of a redirect.
	location string
	// upstreamPath is the path the backend is expected to receive (rewrites).
	upstreamPath string
}

// oracleReq is a request in the suite's terms; empty fields take the suite's defaults.
type oracleReq struct {
	method, host, path string
	scheme             model.Scheme
	port               int32
	headers            map[string]string
}

func (q oracleReq) request() model.Request {
	r := model.Request{Method: "GET", Scheme: model.HTTP, Host: "example.com", Port: 80, Headers: http.Header{}}
	if q.method != "" {
		r.Method = q.method
	}
	if q.host != "" {
		r.Host = q.host
	}
	if q.scheme != "" {
		r.Scheme = q.scheme
		r.Port = model.DefaultPort(q.scheme)
	}
	if q.port != 0 {
		r.Port = q.port
	}
	r.Path, r.Query, _ = strings.Cut(q.path, "?")
	for k, v := range q.headers {
		r.Headers.Set(k, v)
	}
	return r
}

func (q oracleReq) String() string {
	s := q.method
	if s == "" {
		s = "GET"
	}
	s += " " + q.host + q.path
	for k, v := range q.headers {
		s += fmt.Sprintf(" %s=%s", k, v)
	}
	return s
}

// oracleTable is one conformance test.
type oracleTable struct {
	// source is the conformance test file the table restates.
	source string
	// yaml is added to conformanceBase.
	yaml string
	// entryPoint selects the entry point when the manifests have several Gateways.
	entryPoint string
	rows       []oracleRow
}

// outcome asks explain what the entry point does with r, as a user of `ingress-parity
// explain` would, and returns it as an outcome; no listener for the request's host is a 404
// (the Gateway's data plane has no virtual host for it).
func outcome(t *testing.T, m *model.Model, entryPoint string, r model.Request) model.Outcome {
	t.Helper()
	a := explain.Explain(m, r)
	if a == nil {
		return model.Outcome{Kind: model.Reject, Status: 404, Reason: "no listener"}
	}
	for _, ans := range append([]explain.Answer{*a}, a.Others...) {
		if ans.EntryPoint != entryPoint {
			continue
		}
		o := model.Outcome{Kind: model.DecisionKind(ans.Decision.Decision), Status: ans.Status, Reason: ans.Reason, UpstreamPath: ans.UpstreamPath, UpstreamHost: ans.UpstreamHost, Location: ans.Location}
		for _, b := range ans.Backends {
			o.Backends = append(o.Backends, model.Backend{Namespace: b.Namespace, Service: b.Service, Port: b.Port, PortName: b.PortName, Weight: b.Weight, Invalid: b.Invalid})
		}
		return o
	}
	return model.Outcome{Kind: model.Reject, Status: 404, Reason: "no listener"}
}

func (row oracleRow) check(t *testing.T, o model.Outcome) {
	t.Helper()
	switch {
	case row.backend != "":
		want := row.backend
		if !strings.Contains(want, "/") {
			want = "gateway-conformance-infra/" + want
		}
		if o.Kind != model.Forward || len(o.Backends) != 1 || o.Backends[0].Namespace+"/"+o.Backends[0].Service != want || o.Backends[0].Invalid != "" {
			t.Fatalf("want forward to %s, got %s", want, o)
		}
		if row.upstreamPath != "" && o.UpstreamPath != row.upstreamPath {
			t.Fatalf("want upstream path %s, got %s", row.upstreamPath, o)
		}
	case row.location != "":
		if o.Kind != model.Redirect || o.Status != row.status || o.Location != row.location {
			t.Fatalf("want redirect %d to %s, got %s", row.status, row.location, o)
		}
	default:
		if o.Kind != model.Reject || o.Status != row.status {
			t.Fatalf("want reject %d, got %s", row.status, o)
		}
	}
}

func runOracle(t *testing.T, impl string, tables map[string]oracleTable) {
	for name, tb := range tables {
		t.Run(name, func(t *testing.T) {
			res := loadYAML(t, tb.source, []byte(conformanceBase+"\n---\n"+tb.yaml))
			m, err := Build(res, Options{Implementation: impl})
			if err != nil {
				t.Fatal(err)
			}
			ep := tb.entryPoint
			if ep == "" {
				ep = "gateway/gateway-conformance-infra/same-namespace"
			}
			for _, row := range tb.rows {
				t.Run(row.req.String(), func(t *testing.T) {
					row.check(t, outcome(t, m, ep, row.req.request()))
				})
			}
		})
	}
}

// TestConformanceOracle runs every table under every profile: these conformance cases hold
// for all conformant implementations.
func TestConformanceOracle(t *testing.T) {
	for _, impl := range []string{EnvoyGateway, Istio, Generic} {
		t.Run(impl, func(t *testing.T) { runOracle(t, impl, conformanceTables) })
	}
}

func get(path string) oracleReq { return oracleReq{path: path} }

func hdr(path string, kv ...string) oracleReq {
	h := map[string]string{}
	for i := 0; i+1 < len(kv); i += 2 {
		h[kv[i]] = kv[i+1]
	}
	return oracleReq{path: path, headers: h}
}

func host(h, path string) oracleReq { return oracleReq{host: h, path: path} }

func method(m, path string, kv ...string) oracleReq {
	q := hdr(path, kv...)
	q.method = m
	return q
}
