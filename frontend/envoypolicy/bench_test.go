package envoypolicy

import (
	"os"
	"testing"

	"k8s.io/apimachinery/pkg/types"

	"github.com/ingress-parity/ingress-parity/load"
)

func BenchmarkBuildAndRoute(b *testing.B) {
	raw, err := os.ReadFile("testdata/precedence.in.yaml")
	if err != nil {
		b.Fatal(err)
	}
	res, err := load.LoadBytes("precedence.in.yaml", raw)
	if err != nil {
		b.Fatal(err)
	}
	a := Attachment{Gateway: types.NamespacedName{Namespace: "shop", Name: "eg"}, Listener: "https", RouteKind: "HTTPRoute",
		Route: types.NamespacedName{Namespace: "shop", Name: "storefront"}, RuleName: "admin"}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if rp := Build(res).Route(a); rp.Policy.IPAccess == nil {
			b.Fatal("admin rule lost its access list")
		}
	}
}
