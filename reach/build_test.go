package reach

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/ingress-parity/ingress-parity/model"
)

// oneHost is a model with one listener and one virtual host holding routes and fallback.
func oneHost(hostname, pattern string, fallback model.Decision, routes ...model.Route) *model.Model {
	return &model.Model{Side: "gateway-api", EntryPoints: []model.EntryPoint{{
		Name: "gateway/infra/edge",
		Listeners: []model.Listener{{Name: "http", Port: 80, Scheme: model.HTTP, Hostname: hostname, VirtualHosts: []model.VirtualHost{{
			Host: model.Host{Pattern: pattern}, Routes: routes, Fallback: fallback,
		}}}},
	}}}
}

func backend(svc string, weight int32) model.Backend {
	return model.Backend{Namespace: "shop", Service: svc, Port: 80, Weight: weight}
}

func forward(id string, bs ...model.Backend) model.Route {
	return model.Route{ID: id, Match: model.Match{Path: model.PathMatch{Kind: model.PathSegmentPrefix, Value: "/" + id}}, Decision: model.Decision{Kind: model.Forward, Backends: bs}}
}

// wayKey is what TestBuildWays compares of a way.
type wayKey struct {
	Backend, Host, Path, Route string
	Weight, Total              int32
	Mirror, Fallback           bool
}

func TestBuildWays(t *testing.T) {
	notFound := model.Decision{Kind: model.Reject, Status: 404}
	invalid := backend("gone", 1)
	invalid.Invalid = "Service not found"
	mirrored := forward("m", backend("web", 1))
	mirrored.Decision.Mirrors = []model.Backend{backend("shadow", 0)}
	redirect := model.Route{ID: "r", Match: model.Match{Path: model.PathMatch{Kind: model.PathSegmentPrefix, Value: "/old"}}, Decision: model.Decision{Kind: model.Redirect, Status: 301}}
	reject := model.Route{ID: "x", Match: model.Match{Path: model.PathMatch{Kind: model.PathSegmentPrefix, Value: "/x"}}, Decision: model.Decision{Kind: model.Reject, Status: 403, Backends: []model.Backend{backend("web", 1)}}}
	tests := []struct {
		name string
		m    *model.Model
		want []wayKey
	}{
		{
			name: "single backend has no share",
			m:    oneHost("", "a.example.com", notFound, forward("a", backend("web", 1))),
			want: []wayKey{{Backend: "shop/web:80", Host: "a.example.com", Path: "prefix /a", Route: "a"}},
		},
		{
			name: "weighted split counts invalid and skips zero weights",
			m:    oneHost("", "a.example.com", notFound, forward("a", backend("web", 3), invalid, backend("idle", 0))),
			want: []wayKey{{Backend: "shop/web:80", Host: "a.example.com", Path: "prefix /a", Route: "a", Weight: 3, Total: 4}},
		},
		{
			name: "mirror receives copies",
			m:    oneHost("", "a.example.com", notFound, mirrored),
			want: []wayKey{
				{Backend: "shop/shadow:80", Host: "a.example.com", Path: "prefix /m", Route: "m", Mirror: true},
				{Backend: "shop/web:80", Host: "a.example.com", Path: "prefix /m", Route: "m"},
			},
		},
		{
			name: "redirect and reject are no ways in",
			m:    oneHost("", "a.example.com", notFound, redirect, reject),
			want: nil,
		},
		{
			name: "forwarding fallback is a way for any other path",
			m:    oneHost("", "", model.Decision{Kind: model.Forward, Backends: []model.Backend{backend("default", 1)}}, forward("a", backend("web", 1))),
			want: []wayKey{
				{Backend: "shop/default:80", Path: "any other path", Fallback: true},
				{Backend: "shop/web:80", Path: "prefix /a", Route: "a"},
			},
		},
		{
			name: "catch-all host takes the listener hostname",
			m:    oneHost("*.example.com", "", notFound, forward("a", backend("web", 1))),
			want: []wayKey{{Backend: "shop/web:80", Host: "*.example.com", Path: "prefix /a", Route: "a"}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := Build(tt.m, Options{})
			var got []wayKey
			for _, b := range res.Backends {
				for _, w := range b.Ways {
					got = append(got, wayKey{Backend: b.Name, Host: w.Host, Path: w.Path, Route: w.Route, Weight: w.Weight, Total: w.TotalWeight, Mirror: w.Mirror, Fallback: w.Fallback})
				}
			}
			if d := cmp.Diff(tt.want, got); d != "" {
				t.Errorf("ways (-want +got):\n%s", d)
			}
			if res.Backends == nil {
				t.Error("Backends is nil; JSON must show []")
			}
		})
	}
}

func TestBackendOrder(t *testing.T) {
	m := oneHost("", "a.example.com", model.Decision{Kind: model.Reject, Status: 404},
		forward("a", backend("web-v2", 1)), forward("b", backend("web", 1)), forward("c", model.Backend{Namespace: "default", Service: "zz", Port: 80, Weight: 1}))
	var got []string
	for _, b := range Build(m, Options{}).Backends {
		got = append(got, b.Name)
	}
	want := []string{"default/zz:80", "shop/web:80", "shop/web-v2:80"}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("backend order (-want +got):\n%s", d)
	}
}
