package annotations

import (
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/ingress-parity/ingress-parity/model"
)

func TestIPAccess(t *testing.T) {
	global := DefaultGlobal()
	withDefaults := DefaultGlobal()
	withDefaults.WhitelistSourceRange = []string{"192.168.0.0/16"}
	withDefaults.DenylistSourceRange = []string{"192.168.66.0/24"}
	withBlock := DefaultGlobal()
	withBlock.BlockCIDRs = []string{"203.0.113.0/24"}
	type rule struct {
		Action model.AccessAction
		CIDRs  []string
	}
	tests := []struct {
		name        string
		ann         map[string]string
		global      Global
		wantNil     bool
		wantRules   []rule
		wantDefault model.AccessAction
	}{
		{"none", nil, global, true, nil, ""},
		{"allowlist", map[string]string{"allowlist-source-range": "10.0.0.0/8, 2001:db8::/32"}, global, false,
			[]rule{{model.Allow, []string{"10.0.0.0/8", "2001:db8::/32"}}}, model.Deny},
		{"whitelist alias", map[string]string{"whitelist-source-range": "10.1.2.3"}, global, false,
			[]rule{{model.Allow, []string{"10.1.2.3/32"}}}, model.Deny},
		{"allowlist wins over alias", map[string]string{"allowlist-source-range": "10.0.0.0/8", "whitelist-source-range": "172.16.0.0/12"}, global, false,
			[]rule{{model.Allow, []string{"10.0.0.0/8"}}}, model.Deny},
		{"deny before allow", map[string]string{"allowlist-source-range": "10.0.0.0/8", "denylist-source-range": "10.6.0.0/16"}, global, false,
			[]rule{{model.Deny, []string{"10.6.0.0/16"}}, {model.Allow, []string{"10.0.0.0/8"}}}, model.Deny},
		{"denylist only allows the rest", map[string]string{"denylist-source-range": "10.6.0.0/16"}, global, false,
			[]rule{{model.Deny, []string{"10.6.0.0/16"}}}, model.Allow},
		{"configmap defaults", nil, withDefaults, false,
			[]rule{{model.Deny, []string{"192.168.66.0/24"}}, {model.Allow, []string{"192.168.0.0/16"}}}, model.Deny},
		{"annotation replaces configmap default", map[string]string{"allowlist-source-range": "10.0.0.0/8"}, withDefaults, false,
			[]rule{{model.Deny, []string{"192.168.66.0/24"}}, {model.Allow, []string{"10.0.0.0/8"}}}, model.Deny},
		{"block-cidrs inherited when the location has no rules", nil, withBlock, false,
			[]rule{{model.Deny, []string{"203.0.113.0/24"}}}, model.Allow},
		{"block-cidrs not inherited into a location with rules", map[string]string{"allowlist-source-range": "203.0.113.0/24"}, withBlock, false,
			[]rule{{model.Allow, []string{"203.0.113.0/24"}}}, model.Deny},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := reader(tt.ann).IPAccess(tt.global)
			if err != nil {
				t.Fatal(err)
			}
			if tt.wantNil {
				if got != nil {
					t.Fatalf("got %+v, want nil", got)
				}
				return
			}
			var rules []rule
			for _, r := range got.Rules {
				rules = append(rules, rule{r.Action, r.CIDRs})
			}
			if diff := cmp.Diff(tt.wantRules, rules); diff != "" {
				t.Errorf("rules (-want +got):\n%s", diff)
			}
			if got.Default != tt.wantDefault || got.Address != model.AddressClient || got.DenyStatus != 403 {
				t.Errorf("default %s address %s status %d", got.Default, got.Address, got.DenyStatus)
			}
		})
	}
}

func TestIPAccessBadListDenies(t *testing.T) {
	_, err := reader(map[string]string{"allowlist-source-range": "10.0.0.0/8, 10.0.0.256"}).IPAccess(DefaultGlobal())
	wantError(t, err, "allowlist-source-range", Denied, `entry 2 "10.0.0.256"`)
	_, err = reader(map[string]string{"denylist-source-range": "nope"}).IPAccess(DefaultGlobal())
	wantError(t, err, "denylist-source-range", Denied, "not an IP address")
	_, err = reader(map[string]string{"allowlist-source-range": " "}).IPAccess(DefaultGlobal())
	wantError(t, err, "allowlist-source-range", Denied, "empty value")
}

func TestIPAccessAliasOnlyWhenEmpty(t *testing.T) {
	got, err := reader(map[string]string{"allowlist-source-range": "", "whitelist-source-range": "10.0.0.0/8"}).IPAccess(DefaultGlobal())
	if err != nil {
		t.Fatal(err)
	}
	if len(got.Rules) != 1 || got.Rules[0].CIDRs[0] != "10.0.0.0/8" {
		t.Errorf("an empty allowlist should fall back to its alias: %+v", got.Rules)
	}
}

func TestIPAccessSources(t *testing.T) {
	got, err := reader(map[string]string{"whitelist-source-range": "10.0.0.0/8"}).IPAccess(DefaultGlobal())
	if err != nil {
		t.Fatal(err)
	}
	want := model.Source{Kind: "Ingress", Namespace: "shop", Name: "web", Field: "metadata.annotations." + DefaultPrefix + "/whitelist-source-range", File: "ing.yaml", Line: 7}
	if diff := cmp.Diff(want, got.Rules[0].Source, cmpopts.EquateEmpty()); diff != "" {
		t.Errorf("source (-want +got):\n%s", diff)
	}
}
