package equiv

import (
	"strings"
	"testing"

	"github.com/ingress-parity/ingress-parity/finding"
	"github.com/ingress-parity/ingress-parity/model"
)

// TestCheckOddModels: hand-written models with missing or malformed parts give a result
// (never a panic), and what cannot be modelled becomes a gap naming the route.
func TestCheckOddModels(t *testing.T) {
	one := func(r model.Route) *model.Model {
		return &model.Model{EntryPoints: []model.EntryPoint{{Name: "e", Listeners: []model.Listener{{Port: 80, Scheme: model.HTTP,
			VirtualHosts: []model.VirtualHost{{Host: model.Host{Pattern: "h.test"}, Routes: []model.Route{r}}}}}}}}
	}
	prefix := model.Match{Path: model.PathMatch{Kind: model.PathSegmentPrefix, Value: "/"}}
	for _, tc := range []struct {
		name    string
		old     *model.Model
		new     *model.Model
		verdict finding.Verdict
		gap     string
	}{
		{name: "no entry points", old: &model.Model{}, new: &model.Model{}, verdict: finding.Equivalent},
		{name: "listener without virtual hosts", old: &model.Model{EntryPoints: []model.EntryPoint{{Name: "e", Listeners: []model.Listener{{Port: 80, Scheme: model.HTTP}}}}}, new: &model.Model{}, verdict: finding.Different},
		{name: "forward without backends", old: one(model.Route{ID: "r", Match: prefix, Decision: model.Decision{Kind: model.Forward}}), new: one(model.Route{ID: "r", Match: prefix, Decision: model.Decision{Kind: model.Reject, Status: 404}}), verdict: finding.Different},
		{name: "redirect without spec", old: one(model.Route{ID: "r", Match: prefix, Decision: model.Decision{Kind: model.Redirect, Status: 301}}), new: one(model.Route{ID: "r", Match: prefix, Decision: model.Decision{Kind: model.Redirect, Status: 301}}), verdict: finding.Equivalent},
		{name: "unknown path kind", old: one(model.Route{ID: "weird", Match: model.Match{Path: model.PathMatch{Kind: "Glob", Value: "/*"}}}), new: one(model.Route{ID: "weird", Match: model.Match{Path: model.PathMatch{Kind: "Glob", Value: "/*"}}}), verdict: finding.Incomplete, gap: "route weird cannot be modelled"},
		{name: "broken rewrite regex", old: one(model.Route{ID: "r", Match: prefix, Decision: model.Decision{Kind: model.Forward, Backends: []model.Backend{{Service: "s", Port: 80, Weight: 1}}, Rewrite: &model.Rewrite{Kind: model.RewriteRegex, Pattern: "(", Replacement: "/$1"}}}), new: one(model.Route{ID: "r", Match: prefix, Decision: model.Decision{Kind: model.Forward, Backends: []model.Backend{{Service: "s", Port: 80, Weight: 1}}}}), verdict: finding.Incomplete, gap: "only tested"},
		{name: "header regex without member", old: one(model.Route{ID: "r", Match: model.Match{Path: prefix.Path, Headers: []model.ValueMatch{{Name: "X", Kind: model.MatchRegex, Value: "(?!a)b"}}}}), new: one(model.Route{ID: "r", Match: prefix}), verdict: finding.Incomplete, gap: "no value found"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			res := Check(tc.old, tc.new, Options{})
			if res.Verdict != tc.verdict {
				t.Errorf("verdict %s, want %s (findings %d, gaps %+v)", res.Verdict, tc.verdict, len(res.Findings), res.Incomplete)
			}
			if tc.gap != "" {
				found := false
				for _, g := range res.Incomplete {
					found = found || strings.Contains(g.Reason, tc.gap)
				}
				if !found {
					t.Errorf("no gap mentions %q: %+v", tc.gap, res.Incomplete)
				}
			}
		})
	}
}
