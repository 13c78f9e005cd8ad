package envoypolicy

import (
	"maps"
	"testing"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/apimachinery/pkg/types"

	"github.com/ingress-parity/ingress-parity/load"
)

// TestBasicAuthSchemes: a basicAuth carries the hash schemes of its Secret's .htpasswd
// (data or stringData; a Secret without a namespace is in "default", as policy references
// are) and that Envoy verifies only {SHA}; nothing else of the Secret is kept.
func TestBasicAuthSchemes(t *testing.T) {
	tests := []struct {
		name     string
		secretNS string
		data     map[string][]byte
		strData  map[string]string
		policyNS string
		want     map[string]int
	}{
		{"data", "ns", map[string][]byte{".htpasswd": []byte("a:{SHA}W6ph5Mm5Pz8GgiULbPgzG37mj9g=\nb:$2y$05$x\n")}, nil, "ns", map[string]int{"{SHA}": 1, "bcrypt": 1}},
		{"stringData", "ns", nil, map[string]string{".htpasswd": "a:{SHA}W6ph5Mm5Pz8GgiULbPgzG37mj9g=\n"}, "ns", map[string]int{"{SHA}": 1}},
		{"secret without namespace", "", nil, map[string]string{".htpasswd": "a:$apr1$x$y\n"}, "default", map[string]int{"apr1": 1}},
		{"other key only", "ns", nil, map[string]string{"auth": "a:$apr1$x$y\n"}, "ns", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			pol := policyObject(KindSecurityPolicy, "basic", `{"targetRefs":[{"group":"gateway.networking.k8s.io","kind":"Gateway","name":"gw"}],"basicAuth":{"users":{"name":"users"}}}`)
			pol.Obj.SetNamespace(tt.policyNS)
			res := &load.Resources{Other: []load.Object[*unstructured.Unstructured]{pol}}
			res.Gateways = append(res.Gateways, gateway(tt.policyNS, "gw", "http"))
			res.Secrets = append(res.Secrets, load.Object[*corev1.Secret]{Obj: &corev1.Secret{
				ObjectMeta: metav1.ObjectMeta{Namespace: tt.secretNS, Name: "users"}, Data: tt.data, StringData: tt.strData}})
			rp := Build(res).Route(Attachment{Gateway: types.NamespacedName{Namespace: tt.policyNS, Name: "gw"}, Listener: "http", RouteKind: "HTTPRoute", Route: types.NamespacedName{Namespace: tt.policyNS, Name: "r"}})
			if rp.Policy == nil || rp.Policy.Auth == nil || rp.Policy.Auth.Basic == nil {
				t.Fatalf("no basic auth: %+v", rp)
			}
			b := rp.Policy.Auth.Basic
			if !maps.Equal(b.Schemes, tt.want) {
				t.Errorf("schemes %v, want %v", b.Schemes, tt.want)
			}
			if len(b.AcceptedSchemes) != 1 || b.AcceptedSchemes[0] != "{SHA}" {
				t.Errorf("accepted %v, want [{SHA}]", b.AcceptedSchemes)
			}
		})
	}
}
