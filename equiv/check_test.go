package equiv

import (
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"sigs.k8s.io/yaml"

	"github.com/ingress-parity/ingress-parity/finding"
	"github.com/ingress-parity/ingress-parity/model"
)

var update = flag.Bool("update", false, "rewrite the golden testdata/*.out.json files")

// caseOptions are read from the optional testdata/<case>.opts.yaml.
type caseOptions struct {
	MaxStates  int `json:"maxStates"`
	MaxClasses int `json:"maxClasses"`
}

func loadModel(t *testing.T, path string) *model.Model {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var m model.Model
	if err := yaml.UnmarshalStrict(data, &m); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return &m
}

func TestCheckGolden(t *testing.T) {
	olds, err := filepath.Glob("testdata/*.old.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if len(olds) < 12 {
		t.Fatalf("want at least 12 golden cases, have %d", len(olds))
	}
	for _, oldPath := range olds {
		name := strings.TrimSuffix(filepath.Base(oldPath), ".old.yaml")
		t.Run(name, func(t *testing.T) {
			old := loadModel(t, oldPath)
			new := loadModel(t, filepath.Join("testdata", name+".new.yaml"))
			opts := Options{Tool: finding.Tool{Name: "ingress-parity", Version: "test"}}
			if data, err := os.ReadFile(filepath.Join("testdata", name+".opts.yaml")); err == nil {
				var co caseOptions
				if err := yaml.UnmarshalStrict(data, &co); err != nil {
					t.Fatal(err)
				}
				opts.MaxStates, opts.MaxClasses = co.MaxStates, co.MaxClasses
			}
			res := Check(old, new, opts)
			checkWitnesses(t, old, new, res)
			got, err := json.MarshalIndent(res, "", "  ")
			if err != nil {
				t.Fatal(err)
			}
			got = append(got, '\n')
			golden := filepath.Join("testdata", name+".out.json")
			if *update {
				if err := os.WriteFile(golden, got, 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run with -update to create it)", err)
			}
			if diff := cmp.Diff(string(want), string(got)); diff != "" {
				t.Errorf("%s mismatch (-want +got):\n%s", golden, diff)
			}
			// Determinism: a second run gives the same bytes.
			again, _ := json.MarshalIndent(Check(old, new, opts), "", "  ")
			if string(again)+"\n" != string(got) {
				t.Errorf("second run differs")
			}
		})
	}
}

// checkWitnesses replays every finding's witness through model.Resolve on both sides and
// asserts that the decisions reported are what the concrete evaluation gives.
func checkWitnesses(t errorer, old, new *model.Model, res *finding.Result) {
	t.Helper()
	for _, f := range res.Findings {
		if f.Witness.Method == "" || strings.HasPrefix(f.Title, "host-split") {
			continue
		}
		if strings.Contains(f.Explanation, "normalize differently") {
			// The witness path is one side's normalized path only; the explanation says so.
			continue
		}
		req := model.Request{Method: f.Witness.Method, Scheme: model.Scheme(f.Witness.Scheme), Host: f.Witness.Host, Port: f.Witness.Port, Path: f.Witness.Path, Query: f.Witness.Query}
		if len(f.Witness.Headers) > 0 {
			req.Headers = map[string][]string{}
			for k, v := range f.Witness.Headers {
				req.Headers[k] = []string{v}
			}
		}
		for _, s := range []struct {
			name string
			m    *model.Model
			d    *finding.Decision
		}{{"old", old, f.Old}, {"new", new, f.New}} {
			if f.Witness.ClientIP != "" && s.d.Decision != "forward" {
				// An identity witness refused by the side's policy: model.Resolve routes
				// without policies; the route it reaches is checked on the other side.
				continue
			}
			if s.d.Decision == "refused" {
				if got := resolvedOn(s.m, req); len(got) > 0 {
					t.Errorf("%s: %s side refused, but %v answer the witness", f.ID, s.name, got)
				}
				continue
			}
			found := false
			for _, r := range s.m.Resolve(req) {
				if r.EntryPoint != s.d.EntryPoint {
					continue
				}
				found = true
				if diff := cmp.Diff(s.d, finding.DecisionOf(r)); diff != "" {
					t.Errorf("%s: %s decision differs from model.Resolve (-finding +resolve):\n%s", f.ID, s.name, diff)
				}
			}
			if !found && !strings.Contains(f.Explanation, "compared on its") {
				t.Errorf("%s: %s entry point %s does not answer the witness", f.ID, s.name, s.d.EntryPoint)
			}
		}
	}
}

// errorer is the part of testing.T and rapid.T that checkWitnesses uses.
type errorer interface {
	Helper()
	Errorf(format string, args ...any)
}

func resolvedOn(m *model.Model, req model.Request) []string {
	var out []string
	for _, r := range m.Resolve(req) {
		out = append(out, r.EntryPoint)
	}
	sort.Strings(out)
	return out
}

// Host classes are compared in parallel; the result must not depend on how many run at once.
func TestCheckParallelIsDeterministic(t *testing.T) {
	olds, _ := filepath.Glob("testdata/*.old.yaml")
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(0))
	for _, oldPath := range olds {
		name := strings.TrimSuffix(filepath.Base(oldPath), ".old.yaml")
		old := loadModel(t, oldPath)
		new := loadModel(t, filepath.Join("testdata", name+".new.yaml"))
		var outs []string
		for _, procs := range []int{1, 4} {
			runtime.GOMAXPROCS(procs)
			got, err := json.Marshal(Check(old, new, Options{}))
			if err != nil {
				t.Fatal(err)
			}
			outs = append(outs, string(got))
		}
		if outs[0] != outs[1] {
			t.Errorf("%s: results differ between 1 and 4 parallel comparisons:\n%s", name, cmp.Diff(outs[0], outs[1]))
		}
	}
}
