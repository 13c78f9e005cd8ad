package ingressnginx

import (
	"errors"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func anns(kv ...string) map[string]string {
	m := map[string]string{}
	for i := 0; i+1 < len(kv); i += 2 {
		m[annotationPrefix+kv[i]] = kv[i+1]
	}
	return m
}

// TestParseAnnotations pins ingress-nginx's parsing of the routing annotations, including
// its fallbacks for invalid values.
func TestParseAnnotations(t *testing.T) {
	cases := []struct {
		name string
		in   map[string]string
		cfg  func(*controllerConfig)
		// check inspects the result; refused names the annotation that makes the
		// controller refuse the Ingress ("" when accepted).
		check   func(t *testing.T, a annotations)
		refused string
	}{
		{name: "defaults", in: anns(), check: func(t *testing.T, a annotations) {
			want := annotations{SSLRedirect: true, BackendProtocol: "HTTP", Canary: canaryConfig{WeightTotal: 100}}
			if diff := cmp.Diff(want, a, cmp.AllowUnexported(annotations{})); diff != "" {
				t.Error(diff)
			}
		}},
		{name: "configmap ssl-redirect false is the annotation default", in: anns(), cfg: func(c *controllerConfig) { c.SSLRedirect = false },
			check: func(t *testing.T, a annotations) { expect(t, "SSLRedirect", a.SSLRedirect, false) }},
		{name: "invalid bool keeps the default", in: anns("ssl-redirect", "yes please"),
			check: func(t *testing.T, a annotations) {
				expect(t, "SSLRedirect", a.SSLRedirect, true)
				expect(t, "warnings", len(a.Warnings), 1)
			}},
		{name: "canary weight and total", in: anns("canary", "true", "canary-weight", "30", "canary-weight-total", "1000"),
			check: func(t *testing.T, a annotations) {
				expect(t, "canary", a.Canary, canaryConfig{Enabled: true, Weight: 30, WeightTotal: 1000})
			}},
		{name: "canary weight not an int falls back to 0", in: anns("canary", "true", "canary-weight", "1e3"),
			check: func(t *testing.T, a annotations) { expect(t, "weight", a.Canary.Weight, 0) }},
		{name: "canary total defaults to 100", in: anns("canary", "true"),
			check: func(t *testing.T, a annotations) { expect(t, "total", a.Canary.WeightTotal, 100) }},
		{name: "canary settings without canary true are dropped", in: anns("canary-weight", "50", "canary-by-header", "X"),
			check: func(t *testing.T, a annotations) { expect(t, "canary", a.Canary, canaryConfig{}) }},
		{name: "canary header with a space is invalid", in: anns("canary", "true", "canary-by-header", "X;evil"),
			check: func(t *testing.T, a annotations) { expect(t, "header", a.Canary.Header, "") }},
		{name: "permanent redirect default code 301", in: anns("permanent-redirect", "https://a.example"),
			check: func(t *testing.T, a annotations) {
				expect(t, "redirect", *a.Redirect, redirectConfig{URL: "https://a.example", Code: 301, Annotation: "permanent-redirect"})
			}},
		{name: "permanent redirect code out of range becomes 301", in: anns("permanent-redirect", "https://a.example", "permanent-redirect-code", "309"),
			check: func(t *testing.T, a annotations) { expect(t, "code", a.Redirect.Code, 301) }},
		{name: "permanent redirect code 308", in: anns("permanent-redirect", "https://a.example", "permanent-redirect-code", "308"),
			check: func(t *testing.T, a annotations) { expect(t, "code", a.Redirect.Code, 308) }},
		{name: "temporal redirect wins, code 308 is out of its range", in: anns("permanent-redirect", "https://p.example", "temporal-redirect", "https://t.example", "temporal-redirect-code", "308"),
			check: func(t *testing.T, a annotations) {
				expect(t, "redirect", *a.Redirect, redirectConfig{URL: "https://t.example", Code: 302, Annotation: "temporal-redirect"})
			}},
		{name: "temporal redirect code 307", in: anns("temporal-redirect", "https://t.example", "temporal-redirect-code", "307"),
			check: func(t *testing.T, a annotations) { expect(t, "code", a.Redirect.Code, 307) }},
		{name: "temporal redirect to a non-http URL is ignored", in: anns("temporal-redirect", "ftp://t.example"),
			check: func(t *testing.T, a annotations) {
				if a.Redirect != nil {
					t.Errorf("redirect = %+v, want none", *a.Redirect)
				}
			}},
		{name: "redirect code not an int refuses the Ingress", in: anns("permanent-redirect", "https://a.example", "permanent-redirect-code", "x"), refused: "permanent-redirect-code"},
		{name: "upstream-vhost with a quote refuses the Ingress", in: anns("upstream-vhost", `a"b`), refused: "upstream-vhost"},
		{name: "snippet refused at risk level High", in: anns("configuration-snippet", "return 200;"), refused: "configuration-snippet"},
		{name: "server-alias refused at risk level Medium", in: anns("server-alias", "b.example"), cfg: func(c *controllerConfig) { c.RiskLevel = riskMedium }, refused: "server-alias"},
		{name: "snippet dropped when snippets are not allowed", in: anns("configuration-snippet", "return 200;"), cfg: func(c *controllerConfig) { c.RiskLevel = riskCritical },
			check: func(t *testing.T, a annotations) { expect(t, "opaque", len(a.Opaque), 0) }},
		{name: "snippet opaque when allowed", in: anns("configuration-snippet", "return 200;", "server-snippet", "x"),
			cfg: func(c *controllerConfig) { c.RiskLevel, c.AllowSnippetAnnotations = riskCritical, true },
			check: func(t *testing.T, a annotations) {
				expect(t, "opaque", len(a.Opaque), 1)
				expect(t, "server opaque", len(a.ServerOpaque), 1)
			}},
		{name: "unknown annotation is opaque", in: anns("rewrite-targets", "/"),
			check: func(t *testing.T, a annotations) {
				expect(t, "opaque", a.Opaque, []string{"unknown annotation nginx.ingress.kubernetes.io/rewrite-targets"})
			}},
		{name: "identity annotations are ignored", in: anns("auth-url", "http://auth", "allowlist-source-range", "10.0.0.0/8"),
			check: func(t *testing.T, a annotations) { expect(t, "opaque", len(a.Opaque), 0) }},
		{name: "backend protocol is case-insensitive", in: anns("backend-protocol", " grpc "),
			check: func(t *testing.T, a annotations) { expect(t, "protocol", a.BackendProtocol, "GRPC") }},
		{name: "invalid backend protocol is HTTP", in: anns("backend-protocol", "SPDY"),
			check: func(t *testing.T, a annotations) { expect(t, "protocol", a.BackendProtocol, "HTTP") }},
		{name: "app-root must be a path", in: anns("app-root", "http://x/app"),
			check: func(t *testing.T, a annotations) { expect(t, "app-root", a.AppRoot, "") }},
		{name: "rewrite target with capture", in: anns("rewrite-target", "/$1/$2"),
			check: func(t *testing.T, a annotations) { expect(t, "target", a.RewriteTarget, "/$1/$2") }},
		{name: "rewrite target with a space is ignored", in: anns("rewrite-target", "/a b"),
			check: func(t *testing.T, a annotations) { expect(t, "target", a.RewriteTarget, "") }},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			cfg := defaultConfig()
			if tc.cfg != nil {
				tc.cfg(cfg)
			}
			a, err := parseAnnotations(tc.in, cfg)
			var refused *refusedError
			switch {
			case tc.refused != "":
				if !errors.As(err, &refused) || refused.Annotation != tc.refused {
					t.Fatalf("err = %v, want the Ingress refused for %s", err, tc.refused)
				}
				return
			case err != nil:
				t.Fatalf("unexpected error: %v", err)
			}
			tc.check(t, a)
		})
	}
}

func expect[T any](t *testing.T, what string, got, want T) {
	t.Helper()
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("%s (-want +got):\n%s", what, diff)
	}
}

// FuzzParseAnnotations: any annotation values parse without panicking, and a refused
// Ingress always names a known annotation.
func FuzzParseAnnotations(f *testing.F) {
	f.Add("canary-weight", "10", "canary-weight-total", "5")
	f.Add("permanent-redirect-code", "308", "permanent-redirect", "https://x")
	f.Add("temporal-redirect-code", "-1", "temporal-redirect", "http://[::1")
	f.Add("canary-by-header-pattern", "(a|b", "canary", "true")
	f.Add("app-root", "/%zz", "rewrite-target", "/$1\n")
	f.Fuzz(func(t *testing.T, k1, v1, k2, v2 string) {
		in := map[string]string{annotationPrefix + k1: v1, annotationPrefix + k2: v2}
		for _, lvl := range []risk{riskLow, riskCritical} {
			cfg := defaultConfig()
			cfg.RiskLevel, cfg.AllowSnippetAnnotations = lvl, true
			a, err := parseAnnotations(in, cfg)
			var refused *refusedError
			if err != nil {
				if !errors.As(err, &refused) {
					t.Fatalf("error of unexpected type: %v", err)
				}
				if _, known := knownAnnotations[refused.Annotation]; !known {
					t.Fatalf("refused for unknown annotation %q", refused.Annotation)
				}
				continue
			}
			if a.Redirect != nil && (a.Redirect.Code < 300 || a.Redirect.Code > 308) {
				t.Fatalf("redirect code %d outside 300..308", a.Redirect.Code)
			}
		}
	})
}
