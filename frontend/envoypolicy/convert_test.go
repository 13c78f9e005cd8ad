package envoypolicy

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"

	"github.com/ingress-parity/ingress-parity/load"
	"github.com/ingress-parity/ingress-parity/model"
)

func decodeOne(t *testing.T, kind, spec string) *Policy {
	t.Helper()
	pols, diags := Decode([]load.Object[*unstructured.Unstructured]{policyObject(kind, "p", spec)})
	if len(diags) > 0 || len(pols) != 1 {
		t.Fatalf("decode: %v", diags)
	}
	return pols[0]
}

func TestClientValidationModes(t *testing.T) {
	tests := []struct {
		name string
		cv   string
		want model.ClientCertMode
	}{
		{"default RequireAndVerify", `{}`, model.CertRequired},
		{"deprecated optional", `{"optional":true}`, model.CertOptional},
		{"VerifyIfGiven", `{"mode":"VerifyIfGiven"}`, model.CertOptional},
		{"Request", `{"mode":"Request"}`, model.CertOptionalNoCA},
		{"RequireAny", `{"mode":"RequireAny"}`, model.CertRequireAny},
		{"mode wins over optional", `{"optional":true,"mode":"RequireAndVerify"}`, model.CertRequired},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := decodeOne(t, KindClientTrafficPolicy, `{"tls":{"clientValidation":`+tt.cv+`}}`)
			lp := convertClient(p, true)
			if lp.ClientCert == nil || lp.ClientCert.Mode != tt.want {
				t.Fatalf("client cert %+v, want mode %s", lp.ClientCert, tt.want)
			}
			if lp.ClientCert.XFCC != model.XFCCSanitize {
				t.Errorf("XFCC default = %s", lp.ClientCert.XFCC)
			}
			for _, h := range lp.Headers {
				if h.Name == "X-Forwarded-Client-Cert" {
					t.Error("with mTLS the XFCC fate belongs to ClientCert, not to the header list")
				}
			}
		})
	}
}

func TestClientIPDetection(t *testing.T) {
	tests := []struct {
		name string
		spec string
		want model.ClientIPDerivation
	}{
		{"direct", `{"clientIPDetection":{"directSourceIP":{}}}`, model.ClientIPDerivation{From: model.ClientIPPeer}},
		{"hops", `{"clientIPDetection":{"xForwardedFor":{"numTrustedHops":2}}}`, model.ClientIPDerivation{From: model.ClientIPForwardedFor, Header: "X-Forwarded-For", TrustedHops: 2}},
		{"trusted cidrs", `{"clientIPDetection":{"xForwardedFor":{"trustedCIDRs":["10.1.2.0/24","10.1.3.0/24"]}}}`,
			model.ClientIPDerivation{From: model.ClientIPForwardedFor, Header: "X-Forwarded-For", TrustedCIDRs: []string{"10.1.2.0/23"}, Recursive: true}},
		{"custom header", `{"clientIPDetection":{"customHeader":{"name":"CF-Connecting-IP","failClosed":true}}}`,
			model.ClientIPDerivation{From: model.ClientIPCustomHeader, Header: "CF-Connecting-IP", FailClosed: true}},
		{"proxy protocol", `{"proxyProtocol":{}}`, model.ClientIPDerivation{From: model.ClientIPPeer, ProxyProtocol: true}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			lp := convertClient(decodeOne(t, KindClientTrafficPolicy, tt.spec), false)
			got := *lp.ClientIP
			got.Source = model.Source{}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}

func TestAuthorization(t *testing.T) {
	p := decodeOne(t, KindSecurityPolicy, `{"authorization":{"rules":[
		{"action":"Allow","principal":{"clientCIDRs":["192.168.1.0/24"]}},
		{"action":"Allow","principal":{"jwt":{"provider":"p","claims":[{"name":"role","values":["admin"]}]}}},
		{"action":"Deny","operation":{"methods":["DELETE"]},"principal":{"clientCIDRs":["0.0.0.0/0"]}}]}}`)
	acc, opaque := convertAuthorization(p, p.security)
	if acc.Default != model.Deny {
		t.Errorf("default action = %s, want deny (Envoy Gateway's default)", acc.Default)
	}
	if len(acc.Rules) != 1 || acc.Rules[0].Action != model.Allow || !cmp.Equal(acc.Rules[0].CIDRs, []string{"192.168.1.0/24"}) {
		t.Errorf("rules = %+v", acc.Rules)
	}
	if len(opaque) != 2 || !strings.Contains(opaque[0], "rules[1]") || !strings.Contains(opaque[1], "rules[2]") {
		t.Errorf("opaque = %v", opaque)
	}
}

func TestBackendLimits(t *testing.T) {
	tests := []struct {
		name       string
		spec       string
		wantRate   *model.RateLimit
		wantBody   *model.BodyLimit
		wantOpaque int
	}{
		{"global bucket", `{"rateLimit":{"type":"Local","local":{"rules":[{"limit":{"requests":100,"unit":"Minute"}}]}}}`,
			&model.RateLimit{RequestsPerMinute: 100, Key: "global", Status: 429}, nil, 0},
		{"per client", `{"rateLimit":{"local":{"rules":[{"clientSelectors":[{"sourceCIDR":{"type":"Distinct","value":"0.0.0.0/0"}}],"limit":{"requests":5,"unit":"Second"}}]}}}`,
			&model.RateLimit{RequestsPerSecond: 5, Key: "client-ip", Status: 429}, nil, 0},
		{"header selector is opaque", `{"rateLimit":{"local":{"rules":[{"clientSelectors":[{"headers":[{"name":"x-user","type":"Distinct"}]}],"limit":{"requests":5,"unit":"Hour"}}]}}}`,
			&model.RateLimit{Key: "global", Status: 429}, nil, 2},
		{"buffer as number", `{"requestBuffer":{"limit":1024}}`, nil, &model.BodyLimit{MaxBytes: 1024, Status: 413}, 0},
		{"buffer quantity", `{"requestBuffer":{"limit":"4Mi"}}`, nil, &model.BodyLimit{MaxBytes: 4 << 20, Status: 413}, 0},
		{"bad quantity", `{"requestBuffer":{"limit":"lots"}}`, nil, nil, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			parts := convertBackend(decodeOne(t, KindBackendTrafficPolicy, tt.spec))
			if diff := cmp.Diff(tt.wantRate, parts.rate, ignoreSource); diff != "" {
				t.Errorf("rate (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(tt.wantBody, parts.body, ignoreSource); diff != "" {
				t.Errorf("body (-want +got):\n%s", diff)
			}
			if len(parts.opaque) != tt.wantOpaque {
				t.Errorf("opaque = %v", parts.opaque)
			}
		})
	}
}
