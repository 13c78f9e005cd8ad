package annotations

import (
	"errors"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"sigs.k8s.io/yaml"

	"github.com/ingress-parity/ingress-parity/model"
)

var update = flag.Bool("update", false, "rewrite testdata/*.out.yaml from the current output")

// goldenCase is one testdata/<case>.in.yaml: an Ingress's annotations (short names) and the
// controller ConfigMap data.
type goldenCase struct {
	Namespace   string            `json:"namespace"`
	ConfigMap   map[string]string `json:"configMap"`
	Annotations map[string]string `json:"annotations"`
}

// goldenOut is what a case produces.
type goldenOut struct {
	ClientIP *model.ClientIPDerivation `json:"clientIP"`
	Policy   *model.Policy             `json:"policy"`
	Denied   bool                      `json:"denied,omitempty"`
	Rejected bool                      `json:"rejected,omitempty"`
	Errors   []string                  `json:"errors,omitempty"`
}

func TestGoldenPolicy(t *testing.T) {
	ins, err := filepath.Glob("testdata/*.in.yaml")
	if err != nil || len(ins) == 0 {
		t.Fatalf("no golden cases: %v", err)
	}
	for _, in := range ins {
		name := strings.TrimSuffix(filepath.Base(in), ".in.yaml")
		t.Run(name, func(t *testing.T) {
			raw, err := os.ReadFile(in)
			if err != nil {
				t.Fatal(err)
			}
			var c goldenCase
			if err := yaml.UnmarshalStrict(raw, &c); err != nil {
				t.Fatalf("%s: %v", in, err)
			}
			src := func(kind, name string) func(string) model.Source {
				return func(key string) model.Source {
					return model.Source{Kind: kind, Namespace: c.Namespace, Name: name, Field: "data." + key}
				}
			}
			g, gerrs := ParseGlobal(c.ConfigMap, GlobalOptions{Source: src("ConfigMap", "ingress-nginx-controller")})
			ann := map[string]string{}
			for k, v := range c.Annotations {
				ann[DefaultPrefix+"/"+k] = v
			}
			res := New(ann, Options{Namespace: c.Namespace, Source: func(key string) model.Source {
				return model.Source{Kind: "Ingress", Namespace: c.Namespace, Name: name, Field: "metadata.annotations." + key}
			}}).Policy(g)
			out := goldenOut{ClientIP: g.ClientIP(), Policy: res.Policy, Denied: res.Denied, Rejected: res.Rejected}
			if err := errors.Join(out.Policy.Validate(), out.ClientIP.Validate()); err != nil {
				t.Errorf("output does not validate: %v", err)
			}
			for _, e := range append(gerrs, res.Errors...) {
				out.Errors = append(out.Errors, e.Error())
			}
			got, err := yaml.Marshal(out)
			if err != nil {
				t.Fatal(err)
			}
			golden := strings.TrimSuffix(in, ".in.yaml") + ".out.yaml"
			if *update {
				if err := os.WriteFile(golden, got, 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run go test -update)", err)
			}
			if diff := cmp.Diff(string(want), string(got)); diff != "" {
				t.Errorf("%s (-want +got):\n%s", golden, diff)
			}
		})
	}
}
