package probe_test

import (
	"context"
	"strings"
	"testing"

	"github.com/ingress-parity/ingress-parity/probe"
	"github.com/ingress-parity/ingress-parity/witness"
	"github.com/ingress-parity/ingress-parity/witness/witnesstest"
)

// TestTLSProbesUseProbeHostAsSNI sends https probes straight to a TLS witness with a test
// CA: SNI comes from the probe, certificates are verified with --ca-file, and a probe's
// client certificate is presented.
func TestTLSProbesUseProbeHostAsSNI(t *testing.T) {
	ca := witnesstest.NewCA(t, "probe test CA")
	srv := ca.Server(t, "server", "secure.example.com")
	client := ca.Client(t, "bob")
	addr := witnesstest.Start(t, witness.Options{Name: "tls", TLSCert: srv.CertFile, TLSKey: srv.KeyFile, ClientCA: ca.CertFile})
	tg := mustTarget(t, "side", "https://"+addr)
	plan := &probe.Plan{Version: 1, Probes: []probe.Probe{
		{ID: "plain", Request: probe.Request{Method: "GET", Scheme: "https", Host: "secure.example.com", Path: "/"}},
		{ID: "mtls", Request: probe.Request{Method: "GET", Scheme: "https", Host: "secure.example.com", Path: "/"},
			Identity: &probe.Identity{Kind: "client-cert", ClientCertFile: client.CertFile, ClientKeyFile: client.KeyFile}},
		{ID: "wrong-name", Request: probe.Request{Method: "GET", Scheme: "https", Host: "other.example.com", Path: "/"}},
		{ID: "no-http-address", Request: probe.Request{Method: "GET", Scheme: "http", Host: "secure.example.com", Path: "/"}},
	}}
	tests := []struct {
		name  string
		tls   probe.TLSOptions
		check func(t *testing.T, byID map[string]*probe.Result)
	}{
		{name: "verified with the test CA", tls: probe.TLSOptions{CAFile: ca.CertFile}, check: func(t *testing.T, byID map[string]*probe.Result) {
			if o := byID["plain"].Old; o.Error != "" || o.Upstream == nil || o.Upstream.ClientCert != "" {
				t.Errorf("plain: %+v", o)
			}
			if o := byID["mtls"].Old; o.Upstream == nil || o.Upstream.ClientCert != "CN=bob" {
				t.Errorf("mtls: client cert %+v, want CN=bob", o.Upstream)
			}
			if o := byID["wrong-name"].Old; !strings.Contains(o.Error, "certificate") {
				t.Errorf("wrong-name: error %q, want a certificate verification failure", o.Error)
			}
			if o := byID["no-http-address"].Old; !strings.Contains(o.Error, "no http address") {
				t.Errorf("no-http-address: error %q", o.Error)
			}
		}},
		{name: "system roots refuse the test CA", check: func(t *testing.T, byID map[string]*probe.Result) {
			if o := byID["plain"].Old; !strings.Contains(o.Error, "certificate") {
				t.Errorf("plain: error %q, want unknown authority", o.Error)
			}
		}},
		{name: "insecure accepts any name", tls: probe.TLSOptions{Insecure: true}, check: func(t *testing.T, byID map[string]*probe.Result) {
			if o := byID["wrong-name"].Old; o.Error != "" || o.Backend != "tls" {
				t.Errorf("wrong-name: %+v", o)
			}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var c collectResults
			if _, err := probe.Run(context.Background(), probe.FromPlan(plan), probe.Options{Old: tg, New: tg, TLS: tt.tls, MinErrorSamples: 100}, &c); err != nil {
				t.Fatal(err)
			}
			byID := map[string]*probe.Result{}
			for _, r := range c.results {
				byID[r.ID] = r
			}
			tt.check(t, byID)
		})
	}
}
