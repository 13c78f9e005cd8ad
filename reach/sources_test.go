package reach

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/ingress-parity/ingress-parity/model"
)

func TestAllowedSources(t *testing.T) {
	rule := func(a model.AccessAction, cidrs ...string) model.IPRule { return model.IPRule{Action: a, CIDRs: cidrs} }
	tests := []struct {
		name    string
		access  model.IPAccess
		any     bool
		allowed []string
		summary string
		ignored int
	}{
		{
			name:    "allow list then deny all",
			access:  model.IPAccess{Rules: []model.IPRule{rule(model.Allow, "10.0.0.0/8")}, Default: model.Deny},
			allowed: []string{"10.0.0.0/8"},
			summary: "10.0.0.0/8",
		},
		{
			name: "deny before allow makes a hole",
			access: model.IPAccess{Rules: []model.IPRule{
				rule(model.Deny, "10.1.0.0/16"), rule(model.Allow, "10.0.0.0/8", "192.168.1.5", "2001:db8::/32"),
			}, Default: model.Deny},
			allowed: []string{"10.0.0.0/16", "10.2.0.0/15", "10.4.0.0/14", "10.8.0.0/13", "10.16.0.0/12", "10.32.0.0/11", "10.64.0.0/10", "10.128.0.0/9", "192.168.1.5/32", "2001:db8::/32"},
			summary: "10.0.0.0/8, 192.168.1.5/32, 2001:db8::/32 except 10.1.0.0/16",
		},
		{
			name:    "allow before deny wins (first match)",
			access:  model.IPAccess{Rules: []model.IPRule{rule(model.Allow, "10.0.0.0/8"), rule(model.Deny, "10.1.0.0/16")}, Default: model.Deny},
			allowed: []string{"10.0.0.0/8"},
			summary: "10.0.0.0/8",
		},
		{
			name:    "deny list with allowing default",
			access:  model.IPAccess{Rules: []model.IPRule{rule(model.Deny, "203.0.113.66/32")}, Default: model.Allow},
			allowed: []string{"0.0.0.0/1", "128.0.0.0/2", "192.0.0.0/5", "200.0.0.0/7", "202.0.0.0/8", "203.0.0.0/18", "203.0.64.0/19", "203.0.96.0/20", "203.0.112.0/24", "203.0.113.0/26", "203.0.113.64/31", "203.0.113.67/32", "203.0.113.68/30", "203.0.113.72/29", "203.0.113.80/28", "203.0.113.96/27", "203.0.113.128/25", "203.0.114.0/23", "203.0.116.0/22", "203.0.120.0/21", "203.0.128.0/17", "203.1.0.0/16", "203.2.0.0/15", "203.4.0.0/14", "203.8.0.0/13", "203.16.0.0/12", "203.32.0.0/11", "203.64.0.0/10", "203.128.0.0/9", "204.0.0.0/6", "208.0.0.0/4", "224.0.0.0/3", "::/0"},
			summary: "any except 203.0.113.66/32",
		},
		{
			name:    "allow everything explicitly",
			access:  model.IPAccess{Rules: []model.IPRule{rule(model.Allow, "0.0.0.0/0", "::/0")}, Default: model.Deny},
			any:     true,
			allowed: []string{"0.0.0.0/0", "::/0"},
			summary: "any",
		},
		{
			name:    "deny everything",
			access:  model.IPAccess{Rules: []model.IPRule{rule(model.Deny, "0.0.0.0/0")}, Default: model.Deny},
			allowed: []string{},
			summary: "none",
		},
		{
			name:    "unparsable entry matches nothing",
			access:  model.IPAccess{Rules: []model.IPRule{rule(model.Allow, "10.0.0.0/33", "192.168.0.0/16")}, Default: model.Deny},
			allowed: []string{"192.168.0.0/16"},
			summary: "192.168.0.0/16",
			ignored: 1,
		},
		{
			name:    "host bits are masked as nginx does",
			access:  model.IPAccess{Rules: []model.IPRule{rule(model.Allow, "10.1.2.3/8")}, Default: model.Deny},
			allowed: []string{"10.0.0.0/8"},
			summary: "10.0.0.0/8",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := allowedSources(&tt.access)
			if got.Any != tt.any {
				t.Errorf("Any = %v, want %v", got.Any, tt.any)
			}
			if d := cmp.Diff(tt.allowed, got.Allowed); d != "" {
				t.Errorf("Allowed (-want +got):\n%s", d)
			}
			if got.Summary != tt.summary {
				t.Errorf("Summary = %q, want %q", got.Summary, tt.summary)
			}
			if len(got.Ignored) != tt.ignored {
				t.Errorf("Ignored = %q, want %d entries", got.Ignored, tt.ignored)
			}
			if got.Address != model.AddressClient {
				t.Errorf("Address = %q, want client (the default)", got.Address)
			}
		})
	}
}

// TestAllowedSourcesAgreesWithDecide holds the computed set against the model's own
// first-match evaluation on boundary addresses.
func TestAllowedSourcesAgreesWithDecide(t *testing.T) {
	a := &model.IPAccess{Rules: []model.IPRule{
		{Action: model.Deny, CIDRs: []string{"10.1.0.0/16", "2001:db8:1::/48"}},
		{Action: model.Allow, CIDRs: []string{"10.0.0.0/8", "2001:db8::/32"}},
		{Action: model.Deny, CIDRs: []string{"0.0.0.0/1"}},
	}, Default: model.Allow}
	s := allowedSources(a)
	set, _ := parseCIDRs(s.Allowed)
	for _, addr := range []string{"0.0.0.0", "9.255.255.255", "10.0.0.0", "10.0.255.255", "10.1.0.0", "10.1.255.255", "10.2.0.0", "10.255.255.255", "11.0.0.0", "127.255.255.255", "128.0.0.0", "255.255.255.255", "::", "2001:db8::", "2001:db8:1::1", "2001:db8:2::", "2001:db9::"} {
		ip := mustAddr(t, addr)
		want := a.Decide(ip, ip) == model.Allow
		if got := set.Contains(ip); got != want {
			t.Errorf("%s: allowed set says %v, Decide says %v", addr, got, want)
		}
	}
}
