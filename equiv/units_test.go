package equiv

import (
	"net/http"
	"regexp"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/ingress-parity/ingress-parity/finding"
	"github.com/ingress-parity/ingress-parity/load"
	"github.com/ingress-parity/ingress-parity/model"
)

func TestHostClasses(t *testing.T) {
	m := &model.Model{EntryPoints: []model.EntryPoint{{Listeners: []model.Listener{{
		Hostname: "*.example.com",
		VirtualHosts: []model.VirtualHost{
			{Host: model.Host{Pattern: "a.example.com"}},
			{Host: model.Host{Pattern: "*.example.com"}},
			{Host: model.Host{Pattern: "Shop.Example.com"}},
			{Host: model.Host{Pattern: ""}},
		},
	}}}}}
	var got []string
	for _, h := range hostClasses(m) {
		got = append(got, h.Name)
	}
	want := []string{"a.a.example.com", "a.example.com", "b.example.com", "shop.example.com", UnknownHost}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("host classes (-want +got):\n%s", diff)
	}
}

func TestNonPathClasses(t *testing.T) {
	routes := []model.Route{
		{Match: model.Match{Method: "post", Headers: []model.ValueMatch{{Name: "x-env", Kind: model.MatchExact, Value: "prod"}}}},
		{Match: model.Match{Query: []model.ValueMatch{{Name: "v", Kind: model.MatchRegex, Value: "[0-9]+"}}}},
		{Match: model.Match{Cookies: []model.ValueMatch{{Name: "canary", Kind: model.MatchPresent}}}},
	}
	for _, tc := range []struct {
		name      string
		max       int
		wantN     int
		truncated int
	}{
		{name: "all", max: 256, wantN: 2 * 3 * 3 * 2},
		{name: "capped", max: 5, wantN: 5, truncated: 36},
	} {
		t.Run(tc.name, func(t *testing.T) {
			cs := nonPathClasses(routes, tc.max)
			if len(cs.Classes) != tc.wantN || cs.Truncated != tc.truncated {
				t.Fatalf("got %d classes, truncated %d; want %d, %d", len(cs.Classes), cs.Truncated, tc.wantN, tc.truncated)
			}
			first := cs.Classes[0]
			if first.Method != "GET" || len(first.Headers) != 0 || first.Query != "" {
				t.Errorf("first class is %+v, want a plain GET", first)
			}
		})
	}
	cs := nonPathClasses(routes, 256)
	seen := map[string]bool{}
	for _, c := range cs.Classes {
		seen[c.Method+" "+c.Headers.Get("X-Env")+" "+c.Query+" "+c.Headers.Get("Cookie")] = true
	}
	for _, want := range []string{"POST prod v=0 ", "GET parity-other  canary=parity-other", "GET   "} {
		if !seen[want] {
			t.Errorf("no class %q among %v", want, seen)
		}
	}
}

func TestNonPathClassesOtherMethod(t *testing.T) {
	cs := nonPathClasses([]model.Route{{Match: model.Match{Method: "GET"}}}, 256)
	var got []string
	for _, c := range cs.Classes {
		got = append(got, c.Method)
	}
	if diff := cmp.Diff([]string{"GET", "POST"}, got); diff != "" {
		t.Errorf("methods (-want +got):\n%s", diff)
	}
}

func TestRegexMember(t *testing.T) {
	for _, tc := range []struct {
		pattern string
		ok      bool
	}{
		{"[0-9]+", true},
		{"(foo|bar)baz", true},
		{"v[1-3]\\.[0-9]{2}", true},
		{"(?i)abc", true},
		{"a{3,}b?", true},
		{"(?!x)y", false},
		{"^$x", false},
	} {
		t.Run(tc.pattern, func(t *testing.T) {
			got, ok := regexMember(tc.pattern)
			if ok != tc.ok {
				t.Fatalf("regexMember(%q) ok = %v, want %v", tc.pattern, ok, tc.ok)
			}
			if ok && !regexp.MustCompile(`\A(?:`+tc.pattern+`)\z`).MatchString(got) {
				t.Errorf("member %q does not match %q", got, tc.pattern)
			}
		})
	}
}

func TestOtherValue(t *testing.T) {
	for _, tc := range []struct {
		name          string
		exact, regexs []string
	}{
		{name: "none"},
		{name: "exact clash", exact: []string{"parity-other"}},
		{name: "regex clash", regexs: []string{"parity-.*", "x"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			v, ok := otherValue(tc.exact, tc.regexs)
			if !ok {
				t.Fatal("no other value")
			}
			for _, e := range tc.exact {
				if v == e {
					t.Errorf("other value %q equals a named value", v)
				}
			}
			for _, r := range tc.regexs {
				if regexp.MustCompile(`\A(?:` + r + `)\z`).MatchString(v) {
					t.Errorf("other value %q matches %q", v, r)
				}
			}
		})
	}
}

func TestCurlCommand(t *testing.T) {
	for _, tc := range []struct {
		name string
		req  model.Request
		addr string
		want string
	}{
		{
			name: "plain GET",
			req:  model.Request{Method: "GET", Scheme: model.HTTP, Host: "shop.example.com", Port: 80, Path: "/foobar"},
			addr: "127.0.0.1",
			want: `curl -sS -i --resolve shop.example.com:80:127.0.0.1 'http://shop.example.com/foobar'`,
		},
		{
			name: "POST with headers, query and quote",
			req: model.Request{Method: "POST", Scheme: model.HTTPS, Host: "a.example.com", Port: 8443, Path: "/it's", Query: "v=1",
				Headers: http.Header{"X-Env": {"prod"}, "Cookie": {"a=b; c=d"}}},
			addr: "10.0.0.1",
			want: `curl -sS -i -X POST --resolve a.example.com:8443:10.0.0.1 'https://a.example.com:8443/it'\''s?v=1' -H 'Cookie: a=b; c=d' -H 'X-Env: prod'`,
		},
		{
			name: "HEAD over IPv6",
			req:  model.Request{Method: "HEAD", Scheme: model.HTTP, Host: "h", Port: 80, Path: "/"},
			addr: "::1",
			want: `curl -sS -i -I --resolve 'h:80:[::1]' 'http://h/'`,
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := curlCommand(tc.req, tc.addr); got != tc.want {
				t.Errorf("curlCommand =\n %s\nwant\n %s", got, tc.want)
			}
		})
	}
}

func TestComparerPorts(t *testing.T) {
	named := []model.Backend{{Namespace: "shop", Service: "web", PortName: "http", Weight: 1}}
	numbered := []model.Backend{{Namespace: "shop", Service: "web", Port: 8080, Weight: 1}}
	for _, tc := range []struct {
		name    string
		resolve func(ns, svc, port string) (int32, bool)
		same    bool
	}{
		{name: "no services", same: false},
		{name: "service resolves the name", resolve: func(ns, svc, port string) (int32, bool) { return 8080, ns == "shop" && svc == "web" && port == "http" }, same: true},
		{name: "service resolves another number", resolve: func(string, string, string) (int32, bool) { return 80, true }, same: false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := comparer{resolvePort: tc.resolve}
			if got := c.sameBackendSet(named, numbered); got != tc.same {
				t.Errorf("sameBackendSet = %v, want %v", got, tc.same)
			}
		})
	}
}

func TestCompareCategories(t *testing.T) {
	fwd := func(svc string, w ...int32) model.Decision {
		d := model.Decision{Kind: model.Forward}
		if len(w) == 0 {
			w = []int32{1}
		}
		for i, x := range w {
			d.Backends = append(d.Backends, model.Backend{Namespace: "ns", Service: svc + strings.Repeat("x", i), Port: 80, Weight: x})
		}
		return d
	}
	redirect := model.Decision{Kind: model.Redirect, Status: 308, Redirect: &model.RedirectSpec{Scheme: "https"}}
	reject := model.Decision{Kind: model.Reject, Status: 404}
	for _, tc := range []struct {
		name     string
		old, new *model.Decision
		want     finding.Category
		sev      finding.Severity
	}{
		{"misroute", ptr(fwd("a")), ptr(fwd("b")), finding.Misroute, finding.High},
		{"breakage", ptr(fwd("a")), &reject, finding.Breakage, finding.High},
		{"breakage refused", ptr(fwd("a")), nil, finding.Breakage, finding.High},
		{"exposure", &reject, ptr(fwd("a")), finding.Exposure, finding.Critical},
		{"exposure from refused", nil, ptr(fwd("a")), finding.Exposure, finding.Critical},
		{"lost https redirect", &redirect, ptr(fwd("a")), finding.RedirectDiff, finding.High},
		{"new redirect", ptr(fwd("a")), &redirect, finding.RedirectDiff, finding.Medium},
		{"weights as proportions equal", ptr(fwd("a", 1, 1)), ptr(fwd("a", 50, 50)), "", ""},
		{"weights differ", ptr(fwd("a", 1, 1)), ptr(fwd("a", 90, 10)), finding.Fidelity, finding.Low},
		{"status differs", &reject, &model.Decision{Kind: model.Reject, Status: 403}, finding.Fidelity, finding.Low},
	} {
		t.Run(tc.name, func(t *testing.T) {
			req := model.Request{Method: "GET", Scheme: model.HTTP, Host: "h", Port: 80, Path: "/x"}
			got, differs := comparer{}.compare(req, decideFor(req, tc.old), decideFor(req, tc.new))
			if got.Category != tc.want || got.Severity != tc.sev || differs != (tc.want != "") {
				t.Errorf("compare = %v %v (differs %v), want %v %v", got.Category, got.Severity, differs, tc.want, tc.sev)
			}
		})
	}
}

func ptr[T any](v T) *T { return &v }

// decideFor is what a one-route side does with req; nil means no listener.
func decideFor(req model.Request, d *model.Decision) decided {
	if d == nil {
		return refusedSide(nil, req.Scheme, req.Port).decide(req, req.Path, nil)
	}
	r := &model.Route{ID: "r", Match: model.Match{Path: model.PathMatch{Kind: model.PathPrefix, Value: "/"}}, Decision: *d}
	ep := &model.EntryPoint{Name: "e", Listeners: []model.Listener{{Port: req.Port, Scheme: req.Scheme, VirtualHosts: []model.VirtualHost{{Routes: []model.Route{*r}}}}}}
	s := openSide(&model.Model{}, ep, req.Scheme, req.Port, req.Host)
	return s.decide(req, req.Path, &s.VHost.Routes[0])
}

func TestCheckResolvePortOption(t *testing.T) {
	mk := func(b model.Backend) *model.Model {
		return &model.Model{EntryPoints: []model.EntryPoint{{Name: "e", Listeners: []model.Listener{{Port: 80, Scheme: model.HTTP, VirtualHosts: []model.VirtualHost{{
			Routes: []model.Route{{ID: "r", Match: model.Match{Path: model.PathMatch{Kind: model.PathPrefix, Value: "/"}}, Decision: model.Decision{Kind: model.Forward, Backends: []model.Backend{b}}}},
		}}}}}}}
	}
	old := mk(model.Backend{Namespace: "shop", Service: "web", PortName: "http", Weight: 1})
	new := mk(model.Backend{Namespace: "shop", Service: "web", Port: 8080, Weight: 1})
	if v := Check(old, new, Options{}).Verdict; v != finding.Different {
		t.Errorf("without services: verdict %s, want different", v)
	}
	resolve := func(ns, svc, port string) (int32, bool) { return 8080, port == "http" }
	if v := Check(old, new, Options{ResolvePort: resolve}).Verdict; v != finding.Equivalent {
		t.Errorf("with the service: verdict %s, want equivalent", v)
	}
}

func TestCheckNilModels(t *testing.T) {
	res := Check(nil, nil, Options{})
	if res.Verdict != finding.Equivalent || res.Findings == nil {
		t.Errorf("Check(nil, nil) = %+v, want equivalent with an empty findings array", res)
	}
}

func TestStableID(t *testing.T) {
	a := stableID("misroute", "old route", "new route")
	if !regexp.MustCompile(`^misroute-[0-9a-f]{8}$`).MatchString(a) {
		t.Errorf("id %q has the wrong shape", a)
	}
	if a != stableID("misroute", "old route", "new route") || a == stableID("misroute", "old rout", "enew route") {
		t.Errorf("ids are not stable or collide on concatenation")
	}
}

func TestServicePorts(t *testing.T) {
	svc := func(ns, name string, ports ...corev1.ServicePort) load.Object[*corev1.Service] {
		return load.Object[*corev1.Service]{Obj: &corev1.Service{ObjectMeta: metav1.ObjectMeta{Namespace: ns, Name: name}, Spec: corev1.ServiceSpec{Ports: ports}}}
	}
	resolve := ServicePorts(
		[]load.Object[*corev1.Service]{svc("shop", "web", corev1.ServicePort{Name: "http", Port: 8080}), {}},
		[]load.Object[*corev1.Service]{svc("shop", "web", corev1.ServicePort{Name: "http", Port: 9999})},
	)
	for _, tc := range []struct {
		name, ns, svc, port string
		want                int32
		ok                  bool
	}{
		{"named port", "shop", "web", "http", 8080, true},
		{"unknown port name", "shop", "web", "grpc", 0, false},
		{"other namespace", "other", "web", "http", 0, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, ok := resolve(tc.ns, tc.svc, tc.port)
			if got != tc.want || ok != tc.ok {
				t.Errorf("resolve(%s, %s, %s) = %d, %v; want %d, %v", tc.ns, tc.svc, tc.port, got, ok, tc.want, tc.ok)
			}
		})
	}
}
