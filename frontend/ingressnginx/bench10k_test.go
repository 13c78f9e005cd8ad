package ingressnginx

import (
	"testing"

	"github.com/ingress-parity/ingress-parity/internal/estategen"
	"github.com/ingress-parity/ingress-parity/load"
)

// BenchmarkBuild10k builds the old side of the generated 10,000-Ingress estate (about 49k
// paths over 5k hosts), loaded once outside the timer.
func BenchmarkBuild10k(b *testing.B) {
	old, _ := estategen.Generate(estategen.Options{Ingresses: 10000, Seed: 1})
	res, err := load.LoadBytes("old.yaml", old)
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
