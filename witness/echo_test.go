package witness_test

import (
	"bufio"
	"crypto/tls"
	"crypto/x509"
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"strings"
	"testing"

	"github.com/ingress-parity/ingress-parity/witness"
	"github.com/ingress-parity/ingress-parity/witness/witnesstest"
)

// rawGet sends a request line exactly as written and decodes the witness's answer.
func rawGet(t *testing.T, addr, target, host string, extra string) (witness.Echo, *http.Response) {
	t.Helper()
	c, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	fmt.Fprintf(c, "GET %s HTTP/1.1\r\nHost: %s\r\n%sConnection: close\r\n\r\n", target, host, extra)
	resp, err := http.ReadResponse(bufio.NewReader(c), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var e witness.Echo
	if err := json.NewDecoder(resp.Body).Decode(&e); err != nil {
		t.Fatalf("decode echo: %v", err)
	}
	return e, resp
}

func TestEchoReportsRequestAsReceived(t *testing.T) {
	addr := witnesstest.Start(t, witness.Options{Name: "default/app"})
	tests := []struct {
		name, target, host, wantPath, wantQuery string
	}{
		{name: "plain", target: "/x", host: "a.example.com", wantPath: "/x"},
		{name: "encoded slash kept", target: "/api%2Fx", host: "a.example.com", wantPath: "/api%2Fx"},
		{name: "dot segments kept", target: "/a/../b", host: "b.example.com", wantPath: "/a/../b"},
		{name: "double slash kept", target: "//a", host: "b.example.com", wantPath: "//a"},
		{name: "query split off", target: "/q?x=1&y=%20", host: "c.example.com", wantPath: "/q", wantQuery: "x=1&y=%20"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e, resp := rawGet(t, addr, tt.target, tt.host, "X-Forwarded-For: 10.1.2.3\r\n")
			if e.Name != "default/app" || resp.Header.Get(witness.Header) != "default/app" {
				t.Errorf("name = %q, header %q", e.Name, resp.Header.Get(witness.Header))
			}
			if e.Path != tt.wantPath || e.Query != tt.wantQuery || e.Host != tt.host || e.Method != "GET" {
				t.Errorf("echo = %s %s ? %s host %s, want %s ? %s host %s", e.Method, e.Path, e.Query, e.Host, tt.wantPath, tt.wantQuery, tt.host)
			}
			if got := e.Headers["X-Forwarded-For"]; len(got) != 1 || got[0] != "10.1.2.3" {
				t.Errorf("X-Forwarded-For = %v", got)
			}
			if !strings.HasPrefix(e.Peer, "127.0.0.1:") {
				t.Errorf("peer = %q", e.Peer)
			}
			if e.TLS != nil {
				t.Errorf("tls = %+v on a plain connection", e.TLS)
			}
		})
	}
}

func TestEchoBoundsBody(t *testing.T) {
	addr := witnesstest.Start(t, witness.Options{Name: "w", MaxBody: 10})
	resp, err := http.Post("http://"+addr+"/", "text/plain", strings.NewReader(strings.Repeat("x", 100)))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var e witness.Echo
	if err := json.NewDecoder(resp.Body).Decode(&e); err != nil {
		t.Fatal(err)
	}
	if e.BodyBytes != 10 || !e.BodyTruncated {
		t.Errorf("bodyBytes=%d truncated=%v, want 10 true", e.BodyBytes, e.BodyTruncated)
	}
}

func TestEchoTLSAndClientCertificate(t *testing.T) {
	ca := witnesstest.NewCA(t, "test CA")
	srv := ca.Server(t, "server", "secure.example.com")
	client := ca.Client(t, "alice")
	addr := witnesstest.Start(t, witness.Options{Name: "tls", TLSCert: srv.CertFile, TLSKey: srv.KeyFile, ClientCA: ca.CertFile})
	pool := x509.NewCertPool()
	pool.AddCert(ca.Cert)
	kp, err := tls.LoadX509KeyPair(client.CertFile, client.KeyFile)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name      string
		certs     []tls.Certificate
		wantCerts int
		wantSubj  string
	}{
		{name: "no client certificate", wantCerts: 0},
		{name: "client certificate", certs: []tls.Certificate{kp}, wantCerts: 1, wantSubj: "CN=alice"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tr := &http.Transport{TLSClientConfig: &tls.Config{RootCAs: pool, ServerName: "secure.example.com", Certificates: tt.certs}}
			defer tr.CloseIdleConnections()
			resp, err := (&http.Client{Transport: tr}).Get("https://" + addr + "/tls")
			if err != nil {
				t.Fatal(err)
			}
			defer resp.Body.Close()
			var e witness.Echo
			if err := json.NewDecoder(resp.Body).Decode(&e); err != nil {
				t.Fatal(err)
			}
			if e.TLS == nil || e.TLS.ServerName != "secure.example.com" {
				t.Fatalf("tls = %+v, want SNI secure.example.com", e.TLS)
			}
			if len(e.TLS.ClientCertificates) != tt.wantCerts || e.TLS.Verified != (tt.wantCerts > 0) {
				t.Fatalf("client certs = %+v verified=%v", e.TLS.ClientCertificates, e.TLS.Verified)
			}
			if tt.wantCerts > 0 && e.TLS.ClientCertificates[0].Subject != tt.wantSubj {
				t.Errorf("subject = %q, want %q", e.TLS.ClientCertificates[0].Subject, tt.wantSubj)
			}
		})
	}
}

func TestOptionsValidate(t *testing.T) {
	tests := []struct {
		name string
		o    witness.Options
		want string
	}{
		{name: "no name", o: witness.Options{}, want: "--name"},
		{name: "cert without key", o: witness.Options{Name: "a", TLSCert: "c"}, want: "together"},
		{name: "client CA without TLS", o: witness.Options{Name: "a", ClientCA: "ca"}, want: "--client-ca"},
		{name: "missing cert file", o: witness.Options{Name: "a", Listen: "127.0.0.1:0", TLSCert: "/nonexistent.crt", TLSKey: "/nonexistent.key"}, want: "/nonexistent.crt"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := witness.Listen(tt.o)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("err = %v, want mention of %q", err, tt.want)
			}
		})
	}
}
