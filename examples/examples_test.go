// Package examples_test keeps the example migrations honest: every object loads strictly,
// the clean migration checks equivalent and the drifted one shows each planted drift.
package examples_test

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/ingress-parity/ingress-parity/equiv"
	"github.com/ingress-parity/ingress-parity/finding"
	"github.com/ingress-parity/ingress-parity/frontend/gatewayapi"
	"github.com/ingress-parity/ingress-parity/frontend/ingressnginx"
	"github.com/ingress-parity/ingress-parity/load"
)

// loadDir loads dir strictly and fails on any skipped or invalid object.
func loadDir(t *testing.T, dir string) *load.Resources {
	t.Helper()
	res, err := load.Load([]string{dir}, load.Options{})
	if err != nil {
		t.Fatalf("load %s: %v", dir, err)
	}
	for _, d := range append(res.Skipped, res.Invalid...) {
		t.Errorf("%s:%d %s %s/%s: %s", d.Source.File, d.Source.Line, d.Source.Kind, d.Source.Namespace, d.Source.Name, d.Message)
	}
	return res
}

// check runs the check of example name (old/ against new/), with the external auth answers
// given (none: every class).
func check(t *testing.T, name string, authAnswers ...int) *finding.Result {
	t.Helper()
	oldRes := loadDir(t, filepath.Join(name, "old"))
	newRes := loadDir(t, filepath.Join(name, "new"))
	oldModel, err := ingressnginx.Build(oldRes, ingressnginx.Options{})
	if err != nil {
		t.Fatalf("build %s/old: %v", name, err)
	}
	newModel, err := gatewayapi.Build(newRes, gatewayapi.Options{})
	if err != nil {
		t.Fatalf("build %s/new: %v", name, err)
	}
	return equiv.Check(oldModel, newModel, equiv.Options{ResolvePort: equiv.ServicePorts(oldRes.Services, newRes.Services), AuthAnswers: authAnswers})
}

func TestExamplesLoad(t *testing.T) {
	tests := []struct {
		name                              string
		minIngresses, gateways, minRoutes int
	}{
		{name: "drifted", minIngresses: 10, gateways: 7, minRoutes: 10},
		{name: "clean", minIngresses: 10, gateways: 1, minRoutes: 10},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			old := loadDir(t, filepath.Join(tt.name, "old"))
			new := loadDir(t, filepath.Join(tt.name, "new"))
			if len(old.Ingresses) < tt.minIngresses || len(old.IngressClasses) != 1 || len(old.ConfigMaps) != 1 {
				t.Errorf("old: %d Ingresses, %d IngressClasses, %d ConfigMaps; want >= %d, 1, 1",
					len(old.Ingresses), len(old.IngressClasses), len(old.ConfigMaps), tt.minIngresses)
			}
			if len(old.Services) == 0 || len(new.Services) != len(old.Services) {
				t.Errorf("Services: old %d, new %d; want the same non-zero number", len(old.Services), len(new.Services))
			}
			if len(new.GatewayClasses) != 1 || len(new.Gateways) != tt.gateways || len(new.HTTPRoutes) < tt.minRoutes {
				t.Errorf("new: %d GatewayClasses, %d Gateways, %d HTTPRoutes; want 1, %d, >= %d",
					len(new.GatewayClasses), len(new.Gateways), len(new.HTTPRoutes), tt.gateways, tt.minRoutes)
			}
		})
	}
}

func TestCleanIsEquivalent(t *testing.T) {
	res := check(t, "clean")
	for _, f := range res.Findings {
		t.Errorf("finding %s [%s] %s: %s", f.ID, f.Category, f.Severity, f.Title)
	}
	if res.Verdict == finding.Different {
		t.Errorf("verdict %q, want equivalent or incomplete (path normalization only)", res.Verdict)
	}
}

func TestDriftedShowsPlantedDrifts(t *testing.T) {
	res := check(t, "drifted")
	tests := []drift{
		{name: "1 trailing-slash redirect lost", category: finding.RedirectDiff, match: func(w finding.Witness) bool {
			return w.Host == "shop.example.com" && w.Scheme == "https" && w.Path == "/static"
		}},
		{name: "2 host-wide regex lost", category: finding.Breakage, match: func(w finding.Witness) bool {
			p := strings.ToLower(w.Path)
			return w.Host == "api.example.com" && (strings.HasPrefix(p, "/orders") || strings.HasPrefix(p, "/health"))
		}},
		{name: "3 wildcard depth", category: finding.Exposure, match: func(w finding.Witness) bool {
			return strings.HasSuffix(w.Host, ".tenants.example.com") && strings.Count(w.Host, ".") >= 4
		}},
		{name: "4 lost ssl-redirect", category: finding.RedirectDiff, match: func(w finding.Witness) bool {
			return w.Host == "admin.example.com" && w.Scheme == "http"
		}},
		{name: "5 literal $1 rewrite", category: finding.RewriteDiff, match: func(w finding.Witness) bool {
			return w.Host == "api.example.com" && strings.HasPrefix(w.Path, "/users/")
		}},
		{name: "6 host on two Gateways", category: finding.Misroute, match: func(w finding.Witness) bool {
			return w.Host == "shop.example.com" && strings.HasPrefix(w.Path, "/promo")
		}},
	}
	showsDrifts(t, res, tests)
}

// checkIdentity runs the check of an identity example with the auth answers its README
// states (the auth service answers 200 to allow, 401 or 403 to deny).
func checkIdentity(t *testing.T, name string) *finding.Result {
	t.Helper()
	return check(t, name, 200, 401, 403, -1)
}

func TestIdentityCleanHasNoFinding(t *testing.T) {
	res := checkIdentity(t, "identity-clean")
	for _, f := range res.Findings {
		t.Errorf("finding %s [%s] %s: %s", f.ID, f.Category, f.Severity, f.Title)
	}
}

func TestIdentityDriftedShowsPlantedDrifts(t *testing.T) {
	res := checkIdentity(t, "identity-drifted")
	host := func(h string) func(finding.Witness) bool {
		return func(w finding.Witness) bool { return w.Host == h }
	}
	tests := []drift{
		{"a allow list dropped", finding.Exposure, host("admin.example.com")},
		{"b allow list on the HTTPS route only", finding.Exposure, func(w finding.Witness) bool {
			return w.Host == "reports.example.com" && w.Scheme == "http"
		}},
		{"c auth-url dropped", finding.Exposure, host("ci.example.com")},
		{"d mTLS dropped", finding.Exposure, func(w finding.Witness) bool {
			return w.Host == "partners.example.com" && w.ClientCert == ""
		}},
		{"e required client certificate made optional", finding.Exposure, func(w finding.Witness) bool {
			return w.Host == "pay.example.com" && w.ClientCert == ""
		}},
		{"f client IP from X-Forwarded-For", finding.Exposure, func(w finding.Witness) bool {
			return w.Host == "vendors.example.com" && w.Headers["X-Forwarded-For"] != ""
		}},
		{"f client IP derivation", finding.Identity, func(w finding.Witness) bool {
			return w.Host == "vendors.example.com" && strings.HasPrefix(w.Headers["X-Forwarded-For"], "192.0.2.66")
		}},
		{"g global allow list not carried over", finding.Exposure, func(w finding.Witness) bool {
			return w.Host == "billing.example.com" && strings.Contains(w.Credentials, "finance/billing-htpasswd")
		}},
		{"h auth response header kept when unset", finding.Identity, func(w finding.Witness) bool {
			return w.Host == "portal.example.com" && w.Headers["X-User"] == "ingress-parity-forged"
		}},
	}
	showsDrifts(t, res, tests)
	for _, f := range res.Findings {
		if f.Category == finding.Exposure && (f.Witness.Host == "portal.example.com" || f.Witness.Host == "reports.example.com" && f.Witness.Scheme == "https") {
			t.Errorf("exposure where the drift is not one: %s %s", f.ID, f.Title)
		}
	}
}

// drift is a planted drift and the finding that must show it.
type drift struct {
	name     string
	category finding.Category
	match    func(w finding.Witness) bool
}

// showsDrifts checks that some finding of res shows each drift.
func showsDrifts(t *testing.T, res *finding.Result, drifts []drift) {
	t.Helper()
	for _, d := range drifts {
		t.Run(d.name, func(t *testing.T) {
			for _, f := range res.Findings {
				if f.Category == d.category && d.match(f.Witness) {
					return
				}
			}
			t.Errorf("no %s finding shows drift %q among %d findings", d.category, d.name, len(res.Findings))
		})
	}
}
