package reach

import (
	"strings"
	"testing"

	"github.com/ingress-parity/ingress-parity/model"
)

func TestDescribeClientIP(t *testing.T) {
	tests := []struct {
		name       string
		d          *model.ClientIPDerivation
		address    model.AddressKind
		derivation string
		spoofable  bool
		reason     string // a part of the reason
	}{
		{name: "nil is the TCP peer", d: nil, derivation: "TCP peer"},
		{name: "peer", d: &model.ClientIPDerivation{From: model.ClientIPPeer}, derivation: "TCP peer"},
		{name: "Envoy PROXY protocol", d: &model.ClientIPDerivation{From: model.ClientIPPeer, ProxyProtocol: true}, derivation: "PROXY protocol"},
		{
			name:       "nginx PROXY protocol from trusted peers",
			d:          &model.ClientIPDerivation{From: model.ClientIPPeer, ProxyProtocol: true, TrustedCIDRs: []string{"10.0.0.0/8"}},
			derivation: "PROXY protocol from trusted peers 10.0.0.0/8 (else TCP peer)",
		},
		{
			name:       "nginx use-forwarded-headers with a narrow proxy-real-ip-cidr",
			d:          &model.ClientIPDerivation{From: model.ClientIPForwardedFor, Header: "X-Forwarded-For", TrustedCIDRs: []string{"10.0.0.0/8"}, Recursive: true},
			derivation: "X-Forwarded-For from trusted peers 10.0.0.0/8 (recursive)",
		},
		{
			name:       "a public range trusted (half the IPv4 internet)",
			d:          &model.ClientIPDerivation{From: model.ClientIPForwardedFor, Header: "X-Forwarded-For", TrustedCIDRs: []string{"128.0.0.0/1"}, Recursive: true},
			derivation: "X-Forwarded-For from trusted peers 128.0.0.0/1 (recursive)",
			spoofable:  true,
			reason:     "believed from public peers (trusted 128.0.0.0/1)",
		},
		{
			name:       "nginx use-forwarded-headers with the default proxy-real-ip-cidr",
			d:          &model.ClientIPDerivation{From: model.ClientIPForwardedFor, Header: "X-Forwarded-For", TrustedCIDRs: []string{"0.0.0.0/0"}, Recursive: true},
			derivation: "X-Forwarded-For from trusted peers 0.0.0.0/0 (recursive)",
			spoofable:  true,
			reason:     "any IPv4 peer",
		},
		{
			name:       "trusting both halves of IPv6",
			d:          &model.ClientIPDerivation{From: model.ClientIPForwardedFor, TrustedCIDRs: []string{"::/1", "8000::/1"}},
			derivation: "X-Forwarded-For from trusted peers ::/1, 8000::/1",
			spoofable:  true,
			reason:     "any IPv6 peer",
		},
		{
			name:       "Envoy numTrustedHops without CIDRs",
			d:          &model.ClientIPDerivation{From: model.ClientIPForwardedFor, Header: "X-Forwarded-For", TrustedHops: 2},
			derivation: "X-Forwarded-For, 2 trusted hops",
			spoofable:  true,
			reason:     "fewer than 2 proxies",
		},
		{
			name:       "forwarded-for trusted from nobody is the peer",
			d:          &model.ClientIPDerivation{From: model.ClientIPForwardedFor},
			derivation: "TCP peer (X-Forwarded-For trusted from no peer)",
		},
		{
			name:       "PROXY protocol then X-Forwarded-For",
			d:          &model.ClientIPDerivation{From: model.ClientIPForwardedFor, ProxyProtocol: true, TrustedCIDRs: []string{"192.168.0.0/16"}, Recursive: true},
			derivation: "PROXY protocol, then X-Forwarded-For from trusted peers 192.168.0.0/16 (recursive)",
		},
		{
			name:       "Envoy custom header fail closed",
			d:          &model.ClientIPDerivation{From: model.ClientIPCustomHeader, Header: "CF-Connecting-IP", FailClosed: true},
			derivation: "header CF-Connecting-IP (fail closed)",
			spoofable:  true,
			reason:     "CF-Connecting-IP is believed from any peer",
		},
		{
			name:       "peer rules ignore a forwarded-for derivation",
			d:          &model.ClientIPDerivation{From: model.ClientIPForwardedFor, TrustedCIDRs: []string{"0.0.0.0/0"}},
			address:    model.AddressPeer,
			derivation: "TCP peer",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			address := tt.address
			if address == "" {
				address = model.AddressClient
			}
			got := describeClientIP(tt.d, address)
			if got.Derivation != tt.derivation {
				t.Errorf("Derivation = %q, want %q", got.Derivation, tt.derivation)
			}
			if got.Spoofable != tt.spoofable {
				t.Errorf("Spoofable = %v, want %v (reason %q)", got.Spoofable, tt.spoofable, got.Reason)
			}
			if !strings.Contains(got.Reason, tt.reason) || (tt.reason == "") != (got.Reason == "") {
				t.Errorf("Reason = %q, want one containing %q", got.Reason, tt.reason)
			}
		})
	}
}

// TestSpoofableOnlyWhereItMatters: a spoofable derivation makes a way spoofable only when a
// control of the route tests the client address.
func TestSpoofableOnlyWhereItMatters(t *testing.T) {
	spoofable := &model.ClientIPDerivation{From: model.ClientIPForwardedFor, TrustedHops: 1}
	allowList := &model.IPAccess{Address: model.AddressClient, Rules: []model.IPRule{{Action: model.Allow, CIDRs: []string{"10.0.0.0/8"}}}, Default: model.Deny}
	peerList := &model.IPAccess{Address: model.AddressPeer, Rules: allowList.Rules, Default: model.Deny}
	tests := []struct {
		name   string
		d      *model.ClientIPDerivation
		policy *model.Policy
		want   bool
	}{
		{name: "no policy", d: spoofable, policy: nil, want: false},
		{name: "default policy without controls", d: spoofable, policy: &model.Policy{Satisfy: model.SatisfyAll}, want: false},
		{name: "client allow list", d: spoofable, policy: &model.Policy{IPAccess: allowList}, want: true},
		{name: "peer allow list", d: spoofable, policy: &model.Policy{IPAccess: peerList}, want: false},
		{name: "per-client rate limit", d: spoofable, policy: &model.Policy{RateLimit: &model.RateLimit{RequestsPerSecond: 5, Key: "client-ip"}}, want: true},
		{name: "global rate limit", d: spoofable, policy: &model.Policy{RateLimit: &model.RateLimit{RequestsPerSecond: 5, Key: "global"}}, want: false},
		{name: "global rate limit with exempt ranges", d: spoofable, policy: &model.Policy{RateLimit: &model.RateLimit{RequestsPerSecond: 5, Key: "global", Exempt: []string{"10.0.0.0/8"}}}, want: true},
		{name: "allow list behind the TCP peer", d: nil, policy: &model.Policy{IPAccess: allowList}, want: false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := requirements(tt.d, tt.policy, allowedSources).Spoofable; got != tt.want {
				t.Errorf("Spoofable = %v, want %v", got, tt.want)
			}
		})
	}
}
