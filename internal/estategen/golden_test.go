package estategen

import (
	"flag"
	"os"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

// TestGolden pins the exact output of small estates: testdata/<case>.old.yaml and
// <case>.new.yaml. Run with -update after an intended change and review the diff.
func TestGolden(t *testing.T) {
	tests := []struct {
		name string
		opts Options
	}{
		// 28 Ingresses reach every special host: regex (3, 13), rewrite (13), canary (7).
		{name: "small", opts: Options{Ingresses: 28, Seed: 1}},
		{name: "identity-drift", opts: Options{Ingresses: 8, Seed: 2, Identity: true, DriftEvery: 3}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			old, new := Generate(tt.opts)
			for _, side := range []struct {
				suffix string
				got    []byte
			}{{".old.yaml", old}, {".new.yaml", new}} {
				path := filepath.Join("testdata", tt.name+side.suffix)
				if *update {
					if err := os.WriteFile(path, side.got, 0o644); err != nil {
						t.Fatal(err)
					}
					continue
				}
				want, err := os.ReadFile(path)
				if err != nil {
					t.Fatalf("%v (run with -update to create it)", err)
				}
				if diff := cmp.Diff(string(want), string(side.got)); diff != "" {
					t.Errorf("%s differs (-want +got):\n%s", path, diff)
				}
			}
		})
	}
}
