package annotations

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/ingress-parity/ingress-parity/model"
)

func TestParseGlobal(t *testing.T) {
	data := map[string]string{
		"use-forwarded-headers":        "true",
		"compute-full-forwarded-for":   "true",
		"forwarded-for-header":         "X-Client-Chain",
		"proxy-real-ip-cidr":           "10.0.0.0/8, fd00::/8",
		"whitelist-source-range":       "192.168.0.0/16",
		"denylist-source-range":        "192.168.66.1",
		"block-cidrs":                  "203.0.113.0/24",
		"global-auth-url":              "https://auth.corp/check",
		"global-auth-method":           "GET",
		"global-auth-response-headers": "X-User",
		"hsts":                         "false",
		"hsts-max-age":                 "600",
		"proxy-body-size":              "10m",
		"limit-req-status-code":        "429",
		"generate-request-id":          "false",
	}
	g, errs := ParseGlobal(data, GlobalOptions{})
	if len(errs) != 0 {
		t.Fatalf("errors: %v", errs)
	}
	want := DefaultGlobal()
	want.UseForwardedHeaders = true
	want.ComputeFullForwardedFor = true
	want.ForwardedForHeader = "X-Client-Chain"
	want.ProxyRealIPCIDR = []string{"10.0.0.0/8", "fd00::/8"}
	want.WhitelistSourceRange = []string{"192.168.0.0/16"}
	want.DenylistSourceRange = []string{"192.168.66.1/32"}
	want.BlockCIDRs = []string{"203.0.113.0/24"}
	want.GlobalAuth = &model.ExternalAuth{URL: "https://auth.corp/check", Method: "GET", ResponseHeaders: []string{"X-User"}, ClientCopy: model.ClientCopyRemoved}
	want.HSTS = false
	want.HSTSMaxAge = 600
	want.ProxyBodySize = "10m"
	want.LimitReqStatusCode = 429
	want.GenerateRequestID = false
	if diff := cmp.Diff(want, g, cmp.FilterPath(func(p cmp.Path) bool { return p.Last().String() == ".Source" || p.Last().String() == ".Present" }, cmp.Ignore())); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}

func TestParseGlobalErrors(t *testing.T) {
	data := map[string]string{
		"use-forwarded-headers": "yes",
		"proxy-real-ip-cidr":    "10.0.0.0/8,bogus",
		"global-auth-url":       "https://user:pa55@/nohost",
		"hsts-max-age":          "-1",
		"proxy-body-size":       "1.5m",
		"limit-req-status-code": "42",
		"forwarded-for-header":  "X Bad",
	}
	g, errs := ParseGlobal(data, GlobalOptions{Source: func(key string) model.Source {
		return model.Source{Kind: "ConfigMap", Namespace: "ingress-nginx", Name: "controller", Field: "data." + key, File: "cm.yaml", Line: 3}
	}})
	if len(errs) != len(data) {
		t.Fatalf("got %d errors, want %d: %v", len(errs), len(data), errs)
	}
	joined := ""
	for _, e := range errs {
		joined += e.Error() + "\n"
	}
	for key := range data {
		if !strings.Contains(joined, key+"=") {
			t.Errorf("no error names %s:\n%s", key, joined)
		}
	}
	if strings.Contains(joined, "pa55") {
		t.Errorf("errors leak a URL password:\n%s", joined)
	}
	if !strings.Contains(joined, "cm.yaml:3") {
		t.Errorf("errors do not name the file:\n%s", joined)
	}
	def := DefaultGlobal()
	if g.UseForwardedHeaders || g.GlobalAuth != nil || g.HSTSMaxAge != def.HSTSMaxAge || g.ProxyBodySize != "1m" || g.LimitReqStatusCode != 503 ||
		!cmp.Equal(g.ProxyRealIPCIDR, def.ProxyRealIPCIDR) || g.ForwardedForHeader != "X-Forwarded-For" {
		t.Errorf("bad values must keep defaults: %+v", g)
	}
}

func TestGlobalClientIP(t *testing.T) {
	tests := []struct {
		name string
		data map[string]string
		want *model.ClientIPDerivation
	}{
		{"default is the tcp peer", nil, &model.ClientIPDerivation{From: model.ClientIPPeer}},
		{"forwarded headers trust 0.0.0.0/0 only", map[string]string{"use-forwarded-headers": "true"},
			&model.ClientIPDerivation{From: model.ClientIPForwardedFor, Header: "X-Forwarded-For", TrustedCIDRs: []string{"0.0.0.0/0"}, Recursive: true}},
		{"enable-real-ip with custom header", map[string]string{"enable-real-ip": "true", "forwarded-for-header": "CF-Connecting-IP", "proxy-real-ip-cidr": "173.245.48.0/20"},
			&model.ClientIPDerivation{From: model.ClientIPForwardedFor, Header: "CF-Connecting-IP", TrustedCIDRs: []string{"173.245.48.0/20"}, Recursive: true}},
		{"proxy protocol", map[string]string{"use-proxy-protocol": "true", "proxy-real-ip-cidr": "10.0.0.0/8"},
			&model.ClientIPDerivation{From: model.ClientIPPeer, ProxyProtocol: true, TrustedCIDRs: []string{"10.0.0.0/8"}}},
		{"proxy protocol and forwarded headers", map[string]string{"use-proxy-protocol": "true", "use-forwarded-headers": "true"},
			&model.ClientIPDerivation{From: model.ClientIPForwardedFor, ProxyProtocol: true, Header: "X-Forwarded-For", TrustedCIDRs: []string{"0.0.0.0/0"}, Recursive: true}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			g, errs := ParseGlobal(tt.data, GlobalOptions{})
			if len(errs) > 0 {
				t.Fatal(errs)
			}
			if diff := cmp.Diff(tt.want, g.ClientIP(), ignoreSource); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}

func TestGlobalUpstreamHeaders(t *testing.T) {
	fate := func(data map[string]string, header string) model.Fate {
		g, _ := ParseGlobal(data, GlobalOptions{})
		return (&model.Policy{UpstreamHeaders: g.UpstreamHeaders()}).ClientHeaderFate(header)
	}
	tests := []struct {
		name   string
		data   map[string]string
		header string
		want   model.Fate
	}{
		{"xff replaced by default", nil, "X-Forwarded-For", model.FateDropped},
		{"xff replaced with forwarded headers alone", map[string]string{"use-forwarded-headers": "true"}, "X-Forwarded-For", model.FateDropped},
		{"xff appended with compute-full-forwarded-for", map[string]string{"use-forwarded-headers": "true", "compute-full-forwarded-for": "true"}, "X-Forwarded-For", model.FateAppended},
		{"compute-full alone has no effect", map[string]string{"compute-full-forwarded-for": "true"}, "X-Forwarded-For", model.FateDropped},
		{"x-real-ip replaced", nil, "X-Real-IP", model.FateDropped},
		{"x-request-id passes", nil, "X-Request-ID", model.FatePasses},
		{"proxy stripped", nil, "Proxy", model.FateDropped},
		{"unrelated header passes", nil, "X-User", model.FatePasses},
		{"x-forwarded-proto replaced by default", nil, "X-Forwarded-Proto", model.FateDropped},
		{"x-forwarded-proto believed from anyone with forwarded headers", map[string]string{"use-forwarded-headers": "true", "proxy-real-ip-cidr": "10.0.0.0/8"}, "X-Forwarded-Proto", model.FatePasses},
		{"x-forwarded-host believed with forwarded headers", map[string]string{"use-forwarded-headers": "true"}, "X-Forwarded-Host", model.FatePasses},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := fate(tt.data, tt.header); got != tt.want {
				t.Errorf("fate of %s = %s, want %s", tt.header, got, tt.want)
			}
		})
	}
	g := DefaultGlobal()
	var names []string
	for _, h := range g.UpstreamHeaders() {
		names = append(names, h.Name)
		if h.Name == "X-Original-Forwarded-For" && (h.Value != model.ValueCopy || h.From != "X-Forwarded-For") {
			t.Errorf("X-Original-Forwarded-For should copy the client's X-Forwarded-For: %+v", h)
		}
	}
	if !cmp.Equal(names, sortedCopy(names)) {
		t.Errorf("headers not sorted: %v", names)
	}
}

func sortedCopy(s []string) []string {
	c := append([]string(nil), s...)
	for i := 1; i < len(c); i++ {
		for j := i; j > 0 && c[j] < c[j-1]; j-- {
			c[j], c[j-1] = c[j-1], c[j]
		}
	}
	return c
}

func TestSafeValue(t *testing.T) {
	tests := []struct{ in, want string }{
		{"10.0.0.0/8", "10.0.0.0/8"},
		{"https://auth.example/check", "https://auth.example/check"},
		{"https://user:pw@auth.example/check", "https://<redacted>@auth.example/check"},
		{"https://auth.example/check?token=abc", "https://auth.example/check?<redacted>"},
		{"https://user:pw@/nohost", "https://<redacted>@/nohost"},
		{"ftp://a@b@c.example#frag", "ftp://<redacted>@c.example#<redacted>"},
	}
	for _, tt := range tests {
		if got := safeValue(tt.in); got != tt.want {
			t.Errorf("safeValue(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestForwardedProtoCarriers(t *testing.T) {
	g, _ := ParseGlobal(map[string]string{"use-forwarded-headers": "true"}, GlobalOptions{})
	p := &model.Policy{UpstreamHeaders: g.UpstreamHeaders()}
	want := []string{"X-Forwarded-Proto", "X-Forwarded-Scheme", "X-Scheme"}
	if diff := cmp.Diff(want, p.ClientValueCarriers("X-Forwarded-Proto")); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]string{"X-Forwarded-Host", "Host", "X-Original-Forwarded-Host"}, p.ClientValueCarriers("X-Forwarded-Host"), cmpopts.SortSlices(func(a, b string) bool { return a < b })); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}
