package plan_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/ingress-parity/ingress-parity/finding"
	"github.com/ingress-parity/ingress-parity/model"
	"github.com/ingress-parity/ingress-parity/probe"
	"github.com/ingress-parity/ingress-parity/probe/plan"
)

var update = flag.Bool("update", false, "rewrite golden files under testdata/")

func readJSON(t *testing.T, path string, v any) bool {
	t.Helper()
	b, err := os.ReadFile(path)
	if errors.Is(err, os.ErrNotExist) {
		return false
	}
	if err != nil {
		t.Fatal(err)
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return true
}

// TestBuildGolden plans every testdata/<case>.old.json / <case>.new.json pair (with
// <case>.findings.json when present) and compares with <case>.plan.golden.json.
func TestBuildGolden(t *testing.T) {
	olds, _ := filepath.Glob("testdata/*.old.json")
	if len(olds) == 0 {
		t.Fatal("no test cases under testdata/")
	}
	for _, oldPath := range olds {
		name := strings.TrimSuffix(filepath.Base(oldPath), ".old.json")
		t.Run(name, func(t *testing.T) {
			var old, nw model.Model
			readJSON(t, oldPath, &old)
			readJSON(t, filepath.Join("testdata", name+".new.json"), &nw)
			var res *finding.Result
			var r finding.Result
			if readJSON(t, filepath.Join("testdata", name+".findings.json"), &r) {
				res = &r
			}
			p, err := plan.Build(&old, &nw, res, plan.PlanOptions{Identity: plan.IdentityMaterial{BasicUser: "alice", BasicPasswordEnv: "ADMIN_PASSWORD", JWTKeyFile: "keys/jwt.pem", JWTSubject: "probe"}})
			if err != nil {
				t.Fatal(err)
			}
			var buf bytes.Buffer
			if err := p.Write(&buf); err != nil {
				t.Fatal(err)
			}
			golden := filepath.Join("testdata", name+".plan.golden.json")
			if *update {
				if err := os.WriteFile(golden, buf.Bytes(), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run with -update)", err)
			}
			if d := cmp.Diff(string(want), buf.String()); d != "" {
				t.Errorf("plan mismatch (-want +got):\n%s", d)
			}
			// The plan file reads back as written.
			if _, err := probe.DecodePlan(bytes.NewReader(buf.Bytes())); err != nil {
				t.Errorf("plan does not read back: %v", err)
			}
		})
	}
}

func TestBuildRouteSamplesLandOnTheirRoute(t *testing.T) {
	var old, nw model.Model
	readJSON(t, "testdata/estate.old.json", &old)
	readJSON(t, "testdata/estate.new.json", &nw)
	p, err := plan.Build(&old, &nw, nil, plan.PlanOptions{})
	if err != nil {
		t.Fatal(err)
	}
	routes := map[string]bool{}
	for _, pr := range p.Probes {
		if pr.Class != "route" {
			continue
		}
		for _, why := range strings.Split(pr.Why, "; ") {
			id, side, _ := strings.Cut(strings.TrimPrefix(why, "lands on "), " (")
			pred := pr.Predicted.Old
			if side == "gateway-api)" {
				pred = pr.Predicted.New
			}
			if pred == nil || pred.Route != id {
				t.Errorf("%s: %s, but the prediction is %+v", pr.ID, why, pred)
			}
			routes[why] = true
		}
	}
	if len(routes) != 9 {
		t.Errorf("route probes cover %d routes, want all 9: %v", len(routes), routes)
	}
}

func TestBuildNeedsBothModels(t *testing.T) {
	if _, err := plan.Build(nil, &model.Model{}, nil, plan.PlanOptions{}); !errors.Is(err, plan.ErrNoModel) {
		t.Errorf("err = %v, want ErrNoModel", err)
	}
}

func TestBuildMaxProbes(t *testing.T) {
	var old, nw model.Model
	readJSON(t, "testdata/estate.old.json", &old)
	readJSON(t, "testdata/estate.new.json", &nw)
	p, err := plan.Build(&old, &nw, nil, plan.PlanOptions{MaxProbes: 3})
	if err != nil {
		t.Fatal(err)
	}
	if len(p.Probes) != 3 {
		t.Errorf("%d probes, want 3", len(p.Probes))
	}
}
