package gatewayapi

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/ingress-parity/ingress-parity/load"
	"github.com/ingress-parity/ingress-parity/model"
)

// policyGateway has an HTTP listener "http" on 80 and an HTTPS listener "https" on 443
// with frontend validation, and one HTTPRoute "app" serving two hosts on both.
const policyGateway = `
apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata: {name: gw, namespace: ns}
spec:
  gatewayClassName: eg
  tls:
    frontend:
      default:
        validation:
          caCertificateRefs: [{group: "", kind: Secret, name: ca}]
  listeners:
  - {name: http, port: 80, protocol: HTTP}
  - {name: https, port: 443, protocol: HTTPS, tls: {certificateRefs: [{name: cert}]}}
---
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: {name: app, namespace: ns}
spec:
  parentRefs: [{name: gw}]
  hostnames: [a.example.com, b.example.com]
  rules:
  - backendRefs: [{name: app, port: 80}]
`

// listenerRoutes returns the listener named name of the only entry point and its routes.
func listenerRoutes(t *testing.T, m *model.Model, name string) (model.Listener, []model.Route) {
	t.Helper()
	for _, l := range m.EntryPoints[0].Listeners {
		if l.Name != name {
			continue
		}
		var rs []model.Route
		for _, vh := range l.VirtualHosts {
			rs = append(rs, vh.Routes...)
		}
		if len(rs) == 0 {
			t.Fatalf("listener %s has no routes", name)
		}
		return l, rs
	}
	t.Fatalf("no listener %s", name)
	return model.Listener{}, nil
}

// noteCodes lists "code: message" of every note of m.
func noteCodes(m *model.Model) string {
	var b strings.Builder
	for _, n := range m.Notes {
		b.WriteString(n.Code + ": " + n.Message + "\n")
	}
	return b.String()
}

func TestPolicies(t *testing.T) {
	tests := []struct {
		name   string
		impl   string
		extra  string
		verify func(t *testing.T, m *model.Model)
	}{
		{
			name: "istio applies Gateway frontend validation without Envoy Gateway headers",
			impl: Istio,
			extra: `
apiVersion: gateway.envoyproxy.io/v1alpha1
kind: SecurityPolicy
metadata: {name: sp, namespace: ns}
spec:
  targetRefs: [{group: gateway.networking.k8s.io, kind: HTTPRoute, name: app}]
  authorization: {defaultAction: Deny}
`,
			verify: func(t *testing.T, m *model.Model) {
				_, rs := listenerRoutes(t, m, "https")
				want := &model.ClientCertAuth{CASecrets: []string{"ns/ca"}, Mode: model.CertRequired, Source: rs[0].Policy.Auth.ClientCert.Source}
				if d := cmp.Diff(want, rs[0].Policy.Auth.ClientCert); d != "" {
					t.Errorf("client cert (-want +got):\n%s", d)
				}
				if rs[0].Policy.UpstreamHeaders != nil || rs[0].Policy.IPAccess != nil {
					t.Errorf("istio route got Envoy Gateway policy parts: %+v", rs[0].Policy)
				}
				if l, rs := listenerRoutes(t, m, "http"); rs[0].Policy != nil || l.ClientIP != nil {
					t.Errorf("HTTP listener route has a policy or client IP derivation: %+v, %+v", rs[0].Policy, l.ClientIP)
				}
				if got := strings.Count(noteCodes(m), "identity-headers-not-modelled: the istio profile"); got != 1 {
					t.Errorf("want one identity-headers-not-modelled note, got %d:\n%s", got, noteCodes(m))
				}
				if !strings.Contains(noteCodes(m), "policy-not-modelled: SecurityPolicy ns/sp (authentication and authorization) is an Envoy Gateway policy and the profile is istio") {
					t.Errorf("notes lack the unmodelled SecurityPolicy:\n%s", noteCodes(m))
				}
			},
		},
		{
			name: "a ClientTrafficPolicy's clientValidation is ignored on an HTTP listener and replaces frontend validation on HTTPS",
			extra: `
apiVersion: gateway.envoyproxy.io/v1alpha1
kind: ClientTrafficPolicy
metadata: {name: ctp, namespace: ns}
spec:
  targetRefs: [{group: gateway.networking.k8s.io, kind: Gateway, name: gw}]
  tls:
    clientValidation: {mode: VerifyIfGiven, caCertificateRefs: [{name: other-ca}]}
`,
			verify: func(t *testing.T, m *model.Model) {
				l, rs := listenerRoutes(t, m, "http")
				if rs[0].Policy == nil || rs[0].Policy.Auth != nil {
					t.Errorf("HTTP route: want a policy without auth, got %+v", rs[0].Policy)
				}
				if l.ClientIP == nil || l.ClientIP.From != model.ClientIPPeer {
					t.Errorf("HTTP listener client IP: want the peer, got %+v", l.ClientIP)
				}
				_, rs = listenerRoutes(t, m, "https")
				cc := rs[0].Policy.Auth.ClientCert
				if cc.Mode != model.CertOptional || cc.CASecrets[0] != "ns/other-ca" {
					t.Errorf("HTTPS route: want the policy's optional validation, got %+v", cc)
				}
			},
		},
		{
			name: "Envoy Gateway frontend validation without policy objects carries Envoy's identity headers",
			verify: func(t *testing.T, m *model.Model) {
				_, rs := listenerRoutes(t, m, "https")
				p := rs[0].Policy
				if p == nil || p.Auth == nil || p.Auth.ClientCert == nil || p.Auth.ClientCert.XFCC != model.XFCCSanitize {
					t.Fatalf("want frontend validation with XFCC Sanitize, got %+v", p)
				}
				if got := p.ClientHeaderFate("X-Forwarded-For"); got != model.FateAppended {
					t.Errorf("X-Forwarded-For: want Envoy's default (appended), got %s", got)
				}
				_, rs = listenerRoutes(t, m, "http")
				if p := rs[0].Policy; p == nil || p.Auth != nil || p.ClientHeaderFate("X-Forwarded-For") != model.FateAppended {
					t.Errorf("HTTP listener route: want Envoy's default headers without auth, got %+v", p)
				}
			},
		},
		{
			name: "a route no policy object names gets Envoy Gateway's defaults and Envoy Gateway notes pass through",
			extra: `
apiVersion: gateway.envoyproxy.io/v1alpha1
kind: SecurityPolicy
metadata: {name: ghost, namespace: ns}
spec:
  targetRefs: [{group: gateway.networking.k8s.io, kind: HTTPRoute, name: missing}]
  authorization: {defaultAction: Deny}
`,
			verify: func(t *testing.T, m *model.Model) {
				l, rs := listenerRoutes(t, m, "http")
				p := rs[0].Policy
				if p == nil || p.IPAccess != nil || p.Auth != nil || p.Source != l.Source {
					t.Errorf("want a default policy from the listener without access list or auth, got %+v", p)
				}
				for h, want := range map[string]model.Fate{"X-Forwarded-For": model.FateAppended, "X-Request-ID": model.FateDropped, "X-Forwarded-Client-Cert": model.FateDropped, "X-Real-IP": model.FatePasses} {
					if got := p.ClientHeaderFate(h); got != want {
						t.Errorf("%s: fate %s, want %s", h, got, want)
					}
				}
				if d := cmp.Diff(&model.ClientIPDerivation{From: model.ClientIPPeer}, l.ClientIP); d != "" {
					t.Errorf("want the TCP peer as client IP (-want +got):\n%s", d)
				}
				if strings.Contains(noteCodes(m), "policy-not-modelled") || !strings.Contains(noteCodes(m), "ghost") {
					t.Errorf("want an envoypolicy note for ns/ghost and no policy-not-modelled:\n%s", noteCodes(m))
				}
			},
		},
		{
			name: "a ClientTrafficPolicy on an HTTP listener sharing its port makes the routes opaque",
			extra: `
apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata: {name: gw2, namespace: ns}
spec:
  gatewayClassName: eg
  listeners:
  - {name: one, port: 8080, protocol: HTTP, hostname: one.example.com}
  - {name: two, port: 8080, protocol: HTTP, hostname: two.example.com}
---
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: {name: app2, namespace: ns}
spec:
  parentRefs: [{name: gw2}]
  rules:
  - backendRefs: [{name: app, port: 80}]
---
apiVersion: gateway.envoyproxy.io/v1alpha1
kind: ClientTrafficPolicy
metadata: {name: ctp, namespace: ns}
spec:
  targetRefs: [{group: gateway.networking.k8s.io, kind: Gateway, name: gw2, sectionName: one}]
  clientIPDetection: {xForwardedFor: {numTrustedHops: 1}}
`,
			verify: func(t *testing.T, m *model.Model) {
				for _, ep := range m.EntryPoints {
					if ep.Name != "gateway/ns/gw2" {
						continue
					}
					for _, l := range ep.Listeners {
						opaque := strings.Join(l.VirtualHosts[0].Routes[0].Opaque, "; ")
						if got, want := strings.Contains(opaque, "other HTTP listeners share its port"), l.Name == "one"; got != want {
							t.Errorf("listener %s: opaque %q", l.Name, opaque)
						}
						if l.ClientIP == nil || l.ClientIP.From != model.ClientIPPeer || l.ClientIP.TrustedHops != 0 {
							t.Errorf("listener %s: want the default client IP (peer), the refused policy must not set it: %+v", l.Name, l.ClientIP)
						}
					}
					return
				}
				t.Fatal("no entry point gateway/ns/gw2")
			},
		},
		{
			name: "every host of a rule on one listener shares one Policy",
			extra: `
apiVersion: gateway.envoyproxy.io/v1alpha1
kind: SecurityPolicy
metadata: {name: sp, namespace: ns}
spec:
  targetRefs: [{group: gateway.networking.k8s.io, kind: HTTPRoute, name: app}]
  authorization:
    defaultAction: Deny
    rules: [{action: Allow, principal: {clientCIDRs: [10.0.0.0/8]}}]
`,
			verify: func(t *testing.T, m *model.Model) {
				_, rs := listenerRoutes(t, m, "https")
				if len(rs) != 2 || rs[0].Policy == nil || rs[0].Policy != rs[1].Policy {
					t.Fatalf("want two routes sharing one policy, got %d routes", len(rs))
				}
				if rs[0].Policy.IPAccess == nil || rs[0].Policy.Auth.ClientCert == nil {
					t.Errorf("want IP access and client certificate, got %+v", rs[0].Policy)
				}
			},
		},
		{
			name: "rules only the listener's policy reaches share one Policy; a rule a SecurityPolicy reaches has its own",
			extra: `
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: {name: two, namespace: ns}
spec:
  parentRefs: [{name: gw}]
  hostnames: [c.example.com]
  rules:
  - name: open
    matches: [{path: {type: PathPrefix, value: /open}}]
    backendRefs: [{name: app, port: 80}]
  - name: closed
    matches: [{path: {type: PathPrefix, value: /closed}}]
    backendRefs: [{name: app, port: 80}]
---
apiVersion: gateway.envoyproxy.io/v1alpha1
kind: SecurityPolicy
metadata: {name: sp, namespace: ns}
spec:
  targetRefs: [{group: gateway.networking.k8s.io, kind: HTTPRoute, name: two, sectionName: closed}]
  authorization: {defaultAction: Deny}
`,
			verify: func(t *testing.T, m *model.Model) {
				for _, name := range []string{"http", "https"} {
					_, rs := listenerRoutes(t, m, name)
					byPath := map[string]*model.Policy{}
					for _, r := range rs {
						byPath[r.Match.Path.Value] = r.Policy
					}
					shared, open, closed := byPath["/"], byPath["/open"], byPath["/closed"]
					if shared == nil || open != shared {
						t.Errorf("%s: the unnamed rule of app and rule open of two do not share one policy", name)
					}
					if closed == nil || closed == shared || closed.IPAccess == nil {
						t.Errorf("%s: rule closed: want its own policy with an access list, got %+v", name, closed)
					}
					if shared != nil && shared.IPAccess != nil {
						t.Errorf("%s: the shared policy got the SecurityPolicy's access list", name)
					}
				}
			},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			m, err := Build(loadYAML(t, "policies", []byte(policyGateway+"---\n"+tc.extra)), Options{Implementation: tc.impl})
			if err != nil {
				t.Fatal(err)
			}
			tc.verify(t, m)
		})
	}
}

// TestGoldenPoliciesValidate: every policy and client-IP derivation the golden inputs
// produce passes model validation (CIDRs canonical, secret references present).
func TestGoldenPoliciesValidate(t *testing.T) {
	inputs, err := filepath.Glob("testdata/*.yaml")
	if err != nil {
		t.Fatal(err)
	}
	policies := 0
	for _, in := range inputs {
		if strings.HasSuffix(in, ".model.yaml") {
			continue
		}
		data, err := os.ReadFile(in)
		if err != nil {
			t.Fatal(err)
		}
		res, err := load.LoadBytes(filepath.Base(in), data)
		if err != nil {
			t.Fatal(err)
		}
		m, err := Build(res, caseOptions(data))
		if err != nil {
			t.Fatal(err)
		}
		for _, ep := range m.EntryPoints {
			for _, l := range ep.Listeners {
				if l.ClientIP != nil {
					if err := l.ClientIP.Validate(); err != nil {
						t.Errorf("%s listener %s: %v", in, l.Name, err)
					}
				}
				for _, vh := range l.VirtualHosts {
					for _, r := range vh.Routes {
						if r.Policy == nil {
							continue
						}
						policies++
						if err := r.Policy.Validate(); err != nil {
							t.Errorf("%s route %s: %v", in, r.ID, err)
						}
					}
				}
			}
		}
	}
	if policies < 9 {
		t.Errorf("want at least 9 route policies in the golden inputs, have %d", policies)
	}
}
