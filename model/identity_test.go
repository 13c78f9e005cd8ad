package model

import (
	"encoding/json"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestClientHeaderFate(t *testing.T) {
	nginxHeaders := []IdentityHeader{
		{Name: "X-Forwarded-For", Action: HeaderReplace, Value: ValueClientIP},
		{Name: "X-Real-IP", Action: HeaderReplace, Value: ValueClientIP},
		{Name: "X-Request-ID", Action: HeaderPassOrGenerate, Value: ValueRequestID},
	}
	tests := []struct {
		name   string
		policy *Policy
		header string
		want   Fate
	}{
		{"nil policy passes", nil, "X-User", FatePasses},
		{"unlisted header passes", &Policy{UpstreamHeaders: nginxHeaders}, "X-User", FatePasses},
		{"nginx replaces xff", &Policy{UpstreamHeaders: nginxHeaders}, "x-forwarded-for", FateDropped},
		{"nginx passes request id", &Policy{UpstreamHeaders: nginxHeaders}, "X-Request-Id", FatePasses},
		{"envoy appends xff", &Policy{UpstreamHeaders: []IdentityHeader{{Name: "X-Forwarded-For", Action: HeaderAppend}}}, "X-Forwarded-For", FateAppended},
		{"nginx auth-response header removed", &Policy{Auth: &Auth{External: &ExternalAuth{ResponseHeaders: []string{"X-User"}, ClientCopy: ClientCopyRemoved}}}, "x-user", FateDropped},
		{"envoy ext auth header kept if unset", &Policy{Auth: &Auth{External: &ExternalAuth{ResponseHeaders: []string{"X-User"}, ClientCopy: ClientCopyKeptIfUnset}}}, "X-User", FatePassesIfUnset},
		{"strip wins over kept-if-unset", &Policy{
			UpstreamHeaders: []IdentityHeader{{Name: "X-User", Action: HeaderStrip}},
			Auth:            &Auth{External: &ExternalAuth{ResponseHeaders: []string{"X-User"}, ClientCopy: ClientCopyKeptIfUnset}},
		}, "X-User", FateDropped},
		{"jwt claim header", &Policy{Auth: &Auth{JWT: &JWTAuth{Providers: []JWTProvider{{ClaimHeaders: []ClaimHeader{{Claim: "sub", Header: "X-Sub"}}, ClientCopy: ClientCopyKeptIfUnset}}}}}, "X-Sub", FatePassesIfUnset},
		{"ssl-client headers replaced", &Policy{Auth: &Auth{ClientCert: &ClientCertAuth{Mode: CertOptional, Headers: []string{"ssl-client-verify"}}}}, "SSL-Client-Verify", FateDropped},
		{"ssl-client headers replaced even when verification is off", &Policy{Auth: &Auth{ClientCert: &ClientCertAuth{Mode: CertOff, Headers: []string{"ssl-client-verify"}}}}, "ssl-client-verify", FateDropped},
		{"ssl-client headers pass when none are set", &Policy{Auth: &Auth{ClientCert: &ClientCertAuth{Mode: CertRequired, XFCC: XFCCSanitize}}}, "ssl-client-verify", FatePasses},
		{"basic auth strips authorization", &Policy{Auth: &Auth{Basic: &BasicAuth{Secret: "ns/s", StripAuthorization: true}}}, "authorization", FateDropped},
		{"xfcc sanitize", &Policy{Auth: &Auth{ClientCert: &ClientCertAuth{Mode: CertRequired, XFCC: XFCCSanitize}}}, "X-Forwarded-Client-Cert", FateDropped},
		{"xfcc forward only", &Policy{Auth: &Auth{ClientCert: &ClientCertAuth{Mode: CertRequired, XFCC: XFCCForwardOnly}}}, "X-Forwarded-Client-Cert", FatePasses},
		{"xfcc append", &Policy{Auth: &Auth{ClientCert: &ClientCertAuth{Mode: CertRequired, XFCC: XFCCAppendForward}}}, "X-Forwarded-Client-Cert", FateAppended},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := tt.policy.ClientHeaderFate(tt.header)
			if got != tt.want {
				t.Errorf("ClientHeaderFate(%q) = %s, want %s", tt.header, got, tt.want)
			}
			if got.Reaches() != (tt.want != FateDropped) {
				t.Errorf("Reaches() = %v", got.Reaches())
			}
		})
	}
}

func TestIdentityHeaderNames(t *testing.T) {
	p := &Policy{
		UpstreamHeaders: []IdentityHeader{{Name: "X-Forwarded-For"}, {Name: "X-Real-IP"}},
		Auth: &Auth{
			External:   &ExternalAuth{ResponseHeaders: []string{"X-User", "x-forwarded-for"}},
			JWT:        &JWTAuth{Providers: []JWTProvider{{ClaimHeaders: []ClaimHeader{{Claim: "sub", Header: "X-Sub"}}}}},
			ClientCert: &ClientCertAuth{Headers: []string{"ssl-client-verify"}, XFCC: XFCCSanitize},
		},
	}
	want := []string{"x-forwarded-for", "x-real-ip", "x-user", "x-sub", "ssl-client-verify", "x-forwarded-client-cert"}
	if diff := cmp.Diff(want, p.IdentityHeaderNames()); diff != "" {
		t.Errorf("IdentityHeaderNames (-want +got):\n%s", diff)
	}
	if (*Policy)(nil).IdentityHeaderNames() != nil {
		t.Error("nil policy should list nothing")
	}
}

func TestPolicyJSONRedactsSetHeaders(t *testing.T) {
	r := Route{ID: "r", Policy: &Policy{Auth: &Auth{External: &ExternalAuth{URL: "http://auth", SetHeaders: map[string]Secret{"X-Api-Key": "s3cr3t"}}}}}
	b, err := json.Marshal(r)
	if err != nil {
		t.Fatal(err)
	}
	var back map[string]any
	if err := json.Unmarshal(b, &back); err != nil {
		t.Fatal(err)
	}
	got := back["policy"].(map[string]any)["auth"].(map[string]any)["external"].(map[string]any)["setHeaders"]
	if diff := cmp.Diff(map[string]any{"X-Api-Key": Redacted}, got); diff != "" {
		t.Errorf("setHeaders (-want +got):\n%s", diff)
	}
}

func TestCIDRLists(t *testing.T) {
	p := &Policy{
		IPAccess:  &IPAccess{Rules: []IPRule{{Action: Deny, CIDRs: []string{"10.6.0.0/16"}}, {Action: Allow, CIDRs: []string{"10.0.0.0/8"}}}},
		RateLimit: &RateLimit{Exempt: []string{"192.168.0.0/16"}},
	}
	want := [][]string{{"10.6.0.0/16"}, {"10.0.0.0/8"}, {"192.168.0.0/16"}}
	if diff := cmp.Diff(want, p.CIDRLists()); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
	d := &ClientIPDerivation{TrustedCIDRs: []string{"0.0.0.0/0"}}
	if diff := cmp.Diff([][]string{{"0.0.0.0/0"}}, d.CIDRLists()); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
	if (*Policy)(nil).CIDRLists() != nil || (*ClientIPDerivation)(nil).CIDRLists() != nil {
		t.Error("nil should give nil")
	}
}

func TestClientValueCarriers(t *testing.T) {
	nginx := &Policy{UpstreamHeaders: []IdentityHeader{
		{Name: "X-Forwarded-For", Action: HeaderReplace, Value: ValueClientIP},
		{Name: "X-Original-Forwarded-For", Action: HeaderReplace, Value: ValueCopy, From: "X-Forwarded-For"},
	}}
	envoy := &Policy{UpstreamHeaders: []IdentityHeader{{Name: "X-Forwarded-For", Action: HeaderAppend, Value: ValuePeerIP}}}
	tests := []struct {
		name   string
		p      *Policy
		header string
		want   []string
	}{
		{"nginx carries xff under another name", nginx, "x-forwarded-for", []string{"X-Original-Forwarded-For"}},
		{"envoy appends to it", envoy, "X-Forwarded-For", []string{"X-Forwarded-For"}},
		{"nil policy passes", nil, "X-User", []string{"X-User"}},
		{"replaced header without copies", nginx, "X-Original-Forwarded-For", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if diff := cmp.Diff(tt.want, tt.p.ClientValueCarriers(tt.header)); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}
