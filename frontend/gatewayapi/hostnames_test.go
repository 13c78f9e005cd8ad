package gatewayapi

import (
	"strings"
	"testing"

	"github.com/ingress-parity/ingress-parity/model"
)

func TestIntersectHost(t *testing.T) {
	tests := []struct {
		name, listener, route, want string
		ok                          bool
	}{
		{name: "both empty", ok: true},
		{name: "listener empty", route: "a.example.com", want: "a.example.com", ok: true},
		{name: "route empty", listener: "*.example.com", want: "*.example.com", ok: true},
		{name: "equal exact", listener: "a.example.com", route: "a.example.com", want: "a.example.com", ok: true},
		{name: "route wildcard covers listener", listener: "very.specific.com", route: "*.specific.com", want: "very.specific.com", ok: true},
		{name: "listener wildcard covers route", listener: "*.wildcard.io", route: "foo.bar.wildcard.io", want: "foo.bar.wildcard.io", ok: true},
		{name: "nested wildcards", listener: "*.wildcard.io", route: "*.bar.wildcard.io", want: "*.bar.wildcard.io", ok: true},
		{name: "nested wildcards reversed", listener: "*.bar.wildcard.io", route: "*.wildcard.io", want: "*.bar.wildcard.io", ok: true},
		{name: "wildcard excludes its apex", listener: "*.wildcard.io", route: "wildcard.io"},
		{name: "label boundary", listener: "*.example.com", route: "badexample.com"},
		{name: "different exact", listener: "a.example.com", route: "b.example.com"},
		{name: "disjoint wildcards", listener: "*.a.com", route: "*.b.com"},
		{name: "case folded", listener: "*.Example.com", route: "A.EXAMPLE.com", want: "a.example.com", ok: true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, ok := intersectHost(tc.listener, tc.route)
			if got != tc.want || ok != tc.ok {
				t.Errorf("intersectHost(%q, %q) = %q, %v; want %q, %v", tc.listener, tc.route, got, ok, tc.want, tc.ok)
			}
		})
	}
}

// hostSamples are hostnames that exercise label boundaries of a pattern.
func hostSamples(patterns ...string) []string {
	var out []string
	for _, p := range patterns {
		base := strings.TrimPrefix(p, "*.")
		out = append(out, base, "x."+base, "x.y."+base, "x"+base, strings.TrimPrefix(base, strings.SplitN(base, ".", 2)[0]+"."))
	}
	return out
}

// FuzzIntersectHost checks that the intersection of a listener and a route hostname accepts
// exactly the hosts both accept, on hosts near their label boundaries.
func FuzzIntersectHost(f *testing.F) {
	for _, seed := range [][2]string{
		{"", ""}, {"*.wildcard.io", "foo.wildcard.io"}, {"very.specific.com", "*.specific.com"},
		{"*.a.b", "*.b"}, {"*.b", "b"}, {"a.b", "a.b"}, {"*.x", "*.yx"},
	} {
		f.Add(seed[0], seed[1])
	}
	f.Fuzz(func(t *testing.T, listener, route string) {
		if !validHost(listener) || !validHost(route) {
			return
		}
		got, ok := intersectHost(listener, route)
		for _, h := range hostSamples(listener, route, got) {
			if h == "" || strings.HasPrefix(h, ".") {
				continue
			}
			both := model.HostMatches(listener, h, model.WildcardAnyLabels) && model.HostMatches(route, h, model.WildcardAnyLabels)
			in := ok && model.HostMatches(got, h, model.WildcardAnyLabels)
			if both != in {
				t.Fatalf("intersectHost(%q, %q) = %q, %v: host %q in both = %v, in intersection = %v", listener, route, got, ok, h, both, in)
			}
		}
	})
}

// validHost keeps the fuzzer to the shapes the API server admits: lower-case labels of
// [a-z0-9-], an optional leading "*." wildcard label, or empty.
func validHost(h string) bool {
	if h == "" {
		return true
	}
	h = strings.TrimPrefix(h, "*.")
	for _, l := range strings.Split(h, ".") {
		if l == "" {
			return false
		}
		for _, r := range l {
			if !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '-') {
				return false
			}
		}
	}
	return true
}
