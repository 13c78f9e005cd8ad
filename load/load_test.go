package load

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func writeFiles(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, body := range files {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func cm(name string) string {
	return "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: " + name + "}\n"
}

func names(r *Resources) []string {
	var out []string
	for _, c := range r.ConfigMaps {
		out = append(out, c.Obj.Name+"@"+filepath.Base(c.Origin.File))
	}
	return out
}

// TestLoadPaths checks files, recursive directories in lexical order, stdin and errors.
func TestLoadPaths(t *testing.T) {
	dir := writeFiles(t, map[string]string{
		"b.yaml":          cm("b"),
		"a.yml":           cm("a"),
		"sub/c.json":      `{"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "c"}}`,
		"sub/d.YAML":      cm("d"),
		"notes.txt":       cm("txt"),
		".hidden/e.yaml":  cm("hidden"),
		"explicit.conf":   cm("explicit"),
		"z/deeper/f.yaml": cm("f"),
	})
	tests := []struct {
		name  string
		paths []string
		stdin string
		want  []string
	}{
		{"directory: sorted, recursive, by extension, no hidden dirs", []string{dir},
			"", []string{"a@a.yml", "b@b.yaml", "c@c.json", "d@d.YAML", "f@f.yaml"}},
		{"a file is read whatever its name", []string{filepath.Join(dir, "explicit.conf")}, "", []string{"explicit@explicit.conf"}},
		{"stdin and files in argument order", []string{filepath.Join(dir, "b.yaml"), "-", filepath.Join(dir, "a.yml")},
			cm("s"), []string{"b@b.yaml", "s@<stdin>", "a@a.yml"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, err := Load(tt.paths, Options{Stdin: strings.NewReader(tt.stdin)})
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, names(r)); diff != "" {
				t.Errorf("loaded (-want +got):\n%s", diff)
			}
		})
	}
}

// TestLoadErrors checks the errors of Load itself.
func TestLoadErrors(t *testing.T) {
	dir := writeFiles(t, map[string]string{"bad/x.yaml": "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\nspec: {}\n"})
	tests := []struct {
		name  string
		paths []string
		opts  Options
		want  string
	}{
		{"missing path", []string{filepath.Join(dir, "nope.yaml")}, Options{}, "no such file or directory"},
		{"stdin without reader", []string{"-"}, Options{}, `path "-" given but no stdin reader`},
		{"error names the file inside a directory", []string{dir}, Options{}, filepath.Join(dir, "bad/x.yaml") + ":4: spec: unknown field"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Load(tt.paths, tt.opts)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("Load error = %v, want it to contain %q", err, tt.want)
			}
		})
	}
	var le *Error
	if _, err := Load([]string{dir}, Options{}); !errors.As(err, &le) || le.Line != 4 || le.Field != "spec" {
		t.Errorf("Load error = %#v, want *Error at line 4, field spec", err)
	}
}

// TestMerge checks that Merge appends every list in order.
func TestMerge(t *testing.T) {
	a, err := LoadBytes("a.yaml", []byte(cm("a")+"---\napiVersion: v1\nkind: Pod\nmetadata: {name: p}\n"))
	if err != nil {
		t.Fatal(err)
	}
	b, err := LoadBytes("b.yaml", []byte(cm("b")+"---\n"+routeHead+"  hostnames: [UPPER]\n---\napiVersion: gateway.envoyproxy.io/v1alpha1\nkind: EnvoyProxy\nmetadata: {name: e}\n"))
	if err != nil {
		t.Fatal(err)
	}
	a.Merge(b)
	a.Merge(nil)
	if diff := cmp.Diff([]string{"a@a.yaml", "b@b.yaml"}, names(a)); diff != "" {
		t.Errorf("ConfigMaps (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(counts{ConfigMaps: 2, Skipped: 1, Invalid: 1, Other: 1}, countOf(a)); diff != "" {
		t.Errorf("counts (-want +got):\n%s", diff)
	}
}
