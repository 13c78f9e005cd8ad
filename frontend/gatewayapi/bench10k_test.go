package gatewayapi

import (
	"testing"

	"github.com/ingress-parity/ingress-parity/internal/estategen"
	"github.com/ingress-parity/ingress-parity/load"
)

// benchmarkBuild10k builds the new side of the generated 10,000-Ingress estate with opts (its
// Gateway API translation: about 200 Gateways merged into one entry point with about 10k
// listeners, and 7.5k HTTPRoutes), loaded once outside the timer.
func benchmarkBuild10k(b *testing.B, opts estategen.Options) {
	_, new := estategen.Generate(opts)
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

// BenchmarkBuild10k builds the plain 10k estate (no Envoy Gateway policies).
func BenchmarkBuild10k(b *testing.B) {
	benchmarkBuild10k(b, estategen.Options{Ingresses: 10000, Seed: 1})
}

// BenchmarkBuild10kIdentity builds the 10k identity estate: a third of the Ingresses carry
// identity controls, translated to SecurityPolicies that target their HTTPRoutes.
func BenchmarkBuild10kIdentity(b *testing.B) {
	benchmarkBuild10k(b, estategen.Options{Ingresses: 10000, Seed: 1, Identity: true})
}

// BenchmarkLoadBuild10kIdentity loads and builds the 10k identity estate, as the command does
// (the load decodes every policy object into unstructured form).
func BenchmarkLoadBuild10kIdentity(b *testing.B) {
	_, new := estategen.Generate(estategen.Options{Ingresses: 10000, Seed: 1, Identity: true})
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		res, err := load.LoadBytes("new.yaml", new)
		if err != nil {
			b.Fatalf("load: %v", err)
		}
		if _, err := Build(res, Options{}); err != nil {
			b.Fatal(err)
		}
	}
}
