package probe

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"io"
	"net"
	"net/http"
	"regexp"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

// rawServer answers every request on a loopback listener with answer(n), n counting
// requests on that connection from 1; closeAfter(n) closes the connection after it.
type rawServer struct {
	addr  string
	conns atomic.Int32
}

func startRawServer(t *testing.T, answer func(n int) string, closeAfter func(n int) bool) *rawServer {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { l.Close() })
	s := &rawServer{addr: l.Addr().String()}
	go func() {
		for {
			c, err := l.Accept()
			if err != nil {
				return
			}
			s.conns.Add(1)
			go func() {
				defer c.Close()
				br := bufio.NewReader(c)
				for n := 1; ; n++ {
					req, err := http.ReadRequest(br)
					if err != nil {
						return
					}
					_, _ = io.Copy(io.Discard, req.Body)
					if a := answer(n); a != "" {
						_, _ = io.WriteString(c, a)
					} else {
						_, _ = io.Copy(io.Discard, c) // never answer
						return
					}
					if closeAfter != nil && closeAfter(n) {
						return
					}
				}
			}()
		}
	}()
	return s
}

func sendRequest(t *testing.T, c *h1Client, method string) (h1Result, string, error) {
	t.Helper()
	head, _, err := appendRequestHead(nil, &Probe{ID: "p", Request: Request{Method: method, Scheme: "http", Host: "h.example", Path: "/"}}, sendMeta{RequestID: "r", TraceParent: "t"})
	if err != nil {
		t.Fatal(err)
	}
	var body bytes.Buffer
	res, err := c.roundTrip(context.Background(), &h1Request{key: connKey{scheme: "http"}, head: head, method: method}, &body, maxBodyRead)
	return res, body.String(), err
}

func TestH1Client(t *testing.T) {
	ok := "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok"
	tests := []struct {
		name       string
		method     string // default GET
		answer     func(n int) string
		closeAfter func(n int) bool
		requests   int
		wantConns  int32
		wantErr    string // regexp expected from request errFrom on
		errFrom    int
	}{
		{name: "keep-alive reuses one connection", answer: func(int) string { return ok }, requests: 5, wantConns: 1},
		{name: "Connection: close is honoured", answer: func(int) string {
			return "HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 2\r\n\r\nok"
		}, closeAfter: func(int) bool { return true }, requests: 3, wantConns: 3},
		{name: "idle connection closed by the server is retried", answer: func(int) string { return ok },
			closeAfter: func(int) bool { return true }, requests: 3, wantConns: 3},
		{name: "body until close is not reused", answer: func(int) string { return "HTTP/1.1 200 OK\r\n\r\nok" },
			closeAfter: func(int) bool { return true }, requests: 2, wantConns: 2},
		{name: "POST on a closed idle connection is not repeated", method: "POST", answer: func(int) string { return ok },
			closeAfter: func(int) bool { return true }, requests: 2, wantConns: 1, wantErr: "no response|writing request", errFrom: 1},
		{name: "no answer times out", answer: func(int) string { return "" }, requests: 1, wantConns: 1, wantErr: "timeout"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := startRawServer(t, tt.answer, tt.closeAfter)
			c := newH1Client(Target{Name: "old", HTTP: srv.addr}, 500*time.Millisecond)
			defer c.close()
			method := tt.method
			if method == "" {
				method = "GET"
			}
			for i := range tt.requests {
				res, body, err := sendRequest(t, c, method)
				if tt.wantErr != "" && i >= tt.errFrom {
					if err == nil || !regexp.MustCompile(tt.wantErr).MatchString(err.Error()) {
						t.Fatalf("request %d: err %v, want %q", i, err, tt.wantErr)
					}
					continue
				}
				if err != nil || res.head.status != 200 || body != "ok" {
					t.Fatalf("request %d: %v, %+v, body %q", i, err, res, body)
				}
			}
			if got := srv.conns.Load(); got != tt.wantConns {
				t.Errorf("connections = %d, want %d", got, tt.wantConns)
			}
		})
	}
}

// TestRequestHeadOnTheWire pins the bytes the prober writes: the planned path and query
// byte for byte, Host with the probe's port, User-Agent, the other headers canonical and
// sorted, framing headers of the plan dropped, and a zero length for POST.
func TestRequestHeadOnTheWire(t *testing.T) {
	meta := sendMeta{RequestID: "run-000001-old", TraceParent: "00-aa-bb-01"}
	tests := []struct {
		name    string
		req     Request
		meta    sendMeta
		want    string
		wantErr string
	}{
		{name: "raw path kept", req: Request{Method: "GET", Scheme: "http", Host: "shop.example.com", Path: "/api/%2F..//./x%2e%2E/", Query: "a=%41&b"},
			want: "GET /api/%2F..//./x%2e%2E/?a=%41&b HTTP/1.1\r\nHost: shop.example.com\r\nUser-Agent: ingress-parity-probe\r\nTraceparent: 00-aa-bb-01\r\nX-Request-Id: run-000001-old\r\n\r\n"},
		{name: "port and headers", req: Request{Method: "GET", Scheme: "https", Host: "shop.example.com", Port: 8443, Path: "/",
			Headers: map[string]string{"x-forwarded-for": "203.0.113.7", "user-agent": "curl/8", "Content-Length": "5", "Transfer-Encoding": "chunked", "X-Request-ID": "planned"}},
			want: "GET / HTTP/1.1\r\nHost: shop.example.com:8443\r\nUser-Agent: curl/8\r\nTraceparent: 00-aa-bb-01\r\nX-Forwarded-For: 203.0.113.7\r\nX-Request-Id: run-000001-old\r\n\r\n"},
		{name: "default port left out", req: Request{Method: "HEAD", Scheme: "https", Host: "h", Port: 443, Path: "/"},
			want: "HEAD / HTTP/1.1\r\nHost: h\r\nUser-Agent: ingress-parity-probe\r\nTraceparent: 00-aa-bb-01\r\nX-Request-Id: run-000001-old\r\n\r\n"},
		{name: "IPv6 host with port", req: Request{Method: "GET", Scheme: "http", Host: "::1", Port: 8080, Path: "/"},
			want: "GET / HTTP/1.1\r\nHost: [::1]:8080\r\nUser-Agent: ingress-parity-probe\r\nTraceparent: 00-aa-bb-01\r\nX-Request-Id: run-000001-old\r\n\r\n"},
		{name: "POST has a zero length, identity overrides", req: Request{Method: "POST", Scheme: "http", Host: "h", Path: "/", Headers: map[string]string{"Authorization": "Basic planned"}},
			meta: sendMeta{Authorization: "Bearer t"},
			want: "POST / HTTP/1.1\r\nHost: h\r\nUser-Agent: ingress-parity-probe\r\nAuthorization: Bearer t\r\nTraceparent: 00-aa-bb-01\r\nX-Request-Id: run-000001-old\r\nContent-Length: 0\r\n\r\n"},
		{name: "control byte in a value", req: Request{Method: "GET", Scheme: "http", Host: "h", Path: "/", Headers: map[string]string{"X-A": "a\x00b"}}, wantErr: `invalid header field value for "X-A"`},
		{name: "bad header name", req: Request{Method: "GET", Scheme: "http", Host: "h", Path: "/", Headers: map[string]string{"X(A)": "1"}}, wantErr: `invalid header field name "X(A)"`},
		{name: "bad method", req: Request{Method: "G@T", Scheme: "http", Host: "h", Path: "/"}, wantErr: `invalid method "G@T"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := meta
			m.Authorization = tt.meta.Authorization
			got, _, err := appendRequestHead(nil, &Probe{ID: "p", Request: tt.req}, m)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("err %v, want %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if string(got) != tt.want {
				t.Errorf("wire form\n got %q\nwant %q", got, tt.want)
			}
		})
	}
}

// TestH1ClientDropsStaleIdle: a connection idle for longer than idleConnTimeout is closed
// when another returns to its pool, and never handed out again.
func TestH1ClientDropsStaleIdle(t *testing.T) {
	c := newH1Client(Target{Name: "old", HTTP: "127.0.0.1:1"}, time.Second)
	defer c.close()
	key := connKey{scheme: "http"}
	staleSide, staleConn := net.Pipe()
	freshSide, freshConn := net.Pipe()
	defer staleSide.Close()
	defer freshSide.Close()
	c.idle[key] = []*h1Conn{{conn: staleConn, idleSince: time.Now().Add(-2 * idleConnTimeout)}}
	c.put(key, &h1Conn{conn: freshConn})
	_ = staleSide.SetWriteDeadline(time.Now().Add(time.Second)) // an open pipe would block
	if _, err := staleSide.Write([]byte("x")); !errors.Is(err, io.ErrClosedPipe) {
		t.Errorf("writing to the stale connection's peer: %v, want io.ErrClosedPipe (closed)", err)
	}
	if got := len(c.idle[key]); got != 1 || c.idle[key][0].conn != freshConn {
		t.Errorf("pool holds %d connections, want only the fresh one", got)
	}
}
