package gatewayapi

import (
	"testing"

	"github.com/ingress-parity/ingress-parity/internal/estategen"
	"github.com/ingress-parity/ingress-parity/load"
)

// BenchmarkBuild10k builds the new side of the generated 10,000-Ingress estate (its Gateway API
// translation: about 200 Gateways merged into one entry point with about 10k listeners, and
// 7.5k HTTPRoutes), loaded once outside the timer.
func BenchmarkBuild10k(b *testing.B) {
	_, new := estategen.Generate(estategen.Options{Ingresses: 10000, Seed: 1})
	res, err := load.LoadBytes("new.yaml", new)
	if err != nil {
		b.Fatalf("load: %v", err)
	}
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		if _, err := Build(res, Options{}); err != nil {
			b.Fatal(err)
		}
	}
}
