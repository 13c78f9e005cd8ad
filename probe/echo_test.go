package probe

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/ingress-parity/ingress-parity/witness"
)

// echoSample is a witness echo as a witness writes it, with identity headers, TLS facts
// and a query that encoding/json escapes (\u0026).
func echoSample(t testing.TB) []byte {
	t.Helper()
	b, err := json.Marshal(witness.Echo{
		Name: "shop/api", Method: "GET", Path: "/api%2Fx/../y", Query: "a=1&b=<2>", Host: "shop.example.com",
		Headers: map[string][]string{
			"X-Forwarded-For": {"10.0.0.1", "127.0.0.1"}, "X-Real-Ip": {"127.0.0.1"}, "Authorization": {"Bearer x"},
			"Ssl-Client-Subject-Dn": {"CN=älice"}, "Accept": {"*/*"}, "X-Request-Id": {"r-1"},
		},
		Peer: "127.0.0.1:4242",
		TLS: &witness.TLSInfo{Version: "TLS 1.3", ClientCertificates: []witness.CertFacts{
			{Subject: "CN=alice", Issuer: "CN=ca", NotAfter: time.Unix(0, 0).UTC()}, {Subject: "CN=ca"},
		}},
	})
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestDecodeEcho(t *testing.T) {
	tests := []struct {
		name string
		body string
		want *Upstream
	}{
		{name: "witness echo", body: string(echoSample(t)), want: &Upstream{
			Method: "GET", Path: "/api%2Fx/../y", Query: "a=1&b=<2>", Host: "shop.example.com", ClientCert: "CN=alice",
			Headers: map[string]string{"x-forwarded-for": "10.0.0.1, 127.0.0.1", "x-real-ip": "127.0.0.1", "authorization": "present", "ssl-client-subject-dn": "CN=älice"},
		}},
		{name: "not JSON", body: `<html>`, want: nil},
		{name: "type error in a skipped header", body: `{"method":"GET","headers":{"Accept":"*/*"}}`, want: nil},
		{name: "case-folded key", body: `{"METHOD":"PUT","path":"/"}`, want: &Upstream{Method: "PUT", Path: "/"}},
		{name: "repeated key, last wins", body: `{"method":"GET","method":"HEAD"}`, want: &Upstream{Method: "HEAD"}},
		{name: "repeated header, empty last", body: `{"headers":{"X-Real-Ip":["a"],"X-Real-Ip":[]}}`, want: &Upstream{}},
		{name: "null top level", body: `null`, want: &Upstream{}},
		{name: "escaped key", body: `{"m\u0065thod":"GET"}`, want: &Upstream{Method: "GET"}},
		{name: "null header value", body: `{"headers":{"X-Real-Ip":null,"X-User":["u",null]}}`, want: &Upstream{Headers: map[string]string{"x-user": "u, "}}},
		{name: "non-object certificate", body: `{"tls":{"clientCertificates":[1]}}`, want: nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := decodeEcho([]byte(tt.body))
			if d := cmp.Diff(tt.want, got); d != "" {
				t.Errorf("decodeEcho (-want +got):\n%s", d)
			}
			if d := cmp.Diff(decodeEchoJSON([]byte(tt.body)), got); d != "" {
				t.Errorf("decodeEcho differs from encoding/json (-json +scan):\n%s", d)
			}
		})
	}
}

// FuzzDecodeEcho holds the echo scanner to encoding/json's result on any input.
func FuzzDecodeEcho(f *testing.F) {
	f.Add(echoSample(f))
	f.Add([]byte(`{"headers":{"X-User":["a","b"],"x-user":["c"]},"tls":{"clientCertificates":[{"subject":"x","subject":"y"}]}}`))
	f.Add([]byte(`{"tls":null,"Tls":{},"path":"\ud800"}`))
	f.Fuzz(func(t *testing.T, body []byte) {
		if d := cmp.Diff(decodeEchoJSON(body), decodeEcho(body)); d != "" {
			t.Fatalf("decodeEcho differs from encoding/json on %q (-json +scan):\n%s", body, d)
		}
	})
}

func BenchmarkDecodeEcho(b *testing.B) {
	body := echoSample(b)
	b.Run("scan", func(b *testing.B) {
		for range b.N {
			decodeEcho(body)
		}
	})
	b.Run("encoding-json", func(b *testing.B) {
		for range b.N {
			decodeEchoJSON(body)
		}
	})
}
