package reach

import (
	"bytes"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/ingress-parity/ingress-parity/model"
)

func TestDescribePath(t *testing.T) {
	tests := []struct {
		name string
		p    model.PathMatch
		want string
	}{
		{"exact", model.PathMatch{Kind: model.PathExact, Value: "/v1/health"}, "exact /v1/health"},
		{"segment prefix drops the trailing slash", model.PathMatch{Kind: model.PathSegmentPrefix, Value: "/api/"}, "prefix /api"},
		{"segment prefix root", model.PathMatch{Kind: model.PathSegmentPrefix, Value: "/"}, "prefix /"},
		{"string prefix", model.PathMatch{Kind: model.PathPrefix, Value: "/api"}, "string prefix /api"},
		{"regex", model.PathMatch{Kind: model.PathRegex, Value: "/v[0-9]+/.*"}, "regex /v[0-9]+/.*"},
		{"nginx regex location", model.PathMatch{Kind: model.PathRegexPrefix, Value: "^/v[0-9]+/", CaseInsensitive: true}, "regex prefix ^/v[0-9]+/ (any case)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := describePath(tt.p); got != tt.want {
				t.Errorf("describePath = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestConditions(t *testing.T) {
	m := model.Match{
		Method: "GET",
		Headers: []model.ValueMatch{
			{Name: "X-Canary", Kind: model.MatchExact, Value: "always"},
			{Name: "X-Canary", Kind: model.MatchExact, Value: "never", Not: true},
			{Name: "X-Debug", Kind: model.MatchPresent},
		},
		Query:   []model.ValueMatch{{Name: "v", Kind: model.MatchRegex, Value: "[0-9]+"}},
		Cookies: []model.ValueMatch{{Name: "beta", Kind: model.MatchAbsent}},
	}
	want := []string{"method GET", "header X-Canary: always", "not header X-Canary: never", "header X-Debug present", "query v ~ [0-9]+", "cookie beta absent"}
	if d := cmp.Diff(want, conditions(m)); d != "" {
		t.Errorf("conditions (-want +got):\n%s", d)
	}
}

func TestDescribeAuth(t *testing.T) {
	tests := []struct {
		name string
		auth *model.Auth
		want []string
	}{
		{name: "none", auth: nil, want: nil},
		{name: "basic", auth: &model.Auth{Basic: &model.BasicAuth{Secret: "shop/htpasswd"}}, want: []string{"basic secret shop/htpasswd"}},
		{name: "digest", auth: &model.Auth{Basic: &model.BasicAuth{Secret: "shop/htdigest", Digest: true}}, want: []string{"digest secret shop/htdigest"}},
		{name: "external nginx", auth: &model.Auth{External: &model.ExternalAuth{URL: "https://auth.example.com/check"}}, want: []string{"external auth https://auth.example.com/check (success: 2xx)"}},
		{name: "external envoy fail open", auth: &model.Auth{External: &model.ExternalAuth{URL: "http://authz.shop:9000/", SuccessCodes: []int{200}, FailOpen: true}}, want: []string{"external auth http://authz.shop:9000/ (success: 200), fail open"}},
		{
			name: "jwt two providers, optional",
			auth: &model.Auth{JWT: &model.JWTAuth{Optional: true, Providers: []model.JWTProvider{
				{Name: "corp", Issuer: "https://idp.example.com", Audiences: []string{"api", "web"}},
				{Name: "local"},
			}}},
			want: []string{"jwt issuer https://idp.example.com audiences [api web] (optional)", "jwt provider local (optional)"},
		},
		{name: "api key", auth: &model.Auth{APIKey: &model.APIKeyAuth{Secrets: []string{"shop/keys-a", "shop/keys-b"}, Extract: []string{"header:x-api-key"}}}, want: []string{"api key secrets [shop/keys-a shop/keys-b] from header:x-api-key"}},
		{name: "oidc", auth: &model.Auth{OIDC: &model.OIDCAuth{Issuer: "https://accounts.example.com", ClientSecret: "shop/oidc"}}, want: []string{"oidc issuer https://accounts.example.com"}},
		{name: "mTLS", auth: &model.Auth{ClientCert: &model.ClientCertAuth{CASecrets: []string{"shop/ca"}, Mode: model.CertOptional, MatchCN: "^partner-"}}, want: []string{"mTLS CA shop/ca mode optional CN ~ ^partner-"}},
		{name: "mTLS off requires nothing", auth: &model.Auth{ClientCert: &model.ClientCertAuth{CASecrets: []string{"shop/ca"}, Mode: model.CertOff}}, want: nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if d := cmp.Diff(tt.want, describeAuth(tt.auth)); d != "" {
				t.Errorf("describeAuth (-want +got):\n%s", d)
			}
		})
	}
}

func TestDescribeLimits(t *testing.T) {
	tests := []struct {
		name string
		got  string
		want string
	}{
		{"nginx rps", (&model.RateLimit{RequestsPerSecond: 10, Burst: 50, Key: "client-ip", Exempt: []string{"10.0.0.0/8"}}).Describe(true), "10 rps burst 50 per client-ip, exempt [10.0.0.0/8]"},
		{"envoy global rpm", (&model.RateLimit{RequestsPerMinute: 600, Key: "global"}).Describe(true), "600 rpm global"},
		{"per header", (&model.RateLimit{RequestsPerSecond: 1, Key: "header:x-user"}).Describe(true), "1 rps per header x-user"},
		{"connections only", (&model.RateLimit{Connections: 20}).Describe(true), "20 connections per client-ip"},
		{"no limit", (&model.RateLimit{}).Describe(true), ""},
		{"sustained rate for comparisons", (&model.RateLimit{RequestsPerSecond: 10, Burst: 50, Exempt: []string{"192.168.0.0/16", "10.0.0.0/8"}}).Describe(false), "10 rps per client-ip, exempt [10.0.0.0/8 192.168.0.0/16]"},
		{"1m body", describeBodyLimit(&model.BodyLimit{MaxBytes: 1 << 20}), "1 MiB"},
		{"64k body", describeBodyLimit(&model.BodyLimit{MaxBytes: 64 << 10}), "64 KiB"},
		{"odd body", describeBodyLimit(&model.BodyLimit{MaxBytes: 1000}), "1000 bytes"},
		{"unlimited body", describeBodyLimit(&model.BodyLimit{MaxBytes: 0}), ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.got != tt.want {
				t.Errorf("got %q, want %q", tt.got, tt.want)
			}
		})
	}
}

// TestNoSecretInOutput: values that may hold a credential (headers sent to an auth service)
// never appear in any format.
func TestNoSecretInOutput(t *testing.T) {
	const token = "s3cr3t-token-value"
	m := &model.Model{Side: "ingress-nginx", Profile: model.Profile{Name: "ingress-nginx"}, EntryPoints: []model.EntryPoint{{
		Name: "ingress-nginx",
		Listeners: []model.Listener{{Name: "http", Port: 80, Scheme: model.HTTP, VirtualHosts: []model.VirtualHost{{
			Host: model.Host{Pattern: "shop.example.com"},
			Routes: []model.Route{{
				ID:       "r",
				Match:    model.Match{Path: model.PathMatch{Kind: model.PathSegmentPrefix, Value: "/"}},
				Decision: model.Decision{Kind: model.Forward, Backends: []model.Backend{{Namespace: "shop", Service: "web", Port: 80, Weight: 1}}},
				Policy: &model.Policy{Auth: &model.Auth{External: &model.ExternalAuth{
					URL:        "https://auth.example.com/check",
					SetHeaders: map[string]model.Secret{"Authorization": "Bearer " + token},
				}}},
			}},
		}}}},
	}}}
	res := Build(m, Options{})
	for _, f := range []Format{Text, JSON, Markdown} {
		var b bytes.Buffer
		if err := Write(&b, res, f); err != nil {
			t.Fatal(err)
		}
		if strings.Contains(b.String(), token) {
			t.Errorf("%s output holds the secret:\n%s", f, b.String())
		}
		if !strings.Contains(b.String(), "auth.example.com/check") {
			t.Errorf("%s output lacks the auth reference:\n%s", f, b.String())
		}
	}
}

func TestSplitAuthSatisfyAny(t *testing.T) {
	list := &model.IPAccess{Rules: []model.IPRule{{Action: model.Allow, CIDRs: []string{"10.0.0.0/8"}}}, Default: model.Deny}
	auth := &model.Auth{
		Basic:      &model.BasicAuth{Secret: "shop/htpasswd"},
		ClientCert: &model.ClientCertAuth{CASecrets: []string{"shop/ca"}, Mode: model.CertRequired},
	}
	tests := []struct {
		name               string
		policy             *model.Policy
		required, orSource []string
	}{
		{name: "satisfy all", policy: &model.Policy{Satisfy: model.SatisfyAll, IPAccess: list, Auth: auth}, required: []string{"basic secret shop/htpasswd", "mTLS CA shop/ca mode required"}},
		{name: "satisfy any without a list needs the credentials", policy: &model.Policy{Satisfy: model.SatisfyAny, Auth: auth}, required: []string{"basic secret shop/htpasswd", "mTLS CA shop/ca mode required"}},
		{name: "satisfy any with a list: basic is an alternative, mTLS stays", policy: &model.Policy{Satisfy: model.SatisfyAny, IPAccess: list, Auth: auth}, required: []string{"mTLS CA shop/ca mode required"}, orSource: []string{"basic secret shop/htpasswd"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			required, orSource := splitAuth(tt.policy)
			if d := cmp.Diff(tt.required, required); d != "" {
				t.Errorf("required (-want +got):\n%s", d)
			}
			if d := cmp.Diff(tt.orSource, orSource); d != "" {
				t.Errorf("orSource (-want +got):\n%s", d)
			}
		})
	}
}

// TestSatisfyAnyEveryoneAllowed: a list that allows every address makes the alternative
// credentials unnecessary, and the table says so.
func TestSatisfyAnyEveryoneAllowed(t *testing.T) {
	p := &model.Policy{Satisfy: model.SatisfyAny, Auth: &model.Auth{Basic: &model.BasicAuth{Secret: "shop/htpasswd"}},
		IPAccess: &model.IPAccess{Rules: []model.IPRule{{Action: model.Allow, CIDRs: []string{"0.0.0.0/0", "::/0"}}}, Default: model.Deny}}
	q := requirements(nil, p, allowedSources)
	lines := needLines(Way{Requires: &q, Route: "r"})
	want := []string{"auth basic secret shop/htpasswd not needed (satisfy any, every source allowed)", "rule r (built-in default)"}
	if d := cmp.Diff(want, lines); d != "" {
		t.Errorf("needs (-want +got):\n%s", d)
	}
}
