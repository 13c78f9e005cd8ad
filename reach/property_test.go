package reach

import (
	"slices"
	"testing"

	"pgregory.net/rapid"

	"github.com/ingress-parity/ingress-parity/model"
)

// TestAnalyseAgreesWithBruteForce holds the shadow analysis (literal fast path and automaton)
// against model.PathMatch.Matches on every path that can tell literal matches apart: each
// value with "", "/", "z", "/z", "0", "z0" and "/0" appended (the regexes add [a-z]*).
func TestAnalyseAgreesWithBruteForce(t *testing.T) {
	values := []string{"/", "/a", "/a/", "/a/b", "/ab", "/b"}
	kinds := []model.PathKind{model.PathExact, model.PathPrefix, model.PathSegmentPrefix, model.PathRegex}
	var candidates []string
	for _, v := range values {
		for _, s := range []string{"", "/", "z", "/z", "0", "z0", "/0"} {
			candidates = append(candidates, v+s)
		}
	}
	rapid.Check(t, func(t *rapid.T) {
		n := rapid.IntRange(1, 5).Draw(t, "routes")
		routes := make([]model.Route, n)
		for i := range routes {
			kind := rapid.SampledFrom(kinds).Draw(t, "kind")
			value := rapid.SampledFrom(values).Draw(t, "value")
			if kind == model.PathRegex {
				value += "[a-z]*" // still a language the candidates can tell apart
			}
			routes[i] = model.Route{Match: model.Match{Path: model.PathMatch{Kind: kind, Value: value}}, Decision: model.Decision{Kind: model.Forward}}
			if rapid.Bool().Draw(t, "method") {
				routes[i].Match.Method = rapid.SampledFrom([]string{"GET", "POST"}).Draw(t, "which")
			}
		}
		got := analyse(routes, Options{MaxStates: DefaultMaxStates})
		for j := range routes {
			var wantOver []int
			wins := false
			for _, p := range candidates {
				if !routes[j].Match.Path.Matches(p) {
					continue
				}
				covered := false
				for i := 0; i < j; i++ {
					if !routes[i].Match.Path.Matches(p) {
						continue
					}
					if compatible(routes[i].Match, routes[j].Match) && !slices.Contains(wantOver, i) {
						wantOver = append(wantOver, i)
					}
					covered = covered || covers(routes[i].Match, routes[j].Match)
				}
				wins = wins || !covered
			}
			slices.Sort(wantOver)
			var gotOver []int
			for _, o := range got.over[j] {
				if o.maybe {
					t.Fatalf("route %d: overlap with %d not proven on a tiny host", j, o.by)
				}
				gotOver = append(gotOver, o.by)
			}
			if !slices.Equal(gotOver, wantOver) {
				t.Fatalf("route %d (%v): overlaps %v, brute force says %v", j, routes[j].Match, gotOver, wantOver)
			}
			if got.never[j] == wins {
				t.Fatalf("route %d (%v): never = %v, brute force says wins = %v", j, routes[j].Match, got.never[j], wins)
			}
		}
	})
}
