package ingressnginx

import (
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"

	nginxann "github.com/ingress-parity/ingress-parity/frontend/ingressnginx/annotations"
	"github.com/ingress-parity/ingress-parity/model"
)

// findRoute is the route id of host on listener (nil when absent).
func findRoute(m *model.Model, listener, host, id string) *model.Route {
	for _, l := range m.EntryPoints[0].Listeners {
		if l.Name != listener {
			continue
		}
		for i := range l.VirtualHosts {
			vh := &l.VirtualHosts[i]
			if vh.Host.Pattern != host {
				continue
			}
			for j := range vh.Routes {
				if vh.Routes[j].ID == id {
					return &vh.Routes[j]
				}
			}
		}
	}
	return nil
}

// TestRoutePolicies pins the policy of chosen routes of the policy-* golden cases.
func TestRoutePolicies(t *testing.T) {
	const controllerRoot = "ingress-nginx server _ location /"
	tests := []struct {
		name, file, listener, host, id string
		check                          func(t *testing.T, r *model.Route)
	}{
		{"allow list after deny list", "policy-allowlist", "https", "office.example.com", "Ingress/default/office spec.rules[0].http.paths[0]", func(t *testing.T, r *model.Route) {
			a := r.Policy.IPAccess
			if a == nil || a.Default != model.Deny || len(a.Rules) != 2 || a.Rules[0].Action != model.Deny || a.Rules[1].Action != model.Allow {
				t.Fatalf("IPAccess = %+v, want deny 10.1.0.0/16, allow list, default deny", a)
			}
			if !slices.Equal(a.Rules[1].CIDRs, []string{"10.0.0.0/8", "192.168.1.5/32", "2001:db8::/32"}) {
				t.Errorf("allow CIDRs = %v", a.Rules[1].CIDRs)
			}
			if a.Rules[1].Source.Line != 10 {
				t.Errorf("allow rule source line = %d, want 10", a.Rules[1].Source.Line)
			}
		}},
		{"bad allow list denies the location", "policy-allowlist", "http", "typo.example.com", "Ingress/default/typo spec.rules[0].http.paths[0]", func(t *testing.T, r *model.Route) {
			if r.Decision.Kind != model.Reject || r.Decision.Status != 503 || r.Decision.Source.Line != 32 {
				t.Errorf("decision = %s %d at line %d, want reject 503 at line 32", r.Decision.Kind, r.Decision.Status, r.Decision.Source.Line)
			}
			if r.Policy == nil || r.Policy.IPAccess != nil {
				t.Errorf("denied location policy = %+v, want one without IP access (return 503 runs first)", r.Policy)
			}
		}},
		{"ssl-redirect runs before auth_request", "policy-auth-url", "http", "shop.example.com", "Ingress/default/shop spec.rules[0].http.paths[0]", func(t *testing.T, r *model.Route) {
			if r.Decision.Kind != model.Redirect || r.Policy == nil || r.Policy.Auth != nil {
				t.Errorf("decision %s, policy auth %+v; want a redirect without auth", r.Decision.Kind, r.Policy.Auth)
			}
		}},
		{"auth-url with response headers", "policy-auth-url", "https", "shop.example.com", "Ingress/default/shop spec.rules[0].http.paths[0]", func(t *testing.T, r *model.Route) {
			ext := r.Policy.Auth.External
			if ext.URL != "https://auth.example.com/oauth2/auth" || ext.Method != "GET" || ext.ClientCopy != model.ClientCopyRemoved {
				t.Errorf("external auth = %+v", ext)
			}
			if f := r.Policy.ClientHeaderFate("X-Auth-Request-Email"); f != model.FateDropped {
				t.Errorf("fate of a forged X-Auth-Request-Email = %s, want dropped", f)
			}
			if r.Policy.HSTS == nil {
				t.Error("no HSTS on an https route of a host with a certificate")
			}
		}},
		{"client certificate of the older Ingress", "policy-auth-tls", "https", "api.example.com", "Ingress/default/api-v2 spec.rules[0].http.paths[0]", func(t *testing.T, r *model.Route) {
			c := r.Policy.Auth.ClientCert
			if c == nil || c.Mode != model.CertOptional || !slices.Equal(c.CASecrets, []string{"default/client-ca"}) || c.VerifyDepth != 2 || !c.PassCertificate {
				t.Errorf("client cert = %+v, want api's optional default/client-ca, depth 2, passed", c)
			}
		}},
		{"no client certificate on http", "policy-auth-tls", "http", "api.example.com", "Ingress/default/api spec.rules[0].http.paths[0]", func(t *testing.T, r *model.Route) {
			if r.Policy.Auth != nil || r.Policy.HSTS != nil {
				t.Errorf("http policy auth %+v hsts %+v, want neither", r.Policy.Auth, r.Policy.HSTS)
			}
		}},
		{"global allow list and global auth inherited", "policy-global-allowlist", "http", "app.example.com", "Ingress/default/inherits spec.rules[0].http.paths[0]", func(t *testing.T, r *model.Route) {
			a := r.Policy.IPAccess
			if a == nil || len(a.Rules) != 1 || !slices.Equal(a.Rules[0].CIDRs, []string{"10.0.0.0/8"}) || a.Rules[0].Source.Kind != "ConfigMap" {
				t.Errorf("IPAccess = %+v, want the ConfigMap's 10.0.0.0/8", a)
			}
			if r.Policy.Auth == nil || r.Policy.Auth.External == nil || r.Policy.Auth.External.Source.Kind != "ConfigMap" {
				t.Errorf("auth = %+v, want the global auth", r.Policy.Auth)
			}
		}},
		{"location list replaces the global one", "policy-global-allowlist", "https", "partner.example.com", "Ingress/default/own-list spec.rules[0].http.paths[0]", func(t *testing.T, r *model.Route) {
			a := r.Policy.IPAccess
			if a == nil || len(a.Rules) != 1 || !slices.Equal(a.Rules[0].CIDRs, []string{"172.16.0.0/12"}) {
				t.Errorf("IPAccess = %+v, want only 172.16.0.0/12", a)
			}
			if r.Policy.Auth != nil {
				t.Errorf("auth = %+v, want none (enable-global-auth false)", r.Policy.Auth)
			}
		}},
		{"controller location gets no annotation defaults", "policy-global-allowlist", "http", "", controllerRoot, func(t *testing.T, r *model.Route) {
			if r.Policy == nil || r.Policy.IPAccess != nil || r.Policy.Auth != nil || r.Policy.BodyLimit == nil {
				t.Errorf("policy = %+v, want body limit and headers only", r.Policy)
			}
		}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			m := buildFile(t, "testdata/"+tc.file+".yaml", Options{})
			r := findRoute(m, tc.listener, tc.host, tc.id)
			if r == nil {
				t.Fatalf("no route %q of host %q on %s", tc.id, tc.host, tc.listener)
			}
			if r.Policy == nil {
				t.Fatal("route has no policy")
			}
			if err := r.Policy.Validate(); err != nil {
				t.Errorf("policy does not validate: %v", err)
			}
			tc.check(t, r)
		})
	}
}

// TestListenerClientIP pins the client-address derivation of use-forwarded-headers with
// proxy-real-ip-cidr, and the peer default.
func TestListenerClientIP(t *testing.T) {
	tests := []struct {
		name, file string
		want       model.ClientIPDerivation
	}{
		{"default is the peer", "policy-allowlist", model.ClientIPDerivation{From: model.ClientIPPeer}},
		{"forwarded headers from trusted peers", "policy-global-allowlist", model.ClientIPDerivation{
			From: model.ClientIPForwardedFor, Header: "X-Forwarded-For", TrustedCIDRs: []string{"192.168.0.0/16"}, Recursive: true}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			m := buildFile(t, "testdata/"+tc.file+".yaml", Options{})
			for _, l := range m.EntryPoints[0].Listeners {
				got := l.ClientIP
				if got == nil {
					t.Fatalf("listener %s has no ClientIP", l.Name)
				}
				g := *got
				g.Source = model.Source{}
				if g.From != tc.want.From || g.Header != tc.want.Header || g.Recursive != tc.want.Recursive || !slices.Equal(g.TrustedCIDRs, tc.want.TrustedCIDRs) {
					t.Errorf("listener %s ClientIP = %+v, want %+v", l.Name, g, tc.want)
				}
			}
		})
	}
}

// TestRejectedIngressIsRefused: an identity annotation failing its validator drops the
// whole Ingress, with a Note naming the annotation's line.
func TestRejectedIngressIsRefused(t *testing.T) {
	m := buildFile(t, "testdata/policy-allowlist.yaml", Options{})
	for _, l := range m.EntryPoints[0].Listeners {
		for _, vh := range l.VirtualHosts {
			if vh.Host.Pattern == "rejected.example.com" {
				t.Errorf("listener %s serves the rejected Ingress's host", l.Name)
			}
		}
	}
	found := false
	for _, n := range m.Notes {
		if n.Code == "ingress-refused" && n.Source.Name == "rejected" && n.Source.Line == 54 {
			found = true
		}
	}
	if !found {
		t.Errorf("no ingress-refused note at line 54 for default/rejected; notes: %+v", m.Notes)
	}
}

// TestRoutingOnlyAnnotationsLeavePolicy holds that the annotations readPolicy skips do not
// change the policy the annotations package makes.
func TestRoutingOnlyAnnotationsLeavePolicy(t *testing.T) {
	g, _ := nginxann.ParseGlobal(map[string]string{"whitelist-source-range": "10.0.0.0/8", "global-auth-url": "http://a.b/c"}, nginxann.GlobalOptions{})
	want := nginxann.New(nil, nginxann.Options{Namespace: "ns"}).Policy(g)
	for name := range routingOnly {
		for _, v := range []string{"true", "false", "0", "/x", "https://h/p", "x,y", "bad value"} {
			anns := map[string]string{annotationPrefix + name: v}
			if hasIdentityAnnotations(anns) {
				t.Fatalf("hasIdentityAnnotations(%s) = true", name)
			}
			got := nginxann.New(anns, nginxann.Options{Namespace: "ns"}).Policy(g)
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("%s=%q changes the policy (-without +with):\n%s", name, v, diff)
			}
		}
	}
	if !hasIdentityAnnotations(map[string]string{annotationPrefix + "auth-url": "http://a/b"}) {
		t.Error("auth-url not seen as an identity annotation")
	}
}
