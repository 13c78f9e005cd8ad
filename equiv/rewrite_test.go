package equiv

import (
	"testing"

	"github.com/ingress-parity/ingress-parity/model"
)

func TestRewritesProvenEqual(t *testing.T) {
	regexRoute := func(v string) *model.Route {
		return &model.Route{Match: model.Match{Path: model.PathMatch{Kind: model.PathRegexPrefix, Value: v, CaseInsensitive: true}}}
	}
	prefixRoute := func(v string) *model.Route {
		return &model.Route{Match: model.Match{Path: model.PathMatch{Kind: model.PathSegmentPrefix, Value: v}}}
	}
	dec := func(r *model.Route, rw *model.Rewrite) decided {
		return decided{Route: r, Decision: &model.Decision{Kind: model.Forward, Rewrite: rw}}
	}
	capture := &model.Rewrite{Kind: model.RewriteRegex, Pattern: "/api(/|$)(.*)", Replacement: "/$2", CaseInsensitive: true}
	tests := []struct {
		name   string
		od, nd decided
		want   bool
	}{
		{"constant regex rewrite vs full path", dec(regexRoute("/cart/[0-9]+"), &model.Rewrite{Kind: model.RewriteRegex, Pattern: "/cart/[0-9]+", Replacement: "/", CaseInsensitive: true}),
			dec(prefixRoute("/"), &model.Rewrite{Kind: model.RewriteFullPath, Replacement: "/"}), true},
		{"constant rewrite, pattern is not the route's", dec(regexRoute("/cart"), &model.Rewrite{Kind: model.RewriteRegex, Pattern: "/other", Replacement: "/", CaseInsensitive: true}),
			dec(prefixRoute("/"), &model.Rewrite{Kind: model.RewriteFullPath, Replacement: "/"}), false},
		{"constant rewrite, other replacement", dec(regexRoute("/cart"), &model.Rewrite{Kind: model.RewriteRegex, Pattern: "/cart", Replacement: "/", CaseInsensitive: true}),
			dec(prefixRoute("/"), &model.Rewrite{Kind: model.RewriteFullPath, Replacement: "/x"}), false},
		{"capture idiom vs prefix to root", dec(regexRoute("/api(/|$)(.*)"), capture),
			dec(prefixRoute("/api"), &model.Rewrite{Kind: model.RewritePrefix, Prefix: "/api", Replacement: "/"}), true},
		{"capture idiom vs prefix to /v2 differs on /api", dec(regexRoute("/api(/|$)(.*)"), &model.Rewrite{Kind: model.RewriteRegex, Pattern: "/api(/|$)(.*)", Replacement: "/v2/$2", CaseInsensitive: true}),
			dec(prefixRoute("/api"), &model.Rewrite{Kind: model.RewritePrefix, Prefix: "/api", Replacement: "/v2"}), false},
		{"capture idiom vs other prefix", dec(regexRoute("/api(/|$)(.*)"), capture),
			dec(prefixRoute("/apis"), &model.Rewrite{Kind: model.RewritePrefix, Prefix: "/apis", Replacement: "/"}), false},
		{"capture idiom on a regex literal", dec(regexRoute("/a.i(/|$)(.*)"), &model.Rewrite{Kind: model.RewriteRegex, Pattern: "/a.i(/|$)(.*)", Replacement: "/$2"}),
			dec(prefixRoute("/a.i"), &model.Rewrite{Kind: model.RewritePrefix, Prefix: "/a.i", Replacement: "/"}), false},
		{"host rewrite differs", dec(regexRoute("/api(/|$)(.*)"), capture),
			dec(prefixRoute("/api"), &model.Rewrite{Kind: model.RewritePrefix, Prefix: "/api", Replacement: "/", Host: "internal"}), false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := rewritesProvenEqual(tt.od, tt.nd); got != tt.want {
				t.Errorf("rewritesProvenEqual = %v, want %v", got, tt.want)
			}
			if got := rewritesProvenEqual(tt.nd, tt.od); got != tt.want {
				t.Errorf("swapped sides: rewritesProvenEqual = %v, want %v", got, tt.want)
			}
		})
	}
}

// The lemmas must agree with the concrete rewrites on paths both routes win.
func TestRewriteLemmasAgreeWithApply(t *testing.T) {
	capture := model.Decision{Kind: model.Forward, Rewrite: &model.Rewrite{Kind: model.RewriteRegex, Pattern: "/api(/|$)(.*)", Replacement: "/$2", CaseInsensitive: true}}
	prefix := model.Decision{Kind: model.Forward, Rewrite: &model.Rewrite{Kind: model.RewritePrefix, Prefix: "/api", Replacement: "/"}}
	pm := model.PathMatch{Kind: model.PathSegmentPrefix, Value: "/api"}
	for _, p := range []string{"/api", "/api/", "/api/x", "/api/x/y/", "/api//x", "/api/api/x"} {
		if !pm.Matches(p) {
			t.Fatalf("%s should be won by the prefix route", p)
		}
		req := model.Request{Method: "GET", Scheme: model.HTTP, Host: "h", Port: 80, Path: p}
		a, b := capture.Apply(req, p, model.PathMatch{}), prefix.Apply(req, p, pm)
		if a.UpstreamPath != b.UpstreamPath {
			t.Errorf("%s: nginx %s, gateway %s", p, a.UpstreamPath, b.UpstreamPath)
		}
	}
}
