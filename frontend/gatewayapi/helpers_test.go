package gatewayapi

import (
	"fmt"
	"strings"
	"testing"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	gatewayv1 "sigs.k8s.io/gateway-api/apis/v1"
	gatewayv1beta1 "sigs.k8s.io/gateway-api/apis/v1beta1"
	"sigs.k8s.io/yaml"

	"github.com/ingress-parity/ingress-parity/load"
)

// loadYAML decodes multi-document YAML into load.Resources. It is a test-only stand-in for
// load.LoadBytes (being written concurrently): no CRD defaults, no field line numbers, the
// document's first line as Origin.Line. Build must tolerate missing defaults anyway.
func loadYAML(t testing.TB, name string, data []byte) *load.Resources {
	t.Helper()
	res, err := decodeYAML(name, data)
	if err != nil {
		t.Fatal(err)
	}
	return res
}

func decodeYAML(name string, data []byte) (*load.Resources, error) {
	res := &load.Resources{}
	line := 1
	for _, doc := range strings.Split(string(data), "\n---") {
		start := line
		line += strings.Count(doc, "\n") + 1
		if strings.TrimSpace(stripComments(doc)) == "" {
			continue
		}
		origin := load.Origin{File: name, Line: start}
		var head struct{ Kind string }
		if err := yaml.Unmarshal([]byte(doc), &head); err != nil {
			return nil, fmt.Errorf("%s:%d: %w", name, start, err)
		}
		var err error
		switch head.Kind {
		case "Gateway":
			err = add(&res.Gateways, doc, origin)
		case "GatewayClass":
			err = add(&res.GatewayClasses, doc, origin)
		case "HTTPRoute":
			err = add(&res.HTTPRoutes, doc, origin)
		case "GRPCRoute":
			err = add(&res.GRPCRoutes, doc, origin)
		case "ReferenceGrant":
			err = add(&res.ReferenceGrants, doc, origin)
		case "Service":
			err = add(&res.Services, doc, origin)
		default:
			err = add(&res.Other, doc, origin)
		}
		if err != nil {
			return nil, fmt.Errorf("%s:%d: %s: %w", name, start, head.Kind, err)
		}
	}
	return res, nil
}

func stripComments(doc string) string {
	var b strings.Builder
	for _, l := range strings.Split(doc, "\n") {
		if !strings.HasPrefix(strings.TrimSpace(l), "#") {
			b.WriteString(l + "\n")
		}
	}
	return b.String()
}

type decodable interface {
	*gatewayv1.Gateway | *gatewayv1.GatewayClass | *gatewayv1.HTTPRoute | *gatewayv1.GRPCRoute |
		*gatewayv1beta1.ReferenceGrant | *corev1.Service | *unstructured.Unstructured
}

func add[T decodable](list *[]load.Object[T], doc string, origin load.Origin) error {
	var obj T
	switch any(obj).(type) {
	case *unstructured.Unstructured:
		u := &unstructured.Unstructured{}
		if err := yaml.Unmarshal([]byte(doc), &u.Object); err != nil {
			return err
		}
		*list = append(*list, load.Object[T]{Obj: any(u).(T), Origin: origin})
		return nil
	}
	if err := yaml.UnmarshalStrict([]byte(doc), &obj); err != nil {
		return err
	}
	*list = append(*list, load.Object[T]{Obj: obj, Origin: origin})
	return nil
}
