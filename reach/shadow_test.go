package reach

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/ingress-parity/ingress-parity/model"
)

func TestLiteralOverlap(t *testing.T) {
	exact := func(v string) model.PathMatch { return model.PathMatch{Kind: model.PathExact, Value: v} }
	prefix := func(v string) model.PathMatch { return model.PathMatch{Kind: model.PathPrefix, Value: v} }
	seg := func(v string) model.PathMatch { return model.PathMatch{Kind: model.PathSegmentPrefix, Value: v} }
	tests := []struct {
		name string
		a, b model.PathMatch
		want bool
	}{
		{"same exact", exact("/a"), exact("/a"), true},
		{"different exact", exact("/a"), exact("/b"), false},
		{"exact under string prefix", exact("/abc"), prefix("/ab"), true},
		{"exact outside string prefix", exact("/b"), prefix("/a"), false},
		{"exact equals segment prefix", exact("/a"), seg("/a/"), true},
		{"exact below segment prefix", exact("/a/b"), seg("/a"), true},
		{"exact beside segment prefix", exact("/ab"), seg("/a"), false},
		{"segment root takes all", exact("/anything"), seg("/"), true},
		{"string prefixes nest", prefix("/a"), prefix("/ab"), true},
		{"string prefixes apart", prefix("/a"), prefix("/b"), false},
		{"string prefix longer than segment", prefix("/a/x"), seg("/a"), true},
		{"string prefix shorter than segment", prefix("/a"), seg("/ab"), true},
		{"string prefix beside segment", prefix("/ab"), seg("/a"), false},
		{"segments nest", seg("/a"), seg("/a/b"), true},
		{"segments apart", seg("/a"), seg("/ab"), false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := literalOverlap(tt.a, tt.b); got != tt.want {
				t.Errorf("literalOverlap(%v, %v) = %v, want %v", tt.a, tt.b, got, tt.want)
			}
			if got := literalOverlap(tt.b, tt.a); got != tt.want {
				t.Errorf("literalOverlap(%v, %v) = %v, want %v (symmetry)", tt.b, tt.a, got, tt.want)
			}
			// The fast path must agree with the automaton.
			if got := analyse(routesOf(tt.a, tt.b), Options{MaxStates: DefaultMaxStates}); (len(got.over[1]) > 0) != tt.want {
				t.Errorf("automaton says overlap %v, want %v", len(got.over[1]) > 0, tt.want)
			}
		})
	}
}

// routesOf makes forwarding routes r0, r1, ... with the given path matches.
func routesOf(paths ...model.PathMatch) []model.Route {
	out := make([]model.Route, len(paths))
	for i, p := range paths {
		out[i] = model.Route{ID: "r" + string(rune('0'+i)), Match: model.Match{Path: p}, Decision: model.Decision{Kind: model.Forward}}
	}
	return out
}

func TestCompatibleAndCovers(t *testing.T) {
	h := func(name string, kind model.MatchKind, value string, not bool) model.ValueMatch {
		return model.ValueMatch{Name: name, Kind: kind, Value: value, Not: not}
	}
	tests := []struct {
		name                 string
		a, b                 model.Match
		compatible, aCoversB bool
	}{
		{name: "no conditions", compatible: true, aCoversB: true},
		{name: "different methods", a: model.Match{Method: "GET"}, b: model.Match{Method: "POST"}},
		{name: "method only later", b: model.Match{Method: "POST"}, compatible: true, aCoversB: true},
		{name: "method only earlier", a: model.Match{Method: "POST"}, compatible: true},
		{name: "two exact values", a: model.Match{Headers: []model.ValueMatch{h("X-Canary", model.MatchExact, "a", false)}}, b: model.Match{Headers: []model.ValueMatch{h("x-canary", model.MatchExact, "b", false)}}},
		{name: "value and its negation", a: model.Match{Headers: []model.ValueMatch{h("X-Canary", model.MatchExact, "a", true)}}, b: model.Match{Headers: []model.ValueMatch{h("X-Canary", model.MatchExact, "a", false)}}},
		{name: "present and absent", a: model.Match{Headers: []model.ValueMatch{h("X-A", model.MatchPresent, "", false)}}, b: model.Match{Headers: []model.ValueMatch{h("X-A", model.MatchAbsent, "", false)}}},
		{name: "regex and exact may meet", a: model.Match{Headers: []model.ValueMatch{h("X-A", model.MatchRegex, "a.*", false)}}, b: model.Match{Headers: []model.ValueMatch{h("X-A", model.MatchExact, "b", false)}}, compatible: true},
		{name: "same header condition covers", a: model.Match{Headers: []model.ValueMatch{h("X-A", model.MatchExact, "1", false)}}, b: model.Match{Method: "GET", Headers: []model.ValueMatch{h("x-a", model.MatchExact, "1", false)}}, compatible: true, aCoversB: true},
		{name: "query names are case-sensitive", a: model.Match{Query: []model.ValueMatch{h("v", model.MatchExact, "1", false)}}, b: model.Match{Query: []model.ValueMatch{h("V", model.MatchExact, "2", false)}}, compatible: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := compatible(tt.a, tt.b); got != tt.compatible {
				t.Errorf("compatible = %v, want %v", got, tt.compatible)
			}
			if got := compatible(tt.b, tt.a); got != tt.compatible {
				t.Errorf("compatible (swapped) = %v, want %v", got, tt.compatible)
			}
			if got := covers(tt.a, tt.b); got != tt.aCoversB {
				t.Errorf("covers = %v, want %v", got, tt.aCoversB)
			}
		})
	}
}

func TestAnalyse(t *testing.T) {
	exact := model.PathMatch{Kind: model.PathExact, Value: "/v1/health"}
	v1 := model.PathMatch{Kind: model.PathSegmentPrefix, Value: "/v1"}
	regex := model.PathMatch{Kind: model.PathRegexPrefix, Value: "/V[0-9]+/", CaseInsensitive: true}
	root := model.PathMatch{Kind: model.PathPrefix, Value: "/"}
	tests := []struct {
		name   string
		routes []model.Route
		over   [][]overlap
		never  []bool
	}{
		{
			name:   "disjoint literals need no automaton",
			routes: routesOf(exact, model.PathMatch{Kind: model.PathSegmentPrefix, Value: "/v2"}),
			over:   [][]overlap{nil, nil},
			never:  []bool{false, false},
		},
		{
			name:   "an exact path inside a prefix",
			routes: routesOf(exact, v1),
			over:   [][]overlap{nil, {{by: 0}}},
			never:  []bool{false, false},
		},
		{
			name:   "a case-insensitive regex prefix takes part of a later prefix",
			routes: routesOf(regex, v1, root),
			over:   [][]overlap{nil, {{by: 0}}, {{by: 0}, {by: 1}}},
			never:  []bool{false, false, false},
		},
		{
			name:   "a prefix hides a later exact path completely",
			routes: routesOf(v1, exact),
			over:   [][]overlap{nil, {{by: 0}}},
			never:  []bool{false, true},
		},
		{
			name:   "two earlier routes together hide a prefix",
			routes: routesOf(model.PathMatch{Kind: model.PathExact, Value: "/v1"}, model.PathMatch{Kind: model.PathPrefix, Value: "/v1/"}, v1),
			over:   [][]overlap{nil, nil, {{by: 0}, {by: 1}}},
			never:  []bool{false, false, true},
		},
		{
			name: "an earlier route with a header condition does not hide",
			routes: func() []model.Route {
				rs := routesOf(v1, v1)
				rs[0].Match.Headers = []model.ValueMatch{{Name: "X-Canary", Kind: model.MatchExact, Value: "always"}}
				return rs
			}(),
			over:  [][]overlap{nil, {{by: 0}}},
			never: []bool{false, false},
		},
		{
			name:   "a PCRE-only regex matches nothing and is never declared unreachable",
			routes: routesOf(root, model.PathMatch{Kind: model.PathRegex, Value: "/(?<=a)b"}, v1),
			over:   [][]overlap{nil, nil, {{by: 0}}},
			never:  []bool{false, false, true},
		},
		{
			name: "a redirect earlier takes paths but is not a way itself",
			routes: func() []model.Route {
				rs := routesOf(v1, root)
				rs[0].Decision.Kind = model.Redirect
				return rs
			}(),
			over:  [][]overlap{nil, {{by: 0}}},
			never: []bool{false, false},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := analyse(tt.routes, Options{MaxStates: DefaultMaxStates})
			if d := cmp.Diff(tt.over, got.over, cmp.AllowUnexported(overlap{})); d != "" {
				t.Errorf("overlaps (-want +got):\n%s", d)
			}
			if d := cmp.Diff(tt.never, got.never); d != "" {
				t.Errorf("never (-want +got):\n%s", d)
			}
		})
	}
}

// TestAnalyseCapped: past the state cap, overlaps that were not seen are reported as
// possible and no route is declared unreachable.
func TestAnalyseCapped(t *testing.T) {
	routes := routesOf(
		model.PathMatch{Kind: model.PathRegex, Value: "/a/[a-z]{20}"},
		model.PathMatch{Kind: model.PathRegex, Value: "/b/[a-z]{20}"},
		model.PathMatch{Kind: model.PathRegex, Value: "/a/[a-z]{20}"},
	)
	got := analyse(routes, Options{MaxStates: 5})
	want := [][]overlap{nil, {{by: 0, maybe: true}}, {{by: 0, maybe: true}, {by: 1, maybe: true}}}
	if d := cmp.Diff(want, got.over, cmp.AllowUnexported(overlap{})); d != "" {
		t.Errorf("overlaps (-want +got):\n%s", d)
	}
	for i, n := range got.never {
		if n {
			t.Errorf("route %d declared unreachable from an incomplete exploration", i)
		}
	}
}
