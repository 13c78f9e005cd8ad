package equiv

import (
	"fmt"
	"net/http"
	"testing"

	"pgregory.net/rapid"

	"github.com/ingress-parity/ingress-parity/finding"
	"github.com/ingress-parity/ingress-parity/model"
)

var (
	genHosts    = []string{"a.example.com", "*.example.com", "b.example.com", "*.b.example.com", ""}
	genPaths    = []string{"/", "/a", "/ab", "/a/b", "/b/", "/a.*", "/[ab]+", "/A"}
	genKinds    = []model.PathKind{model.PathExact, model.PathPrefix, model.PathSegmentPrefix, model.PathRegex, model.PathRegexPrefix}
	genServices = []string{"web", "api", "admin"}
	reqHosts    = []string{"a.example.com", "b.example.com", "x.example.com", "x.y.example.com", "c.b.example.com", "c.d.b.example.com", "other.test"}
)

// genModel draws a small single-entry-point model with one http listener.
func genModel(t *rapid.T, label string) *model.Model {
	wildcard := rapid.SampledFrom([]model.WildcardMode{model.WildcardOneLabel, model.WildcardAnyLabels}).Draw(t, label+"wildcard")
	m := &model.Model{Side: label, Profile: model.Profile{Name: "generic", Wildcard: wildcard}}
	l := model.Listener{Name: "http", Port: 80, Scheme: model.HTTP}
	seen := map[string]bool{}
	for i, n := 0, rapid.IntRange(1, 3).Draw(t, label+"vhosts"); i < n; i++ {
		host := rapid.SampledFrom(genHosts).Draw(t, label+"host")
		if seen[host] {
			continue
		}
		seen[host] = true
		vh := model.VirtualHost{Host: model.Host{Pattern: host}, Fallback: model.Decision{Kind: model.Reject, Status: 404}}
		for j, k := 0, rapid.IntRange(0, 4).Draw(t, label+"routes"); j < k; j++ {
			vh.Routes = append(vh.Routes, genRoute(t, label, fmt.Sprintf("%s/%s/%d", label, host, j)))
		}
		l.VirtualHosts = append(l.VirtualHosts, vh)
	}
	m.EntryPoints = []model.EntryPoint{{Name: label, Listeners: []model.Listener{l}}}
	return m
}

func genRoute(t *rapid.T, label, id string) model.Route {
	r := model.Route{ID: id, Source: model.Source{Kind: "Route", Name: id}}
	r.Match.Path = model.PathMatch{
		Kind:            rapid.SampledFrom(genKinds).Draw(t, label+"kind"),
		Value:           rapid.SampledFrom(genPaths).Draw(t, label+"path"),
		CaseInsensitive: rapid.Bool().Draw(t, label+"ci"),
	}
	if rapid.IntRange(0, 3).Draw(t, label+"method") == 0 {
		r.Match.Method = "POST"
	}
	if rapid.IntRange(0, 3).Draw(t, label+"header") == 0 {
		r.Match.Headers = []model.ValueMatch{{Name: "X-Env", Kind: model.MatchExact, Value: "prod"}}
	}
	switch rapid.IntRange(0, 4).Draw(t, label+"decision") {
	case 0:
		r.Decision = model.Decision{Kind: model.Reject, Status: 403}
	case 1:
		r.Decision = model.Decision{Kind: model.Redirect, Status: 308, Redirect: &model.RedirectSpec{Scheme: "https"}}
	default:
		svc := rapid.SampledFrom(genServices).Draw(t, label+"svc")
		r.Decision = model.Decision{Kind: model.Forward, Backends: []model.Backend{{Namespace: "ns", Service: svc, Port: 80, Weight: 1}}}
		if rapid.IntRange(0, 3).Draw(t, label+"rewrite") == 0 {
			r.Decision.Rewrite = &model.Rewrite{Kind: model.RewritePrefix, Prefix: r.Match.Path.Value, Replacement: "/"}
		}
	}
	return r
}

// TestCheckSelfEquivalent: a model is equivalent to itself, with nothing left unproven.
func TestCheckSelfEquivalent(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		m := genModel(t, "m")
		res := Check(m, m, Options{})
		if res.Verdict != finding.Equivalent || len(res.Findings) > 0 || len(res.Incomplete) > 0 {
			t.Fatalf("Check(m, m) = %s with %d findings (first %+v) and gaps %+v", res.Verdict, len(res.Findings), first(res.Findings), res.Incomplete)
		}
	})
}

// TestCheckFindsConcreteDifferences: whenever model.Resolve decides a concrete request
// differently on the two sides, Check does not answer "equivalent".
func TestCheckFindsConcreteDifferences(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		old, new := genModel(t, "old"), genModel(t, "new")
		req := model.Request{
			Method: rapid.SampledFrom([]string{"GET", "POST", "DELETE"}).Draw(t, "reqMethod"),
			Scheme: model.HTTP, Port: 80,
			Host: rapid.SampledFrom(reqHosts).Draw(t, "reqHost"),
			Path: "/" + rapid.StringOfN(rapid.RuneFrom([]rune("abAB/.")), 0, 6, -1).Draw(t, "reqPath"),
		}
		if rapid.Bool().Draw(t, "reqHeader") {
			req.Headers = http.Header{"X-Env": {rapid.SampledFrom([]string{"prod", "dev"}).Draw(t, "reqEnv")}}
		}
		o, n := old.Resolve(req), new.Resolve(req)
		if len(o) != 1 || len(n) != 1 {
			t.Fatalf("want one resolution per side, got %d and %d", len(o), len(n))
		}
		res := Check(old, new, Options{})
		checkWitnesses(t, old, new, res)
		if sameOutcome(o[0].Outcome, n[0].Outcome) {
			return
		}
		if res.Verdict != finding.Different {
			t.Fatalf("%s %s%s: old %s, new %s, but Check says %s", req.Method, req.Host, req.Path, o[0].Outcome, n[0].Outcome, res.Verdict)
		}
	})
}

func sameOutcome(a, b model.Outcome) bool {
	if a.Kind != b.Kind || a.Status != b.Status || a.UpstreamPath != b.UpstreamPath || a.UpstreamHost != b.UpstreamHost || a.Location != b.Location {
		return false
	}
	return comparer{}.sameBackendSet(a.Backends, b.Backends)
}

func first(fs []finding.Finding) any {
	if len(fs) == 0 {
		return nil
	}
	return fs[0].Title
}
