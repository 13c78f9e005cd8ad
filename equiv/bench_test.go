package equiv

import (
	"fmt"
	"testing"

	"github.com/ingress-parity/ingress-parity/model"
)

// benchModel builds one entry point with hosts virtual hosts of 8 routes each; shift
// changes one route per host so the pair differs.
func benchModel(hosts int, wildcard model.WildcardMode, shift bool) *model.Model {
	l := model.Listener{Name: "http", Port: 80, Scheme: model.HTTP}
	for h := 0; h < hosts; h++ {
		vh := model.VirtualHost{Host: model.Host{Pattern: fmt.Sprintf("app%d.example.com", h)}, Fallback: model.Decision{Kind: model.Reject, Status: 404}}
		paths := []model.PathMatch{
			{Kind: model.PathExact, Value: "/healthz"},
			{Kind: model.PathSegmentPrefix, Value: "/api/v1"},
			{Kind: model.PathSegmentPrefix, Value: "/api"},
			{Kind: model.PathPrefix, Value: "/static"},
			{Kind: model.PathRegex, Value: "/users/[0-9]+"},
			{Kind: model.PathSegmentPrefix, Value: "/admin"},
			{Kind: model.PathSegmentPrefix, Value: "/docs"},
			{Kind: model.PathSegmentPrefix, Value: "/"},
		}
		if shift {
			paths[3].Kind = model.PathSegmentPrefix
		}
		for i, p := range paths {
			vh.Routes = append(vh.Routes, model.Route{
				ID:       fmt.Sprintf("route/%d/%d", h, i),
				Match:    model.Match{Path: p},
				Decision: model.Decision{Kind: model.Forward, Backends: []model.Backend{{Namespace: "ns", Service: fmt.Sprintf("svc%d", i), Port: 80, Weight: 1}}},
			})
		}
		l.VirtualHosts = append(l.VirtualHosts, vh)
	}
	return &model.Model{Profile: model.Profile{Wildcard: wildcard}, EntryPoints: []model.EntryPoint{{Name: "edge", Listeners: []model.Listener{l}}}}
}

func BenchmarkCheck(b *testing.B) {
	old := benchModel(500, model.WildcardOneLabel, false)
	new := benchModel(500, model.WildcardAnyLabels, true)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		res := Check(old, new, Options{})
		if len(res.Findings) == 0 {
			b.Fatal("no findings")
		}
	}
}
