package estategen

import (
	"strings"
	"testing"

	"github.com/ingress-parity/ingress-parity/equiv"
	"github.com/ingress-parity/ingress-parity/finding"
	"github.com/ingress-parity/ingress-parity/frontend/gatewayapi"
	"github.com/ingress-parity/ingress-parity/frontend/ingressnginx"
)

// checkEstate runs the real check over a generated estate.
func checkEstate(t *testing.T, opts Options) *finding.Result {
	t.Helper()
	old, new := loadBoth(t, opts)
	oldModel, err := ingressnginx.Build(old, ingressnginx.Options{})
	if err != nil {
		t.Fatalf("build old: %v", err)
	}
	newModel, err := gatewayapi.Build(new, gatewayapi.Options{})
	if err != nil {
		t.Fatalf("build new: %v", err)
	}
	return equiv.Check(oldModel, newModel, equiv.Options{ResolvePort: equiv.ServicePorts(old.Services, new.Services)})
}

// TestTranslationIsFaithful holds the generator to its promise: the Gateway side routes
// every request as ingress-nginx does, except on the hosts where a drift is planted, and
// every planted drift is visible. 60 Ingresses cover regex hosts (3, 13, 23), a rewrite host
// (13), a canary (7) and, with DriftEvery 10, drifts on hosts 9, 19 and 29.
func TestTranslationIsFaithful(t *testing.T) {
	opts := Options{Ingresses: 60, Seed: 11, DriftEvery: 10}
	e := plan(opts)
	driftHosts := map[string]bool{}
	for _, hp := range e.hosts {
		if hp.drift {
			driftHosts[hp.name] = true
		}
	}
	if len(driftHosts) != 3 {
		t.Fatalf("plan has %d drift hosts, want 3", len(driftHosts))
	}
	res := checkEstate(t, opts)
	seen := map[string]bool{}
	for _, f := range res.Findings {
		if !driftHosts[f.Witness.Host] {
			t.Errorf("finding on a faithfully translated host: %s [%s] %s", f.ID, f.Category, f.Title)
			continue
		}
		seen[f.Witness.Host] = true
	}
	for h := range driftHosts {
		if !seen[h] {
			t.Errorf("planted drift on %s not found", h)
		}
	}
}

// TestIdentityEstateRoutesTheSame checks that identity annotations and SecurityPolicies keep
// the estate loadable and leave the routing itself equivalent, and that the identity
// check sees what the translation changes: Envoy's ext_authz allows only a 200 answer where
// nginx's auth_request allows any 2xx (breakage), and headersToBackend keeps the client's
// X-Auth-User when the service sets none (identity).
func TestIdentityEstateRoutesTheSame(t *testing.T) {
	res := checkEstate(t, Options{Ingresses: 12, Seed: 4, Identity: true})
	var extAuth204, spoofedUser bool
	for _, f := range res.Findings {
		access := strings.Contains(f.Title, ": a caller from")
		switch {
		case access && f.Category == finding.Breakage && f.Witness.Credentials == "the external auth service answers 204":
			extAuth204 = true
		case f.Category == finding.Identity && strings.Contains(f.Title, "client-supplied X-Auth-User"):
			spoofedUser = true
		case access:
			t.Errorf("unexpected access finding: %s [%s] %s", f.ID, f.Category, f.Title)
		case f.Category == finding.Misroute, f.Category == finding.Breakage, f.Category == finding.RedirectDiff, f.Category == finding.RewriteDiff:
			t.Errorf("routing finding in an identity estate: %s [%s] %s", f.ID, f.Category, f.Title)
		}
	}
	if !extAuth204 || !spoofedUser {
		t.Errorf("want the ext-auth 204 breakage (%v) and the spoofable X-Auth-User (%v)", extAuth204, spoofedUser)
	}
}
