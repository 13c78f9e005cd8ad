package gatewayapi

import (
	"strings"
	"testing"

	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"sigs.k8s.io/yaml"

	"github.com/ingress-parity/ingress-parity/load"
)

// loadYAML reads multi-document YAML with load.LoadBytes (strict decoding, CRD defaults,
// field lines). The loader skips core v1 Namespace objects, which allowedRoutes Selectors
// need, so they are added to Resources.Other here (see namespaceShim).
func loadYAML(t testing.TB, name string, data []byte) *load.Resources {
	t.Helper()
	res, err := load.LoadBytes(name, data)
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Invalid) > 0 {
		t.Fatalf("%s: the loader refused objects: %+v", name, res.Invalid)
	}
	namespaceShim(t, name, data, res)
	return res
}

// namespaceShim adds the Namespace documents of data to res.Other, with the line each starts on.
func namespaceShim(t testing.TB, name string, data []byte, res *load.Resources) {
	t.Helper()
	line := 1
	for _, doc := range strings.Split(string(data), "\n---") {
		start := line
		line += strings.Count(doc, "\n")
		var head struct{ APIVersion, Kind string }
		if err := yaml.Unmarshal([]byte(doc), &head); err != nil || head.Kind != "Namespace" || head.APIVersion != "v1" {
			continue
		}
		u := &unstructured.Unstructured{}
		if err := yaml.Unmarshal([]byte(doc), &u.Object); err != nil {
			t.Fatalf("%s:%d: %v", name, start, err)
		}
		res.Other = append(res.Other, load.Object[*unstructured.Unstructured]{Obj: u, Origin: load.Origin{File: name, Line: start + 1}})
	}
}
