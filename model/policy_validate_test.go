package model

import (
	"errors"
	"strings"
	"testing"
)

func TestPolicyValidate(t *testing.T) {
	tests := []struct {
		name    string
		policy  *Policy
		wantIs  error
		wantMsg string
	}{
		{"nil", nil, nil, ""},
		{"valid", &Policy{
			Satisfy:         SatisfyAny,
			IPAccess:        &IPAccess{Address: AddressClient, Default: Deny, Rules: []IPRule{{Action: Allow, CIDRs: []string{"10.0.0.0/8", "2001:db8::/32"}}}},
			Auth:            &Auth{Basic: &BasicAuth{Secret: "ns/s"}, ClientCert: &ClientCertAuth{Mode: CertOptional, XFCC: XFCCSanitize}},
			UpstreamHeaders: []IdentityHeader{{Name: "X-Real-IP", Action: HeaderReplace}},
		}, nil, ""},
		{"unmasked cidr", &Policy{IPAccess: &IPAccess{Address: AddressClient, Default: Deny, Rules: []IPRule{{Action: Allow, CIDRs: []string{"10.1.2.3/8"}}}}},
			ErrInvalidCIDR, `ipAccess.rules[0].cidrs[0]: invalid CIDR: "10.1.2.3/8"`},
		{"unknown mode", &Policy{Auth: &Auth{ClientCert: &ClientCertAuth{Mode: "sometimes"}}}, ErrInvalidValue, `auth.clientCert.mode: invalid value: "sometimes"`},
		{"basic without secret", &Policy{Auth: &Auth{Basic: &BasicAuth{}}}, ErrMissingSecret, "auth.basic.secret"},
		{"bad success code", &Policy{Auth: &Auth{External: &ExternalAuth{URL: "http://a", SuccessCodes: []int{42}}}}, ErrInvalidValue, "successCodes[0]"},
		{"bad header action", &Policy{UpstreamHeaders: []IdentityHeader{{Name: "X", Action: "mangle"}}}, ErrInvalidValue, "upstreamHeaders[0].action"},
		{"negative body limit", &Policy{BodyLimit: &BodyLimit{MaxBytes: -1}}, ErrInvalidValue, "bodyLimit.maxBytes"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.policy.Validate()
			if tt.wantIs == nil {
				if err != nil {
					t.Fatalf("unexpected error: %v", err)
				}
				return
			}
			if !errors.Is(err, tt.wantIs) {
				t.Fatalf("err = %v, want %v", err, tt.wantIs)
			}
			if !strings.Contains(err.Error(), tt.wantMsg) {
				t.Errorf("err = %q, want containing %q", err, tt.wantMsg)
			}
		})
	}
}

func TestClientIPDerivationValidate(t *testing.T) {
	if err := (&ClientIPDerivation{From: ClientIPForwardedFor, Header: "X-Forwarded-For", TrustedCIDRs: []string{"0.0.0.0/0"}}).Validate(); err != nil {
		t.Errorf("valid derivation: %v", err)
	}
	err := (&ClientIPDerivation{From: ClientIPCustomHeader, TrustedCIDRs: []string{"fe80::1%eth0/64"}, TrustedHops: -1}).Validate()
	for _, want := range []string{"clientIP.header", "clientIP.trustedHops", "clientIP.trustedCIDRs[0]"} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("err = %v, want %s", err, want)
		}
	}
	if !errors.Is(err, ErrInvalidCIDR) || !errors.Is(err, ErrInvalidValue) {
		t.Errorf("sentinels missing: %v", err)
	}
}
