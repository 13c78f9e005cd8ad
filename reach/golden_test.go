package reach_test

import (
	"bytes"
	"flag"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ingress-parity/ingress-parity/finding"
	"github.com/ingress-parity/ingress-parity/frontend/gatewayapi"
	"github.com/ingress-parity/ingress-parity/frontend/ingressnginx"
	"github.com/ingress-parity/ingress-parity/internal/golden"
	"github.com/ingress-parity/ingress-parity/reach"
	"github.com/ingress-parity/ingress-parity/side"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata/")

// readCase builds the model of one testdata input through the real loader and frontends.
func readCase(t testing.TB, path string) reach.Result {
	t.Helper()
	sd, err := side.Read(side.Options{
		Paths:        []string{path},
		IngressNginx: ingressnginx.Options{IngressClass: "nginx"},
		GatewayAPI:   gatewayapi.Options{Implementation: "envoy-gateway"},
	})
	if err != nil {
		t.Fatalf("read %s: %v", path, err)
	}
	return reach.Build(sd.Model, reach.Options{Tool: finding.Tool{Name: "ingress-parity", Version: "golden"}})
}

// TestGolden builds the table of every testdata/<case>.yaml and compares it, in each format,
// with testdata/<case>.<txt|json|md>.
func TestGolden(t *testing.T) {
	inputs, err := filepath.Glob(filepath.Join("testdata", "*.yaml"))
	if err != nil || len(inputs) == 0 {
		t.Fatalf("no testdata inputs: %v", err)
	}
	formats := map[reach.Format]string{reach.Text: ".txt", reach.JSON: ".json", reach.Markdown: ".md"}
	for _, in := range inputs {
		name := strings.TrimSuffix(filepath.Base(in), ".yaml")
		t.Run(name, func(t *testing.T) {
			res := readCase(t, in)
			for f, ext := range formats {
				var b bytes.Buffer
				if err := reach.Write(&b, res, f); err != nil {
					t.Fatalf("%s: %v", f, err)
				}
				golden.Check(t, filepath.Join("testdata", name+ext), b.Bytes(), *update)
			}
		})
	}
}
