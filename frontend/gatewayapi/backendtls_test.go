package gatewayapi

import (
	"testing"

	"github.com/ingress-parity/ingress-parity/model"
)

// TestBackendTLSWithoutServices: without Service objects a backendRef's port name is unknown,
// so a policy naming a port (sectionName) cannot apply and one on the whole Service does.
func TestBackendTLSWithoutServices(t *testing.T) {
	const in = `
apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata: {name: gw, namespace: ns}
spec:
  gatewayClassName: eg
  listeners: [{name: http, port: 80, protocol: HTTP}]
---
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: {name: r, namespace: ns}
spec:
  parentRefs: [{name: gw}]
  rules:
  - matches: [{path: {type: PathPrefix, value: /a}}]
    backendRefs: [{name: a, port: 443}]
  - matches: [{path: {type: PathPrefix, value: /b}}]
    backendRefs: [{name: b, port: 443}]
---
apiVersion: gateway.networking.k8s.io/v1
kind: BackendTLSPolicy
metadata: {name: a, namespace: ns}
spec:
  targetRefs: [{group: "", kind: Service, name: a}]
  validation: {wellKnownCACertificates: System, hostname: a.ns.svc}
---
apiVersion: gateway.networking.k8s.io/v1
kind: BackendTLSPolicy
metadata: {name: b, namespace: ns}
spec:
  targetRefs: [{group: "", kind: Service, name: b, sectionName: https}]
  validation: {wellKnownCACertificates: System, hostname: b.ns.svc}
`
	m, err := Build(loadYAML(t, "backendtls", []byte(in)), Options{})
	if err != nil {
		t.Fatal(err)
	}
	_, rs := listenerRoutes(t, m, "http")
	tests := []struct {
		path     string
		wantHost string // "" for no TLS
	}{
		{"/a", "a.ns.svc"},
		{"/b", ""},
	}
	for _, tt := range tests {
		t.Run(tt.path, func(t *testing.T) {
			var be *model.Backend
			for _, r := range rs {
				if r.Match.Path.Value == tt.path {
					be = &r.Decision.Backends[0]
				}
			}
			if be == nil {
				t.Fatalf("no route for %s", tt.path)
			}
			got := ""
			if be.TLS != nil {
				got = be.TLS.Hostname
				if !be.TLS.Verify {
					t.Error("a BackendTLSPolicy always verifies")
				}
			}
			if got != tt.wantHost {
				t.Errorf("TLS hostname %q, want %q", got, tt.wantHost)
			}
		})
	}
}
