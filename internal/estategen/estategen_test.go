package estategen

import (
	"bytes"
	"strings"
	"testing"

	networkingv1 "k8s.io/api/networking/v1"
	gatewayv1 "sigs.k8s.io/gateway-api/apis/v1"

	"github.com/ingress-parity/ingress-parity/load"
)

// counts are what the tests measure on a generated old estate.
type counts struct {
	ingresses, paths, regexPaths, hosts, tlsHosts, canaries, rewrites, identity int
}

// measure counts the Ingress side of res.
func measure(t *testing.T, res *load.Resources) counts {
	t.Helper()
	var c counts
	hosts := map[string]bool{}
	tls := map[string]bool{}
	for _, o := range res.Ingresses {
		ing := o.Obj
		c.ingresses++
		a := ing.Annotations
		regex := a[annotation+"use-regex"] == "true"
		if a[annotation+"canary"] == "true" {
			c.canaries++
		}
		if a[annotation+"rewrite-target"] != "" {
			c.rewrites++
		}
		if a[annotation+"allowlist-source-range"] != "" || a[annotation+"auth-url"] != "" || a[annotation+"auth-tls-secret"] != "" {
			c.identity++
		}
		for _, r := range ing.Spec.Rules {
			hosts[r.Host] = true
			c.paths += len(r.HTTP.Paths)
			if regex {
				c.regexPaths += len(r.HTTP.Paths)
			}
		}
		for _, t := range ing.Spec.TLS {
			for _, h := range t.Hosts {
				tls[h] = true
			}
		}
	}
	c.hosts, c.tlsHosts = len(hosts), len(tls)
	return c
}

// loadBoth loads both sides strictly and fails the test on any error or diagnostic.
func loadBoth(t *testing.T, opts Options) (old, new *load.Resources) {
	t.Helper()
	o, n := Generate(opts)
	old, err := load.LoadBytes("old.yaml", o)
	if err != nil {
		t.Fatalf("old side does not load: %v", err)
	}
	new, err = load.LoadBytes("new.yaml", n)
	if err != nil {
		t.Fatalf("new side does not load: %v", err)
	}
	for _, r := range []*load.Resources{old, new} {
		for _, d := range r.Invalid {
			t.Errorf("invalid object %s/%s %s: %s", d.Source.Namespace, d.Source.Name, d.Source.Field, d.Message)
		}
	}
	return old, new
}

func TestGenerateCounts(t *testing.T) {
	tests := []struct {
		name string
		opts Options
	}{
		{name: "one ingress", opts: Options{Ingresses: 1, Seed: 1}},
		{name: "hundred", opts: Options{Ingresses: 100, Seed: 7}},
		{name: "thousand with identity", opts: Options{Ingresses: 1000, Seed: 42, Identity: true}},
		{name: "odd count", opts: Options{Ingresses: 333, Seed: 3}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			old, new := loadBoth(t, tt.opts)
			c := measure(t, old)
			n := tt.opts.Ingresses
			if c.ingresses != n {
				t.Errorf("ingresses = %d, want %d", c.ingresses, n)
			}
			if want := (n + 1) / 2; c.hosts != want {
				t.Errorf("hosts = %d, want %d", c.hosts, want)
			}
			if c.paths < 4*n {
				t.Errorf("paths = %d, want at least %d", c.paths, 4*n)
			}
			if len(old.IngressClasses) != 1 || len(old.ConfigMaps) != 1 {
				t.Errorf("old side has %d IngressClasses and %d ConfigMaps, want 1 and 1", len(old.IngressClasses), len(old.ConfigMaps))
			}
			if len(new.GatewayClasses) != 1 || len(new.Gateways) == 0 || len(new.HTTPRoutes) == 0 {
				t.Errorf("new side has %d GatewayClasses, %d Gateways, %d HTTPRoutes", len(new.GatewayClasses), len(new.Gateways), len(new.HTTPRoutes))
			}
			if n >= 100 {
				share := float64(c.regexPaths) / float64(c.paths)
				if share < 0.07 || share > 0.13 {
					t.Errorf("regex share = %.3f, want about 0.10", share)
				}
				if want := (c.hosts + 1) / 2; c.tlsHosts != want {
					t.Errorf("TLS hosts = %d of %d, want %d (every other host)", c.tlsHosts, c.hosts, want)
				}
				if c.canaries == 0 || c.rewrites == 0 {
					t.Errorf("canaries = %d, rewrites = %d, want some of each", c.canaries, c.rewrites)
				}
			}
			if tt.opts.Identity {
				if share := float64(c.identity) / float64(c.ingresses); share < 0.28 || share > 0.36 {
					t.Errorf("identity share = %.3f, want about a third", share)
				}
			} else if c.identity != 0 {
				t.Errorf("identity annotations on %d Ingresses without Options.Identity", c.identity)
			}
		})
	}
}

// TestGenerateTenThousand checks the scale the benchmarks use: 10k Ingresses give at least 40k
// paths over 5k hosts.
func TestGenerateTenThousand(t *testing.T) {
	o, _ := Generate(Options{Ingresses: 10000, Seed: 1})
	e := plan(Options{Ingresses: 10000, Seed: 1})
	paths := 0
	for _, ing := range e.ingresses {
		paths += len(ing.paths)
	}
	if len(e.ingresses) != 10000 || len(e.hosts) != 5000 || paths < 40000 {
		t.Errorf("10k estate: %d ingresses, %d hosts, %d paths; want 10000, 5000, >= 40000", len(e.ingresses), len(e.hosts), paths)
	}
	if got := bytes.Count(o, []byte("\nkind: Ingress\n")); got != 10000 {
		t.Errorf("10k estate writes %d Ingress documents, want 10000", got)
	}
}

func TestGenerateDeterministic(t *testing.T) {
	opts := Options{Ingresses: 200, Seed: 9, Identity: true}
	o1, n1 := Generate(opts)
	o2, n2 := Generate(opts)
	if !bytes.Equal(o1, o2) || !bytes.Equal(n1, n2) {
		t.Error("same options gave different output")
	}
	o3, _ := Generate(Options{Ingresses: 200, Seed: 10, Identity: true})
	if bytes.Equal(o1, o3) {
		t.Error("different seeds gave the same output")
	}
}

// TestTranslation checks the Gateway side rule by rule against the plan: each Ingress path
// has a rule with the expected match type.
func TestTranslation(t *testing.T) {
	opts := Options{Ingresses: 400, Seed: 5, DriftEvery: 7}
	old, new := loadBoth(t, opts)
	routes := map[string]*gatewayv1.HTTPRoute{}
	for _, r := range new.HTTPRoutes {
		routes[r.Obj.Namespace+"/"+r.Obj.Name] = r.Obj
	}
	drifts := 0
	for _, o := range old.Ingresses {
		ing := o.Obj
		if ing.Annotations[annotation+"canary"] == "true" {
			continue
		}
		route := routes[ing.Namespace+"/"+ing.Name]
		if route == nil {
			t.Fatalf("no HTTPRoute for Ingress %s/%s", ing.Namespace, ing.Name)
		}
		regex := ing.Annotations[annotation+"use-regex"] == "true"
		for _, p := range ing.Spec.Rules[0].HTTP.Paths {
			got := ruleTypeFor(route, p.Path)
			want := map[networkingv1.PathType]gatewayv1.PathMatchType{
				networkingv1.PathTypePrefix:                 gatewayv1.PathMatchPathPrefix,
				networkingv1.PathTypeExact:                  gatewayv1.PathMatchExact,
				networkingv1.PathTypeImplementationSpecific: gatewayv1.PathMatchPathPrefix,
			}[*p.PathType]
			if regex && got != gatewayv1.PathMatchRegularExpression {
				drifts++ // use-regex in nginx, plain match in the translation
				continue
			}
			if regex {
				want = gatewayv1.PathMatchRegularExpression
			}
			if got != want {
				t.Errorf("%s path %q: rule type %q, want %q", ing.Name, p.Path, got, want)
			}
		}
	}
	if drifts == 0 {
		t.Error("DriftEvery planted no drift")
	}
}

// ruleTypeFor finds the match type of the rule of route whose value mentions path.
func ruleTypeFor(route *gatewayv1.HTTPRoute, path string) gatewayv1.PathMatchType {
	for _, r := range route.Spec.Rules {
		for _, m := range r.Matches {
			v := strings.TrimPrefix(*m.Path.Value, "(?i)")
			if v == path || v == path+"(?s:.*)" {
				return *m.Path.Type
			}
		}
	}
	return ""
}

func TestWordsAvoidCaseFoldOrbits(t *testing.T) {
	for _, w := range words {
		if strings.ContainsAny(w, "sk") {
			t.Errorf("word %q holds s or k, whose Unicode case-fold orbit differs from nginx's", w)
		}
	}
}

func TestPlainScalar(t *testing.T) {
	tests := []struct {
		name, in string
		plain    bool
	}{
		{name: "word", in: "nginx", plain: true},
		{name: "path", in: "/api/v1", plain: true},
		{name: "bool keyword", in: "true", plain: false},
		{name: "on keyword", in: "On", plain: false},
		{name: "number", in: "0", plain: false},
		{name: "regex", in: "(?i)/a.*", plain: false},
		{name: "colon", in: "a: b", plain: false},
		{name: "empty", in: "", plain: false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := plain(tt.in); got != tt.plain {
				t.Errorf("plain(%q) = %v, want %v", tt.in, got, tt.plain)
			}
		})
	}
}
