package envoypolicy

import (
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"k8s.io/apimachinery/pkg/types"
	"sigs.k8s.io/yaml"

	"github.com/ingress-parity/ingress-parity/load"
	"github.com/ingress-parity/ingress-parity/model"
)

var update = flag.Bool("update", false, "rewrite testdata/*.out.yaml from the current output")

type goldenListener struct {
	Listener string         `json:"listener"`
	Policy   ListenerPolicy `json:"policy"`
}

type goldenRoute struct {
	At      string        `json:"at"`
	Applied []string      `json:"applied,omitempty"`
	Opaque  []string      `json:"opaque,omitempty"`
	Policy  *model.Policy `json:"policy"`
}

type goldenOut struct {
	Listeners []goldenListener `json:"listeners"`
	Routes    []goldenRoute    `json:"routes"`
	Notes     []string         `json:"notes,omitempty"`
}

// loadCase reads a testdata file through the real loader.
func loadCase(t *testing.T, path string) *load.Resources {
	t.Helper()
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	res, err := load.LoadBytes(filepath.Base(path), raw)
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return res
}

// attachments lists every (gateway listener, route rule) of res, as the Gateway API frontend
// will: each parentRef to a Gateway, through its sectionName or every listener (allowedRoutes
// is the frontend's business and not checked here).
func attachments(res *load.Resources) []Attachment {
	var out []Attachment
	for _, r := range res.HTTPRoutes {
		for _, pr := range r.Obj.Spec.ParentRefs {
			ns := r.Obj.Namespace
			if pr.Namespace != nil {
				ns = string(*pr.Namespace)
			}
			for _, g := range res.Gateways {
				if g.Obj.Name != string(pr.Name) || g.Obj.Namespace != ns {
					continue
				}
				for _, l := range g.Obj.Spec.Listeners {
					if pr.SectionName != nil && string(*pr.SectionName) != string(l.Name) {
						continue
					}
					for _, rule := range r.Obj.Spec.Rules {
						a := Attachment{Gateway: types.NamespacedName{Namespace: g.Obj.Namespace, Name: g.Obj.Name}, Listener: string(l.Name),
							RouteKind: "HTTPRoute", Route: types.NamespacedName{Namespace: r.Obj.Namespace, Name: r.Obj.Name}}
						if rule.Name != nil {
							a.RuleName = string(*rule.Name)
						}
						out = append(out, a)
					}
				}
			}
		}
	}
	return out
}

func TestGolden(t *testing.T) {
	ins, err := filepath.Glob("testdata/*.in.yaml")
	if err != nil || len(ins) == 0 {
		t.Fatalf("no cases: %v", err)
	}
	for _, in := range ins {
		name := strings.TrimSuffix(filepath.Base(in), ".in.yaml")
		t.Run(name, func(t *testing.T) {
			res := loadCase(t, in)
			ix := Build(res)
			var out goldenOut
			for _, g := range res.Gateways {
				nn := types.NamespacedName{Namespace: g.Obj.Namespace, Name: g.Obj.Name}
				for _, l := range g.Obj.Spec.Listeners {
					lp := ix.Listener(nn, string(l.Name))
					if err := lp.ClientIP.Validate(); err != nil {
						t.Errorf("listener %s: %v", l.Name, err)
					}
					out.Listeners = append(out.Listeners, goldenListener{Listener: nn.String() + "/" + string(l.Name), Policy: lp})
				}
			}
			for _, a := range attachments(res) {
				rp := ix.Route(a)
				if err := rp.Policy.Validate(); err != nil {
					t.Errorf("%v: policy does not validate: %v", a, err)
				}
				at := a.Gateway.String() + "/" + a.Listener + " " + a.Route.String()
				if a.RuleName != "" {
					at += " rule " + a.RuleName
				}
				out.Routes = append(out.Routes, goldenRoute{At: at, Applied: rp.Applied, Opaque: rp.Opaque, Policy: rp.Policy})
			}
			for _, n := range ix.Notes() {
				out.Notes = append(out.Notes, string(n.Level)+" "+n.Code+": "+n.Message+" ["+n.Source.String()+"]")
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
