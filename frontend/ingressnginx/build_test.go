package ingressnginx

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"testing"

	networkingv1 "k8s.io/api/networking/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/ingress-parity/ingress-parity/load"
	"github.com/ingress-parity/ingress-parity/model"
)

func loadString(t testing.TB, yaml string) *load.Resources {
	t.Helper()
	res, err := load.LoadBytes("inline.yaml", []byte(yaml))
	if err != nil {
		t.Fatalf("load: %v", err)
	}
	return res
}

const ingressTemplate = `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: %s
  namespace: default
%s
spec:
%s
  rules:
  - host: %s
    http:
      paths:
      - path: /
        pathType: Prefix
        backend:
          service:
            name: %s
            port:
              number: 80
`

// ingressYAML is a one-path Ingress; meta is extra metadata lines, spec extra spec lines.
func ingressYAML(name, meta, spec, host, service string) string {
	return fmt.Sprintf(ingressTemplate, name, meta, spec, host, service)
}

// TestBuildErrors: unusable input is an error naming what is wrong.
func TestBuildErrors(t *testing.T) {
	cases := []struct {
		name string
		res  *load.Resources
		opts Options
		want string
	}{
		{"nil resources", nil, Options{}, "nil resources"},
		{"configmap not found", &load.Resources{}, Options{ConfigMap: "ingress-nginx/missing"}, `"ingress-nginx/missing" not found`},
		{"configmap without namespace", &load.Resources{}, Options{ConfigMap: "missing"}, "want namespace/name"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Build(tc.res, tc.opts)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("err = %v, want one containing %q", err, tc.want)
			}
		})
	}
	if _, err := Build(nil, Options{}); !errors.Is(err, ErrNilResources) {
		t.Errorf("nil resources: err = %v, want ErrNilResources", err)
	}
}

// TestClassSelection covers the ways an Ingress is or is not watched.
func TestClassSelection(t *testing.T) {
	const ours = "apiVersion: networking.k8s.io/v1\nkind: IngressClass\nmetadata:\n  name: nginx\n%s\nspec:\n  controller: k8s.io/ingress-nginx\n---\n"
	const theirs = "apiVersion: networking.k8s.io/v1\nkind: IngressClass\nmetadata:\n  name: other\n%s\nspec:\n  controller: example.com/other\n---\n"
	const isDefault = "  annotations:\n    ingressclass.kubernetes.io/is-default-class: \"true\""
	cases := []struct {
		name    string
		classes string
		meta    string
		spec    string
		opts    Options
		watched bool
	}{
		{"class name of ours", fmt.Sprintf(ours, ""), "", "  ingressClassName: nginx", Options{}, true},
		{"class name of another controller", fmt.Sprintf(theirs, ""), "", "  ingressClassName: other", Options{}, false},
		{"class name unknown while classes exist", fmt.Sprintf(ours, ""), "", "  ingressClassName: missing", Options{}, false},
		{"class name assumed without any IngressClass", "", "", "  ingressClassName: nginx", Options{}, true},
		{"custom --ingress-class without IngressClass", "", "", "  ingressClassName: internal", Options{IngressClass: "internal"}, true},
		{"legacy annotation", "", "  annotations:\n    kubernetes.io/ingress.class: nginx", "", Options{}, true},
		{"legacy annotation of another class", "", "  annotations:\n    kubernetes.io/ingress.class: other", "", Options{}, false},
		{"class name wins over the annotation", fmt.Sprintf(theirs, ""), "  annotations:\n    kubernetes.io/ingress.class: nginx", "  ingressClassName: other", Options{}, false},
		{"no class", "", "", "", Options{}, false},
		{"no class, watch without class", "", "", "", Options{WatchIngressWithoutClass: true}, true},
		{"no class, our default class", fmt.Sprintf(ours, isDefault), "", "", Options{}, true},
		{"no class, another default class", fmt.Sprintf(theirs, isDefault), "", "", Options{WatchIngressWithoutClass: true}, false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			res := loadString(t, tc.classes+ingressYAML("ing", tc.meta, tc.spec, "a.example.com", "svc"))
			m, err := Build(res, tc.opts)
			if err != nil {
				t.Fatal(err)
			}
			vhosts := m.EntryPoints[0].Listeners[0].VirtualHosts
			watched := len(vhosts) == 2 && vhosts[0].Host.Pattern == "a.example.com"
			if watched != tc.watched {
				t.Errorf("watched = %v, want %v (notes %v)", watched, tc.watched, m.Notes)
			}
		})
	}
}

// TestNoTLSRedirectSplitsPrefix: a Prefix location and its exact copy decide differently
// when only one of them is in no-tls-redirect-locations; they must stay two routes.
func TestNoTLSRedirectSplitsPrefix(t *testing.T) {
	res := loadString(t, `apiVersion: v1
kind: ConfigMap
metadata:
  name: ingress-nginx-controller
  namespace: ingress-nginx
data:
  no-tls-redirect-locations: /pub/
---
`+strings.Replace(ingressYAML("ing", "", "  ingressClassName: nginx\n  tls:\n  - hosts: [a.example.com]", "a.example.com", "svc"), "path: /", "path: /pub", 1))
	m, err := Build(res, Options{})
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		path string
		want model.DecisionKind
	}{{"/pub", model.Redirect}, {"/pub/", model.Forward}, {"/pub/x", model.Forward}}
	for _, tc := range cases {
		out := m.Resolve(model.Request{Method: "GET", Scheme: model.HTTP, Host: "a.example.com", Port: 80, Path: tc.path})
		if got := out[0].Outcome.Kind; got != tc.want {
			t.Errorf("%s: %s, want %s", tc.path, got, tc.want)
		}
	}
}

// ingressObject is a one-path Ingress object of class nginx.
func ingressObject(name, host, service string, annotations map[string]string) load.Object[*networkingv1.Ingress] {
	class := "nginx"
	prefix := networkingv1.PathTypePrefix
	return load.Object[*networkingv1.Ingress]{Obj: &networkingv1.Ingress{
		ObjectMeta: metav1.ObjectMeta{Name: name, Namespace: "default", Annotations: annotations},
		Spec: networkingv1.IngressSpec{IngressClassName: &class, Rules: []networkingv1.IngressRule{{
			Host: host,
			IngressRuleValue: networkingv1.IngressRuleValue{HTTP: &networkingv1.HTTPIngressRuleValue{Paths: []networkingv1.HTTPIngressPath{{
				Path: "/", PathType: &prefix,
				Backend: networkingv1.IngressBackend{Service: &networkingv1.IngressServiceBackend{Name: service, Port: networkingv1.ServiceBackendPort{Number: 80}}},
			}}}},
		}}},
	}, Origin: load.Origin{File: "fuzz.yaml"}}
}

// FuzzCanaryWeights: any canary weight and total give positive weights, and the canary's
// share is the one lua/balancer.lua uses: weight/max(total, 100), clamped to [0, 1].
func FuzzCanaryWeights(f *testing.F) {
	f.Add("10", "")
	f.Add("500", "1000")
	f.Add("-5", "50")
	f.Add("200", "x")
	f.Fuzz(func(t *testing.T, weight, total string) {
		res := &load.Resources{Ingresses: []load.Object[*networkingv1.Ingress]{
			ingressObject("main", "a.example.com", "web", nil),
			ingressObject("canary", "a.example.com", "next", map[string]string{
				annotationPrefix + "canary": "true", annotationPrefix + "canary-weight": weight, annotationPrefix + "canary-weight-total": total,
			}),
		}}
		m, err := Build(res, Options{})
		if err != nil {
			t.Fatal(err)
		}
		rs := m.EntryPoints[0].Listeners[0].VirtualHosts[0].Routes
		main := rs[len(rs)-1].Decision
		var sum, canary int32
		for _, b := range main.Backends {
			if b.Weight <= 0 {
				t.Fatalf("weight %d of %s", b.Weight, b)
			}
			sum += b.Weight
			if b.Service == "next" {
				canary = b.Weight
			}
		}
		w, werr := strconv.Atoi(weight)
		tot, terr := strconv.Atoi(total)
		if werr != nil || w < 0 {
			w = 0
		}
		if terr != nil || tot < 100 {
			tot = 100
		}
		if w > tot {
			w = tot
		}
		if w == 0 && canary != 0 || w > 0 && (canary != int32(w) || len(main.Backends) > 1 && sum != int32(tot)) {
			t.Fatalf("weight %q total %q: backends %v, want canary %d of %d", weight, total, main.Backends, w, tot)
		}
	})
}

// TestForwardedProto: with use-forwarded-headers, X-Forwarded-Proto decides ssl-redirect
// on both listeners (lua_ingress.lua redirect_to_https).
func TestForwardedProto(t *testing.T) {
	m := buildFile(t, "testdata/forwarded-headers.yaml", Options{})
	cases := []struct {
		name   string
		scheme model.Scheme
		xfp    string // "" means absent
		want   model.DecisionKind
	}{
		{"http without header redirects", model.HTTP, "", model.Redirect},
		{"http with https header is proxied", model.HTTP, "https", model.Forward},
		{"http with http header redirects", model.HTTP, "http", model.Redirect},
		{"https without header is proxied", model.HTTPS, "", model.Forward},
		{"https with http header redirects", model.HTTPS, "http", model.Redirect},
		{"https with HTTP (upper case) header is proxied", model.HTTPS, "HTTP", model.Forward},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			r := get(tc.scheme, "secure.example.com", "/a")
			if tc.xfp != "" {
				r = withHeader(r, "X-Forwarded-Proto", tc.xfp)
			}
			out := m.Resolve(r)[0].Outcome
			if out.Kind != tc.want {
				t.Fatalf("%s, want %s", out, tc.want)
			}
			if tc.want == model.Redirect && out.Location != "https://secure.example.com/a" {
				t.Errorf("Location %s", out.Location)
			}
		})
	}
}

// TestCanaryWithoutEndpoints: lua/balancer.lua answers 503 when the primary has no
// endpoints (even for "always"), and ignores a canary without endpoints.
func TestCanaryWithoutEndpoints(t *testing.T) {
	svc := func(name string) string {
		return "apiVersion: v1\nkind: Service\nmetadata:\n  name: " + name + "\n  namespace: default\nspec:\n  ports:\n  - port: 80\n---\n"
	}
	canary := func(host, service string) string {
		return ingressYAML("canary-"+host, "  annotations:\n    nginx.ingress.kubernetes.io/canary: \"true\"\n    nginx.ingress.kubernetes.io/canary-by-header: X-Canary",
			"  ingressClassName: nginx", host, service) + "---\n"
	}
	res := loadString(t, svc("web")+svc("next")+
		ingressYAML("main-a", "", "  ingressClassName: nginx", "a.example.com", "missing")+"---\n"+canary("a.example.com", "next")+
		ingressYAML("main-b", "", "  ingressClassName: nginx", "b.example.com", "web")+"---\n"+canary("b.example.com", "gone"))
	m, err := Build(res, Options{})
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		host    string
		status  int
		service string
	}{{"a.example.com", 503, ""}, {"b.example.com", 0, "web"}}
	for _, tc := range cases {
		out := m.Resolve(withHeader(get(model.HTTP, tc.host, "/"), "X-Canary", "always"))[0].Outcome
		switch {
		case tc.status != 0 && (out.Kind != model.Reject || out.Status != tc.status):
			t.Errorf("%s: %s, want reject %d", tc.host, out, tc.status)
		case tc.service != "" && (out.Kind != model.Forward || out.Backends[0].Service != tc.service):
			t.Errorf("%s: %s, want forward to %s", tc.host, out, tc.service)
		}
	}
}
