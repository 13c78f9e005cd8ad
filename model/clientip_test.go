package model

import (
	"errors"
	"net/http"
	"net/netip"
	"testing"

	"pgregory.net/rapid"
)

func TestDerive(t *testing.T) {
	nginxXFF := &ClientIPDerivation{From: ClientIPForwardedFor, Header: "X-Forwarded-For", TrustedCIDRs: []string{"0.0.0.0/0"}, Recursive: true}
	lbOnly := &ClientIPDerivation{From: ClientIPForwardedFor, Header: "X-Forwarded-For", TrustedCIDRs: []string{"10.0.0.0/8"}, Recursive: true}
	hops1 := &ClientIPDerivation{From: ClientIPForwardedFor, Header: "X-Forwarded-For", TrustedHops: 1}
	hops2 := &ClientIPDerivation{From: ClientIPForwardedFor, Header: "X-Forwarded-For", TrustedHops: 2}
	custom := &ClientIPDerivation{From: ClientIPCustomHeader, Header: "CF-Connecting-IP"}
	customClosed := &ClientIPDerivation{From: ClientIPCustomHeader, Header: "CF-Connecting-IP", FailClosed: true}
	ppNginx := &ClientIPDerivation{From: ClientIPPeer, ProxyProtocol: true, TrustedCIDRs: []string{"10.0.0.0/8"}}
	ppEnvoy := &ClientIPDerivation{From: ClientIPPeer, ProxyProtocol: true}
	tests := []struct {
		name       string
		d          *ClientIPDerivation
		peer       string
		proxy      string
		xff        string
		header     map[string]string
		wantClient string
		wantPeer   string
		wantErr    error
	}{
		{"nil is the peer", nil, "198.51.100.1", "", "203.0.113.9", nil, "198.51.100.1", "198.51.100.1", nil},
		{"nginx default trust: any IPv4 peer may claim", nginxXFF, "198.51.100.1", "", "203.0.113.9", nil, "203.0.113.9", "198.51.100.1", nil},
		{"nginx default trust covers no IPv6 peer", nginxXFF, "2001:db8::1", "", "203.0.113.9", nil, "2001:db8::1", "2001:db8::1", nil},
		{"all trusted: leftmost", nginxXFF, "10.0.0.1", "", "192.0.2.1, 10.1.1.1", nil, "192.0.2.1", "10.0.0.1", nil},
		{"untrusted peer ignores header", lbOnly, "198.51.100.1", "", "10.9.9.9", nil, "198.51.100.1", "198.51.100.1", nil},
		{"walks past trusted proxies", lbOnly, "10.0.0.1", "", "203.0.113.9, 198.51.100.7, 10.2.2.2", nil, "198.51.100.7", "10.0.0.1", nil},
		{"no header: peer", lbOnly, "10.0.0.1", "", "", nil, "10.0.0.1", "10.0.0.1", nil},
		{"garbage entry: peer", lbOnly, "10.0.0.1", "", "203.0.113.9, bogus", nil, "10.0.0.1", "10.0.0.1", nil},
		{"hops 1: rightmost", hops1, "10.0.0.1", "", "203.0.113.9, 198.51.100.7, 192.0.2.4", nil, "192.0.2.4", "10.0.0.1", nil},
		{"hops 1, one entry: that entry", hops1, "10.0.0.1", "", "203.0.113.9", nil, "203.0.113.9", "10.0.0.1", nil},
		{"hops 2: Envoy Gateway's documented example", hops2, "10.0.0.1", "", "203.0.113.128, 203.0.113.10, 203.0.113.1", nil, "203.0.113.10", "10.0.0.1", nil},
		{"hops 2, one entry: peer", hops2, "10.0.0.1", "", "203.0.113.9", nil, "10.0.0.1", "10.0.0.1", nil},
		{"custom header", custom, "10.0.0.1", "", "", map[string]string{"CF-Connecting-IP": "203.0.113.5"}, "203.0.113.5", "10.0.0.1", nil},
		{"custom header missing: peer", custom, "10.0.0.1", "", "", nil, "10.0.0.1", "10.0.0.1", nil},
		{"custom header missing, fail closed", customClosed, "10.0.0.1", "", "", nil, "", "10.0.0.1", ErrClientIPRejected},
		{"proxy protocol from trusted LB (nginx)", ppNginx, "10.0.0.1", "203.0.113.8", "", nil, "203.0.113.8", "203.0.113.8", nil},
		{"proxy protocol from untrusted peer (nginx)", ppNginx, "198.51.100.1", "203.0.113.8", "", nil, "198.51.100.1", "198.51.100.1", nil},
		{"proxy protocol always believed (envoy)", ppEnvoy, "198.51.100.1", "203.0.113.8", "", nil, "203.0.113.8", "203.0.113.8", nil},
		{"proxy protocol missing", ppEnvoy, "198.51.100.1", "", "", nil, "", "", ErrNoProxyHeader},
		{"mapped peer unmapped", nil, "::ffff:10.0.0.1", "", "", nil, "10.0.0.1", "10.0.0.1", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := Connection{Peer: netip.MustParseAddr(tt.peer), Headers: http.Header{}}
			if tt.proxy != "" {
				c.ProxyAddr = netip.MustParseAddr(tt.proxy)
			}
			if tt.xff != "" {
				c.Headers.Set("X-Forwarded-For", tt.xff)
			}
			for k, v := range tt.header {
				c.Headers.Set(k, v)
			}
			client, peer, err := tt.d.Derive(c)
			if !errors.Is(err, tt.wantErr) {
				t.Fatalf("err = %v, want %v", err, tt.wantErr)
			}
			if tt.wantClient != "" && client != netip.MustParseAddr(tt.wantClient) {
				t.Errorf("client = %s, want %s", client, tt.wantClient)
			}
			if tt.wantPeer != "" && peer != netip.MustParseAddr(tt.wantPeer) {
				t.Errorf("peer = %s, want %s", peer, tt.wantPeer)
			}
		})
	}
}

func TestIPAccessDecide(t *testing.T) {
	acc := &IPAccess{Address: AddressClient, Default: Deny, Rules: []IPRule{
		{Action: Deny, CIDRs: []string{"10.6.0.0/16"}},
		{Action: Allow, CIDRs: []string{"10.0.0.0/8", "2001:db8::/32"}},
	}}
	peerList := &IPAccess{Address: AddressPeer, Default: Allow, Rules: []IPRule{{Action: Deny, CIDRs: []string{"198.51.100.0/24"}}}}
	tests := []struct {
		name         string
		acc          *IPAccess
		client, peer string
		want         AccessAction
	}{
		{"nil allows", nil, "1.2.3.4", "1.2.3.4", Allow},
		{"first rule wins: deny", acc, "10.6.1.1", "1.1.1.1", Deny},
		{"allow", acc, "10.7.1.1", "1.1.1.1", Allow},
		{"ipv6 allow", acc, "2001:db8::5", "1.1.1.1", Allow},
		{"default deny", acc, "192.0.2.1", "10.7.1.1", Deny},
		{"peer list tests the peer", peerList, "203.0.113.1", "198.51.100.9", Deny},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.acc.Decide(netip.MustParseAddr(tt.client), netip.MustParseAddr(tt.peer)); got != tt.want {
				t.Errorf("Decide = %s, want %s", got, tt.want)
			}
		})
	}
}

// TestPropertyUntrustedPeerCannotChooseItsAddress: whatever forwarded-for header a client
// sends, a peer outside the trusted ranges is its own client address.
func TestPropertyUntrustedPeerCannotChooseItsAddress(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		peer := netip.AddrFrom4([4]byte{198, 51, 100, rapid.Byte().Draw(t, "peer")})
		d := &ClientIPDerivation{From: ClientIPForwardedFor, Header: "X-Forwarded-For", TrustedCIDRs: []string{"10.0.0.0/8", "2001:db8::/32"}, Recursive: rapid.Bool().Draw(t, "recursive")}
		h := http.Header{}
		h.Set("X-Forwarded-For", rapid.StringMatching(`[0-9a-f:., ]{0,40}`).Draw(t, "xff"))
		client, _, err := d.Derive(Connection{Peer: peer, Headers: h})
		if err != nil || client != peer {
			t.Fatalf("client = %s, err %v; want the peer %s", client, err, peer)
		}
	})
}

// TestClientChosen: a caller on the internet chooses the derived address exactly when the
// header is believed from some public peer; check and reach both judge by this.
func TestClientChosen(t *testing.T) {
	claimed := netip.MustParseAddr("192.0.2.66")
	xff := func(trusted ...string) *ClientIPDerivation {
		return &ClientIPDerivation{From: ClientIPForwardedFor, Header: "X-Forwarded-For", TrustedCIDRs: trusted, Recursive: true}
	}
	tests := []struct {
		name string
		d    *ClientIPDerivation
		want bool
		peer string
	}{
		{"nil", nil, false, ""},
		{"TCP peer", &ClientIPDerivation{From: ClientIPPeer}, false, ""},
		{"PROXY protocol only", &ClientIPDerivation{From: ClientIPPeer, ProxyProtocol: true}, false, ""},
		{"trusted private proxies", xff("10.0.0.0/8", "fd00::/8"), false, ""},
		{"ingress-nginx default 0.0.0.0/0", xff("0.0.0.0/0"), true, "203.0.113.7"},
		{"half the IPv4 internet", xff("128.0.0.0/1"), true, "203.0.113.7"},
		{"a public range without documentation addresses", xff("8.8.0.0/16"), true, "8.8.0.0"},
		{"IPv6 everywhere", xff("::/0"), true, "2001:db8::7"},
		{"Envoy one trusted hop", &ClientIPDerivation{From: ClientIPForwardedFor, TrustedHops: 1}, true, "203.0.113.7"},
		{"Envoy two trusted hops", &ClientIPDerivation{From: ClientIPForwardedFor, TrustedHops: 2}, true, "203.0.113.7"},
		{"Envoy custom header", &ClientIPDerivation{From: ClientIPCustomHeader, Header: "x-real-ip"}, true, "203.0.113.7"},
		{"PROXY protocol then X-Forwarded-For from anyone", &ClientIPDerivation{From: ClientIPForwardedFor, ProxyProtocol: true, TrustedCIDRs: []string{"0.0.0.0/0"}, Recursive: true}, true, "203.0.113.7"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			peer, chain, ok := tt.d.ClientChosen(claimed)
			if ok != tt.want {
				t.Fatalf("ClientChosen = %v, want %v", ok, tt.want)
			}
			if !ok {
				return
			}
			if peer.String() != tt.peer {
				t.Errorf("peer %s, want %s", peer, tt.peer)
			}
			if chain[0] != claimed.String() || len(chain) != max(tt.d.TrustedHops, 1) {
				t.Errorf("chain %v: want the claimed address first, %d entries", chain, max(tt.d.TrustedHops, 1))
			}
		})
	}
}
