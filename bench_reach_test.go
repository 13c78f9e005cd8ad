package parity_test

import (
	"testing"

	"github.com/ingress-parity/ingress-parity/internal/estategen"
	"github.com/ingress-parity/ingress-parity/model"
	"github.com/ingress-parity/ingress-parity/reach"
)

// identityEstate is the 10k-Ingress estate with identity controls on a third of the
// Ingresses (allowlist-source-range, auth-url, auth-tls-secret) and their Envoy Gateway
// SecurityPolicies.
func identityEstate() (old, new []byte) {
	return estategen.Generate(estategen.Options{Ingresses: 10000, Seed: benchSeed, Identity: true})
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
				_, m := buildSide(b, side.name+".yaml", side.data, side.nginx)
				res = reach.Build(m, reach.Options{})
			}
			reportReach(b, res)
		})
	}
}

// BenchmarkReachTable10k times the table alone (reach.Build) on the models of the 10k
// identity estate, built once outside the timer.
func BenchmarkReachTable10k(b *testing.B) {
	old, new := identityEstate()
	_, oldModel := buildSide(b, "old.yaml", old, true)
	_, newModel := buildSide(b, "new.yaml", new, false)
	models := []struct {
		name string
		m    *model.Model
	}{{"old-ingress-nginx", oldModel}, {"new-gateway-api", newModel}}
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
