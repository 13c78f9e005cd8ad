package load

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"sigs.k8s.io/yaml"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// TestGolden loads testdata/<case>.yaml (or .json) and compares a listing of what was
// loaded, with the line of every field and the objects after defaulting, with
// testdata/<case>.golden.
func TestGolden(t *testing.T) {
	inputs, err := filepath.Glob("testdata/*.*")
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, in := range inputs {
		ext := filepath.Ext(in)
		if ext != ".yaml" && ext != ".json" {
			continue
		}
		n++
		t.Run(strings.TrimSuffix(filepath.Base(in), ext), func(t *testing.T) {
			golden := strings.TrimSuffix(in, ext) + ".golden"
			var got string
			r, err := Load([]string{in}, Options{})
			if err != nil {
				got = "error: " + err.Error() + "\n"
			} else {
				got = describe(t, r)
			}
			if *update {
				if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run go test ./load -run TestGolden -update)", err)
			}
			if diff := cmp.Diff(string(want), got); diff != "" {
				t.Errorf("%s (-want +got):\n%s", golden, diff)
			}
		})
	}
	if n == 0 {
		t.Fatal("no golden cases in testdata")
	}
}

// describe lists every loaded object with its origin, the line of each field and the
// object after defaulting (Secrets: data keys only).
func describe(t *testing.T, r *Resources) string {
	var b strings.Builder
	listObjects(t, &b, "Ingress", r.Ingresses)
	listObjects(t, &b, "IngressClass", r.IngressClasses)
	listObjects(t, &b, "ConfigMap", r.ConfigMaps)
	listObjects(t, &b, "Service", r.Services)
	for _, s := range r.Secrets {
		keys := make([]string, 0, len(s.Obj.Data))
		for k := range s.Obj.Data {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		listObject(t, &b, "Secret", s.Obj, s.Origin, map[string]any{"type": s.Obj.Type, "dataKeys": keys})
	}
	listObjects(t, &b, "GatewayClass", r.GatewayClasses)
	listObjects(t, &b, "Gateway", r.Gateways)
	listObjects(t, &b, "HTTPRoute", r.HTTPRoutes)
	listObjects(t, &b, "GRPCRoute", r.GRPCRoutes)
	listObjects(t, &b, "ReferenceGrant", r.ReferenceGrants)
	for _, o := range r.Other {
		listObject(t, &b, o.Obj.GetKind(), o.Obj, o.Origin, o.Obj.Object["spec"])
	}
	for _, d := range r.Skipped {
		fmt.Fprintf(&b, "SKIPPED %s: %s\n", d.Source, d.Message)
	}
	for _, d := range r.Invalid {
		fmt.Fprintf(&b, "INVALID %s: %s\n", d.Source, d.Message)
	}
	return b.String()
}

func listObjects[T metav1.Object](t *testing.T, b *strings.Builder, kind string, objs []Object[T]) {
	for _, o := range objs {
		listObject(t, b, kind, o.Obj, o.Origin, o.Obj)
	}
}

func listObject(t *testing.T, b *strings.Builder, kind string, meta metav1.Object, o Origin, body any) {
	fmt.Fprintf(b, "%s %s/%s (%s:%d)\n", kind, meta.GetNamespace(), meta.GetName(), o.File, o.Line)
	lines := map[string]int{}
	o.lines.each(func(p string, l int) { lines[p] = l })
	paths := make([]string, 0, len(lines))
	for p := range lines {
		paths = append(paths, p)
	}
	sort.Slice(paths, func(i, j int) bool {
		if lines[paths[i]] != lines[paths[j]] {
			return lines[paths[i]] < lines[paths[j]]
		}
		return paths[i] < paths[j]
	})
	for _, p := range paths {
		fmt.Fprintf(b, "  %4d %s\n", lines[p], p)
	}
	y, err := yaml.Marshal(body)
	if err != nil {
		t.Fatal(err)
	}
	b.WriteString("  ---\n")
	for _, l := range strings.Split(strings.TrimRight(string(y), "\n"), "\n") {
		b.WriteString("  | " + l + "\n")
	}
}
