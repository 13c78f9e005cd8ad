package parity_test

import (
	"testing"

	"github.com/ingress-parity/ingress-parity/equiv"
	"github.com/ingress-parity/ingress-parity/finding"
	"github.com/ingress-parity/ingress-parity/frontend/gatewayapi"
	"github.com/ingress-parity/ingress-parity/frontend/ingressnginx"
	"github.com/ingress-parity/ingress-parity/internal/estategen"
	"github.com/ingress-parity/ingress-parity/load"
)

// benchSeed fixes the generated estates, so runs compare like with like.
const benchSeed = 1

// runPipeline is what `ingress-parity check` does: load both sides strictly, build both
// models, run the check.
func runPipeline(b *testing.B, old, new []byte) *finding.Result {
	b.Helper()
	oldRes, err := load.LoadBytes("old.yaml", old)
	if err != nil {
		b.Fatalf("load old: %v", err)
	}
	newRes, err := load.LoadBytes("new.yaml", new)
	if err != nil {
		b.Fatalf("load new: %v", err)
	}
	oldModel, err := ingressnginx.Build(oldRes, ingressnginx.Options{})
	if err != nil {
		b.Fatalf("build old: %v", err)
	}
	newModel, err := gatewayapi.Build(newRes, gatewayapi.Options{})
	if err != nil {
		b.Fatalf("build new: %v", err)
	}
	return equiv.Check(oldModel, newModel, equiv.Options{
		ResolvePort: equiv.ServicePorts(oldRes.Services, newRes.Services),
	})
}

// benchmarkCheck generates an estate of n Ingresses once, outside the timer, then times the
// whole pipeline. The estate is a faithful translation, so findings are reported as a metric
// rather than expected.
func benchmarkCheck(b *testing.B, n int) {
	old, new := estategen.Generate(estategen.Options{Ingresses: n, Seed: benchSeed})
	b.SetBytes(int64(len(old) + len(new)))
	b.ResetTimer()
	var res *finding.Result
	for b.Loop() {
		res = runPipeline(b, old, new)
	}
	if res == nil || res.Verdict == "" {
		b.Fatal("the check gave no verdict")
	}
	b.ReportMetric(float64(len(res.Findings)), "findings")
	b.ReportMetric(float64(len(res.Incomplete)), "unproven")
}

// BenchmarkCheck1k checks a 1,000-Ingress estate (about 5,000 paths over 500 hosts).
func BenchmarkCheck1k(b *testing.B) { benchmarkCheck(b, 1000) }

// BenchmarkCheck10k checks a 10,000-Ingress estate (about 50,000 paths over 5,000 hosts).
func BenchmarkCheck10k(b *testing.B) { benchmarkCheck(b, 10000) }
