package explain

import (
	"bytes"
	"strings"
	"testing"

	"github.com/ingress-parity/ingress-parity/model"
)

func testModel() *model.Model {
	src := model.Source{Kind: "HTTPRoute", Namespace: "shop", Name: "web", Field: "spec.rules[0].matches[0]", File: "routes.yaml", Line: 12}
	web := model.Backend{Namespace: "shop", Service: "web", Port: 80, Weight: 1}
	api := model.Backend{Namespace: "shop", Service: "api", Port: 8080, Weight: 1}
	return &model.Model{
		Side:    "gateway-api",
		Profile: model.Profile{Name: "envoy-gateway", Wildcard: model.WildcardAnyLabels},
		EntryPoints: []model.EntryPoint{{
			Name: "gateway/infra/public",
			Listeners: []model.Listener{{
				Name: "http", Port: 80, Scheme: model.HTTP,
				VirtualHosts: []model.VirtualHost{{
					Host: model.Host{Pattern: "shop.example.com"},
					Routes: []model.Route{
						{ID: "api", Match: model.Match{Path: model.PathMatch{Kind: model.PathSegmentPrefix, Value: "/api"}},
							Decision: model.Decision{Kind: model.Forward, Backends: []model.Backend{api},
								Rewrite: &model.Rewrite{Kind: model.RewritePrefix, Prefix: "/api", Replacement: "/"}}, Source: src},
						{ID: "old", Match: model.Match{Path: model.PathMatch{Kind: model.PathExact, Value: "/old"}},
							Decision: model.Decision{Kind: model.Redirect, Status: 301, Redirect: &model.RedirectSpec{Path: "/new", Scheme: "https"}}, Source: src},
						{ID: "web", Match: model.Match{Path: model.PathMatch{Kind: model.PathSegmentPrefix, Value: "/"}},
							Decision: model.Decision{Kind: model.Forward, Backends: []model.Backend{web}}, Source: src},
					},
					Fallback: model.Decision{Kind: model.Reject, Status: 404, Reason: "no route"},
				}},
			}},
		}},
	}
}

func TestExplain(t *testing.T) {
	tests := []struct {
		name, request string
		headers       []string
		want          []string // substrings of the text answer
		wantNil       bool
	}{
		{name: "prefix rewrite", request: "GET http://shop.example.com/api/users", want: []string{"shop/api:8080", "path /users", "routes.yaml:12"}},
		{name: "prefix boundary", request: "GET http://shop.example.com/apiary", want: []string{"shop/web:80", "path /apiary"}},
		{name: "redirect", request: "http://shop.example.com/old?q=1", want: []string{"redirect 301", "https://shop.example.com/new"}},
		{name: "unknown host", request: "GET http://other.example.com/", want: []string{"reject 404", "no virtual host"}},
		{name: "no listener", request: "GET https://shop.example.com/", wantNil: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req, err := ParseRequest(tt.request, tt.headers, "")
			if err != nil {
				t.Fatal(err)
			}
			a := Explain(testModel(), req)
			if tt.wantNil {
				if a != nil {
					t.Fatalf("want no answer, got %+v", a)
				}
				return
			}
			if a == nil {
				t.Fatal("no answer")
			}
			var b bytes.Buffer
			if err := WriteText(&b, a); err != nil {
				t.Fatal(err)
			}
			for _, w := range tt.want {
				if !strings.Contains(b.String(), w) {
					t.Errorf("answer lacks %q:\n%s", w, b.String())
				}
			}
		})
	}
}

func TestParseRequestErrors(t *testing.T) {
	for _, bad := range []string{"", "GET", "GET /relative", "GET ftp://x/", "GET http://x:99999/", "A B C"} {
		if _, err := ParseRequest(bad, nil, ""); err == nil {
			t.Errorf("ParseRequest(%q): want an error", bad)
		}
	}
	if _, err := ParseRequest("GET http://x/", []string{"no-colon"}, ""); err == nil {
		t.Error("header without colon: want an error")
	}
}
