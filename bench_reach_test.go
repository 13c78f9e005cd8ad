package parity_test

import (
	"testing"

	"github.com/ingress-parity/ingress-parity/finding"
	"github.com/ingress-parity/ingress-parity/frontend/gatewayapi"
	"github.com/ingress-parity/ingress-parity/frontend/ingressnginx"
	"github.com/ingress-parity/ingress-parity/internal/estategen"
	"github.com/ingress-parity/ingress-parity/load"
	"github.com/ingress-parity/ingress-parity/model"
	"github.com/ingress-parity/ingress-parity/reach"
)

// identityEstate is the 10k-Ingress estate with identity controls on a third of the
// Ingresses (allowlist-source-range, auth-url, auth-tls-secret) and their Envoy Gateway
// SecurityPolicies.
func identityEstate() (old, new []byte) {
	return estategen.Generate(estategen.Options{Ingresses: 10000, Seed: benchSeed, Identity: true})
}

// buildSide is what `ingress-parity reach` does before the table: load strictly, build.
func buildSide(b *testing.B, name string, data []byte, nginx bool) *model.Model {
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
	return m
}

// reportReach records the size of the table.
func reportReach(b *testing.B, res reach.Result) {
	ways := 0
	for _, be := range res.Backends {
		ways += len(be.Ways)
	}
	if ways == 0 {
		b.Fatal("the table has no ways in")
	}
	b.ReportMetric(float64(len(res.Backends)), "backends")
	b.ReportMetric(float64(ways), "ways")
}

// BenchmarkReach10k times `ingress-parity reach` on each side of the 10k identity estate:
// load, build and the table.
func BenchmarkReach10k(b *testing.B) {
	old, new := identityEstate()
	for _, side := range []struct {
		name  string
		data  []byte
		nginx bool
	}{{"old-ingress-nginx", old, true}, {"new-gateway-api", new, false}} {
		b.Run(side.name, func(b *testing.B) {
			b.SetBytes(int64(len(side.data)))
			var res reach.Result
			for b.Loop() {
				res = reach.Build(buildSide(b, side.name+".yaml", side.data, side.nginx), reach.Options{})
			}
			reportReach(b, res)
		})
	}
}

// BenchmarkReachTable10k times the table alone (reach.Build) on the models of the 10k
// identity estate, built once outside the timer.
func BenchmarkReachTable10k(b *testing.B) {
	old, new := identityEstate()
	models := []struct {
		name string
		m    *model.Model
	}{{"old-ingress-nginx", buildSide(b, "old.yaml", old, true)}, {"new-gateway-api", buildSide(b, "new.yaml", new, false)}}
	for _, s := range models {
		b.Run(s.name, func(b *testing.B) {
			var res reach.Result
			for b.Loop() {
				res = reach.Build(s.m, reach.Options{})
			}
			reportReach(b, res)
		})
	}
}

// BenchmarkCheck10kIdentity checks the 10k identity estate (both sides loaded and built,
// then the proof), as BenchmarkCheck10k does for the estate without identity controls.
func BenchmarkCheck10kIdentity(b *testing.B) {
	old, new := identityEstate()
	b.SetBytes(int64(len(old) + len(new)))
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
