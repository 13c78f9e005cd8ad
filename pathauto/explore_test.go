package pathauto

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata/")

func TestExploreStats(t *testing.T) {
	tests := []struct {
		name     string
		patterns []string
		opts     Options
		stopAt   int // visit returns false on this state (1-based); 0 never
		want     Stats
	}{
		{
			name:     "huge counted repetition explores every count",
			patterns: []string{`x{1000}`},
			// "", x ... x^1000, and the dead state.
			want: Stats{States: 1002, Complete: true, Classes: 2},
		},
		{
			name:     "exponential automaton is capped",
			patterns: []string{`(?:a|b)*a(?:a|b){30}`},
			opts:     Options{MaxStates: 1000},
			want:     Stats{States: 1000, Complete: false, Reason: "state limit 1000 reached", Classes: 3},
		},
		{
			name:     "work limit stops huge states",
			patterns: []string{`(?:a?){1000}`},
			opts:     Options{MaxWork: 100000},
			// Each state of a?{1000} has up to a thousand threads: the limit stops it early.
			want: Stats{States: 36, Complete: false, Reason: "work limit 100000 reached", Classes: 2},
		},
		{
			name:     "huge states complete under the default work limit",
			patterns: []string{`(?:a?){1000}`},
			// "", a ... a^1000, and the dead state.
			want: Stats{States: 1002, Complete: true, Classes: 2},
		},
		{
			name:     "visit stops the exploration",
			patterns: []string{`/a(?s:.*)`},
			stopAt:   2,
			want:     Stats{States: 2, Complete: false, Reason: ReasonStopped, Classes: 3},
		},
		{
			name:     "no pattern",
			patterns: nil,
			want:     Stats{States: 1, Complete: true, Classes: 1},
		},
		{
			name:     "state count does not grow with the alphabet",
			patterns: []string{`/[^/]+/x`},
			opts:     Options{Alphabet: []rune("abcdefghijklmnopqrstuvwxyz0123456789/x")},
			// "", "/", "/a", "/a/", "/a/x", dead.
			want: Stats{States: 6, Complete: true, Classes: 3},
		},
		{
			name:     "prefix starts the exploration after it",
			patterns: []string{`/api(?:/(?s:.*))?`},
			opts:     Options{Prefix: "/ap"},
			// "/ap", "/api", "/api/", dead; classes '/', 'a', 'p', 'i', other.
			want: Stats{States: 4, Complete: true, Classes: 5},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			n := 0
			got, err := Explore(tc.patterns, tc.opts, func(string, []int) bool {
				n++
				return n != tc.stopAt
			})
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("Stats (-want +got):\n%s", diff)
			}
		})
	}
}

// TestExploreGolden explores every testdata/explore/<case>.patterns file (one pattern a line,
// Prefix "/") and compares the report with <case>.golden.
func TestExploreGolden(t *testing.T) {
	files, err := filepath.Glob(filepath.Join("testdata", "explore", "*.patterns"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no golden cases: %v", err)
	}
	for _, file := range files {
		name := strings.TrimSuffix(filepath.Base(file), ".patterns")
		t.Run(name, func(t *testing.T) {
			in, err := os.ReadFile(file)
			if err != nil {
				t.Fatal(err)
			}
			patterns := strings.Split(strings.TrimRight(string(in), "\n"), "\n")
			var b strings.Builder
			for i, p := range patterns {
				fmt.Fprintf(&b, "# %d %s\n", i, p)
			}
			res := oracle(t, patterns)
			st, err := Explore(patterns, Options{Prefix: "/"}, func(path string, acc []int) bool {
				fmt.Fprintf(&b, "%q %v\n", path, acc)
				if w := want(res, path); !cmp.Equal(w, acc) {
					t.Errorf("%q: accepting %v, regexp says %v", path, acc, w)
				}
				return true
			})
			if err != nil {
				t.Fatal(err)
			}
			fmt.Fprintf(&b, "# %+v\n", st)
			golden := filepath.Join("testdata", "explore", name+".golden")
			if *update {
				if err := os.WriteFile(golden, []byte(b.String()), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			wantOut, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run go test -update to create it)", err)
			}
			if diff := cmp.Diff(string(wantOut), b.String()); diff != "" {
				t.Errorf("report differs from %s (-want +got):\n%s", golden, diff)
			}
		})
	}
}

// TestExploreFindsDistinguishingPaths checks the witnesses equivalence checking relies on.
func TestExploreFindsDistinguishingPaths(t *testing.T) {
	tests := []struct {
		name     string
		patterns []string
		// want is the shortest path accepted by exactly the set.
		want map[string]string
	}{
		{
			name:     "nginx string prefix vs element-wise prefix",
			patterns: []string{`/foo(?s:.*)`, `/foo(?:/(?s:.*))?`},
			want:     map[string]string{"[0]": "/fooa", "[0 1]": "/foo", "[]": "/"},
		},
		{
			name:     "case-insensitive regex prefix vs case-sensitive full match",
			patterns: []string{`(?i:(?:/api/v[0-9]+)(?s:.*))`, `/api/v[0-9]+`},
			want:     map[string]string{"[0]": "/api/V0", "[0 1]": "/api/v0"},
		},
		{
			name:     "literal after a branch with a pending end-of-text assertion",
			patterns: []string{`/a`, `/(?:aa|b$)a`},
			want:     map[string]string{"[0]": "/a", "[1]": "/aaa", "[]": "/"},
		},
		{
			// Ties go to the first difference in alphabet order: "/admiN" < "/Admin".
			name:     "uppercase path only the case-insensitive side takes",
			patterns: []string{`(?i:/Admin)`, `/admin`},
			want:     map[string]string{"[0]": "/admiN", "[0 1]": "/admin"},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := map[string]string{}
			_, err := Explore(tc.patterns, Options{Prefix: "/"}, func(path string, acc []int) bool {
				k := fmt.Sprint(acc)
				if _, ok := got[k]; !ok {
					got[k] = path
				}
				return true
			})
			if err != nil {
				t.Fatal(err)
			}
			for k, w := range tc.want {
				if got[k] != w {
					t.Errorf("shortest path accepted by %s = %q, want %q", k, got[k], w)
				}
				re := oracle(t, tc.patterns)
				if fmt.Sprint(want(re, w)) != k {
					t.Errorf("table: regexp says %q is accepted by %v, not %s", w, want(re, w), k)
				}
			}
		})
	}
}
