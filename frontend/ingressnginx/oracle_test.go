package ingressnginx

import (
	"net/http"
	"testing"

	"github.com/ingress-parity/ingress-parity/explain"
	"github.com/ingress-parity/ingress-parity/model"
)

// oracleWant is the expected effect of one request: the decision, and for a forward the
// service that gets it and the path it sees, for a redirect the Location.
type oracleWant struct {
	kind         model.DecisionKind
	status       int
	service      string // forward: the only (or the whole-weight) backend
	upstreamPath string
	location     string
}

// oracleRow is one request against one fixture, with the document that states the answer.
type oracleRow struct {
	name    string
	doc     string
	fixture string
	req     model.Request
	want    oracleWant
}

func get(scheme model.Scheme, host, path string) model.Request {
	return model.Request{Method: "GET", Scheme: scheme, Host: host, Port: model.DefaultPort(scheme), Path: path}
}

func withHeader(r model.Request, k, v string) model.Request {
	if r.Headers == nil {
		r.Headers = http.Header{}
	}
	r.Headers.Add(k, v)
	return r
}

func withQuery(r model.Request, q string) model.Request { r.Query = q; return r }

const (
	http_  = model.HTTP
	https_ = model.HTTPS
)

func fwd(service, path string) oracleWant {
	return oracleWant{kind: model.Forward, service: service, upstreamPath: path}
}

func redirect(status int, location string) oracleWant {
	return oracleWant{kind: model.Redirect, status: status, location: location}
}

func reject(status int) oracleWant { return oracleWant{kind: model.Reject, status: status} }

// oracleRows are answers ingress-nginx's documentation (or, where cited, its source) gives.
var oracleRows = []oracleRow{
	// docs/user-guide/ingress-path-matching.md, "Path Priority": regex enforced on test.com by
	// test-ingress-2's rewrite-target; locations sorted by descending length, first match wins.
	{"priority /foo/bar/1 -> service3", "ingress-path-matching.md Path Priority", "path-priority", get(http_, "test.com", "/foo/bar/1"), fwd("service3", "/1")},
	{"priority /foo/bar/ -> service2", "ingress-path-matching.md Path Priority", "path-priority", get(http_, "test.com", "/foo/bar/"), fwd("service2", "/foo/bar/")},
	{"priority /foo/bar -> service1", "ingress-path-matching.md Path Priority", "path-priority", get(http_, "test.com", "/foo/bar"), fwd("service1", "/foo/bar")},
	{"priority case-insensitive /FOO/BAR -> service1", "ingress-path-matching.md (~* is case insensitive)", "path-priority", get(http_, "test.com", "/FOO/BAR"), fwd("service1", "/FOO/BAR")},
	{"priority /foo/barn prefix regex -> service1", "ingress-path-matching.md (~* \"^/foo/bar\" anchors the start only)", "path-priority", get(http_, "test.com", "/foo/barn"), fwd("service1", "/foo/barn")},
	{"priority other path -> default 404", "controller.go createServers (root location to the default backend)", "path-priority", get(http_, "test.com", "/other"), reject(404)},
	// docs/user-guide/ingress-path-matching.md, "Warning".
	{"warning /foo/bar/bar -> regex location", "ingress-path-matching.md Warning", "regex-warning", get(http_, "test.com", "/foo/bar/bar"), fwd("regex", "/foo/bar/bar")},
	{"warning /foo/bar/bar/x -> regex location", "ingress-path-matching.md Warning", "regex-warning", get(http_, "test.com", "/foo/bar/bar/x"), fwd("regex", "/foo/bar/bar/x")},
	{"use-regex /foo/x matches ^/foo/.*", "ingress-path-matching.md Regular Expression Support", "regex-warning", get(http_, "regex.test.com", "/foo/x"), fwd("test", "/foo/x")},
	{"use-regex is case insensitive", "ingress-path-matching.md Regular Expression Support", "regex-warning", get(http_, "regex.test.com", "/FOO/x"), fwd("test", "/FOO/x")},
	{"use-regex /foo does not match ^/foo/.*", "ingress-path-matching.md Regular Expression Support", "regex-warning", get(http_, "regex.test.com", "/foo"), reject(404)},
	// docs/examples/rewrite/README.md.
	{"rewrite /something -> /", "examples/rewrite Rewrite Target", "rewrite", get(http_, "rewrite.bar.com", "/something"), fwd("http-svc", "/")},
	{"rewrite /something/ -> /", "examples/rewrite Rewrite Target", "rewrite", get(http_, "rewrite.bar.com", "/something/"), fwd("http-svc", "/")},
	{"rewrite /something/new -> /new", "examples/rewrite Rewrite Target", "rewrite", get(http_, "rewrite.bar.com", "/something/new"), fwd("http-svc", "/new")},
	{"app-root / -> 302 /app1", "examples/rewrite App Root", "rewrite", get(http_, "approot.bar.com", "/"), redirect(302, "http://approot.bar.com/app1")},
	{"app-root other path proxied", "examples/rewrite App Root", "rewrite", get(http_, "approot.bar.com", "/app1"), fwd("http-svc", "/app1")},
	// Prefix is element-wise: location "/foo/" plus "= /foo" (location.go updateServerLocations).
	{"prefix /foo", "location.go updateServerLocations", "hosts-prefix", get(http_, "foo.com", "/foo"), fwd("foo", "/foo")},
	{"prefix /foo/x", "location.go updateServerLocations", "hosts-prefix", get(http_, "foo.com", "/foo/x"), fwd("foo", "/foo/x")},
	{"prefix /foobar is not /foo", "location.go updateServerLocations", "hosts-prefix", get(http_, "foo.com", "/foobar"), reject(404)},
	{"ImplementationSpecific /docs/ is Prefix", "internal/k8s/main.go SetDefaultNGINXPathType", "hosts-prefix", get(http_, "foo.com", "/docs/a"), fwd("docs", "/docs/a")},
	{"/docs -> 301 /docs/ with query", "nginx location auto redirect (proxy_pass in a slashed location)", "hosts-prefix", withQuery(get(http_, "foo.com", "/docs"), "a=1"), redirect(301, "http://foo.com/docs/?a=1")},
	{"percent-decoded path matches", "nginx matches the normalized URI", "hosts-prefix", get(http_, "foo.com", "/%66oo/x"), fwd("foo", "/foo/x")},
	// docs/user-guide/ingress-path-matching.md: '*' matches only a single label.
	{"wildcard one label", "ingress-path-matching.md (wildcard host)", "hosts-prefix", get(http_, "a.foo.com", "/x"), fwd("wild", "/x")},
	{"wildcard two labels -> catch-all", "ingress-path-matching.md (wildcard host)", "hosts-prefix", get(http_, "a.b.foo.com", "/x"), reject(404)},
	{"no host rule on catch-all", "controller.go defServerName", "hosts-prefix", get(http_, "unknown.org", "/any"), fwd("any", "/any")},
	{"catch-all other path -> default backend", "controller.go createServers", "hosts-prefix", get(http_, "unknown.org", "/x"), reject(404)},
	// docs/user-guide/nginx-configuration/annotations.md "Canary".
	{"canary header always", "annotations.md Canary", "canary", withHeader(get(http_, "canary.com", "/"), "X-Canary", "always"), fwd("canary", "/")},
	{"canary header never beats cookie always", "annotations.md Canary (precedence header -> cookie -> weight)", "canary",
		withHeader(withHeader(get(http_, "canary.com", "/"), "X-Canary", "never"), "Cookie", "canary=always"), fwd("prod", "/")},
	{"canary other header value, cookie always", "annotations.md Canary", "canary",
		withHeader(withHeader(get(http_, "canary.com", "/"), "X-Canary", "maybe"), "Cookie", "canary=always"), fwd("canary", "/")},
	{"canary cookie never", "annotations.md Canary", "canary", withHeader(get(http_, "canary.com", "/"), "Cookie", "canary=never"), fwd("prod", "/")},
	{"canary nothing -> primary (weight 0)", "annotations.md Canary", "canary", get(http_, "canary.com", "/"), fwd("prod", "/")},
	{"canary header value matches", "annotations.md Canary (canary-by-header-value)", "canary", withHeader(get(http_, "value.com", "/"), "X-Version", "v2"), fwd("canary2", "/")},
	{"canary header value always is just a value", "annotations.md Canary (canary-by-header-value)", "canary", withHeader(get(http_, "value.com", "/"), "X-Version", "always"), fwd("prod2", "/")},
	{"canary weight = total -> all canary", "annotations.md Canary (canary-weight-total)", "canary", get(http_, "weight.com", "/"), fwd("canary3", "/")},
	// docs/user-guide/nginx-configuration/annotations.md redirects.
	{"permanent-redirect-code 308", "annotations.md Permanent Redirect Code", "redirects", get(http_, "permanent.com", "/x"), redirect(308, "https://www.google.com")},
	{"permanent-redirect on https too", "annotations.md Permanent Redirect", "redirects", get(https_, "permanent.com", "/x"), redirect(308, "https://www.google.com")},
	{"temporal-redirect 302", "annotations.md Temporal Redirect", "redirects", get(http_, "temporal.com", "/x"), redirect(302, "https://www.google.com")},
	{"ssl-redirect 308 with TLS", "annotations.md Server-side HTTPS enforcement", "redirects", withQuery(get(http_, "secure.com", "/a/b"), "q=1"), redirect(308, "https://secure.com/a/b?q=1")},
	{"ssl-redirect drops trailing slash", "lua_ingress.lua (preserve-trailing-slash false)", "redirects", get(http_, "secure.com", "/a/"), redirect(308, "https://secure.com/a")},
	{"https with TLS is proxied", "annotations.md Server-side HTTPS enforcement", "redirects", get(https_, "secure.com", "/a"), fwd("web", "/a")},
	{"no TLS, no redirect", "annotations.md Server-side HTTPS enforcement", "redirects", get(http_, "temporal.com", "/x"), redirect(302, "https://www.google.com")},
	{"force-ssl-redirect without TLS", "annotations.md Server-side HTTPS enforcement", "redirects", get(http_, "forced.com", "/x"), redirect(308, "https://forced.com/x")},
	{"from-to-www www -> bare", "annotations.md Redirect from/to www", "redirects", get(http_, "www.example.com", "/p/"), redirect(308, "http://example.com/p")},
	{"from-to-www bare host proxied", "annotations.md Redirect from/to www", "redirects", get(http_, "example.com", "/p"), fwd("web", "/p")},
}

// TestOracle evaluates each documented request through explain, as a user asking
// `ingress-parity explain` would.
func TestOracle(t *testing.T) {
	models := map[string]*model.Model{}
	for _, row := range oracleRows {
		t.Run(row.name, func(t *testing.T) {
			m, ok := models[row.fixture]
			if !ok {
				m = buildFile(t, "testdata/oracle/"+row.fixture+".yaml", Options{})
				models[row.fixture] = m
			}
			a := explain.Explain(m, row.req)
			if a == nil || len(a.Others) != 0 {
				t.Fatalf("%s: want one answer, got %+v", row.doc, a)
			}
			got := oracleWant{kind: model.DecisionKind(a.Decision.Decision), upstreamPath: a.UpstreamPath, location: a.Location}
			if got.kind != model.Forward {
				got.status = a.Status
			}
			if got.kind == model.Forward {
				if len(a.Backends) != 1 {
					t.Fatalf("%s: want one backend, got %+v", row.doc, a.Backends)
				}
				got.service = a.Backends[0].Service
			}
			if got != row.want {
				route := "(fallback)"
				if a.Route != nil {
					route = a.Route.Kind + " " + a.Route.Namespace + "/" + a.Route.Name + " " + a.Route.Rule
				}
				t.Errorf("%s: %s %s\n got  %+v (route %s)\n want %+v", row.doc, row.req.Host, row.req.RequestURI(), got, route, row.want)
			}
		})
	}
}
