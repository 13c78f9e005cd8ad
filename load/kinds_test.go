package load

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

// counts summarises what LoadBytes put where.
type counts struct {
	Ingresses, IngressClasses, ConfigMaps, Services, Secrets          int
	GatewayClasses, Gateways, HTTPRoutes, GRPCRoutes, ReferenceGrants int
	Other, Skipped, Invalid                                           int
}

func countOf(r *Resources) counts {
	return counts{
		len(r.Ingresses), len(r.IngressClasses), len(r.ConfigMaps), len(r.Services), len(r.Secrets),
		len(r.GatewayClasses), len(r.Gateways), len(r.HTTPRoutes), len(r.GRPCRoutes), len(r.ReferenceGrants),
		len(r.Other), len(r.Skipped), len(r.Invalid),
	}
}

// TestKinds checks which list each apiVersion/kind goes to.
func TestKinds(t *testing.T) {
	obj := func(apiVersion, kind string) string {
		return "apiVersion: " + apiVersion + "\nkind: " + kind + "\nmetadata: {name: x}\n"
	}
	tests := []struct {
		name string
		in   string
		want counts
	}{
		{"Ingress", obj("networking.k8s.io/v1", "Ingress") + "spec: {defaultBackend: {service: {name: s, port: {number: 1}}}}\n", counts{Ingresses: 1}},
		{"IngressClass", obj("networking.k8s.io/v1", "IngressClass"), counts{IngressClasses: 1}},
		{"ConfigMap", obj("v1", "ConfigMap"), counts{ConfigMaps: 1}},
		{"Service", obj("v1", "Service"), counts{Services: 1}},
		{"Secret", obj("v1", "Secret") + "data: {a: aGk=}\n", counts{Secrets: 1}},
		{"GatewayClass v1", obj("gateway.networking.k8s.io/v1", "GatewayClass") + "spec: {controllerName: a.io/b}\n", counts{GatewayClasses: 1}},
		{"GatewayClass v1beta1", obj("gateway.networking.k8s.io/v1beta1", "GatewayClass") + "spec: {controllerName: a.io/b}\n", counts{GatewayClasses: 1}},
		{"Gateway v1beta1", obj("gateway.networking.k8s.io/v1beta1", "Gateway") + "spec: {gatewayClassName: c, listeners: [{name: h, port: 80, protocol: HTTP}]}\n", counts{Gateways: 1}},
		{"HTTPRoute v1beta1", obj("gateway.networking.k8s.io/v1beta1", "HTTPRoute"), counts{HTTPRoutes: 1}},
		{"GRPCRoute", obj("gateway.networking.k8s.io/v1", "GRPCRoute"), counts{GRPCRoutes: 1}},
		{"ReferenceGrant v1beta1", obj("gateway.networking.k8s.io/v1beta1", "ReferenceGrant") + "spec: {from: [{group: '', kind: HTTPRoute, namespace: a}], to: [{group: '', kind: Service}]}\n", counts{ReferenceGrants: 1}},
		{"ReferenceGrant v1", obj("gateway.networking.k8s.io/v1", "ReferenceGrant") + "spec: {from: [], to: []}\n", counts{ReferenceGrants: 1}},
		{"BackendTLSPolicy is Other", obj("gateway.networking.k8s.io/v1", "BackendTLSPolicy") + "spec: {anything: [1]}\n", counts{Other: 1}},
		{"TLSRoute v1alpha2 is Other", obj("gateway.networking.k8s.io/v1alpha2", "TLSRoute"), counts{Other: 1}},
		{"Envoy Gateway SecurityPolicy is Other", obj("gateway.envoyproxy.io/v1alpha1", "SecurityPolicy"), counts{Other: 1}},
		{"XListenerSet is Other", obj("gateway.networking.x-k8s.io/v1alpha1", "XListenerSet"), counts{Other: 1}},
		{"Namespace is Other (labels for allowedRoutes selectors)", obj("v1", "Namespace"), counts{Other: 1}},
		{"Pod is Skipped", obj("v1", "Pod") + "spec: {containers: []}\n", counts{Skipped: 1}},
		{"old Ingress version is Skipped", obj("extensions/v1beta1", "Ingress"), counts{Skipped: 1}},
		{"no kind is Skipped", "a: b\n", counts{Skipped: 1}},
		{"scalar document is Skipped", "just text\n", counts{Skipped: 1}},
		{"empty and comment-only documents", "---\n# only a comment\n---\n---\n~\n", counts{}},
		{"List of objects", "apiVersion: v1\nkind: List\nitems:\n- " + "apiVersion: v1\n  kind: Service\n  metadata: {name: a}\n- apiVersion: v1\n  kind: ConfigMap\n  metadata: {name: b}\n", counts{Services: 1, ConfigMaps: 1}},
		{"IngressList", "apiVersion: networking.k8s.io/v1\nkind: IngressList\nitems: []\n", counts{}},
		{"JSON with tabs", "{\n\t\"apiVersion\": \"v1\",\n\t\"kind\": \"Service\",\n\t\"metadata\": {\"name\": \"s\"}\n}\n", counts{Services: 1}},
		{"anchors and aliases", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: &n a, labels: {app: *n}}\n", counts{ConfigMaps: 1}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, err := LoadBytes("k.yaml", []byte(tt.in))
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, countOf(r)); diff != "" {
				t.Errorf("counts (-want +got):\n%s", diff)
			}
		})
	}
}

// TestSkippedNamesTheDocument checks the Skipped diagnostic: file, line, apiVersion, kind.
func TestSkippedNamesTheDocument(t *testing.T) {
	r, err := LoadBytes("s.yaml", []byte("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n---\napiVersion: apps/v1\nkind: Deployment\nmetadata: {name: d, namespace: ns}\n"))
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Skipped) != 1 {
		t.Fatalf("Skipped = %+v", r.Skipped)
	}
	got := r.Skipped[0]
	want := Diagnostic{
		Source:  srcAt("s.yaml", 5),
		Message: "skipped: apiVersion apps/v1 kind Deployment is not read by ingress-parity",
	}
	want.Source.Kind, want.Source.Namespace, want.Source.Name = "Deployment", "ns", "d"
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Skipped (-want +got):\n%s", diff)
	}
}

// TestOriginLines checks the line of fields, of list items, and of List items.
func TestOriginLines(t *testing.T) {
	in := `# leading comment
apiVersion: v1
kind: List
items:
- apiVersion: networking.k8s.io/v1
  kind: Ingress
  metadata:
    name: a
    annotations:
      nginx.ingress.kubernetes.io/rewrite-target: /$1
  spec:
    rules:
    - host: a.example
      http:
        paths:
        - path: /x
          pathType: Prefix
          backend: {service: {name: s, port: {number: 80}}}
`
	r, err := LoadBytes("o.yaml", []byte(in))
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Ingresses) != 1 {
		t.Fatalf("Ingresses = %d", len(r.Ingresses))
	}
	o := r.Ingresses[0].Origin
	tests := []struct {
		field string
		want  int
	}{
		{"", 5},
		{"metadata", 7},
		{"metadata.annotations.nginx.ingress.kubernetes.io/rewrite-target", 10},
		{"spec.rules[0]", 13},
		{"spec.rules[0].host", 13},
		{"spec.rules[0].http.paths[0]", 16},
		{"spec.rules[0].http.paths[0].pathType", 17},
		{"spec.rules[0].http.paths[0].backend.service.port.number", 18},
		{"spec.rules[0].http.paths[0].nosuchfield", 16},
		{"spec.rules[7]", 12},
	}
	for _, tt := range tests {
		if got := o.LineOf(tt.field); got != tt.want {
			t.Errorf("LineOf(%q) = %d, want %d", tt.field, got, tt.want)
		}
	}
	if o.File != "o.yaml" || o.Line != 5 {
		t.Errorf("Origin = %s:%d, want o.yaml:5", o.File, o.Line)
	}
	src := o.Source("Ingress", "", "a", "spec.rules[0].host")
	if src.Line != 13 || src.File != "o.yaml" {
		t.Errorf("Source = %+v", src)
	}
}
