package envoypolicy

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/apimachinery/pkg/types"
	gatewayv1 "sigs.k8s.io/gateway-api/apis/v1"

	"github.com/ingress-parity/ingress-parity/load"
	"github.com/ingress-parity/ingress-parity/model"
)

func TestUnknownFields(t *testing.T) {
	tests := []struct {
		name string
		spec string
		want []string
	}{
		{"all known", `{"jwt":{"providers":[{"name":"a","issuer":"x","claimToHeaders":[{"claim":"sub","header":"X-Sub"}]}]}}`, nil},
		{"any-typed field accepts anything", `{"csrf":{"whatever":[1,2]}}`, nil},
		{"embedded backend cluster", `{"extAuth":{"http":{"backendRefs":[{"name":"a"}],"path":"/x"}}}`, nil},
		{"top level", `{"newFeature":{}}`, []string{"spec.newFeature"}},
		{"nested with index", `{"jwt":{"providers":[{"name":"a"},{"name":"b","claimsToHeader":[]}]}}`, []string{"spec.jwt.providers[1].claimsToHeader"}},
		{"targeting keys are known", `{"targetRefs":[],"targetSelectors":[],"mergeType":"JSONMerge"}`, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var raw map[string]any
			if err := json.Unmarshal([]byte(tt.spec), &raw); err != nil {
				t.Fatal(err)
			}
			got := unknownFields(raw, reflect.TypeOf(securitySpec{}), "spec")
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}

func TestMergePatch(t *testing.T) {
	tests := []struct {
		name                string
		target, patch, want string
	}{
		{"add field", `{"a":1}`, `{"b":2}`, `{"a":1,"b":2}`},
		{"replace scalar", `{"a":1}`, `{"a":2}`, `{"a":2}`},
		{"null deletes", `{"a":1,"b":2}`, `{"a":null}`, `{"b":2}`},
		{"nested objects merge", `{"jwt":{"optional":true,"providers":[1]}}`, `{"jwt":{"optional":false}}`, `{"jwt":{"optional":false,"providers":[1]}}`},
		{"lists replace", `{"l":[1,2]}`, `{"l":[3]}`, `{"l":[3]}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var target, patch, want any
			for _, x := range []struct {
				s   string
				dst *any
			}{{tt.target, &target}, {tt.patch, &patch}, {tt.want, &want}} {
				if err := json.Unmarshal([]byte(x.s), x.dst); err != nil {
					t.Fatal(err)
				}
			}
			if diff := cmp.Diff(want, mergePatch(target, patch)); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}

func TestListenerDefaults(t *testing.T) {
	lp := (&Index{claims: map[claimKey]*Policy{}}).Listener(types.NamespacedName{Namespace: "a", Name: "gw"}, "http")
	if lp.ClientIP.From != model.ClientIPPeer || lp.ClientIP.ProxyProtocol || lp.Policy != "" {
		t.Errorf("default client IP: %+v", lp.ClientIP)
	}
	p := &model.Policy{UpstreamHeaders: lp.Headers}
	tests := []struct {
		header string
		want   model.Fate
	}{
		{"X-Forwarded-For", model.FateAppended},
		{"X-Real-IP", model.FatePasses},
		{"X-Request-ID", model.FateDropped},
		{"X-Forwarded-Client-Cert", model.FateDropped},
		{"X-Envoy-External-Address", model.FateDropped},
	}
	for _, tt := range tests {
		t.Run(tt.header, func(t *testing.T) {
			if got := p.ClientHeaderFate(tt.header); got != tt.want {
				t.Errorf("fate = %s, want %s", got, tt.want)
			}
		})
	}
}

// policyObject builds an unstructured policy as the loader would.
func policyObject(kind, name, spec string) load.Object[*unstructured.Unstructured] {
	var s map[string]any
	if err := json.Unmarshal([]byte(spec), &s); err != nil {
		panic(err)
	}
	u := &unstructured.Unstructured{Object: map[string]any{
		"apiVersion": Group + "/v1alpha1", "kind": kind,
		"metadata": map[string]any{"name": name, "namespace": "ns"},
		"spec":     s,
	}}
	return load.Object[*unstructured.Unstructured]{Obj: u, Origin: load.Origin{File: "p.yaml", Line: 3}}
}

func TestDecodeErrorsNameTheField(t *testing.T) {
	objs := []load.Object[*unstructured.Unstructured]{
		policyObject(KindSecurityPolicy, "bad-type", `{"jwt":{"providers":"not-a-list"}}`),
		policyObject(KindClientTrafficPolicy, "good", `{"clientIPDetection":{"xForwardedFor":{"numTrustedHops":2}}}`),
	}
	objs = append(objs, load.Object[*unstructured.Unstructured]{Obj: &unstructured.Unstructured{Object: map[string]any{
		"apiVersion": Group + "/v1alpha1", "kind": KindBackendTrafficPolicy, "metadata": map[string]any{"name": "no-spec", "namespace": "ns"}}}})
	pols, diags := Decode(objs)
	if len(pols) != 1 || pols[0].Name != "good" {
		t.Fatalf("decoded %d policies", len(pols))
	}
	if len(diags) != 2 {
		t.Fatalf("diagnostics: %+v", diags)
	}
	if !strings.Contains(diags[0].Message, "spec.jwt.providers") || diags[0].Source.File != "p.yaml" {
		t.Errorf("diagnostic does not name the field and file: %+v", diags[0])
	}
	if !strings.Contains(diags[1].Message, "spec is missing") {
		t.Errorf("diagnostic: %+v", diags[1])
	}
}

func TestOtherGroupsIgnored(t *testing.T) {
	o := policyObject(KindSecurityPolicy, "x", `{}`)
	o.Obj.SetAPIVersion("security.istio.io/v1")
	if pols, diags := Decode([]load.Object[*unstructured.Unstructured]{o}); len(pols)+len(diags) != 0 {
		t.Errorf("an Istio object was read: %v %v", pols, diags)
	}
}

// TestSpoofableHeaders shows the identity differences an equivalence check will report when
// the same auth moves from ingress-nginx to Envoy Gateway.
func TestSpoofableHeaders(t *testing.T) {
	res := &load.Resources{Other: []load.Object[*unstructured.Unstructured]{
		policyObject(KindSecurityPolicy, "auth", `{"targetRefs":[{"group":"gateway.networking.k8s.io","kind":"Gateway","name":"gw"}],
		  "extAuth":{"http":{"backendRefs":[{"name":"authz","port":80}],"headersToBackend":["X-User"]}},
		  "jwt":{"providers":[{"name":"p","issuer":"https://i","claimToHeaders":[{"claim":"sub","header":"X-Sub"}]}]}}`),
	}}
	res.Gateways = append(res.Gateways, gateway("ns", "gw", "http"))
	ix := Build(res)
	rp := ix.Route(Attachment{Gateway: types.NamespacedName{Namespace: "ns", Name: "gw"}, Listener: "http", RouteKind: "HTTPRoute", Route: types.NamespacedName{Namespace: "ns", Name: "r"}})
	if len(ix.Notes()) != 0 {
		t.Fatalf("notes: %v", ix.Notes())
	}
	for h, want := range map[string]model.Fate{"X-User": model.FatePassesIfUnset, "X-Sub": model.FatePassesIfUnset, "X-Real-IP": model.FatePasses} {
		if got := rp.Policy.ClientHeaderFate(h); got != want {
			t.Errorf("%s: fate %s, want %s", h, got, want)
		}
	}
	if got := rp.Policy.Auth.External.SuccessCodes; !cmp.Equal(got, []int{200}) {
		t.Errorf("success codes %v", got)
	}
}

func TestClientTrafficPolicyOnSharedHTTPPort(t *testing.T) {
	g := gateway("ns", "gw", "a", "b")
	g.Obj.Spec.Listeners[1].Port = g.Obj.Spec.Listeners[0].Port // two HTTP listeners on one port
	res := &load.Resources{Other: []load.Object[*unstructured.Unstructured]{
		policyObject(KindClientTrafficPolicy, "ctp", `{"targetRefs":[{"group":"gateway.networking.k8s.io","kind":"Gateway","name":"gw","sectionName":"a"}],
		  "clientIPDetection":{"xForwardedFor":{"numTrustedHops":1}}}`),
	}}
	res.Gateways = append(res.Gateways, g)
	ix := Build(res)
	lp := ix.Listener(types.NamespacedName{Namespace: "ns", Name: "gw"}, "a")
	if lp.Policy != "" || lp.ClientIP.From != model.ClientIPPeer {
		t.Errorf("the policy should not apply: %+v", lp)
	}
	if len(lp.Opaque) != 1 || !strings.Contains(lp.Opaque[0], "share its port (b)") {
		t.Errorf("opaque = %v", lp.Opaque)
	}
	if len(ix.Notes()) != 1 || ix.Notes()[0].Level != model.NoteInvalid {
		t.Errorf("notes = %v", ix.Notes())
	}
	if other := ix.Listener(types.NamespacedName{Namespace: "ns", Name: "gw"}, "b"); len(other.Opaque) != 0 {
		t.Errorf("listener b is not concerned: %v", other.Opaque)
	}
}

// TestClientValidationOnlyOnHTTPS: a Gateway-wide ClientTrafficPolicy's tls.clientValidation
// reaches the routes of the HTTPS listener and not those of the plain HTTP one.
func TestClientValidationOnlyOnHTTPS(t *testing.T) {
	g := gateway("ns", "gw", "http", "https")
	g.Obj.Spec.Listeners[1].Protocol = gatewayv1.HTTPSProtocolType
	res := &load.Resources{Other: []load.Object[*unstructured.Unstructured]{
		policyObject(KindClientTrafficPolicy, "ctp", `{"targetRefs":[{"group":"gateway.networking.k8s.io","kind":"Gateway","name":"gw"}],
		  "tls":{"clientValidation":{"caCertificateRefs":[{"name":"ca"}]}}}`),
	}}
	res.Gateways = append(res.Gateways, g)
	ix := Build(res)
	gw := types.NamespacedName{Namespace: "ns", Name: "gw"}
	tests := []struct {
		listener string
		wantCert bool
	}{
		{"http", false},
		{"https", true},
	}
	for _, tt := range tests {
		t.Run(tt.listener, func(t *testing.T) {
			rp := ix.Route(Attachment{Gateway: gw, Listener: tt.listener, RouteKind: "HTTPRoute", Route: types.NamespacedName{Namespace: "ns", Name: "r"}})
			got := rp.Policy.Auth != nil && rp.Policy.Auth.ClientCert != nil
			if got != tt.wantCert {
				t.Errorf("client certificate validation = %v, want %v (%+v)", got, tt.wantCert, rp.Policy.Auth)
			}
			if xfcc := rp.Policy.ClientHeaderFate("X-Forwarded-Client-Cert"); xfcc != model.FateDropped {
				t.Errorf("X-Forwarded-Client-Cert fate = %s, want dropped", xfcc)
			}
		})
	}
}

// TestListenerDefaultsShared: listeners no ClientTrafficPolicy reaches share one header list,
// and a route no policy reaches still gets Envoy Gateway's default identity headers.
func TestListenerDefaultsShared(t *testing.T) {
	res := &load.Resources{}
	res.Gateways = append(res.Gateways, gateway("ns", "gw", "a", "b"))
	ix := Build(res)
	gw := types.NamespacedName{Namespace: "ns", Name: "gw"}
	a, b := ix.Listener(gw, "a"), ix.Listener(gw, "b")
	if &a.Headers[0] != &b.Headers[0] || a.ClientIP != b.ClientIP {
		t.Error("default listeners do not share their headers and client IP derivation")
	}
	rp := ix.Route(Attachment{Gateway: gw, Listener: "a", RouteKind: "HTTPRoute", Route: types.NamespacedName{Namespace: "ns", Name: "r"}})
	if rp.Policy == nil || len(rp.Applied) != 0 {
		t.Fatalf("want a default policy with nothing applied, got %+v", rp)
	}
	if got := rp.Policy.ClientHeaderFate("X-Forwarded-For"); got != model.FateAppended {
		t.Errorf("X-Forwarded-For fate = %s, want appended", got)
	}
}
