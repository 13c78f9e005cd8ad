package gatewayapi

import (
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"sigs.k8s.io/yaml"

	"github.com/ingress-parity/ingress-parity/internal/golden"
	"github.com/ingress-parity/ingress-parity/load"
)

var update = flag.Bool("update", false, "rewrite the golden testdata/<case>.model.yaml files")

// caseOptions reads "# implementation: X" and "# gateways: ns/a,ns/b" comment lines.
func caseOptions(data []byte) Options {
	var o Options
	for _, l := range strings.Split(string(data), "\n") {
		k, v, ok := strings.Cut(strings.TrimPrefix(l, "# "), ": ")
		if !ok || !strings.HasPrefix(l, "# ") {
			continue
		}
		switch k {
		case "implementation":
			o.Implementation = v
		case "gateways":
			o.Gateways = strings.Split(v, ",")
		case "gatewayClass":
			o.GatewayClass = v
		}
	}
	return o
}

// TestGolden builds every testdata/<case>.yaml and compares the model with
// testdata/<case>.model.yaml (run with -update to rewrite them).
func TestGolden(t *testing.T) {
	inputs, err := filepath.Glob("testdata/*.yaml")
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, in := range inputs {
		if strings.HasSuffix(in, ".model.yaml") {
			continue
		}
		n++
		name := strings.TrimSuffix(filepath.Base(in), ".yaml")
		t.Run(name, func(t *testing.T) {
			data, err := os.ReadFile(in)
			if err != nil {
				t.Fatal(err)
			}
			res, err := load.LoadBytes(filepath.Base(in), data)
			if err != nil {
				t.Fatal(err)
			}
			namespaceShim(t, filepath.Base(in), data, res)
			m, err := Build(res, caseOptions(data))
			if err != nil {
				t.Fatal(err)
			}
			got, err := yaml.Marshal(m)
			if err != nil {
				t.Fatal(err)
			}
			goldenPath := strings.TrimSuffix(in, ".yaml") + ".model.yaml"
			golden.Check(t, goldenPath, got, *update)
		})
	}
	if n < 12 {
		t.Errorf("want at least 12 golden cases, have %d", n)
	}
}
