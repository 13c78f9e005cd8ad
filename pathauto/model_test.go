package pathauto

import (
	"fmt"
	"testing"

	"github.com/ingress-parity/ingress-parity/model"
)

// TestModelPathMatches checks Explore against model.PathMatch.Matches on the languages the
// frontends actually produce: every witness must be accepted exactly by the path matches
// that match it, and the witnesses must tell the kinds apart.
func TestModelPathMatches(t *testing.T) {
	matches := []model.PathMatch{
		{Kind: model.PathExact, Value: "/foo"},
		{Kind: model.PathPrefix, Value: "/foo"},
		{Kind: model.PathSegmentPrefix, Value: "/foo/"},
		{Kind: model.PathSegmentPrefix, Value: "/"},
		{Kind: model.PathRegex, Value: "/foo/[0-9]+"},
		{Kind: model.PathRegexPrefix, Value: "/FOO/(bar|baz)", CaseInsensitive: true},
		{Kind: model.PathRegexPrefix, Value: `^/api/v\d+\b`},
		{Kind: model.PathExact, Value: "/a.b?c"},
	}
	patterns := make([]string, len(matches))
	for i, m := range matches {
		p, err := m.Pattern()
		if err != nil {
			t.Fatalf("%+v: %v", m, err)
		}
		patterns[i] = p
	}
	signatures := map[string]string{}
	st, err := Explore(patterns, Options{Prefix: "/"}, func(path string, acc []int) bool {
		var want []int
		for i, m := range matches {
			if m.Matches(path) {
				want = append(want, i)
			}
		}
		if fmt.Sprint(want) != fmt.Sprint(acc) {
			t.Errorf("%q: Explore says %v, model.PathMatch.Matches says %v", path, acc, want)
		}
		if _, ok := signatures[fmt.Sprint(acc)]; !ok {
			signatures[fmt.Sprint(acc)] = path
		}
		return true
	})
	if err != nil || !st.Complete {
		t.Fatalf("Explore = %+v, %v", st, err)
	}
	for sig, path := range map[string]string{
		"[0 1 2 3]": "/foo",     // exact, string prefix, segment prefix, root
		"[1 3]":     "/fooa",    // only the nginx string prefix (and /) take /foobar-like paths
		"[1 2 3 4]": "/foo/0",   // the regex
		"[1 2 3 5]": "/foo/bar", // case-insensitive regex prefix
		"[1 2 3]":   "/foo/",    // segment prefix below /foo
		"[3 6]":     "/api/v0",  // \d+ then a word boundary at the end
		"[3]":       "/",        // only the root prefix
	} {
		if got := signatures[sig]; got != path {
			t.Errorf("shortest path accepted by %s = %q, want %q", sig, got, path)
		}
	}
}
