package envoypolicy

import (
	"encoding/json"
	"testing"

	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/apimachinery/pkg/types"

	"github.com/ingress-parity/ingress-parity/load"
)

// FuzzBuild decodes arbitrary JSON specs of every kind and resolves them against one Gateway
// and route: no panic, and Route always returns a policy.
func FuzzBuild(f *testing.F) {
	f.Add(uint8(0), `{"targetRefs":[{"group":"gateway.networking.k8s.io","kind":"Gateway","name":"gw"}],"authorization":{"rules":[{"action":"Allow","principal":{"clientCIDRs":["10.0.0.0/8"]}}]}}`)
	f.Add(uint8(1), `{"targetRef":{"group":"gateway.networking.k8s.io","kind":"Gateway","name":"gw","sectionName":"http"},"clientIPDetection":{"xForwardedFor":{"trustedCIDRs":["x"]}}}`)
	f.Add(uint8(2), `{"targetSelectors":[{"kind":"HTTPRoute","matchExpressions":[{"key":"a","operator":"Bogus"}]}],"requestBuffer":{"limit":"1e3"}}`)
	f.Add(uint8(0), `{"mergeType":"JSONMerge","targetRefs":[{"group":"gateway.networking.k8s.io","kind":"HTTPRoute","name":"r"}],"cors":{"maxAge":"x"}}`)
	f.Add(uint8(1), `{"targetRefs":[{"group":"gateway.networking.k8s.io","kind":"Gateway","name":"gw"}],"headers":{"earlyRequestHeaders":{"set":[{"name":"X-Real-IP","value":"%REQ(x)%"}],"removeOnMatch":[{"type":"RegularExpression","value":"("}]}}}`)
	kinds := []string{KindSecurityPolicy, KindClientTrafficPolicy, KindBackendTrafficPolicy}
	f.Fuzz(func(t *testing.T, k uint8, spec string) {
		var s map[string]any
		if json.Unmarshal([]byte(spec), &s) != nil {
			return
		}
		u := &unstructured.Unstructured{Object: map[string]any{
			"apiVersion": Group + "/v1alpha1", "kind": kinds[int(k)%len(kinds)],
			"metadata": map[string]any{"name": "p", "namespace": "ns"}, "spec": s,
		}}
		gw := gateway("ns", "gw", "http")
		parent := map[string]any{"apiVersion": Group + "/v1alpha1", "kind": KindSecurityPolicy, "metadata": map[string]any{"name": "gwp", "namespace": "ns"},
			"spec": map[string]any{"targetRefs": []any{map[string]any{"group": "gateway.networking.k8s.io", "kind": "Gateway", "name": "gw"}}, "jwt": map[string]any{"providers": []any{}}}}
		res := &load.Resources{Other: []load.Object[*unstructured.Unstructured]{{Obj: u}, {Obj: &unstructured.Unstructured{Object: parent}}}}
		res.Gateways = append(res.Gateways, gw)
		res.HTTPRoutes = append(res.HTTPRoutes, route("ns", "r"))
		ix := Build(res)
		a := Attachment{Gateway: types.NamespacedName{Namespace: "ns", Name: "gw"}, Listener: "http", RouteKind: "HTTPRoute", Route: types.NamespacedName{Namespace: "ns", Name: "r"}}
		if rp := ix.Route(a); rp.Policy == nil {
			t.Fatal("nil policy")
		}
	})
}
