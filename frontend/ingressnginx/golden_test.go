package ingressnginx

import (
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"sigs.k8s.io/yaml"

	"github.com/ingress-parity/ingress-parity/internal/golden"
	"github.com/ingress-parity/ingress-parity/load"
	"github.com/ingress-parity/ingress-parity/model"
)

var update = flag.Bool("update", false, "rewrite testdata/*.model.yaml from the current output")

// caseOptions are the Build options of golden cases that need more than the defaults.
var caseOptions = map[string]Options{
	"class-selection": {WatchIngressWithoutClass: false},
	"without-class":   {WatchIngressWithoutClass: true},
}

// buildFile loads testdata/<name> and builds its model.
func buildFile(t *testing.T, file string, opts Options) *model.Model {
	t.Helper()
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	res, err := load.LoadBytes(filepath.Base(file), data)
	if err != nil {
		t.Fatalf("load %s: %v", file, err)
	}
	m, err := Build(res, opts)
	if err != nil {
		t.Fatalf("build %s: %v", file, err)
	}
	return m
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
			m := buildFile(t, in, caseOptions[name])
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
