package parity_test

import (
	"testing"

	"github.com/ingress-parity/ingress-parity/equiv"
	"github.com/ingress-parity/ingress-parity/finding"
	"github.com/ingress-parity/ingress-parity/frontend/gatewayapi"
	"github.com/ingress-parity/ingress-parity/frontend/ingressnginx"
	"github.com/ingress-parity/ingress-parity/internal/estategen"
	"github.com/ingress-parity/ingress-parity/load"
	"github.com/ingress-parity/ingress-parity/model"
)

// benchSeed fixes the generated estates, so runs compare like with like.
const benchSeed = 1

// runPipeline is what `ingress-parity check` does: load both sides strictly, build both
// models, run the check.
func runPipeline(b *testing.B, old, new []byte) *finding.Result {
	b.Helper()
	oldRes, oldModel := buildSide(b, "old.yaml", old, true)
	newRes, newModel := buildSide(b, "new.yaml", new, false)
	return equiv.Check(oldModel, newModel, equiv.Options{
		ResolvePort: equiv.ServicePorts(oldRes.Services, newRes.Services),
	})
}

// buildSide loads one side strictly and builds its model (ingress-nginx or Gateway API).
func buildSide(b *testing.B, name string, data []byte, nginx bool) (*load.Resources, *model.Model) {
	b.Helper()
	res, err := load.LoadBytes(name, data)
	if err != nil {
		b.Fatalf("load %s: %v", name, err)
	}
	var m *model.Model
	if nginx {
		m, err = ingressnginx.Build(res, ingressnginx.Options{})
	} else {
		m, err = gatewayapi.Build(res, gatewayapi.Options{})
	}
	if err != nil {
		b.Fatalf("build %s: %v", name, err)
	}
	return res, m
}

// benchmarkCheck generates an estate once, outside the timer, then times the whole
// pipeline. The estate is a faithful translation (up to what opts plants), so findings are
// reported as a metric rather than expected.
func benchmarkCheck(b *testing.B, opts estategen.Options) {
	opts.Seed = benchSeed
	old, new := estategen.Generate(opts)
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
func BenchmarkCheck1k(b *testing.B) { benchmarkCheck(b, estategen.Options{Ingresses: 1000}) }

// BenchmarkCheck10k checks a 10,000-Ingress estate (about 50,000 paths over 5,000 hosts).
func BenchmarkCheck10k(b *testing.B) { benchmarkCheck(b, estategen.Options{Ingresses: 10000}) }

// BenchmarkCheck10kIdentity checks the 10k estate with identity controls on a third of the
// Ingresses (identityEstate).
func BenchmarkCheck10kIdentity(b *testing.B) {
	benchmarkCheck(b, estategen.Options{Ingresses: 10000, Identity: true})
}
