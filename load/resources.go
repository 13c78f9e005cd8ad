// Package load reads Kubernetes objects from files, directories and stdin into typed
// upstream objects (k8s.io/api, sigs.k8s.io/gateway-api), remembering for each object the
// file and the line of every field so that model elements can point at their source.
package load

import (
	corev1 "k8s.io/api/core/v1"
	networkingv1 "k8s.io/api/networking/v1"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	gatewayv1 "sigs.k8s.io/gateway-api/apis/v1"
	gatewayv1beta1 "sigs.k8s.io/gateway-api/apis/v1beta1"

	"github.com/ingress-parity/ingress-parity/model"
)

// Object is one decoded object and where it was read.
type Object[T any] struct {
	Obj    T
	Origin Origin
}

// Origin is where an object was read: the file, the line its document starts on, and the
// line of each field path inside it.
type Origin struct {
	File string
	// Line is the line of the object's first key.
	Line int
	// lines gives the line of a field path ("spec.rules[0].http.paths[1].path"). Map
	// keys are joined with a dot as they are, so an annotation is
	// "metadata.annotations.nginx.ingress.kubernetes.io/rewrite-target".
	lines *fieldLines
}

// LineOf returns the line of field path (as "spec.rules[0].http.paths[1]"), or of its
// nearest ancestor that has one, or the object's own line.
func (o Origin) LineOf(field string) int {
	for f := field; f != ""; f = parent(f) {
		if l, ok := o.lines.lookup(f); ok {
			return l
		}
	}
	return o.Line
}

// Source builds a model.Source for field of the object (kind, namespace, name).
func (o Origin) Source(kind, namespace, name, field string) model.Source {
	return model.Source{Kind: kind, Namespace: namespace, Name: name, Field: field, File: o.File, Line: o.LineOf(field)}
}

// parent strips the last element of a field path: "a.b[1]" -> "a.b", "a.b" -> "a", "a" -> "".
func parent(f string) string {
	for i := len(f) - 1; i >= 0; i-- {
		switch f[i] {
		case '.', '[':
			return f[:i]
		}
	}
	return ""
}

// Resources are all objects read from the inputs, grouped by kind, in input order.
type Resources struct {
	Ingresses       []Object[*networkingv1.Ingress]
	IngressClasses  []Object[*networkingv1.IngressClass]
	ConfigMaps      []Object[*corev1.ConfigMap]
	Services        []Object[*corev1.Service]
	Secrets         []Object[*corev1.Secret]
	GatewayClasses  []Object[*gatewayv1.GatewayClass]
	Gateways        []Object[*gatewayv1.Gateway]
	HTTPRoutes      []Object[*gatewayv1.HTTPRoute]
	GRPCRoutes      []Object[*gatewayv1.GRPCRoute]
	ReferenceGrants []Object[*gatewayv1beta1.ReferenceGrant]
	// Other holds objects of kinds the frontends may read later (Envoy Gateway policies,
	// BackendTLSPolicy ...), decoded loosely.
	Other []Object[*unstructured.Unstructured]
	// Skipped lists documents of unknown kinds, reported and ignored.
	Skipped []Diagnostic
	// Invalid lists objects the API server would refuse (CRD validation rules); they never
	// take effect and are left out of the typed lists above.
	Invalid []Diagnostic
}

// Diagnostic is a non-fatal problem with one input document.
type Diagnostic struct {
	Source  model.Source
	Message string
}
