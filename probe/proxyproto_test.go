package probe

import (
	"bufio"
	"bytes"
	"context"
	"encoding/binary"
	"errors"
	"io"
	"net"
	"net/http"
	"net/netip"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

func TestAppendProxyHeader(t *testing.T) {
	v4local := netip.MustParseAddrPort("127.0.0.1:40000")
	v4remote := netip.MustParseAddrPort("127.0.0.1:8080")
	v6local := netip.MustParseAddrPort("[::1]:40000")
	v6remote := netip.MustParseAddrPort("[::1]:8443")
	tests := []struct {
		name          string
		h             ProxyHeader
		local, remote netip.AddrPort
		want          string
	}{
		{name: "IPv4 line with the connection's own port", h: ProxyHeader{Source: "203.0.113.7"}, local: v4local, remote: v4remote,
			want: "PROXY TCP4 203.0.113.7 127.0.0.1 40000 8080\r\n"},
		{name: "version 1 explicitly and a source port", h: ProxyHeader{Source: "10.1.2.3", SourcePort: 5555, Version: 1}, local: v4local, remote: v4remote,
			want: "PROXY TCP4 10.1.2.3 127.0.0.1 5555 8080\r\n"},
		{name: "IPv6 line", h: ProxyHeader{Source: "2001:db8::7"}, local: v6local, remote: v6remote,
			want: "PROXY TCP6 2001:db8::7 ::1 40000 8443\r\n"},
		{name: "IPv4-mapped source is announced as IPv4", h: ProxyHeader{Source: "::ffff:192.0.2.1"}, local: v4local, remote: v4remote,
			want: "PROXY TCP4 192.0.2.1 127.0.0.1 40000 8080\r\n"},
		{name: "IPv4 source to an IPv6 side is mapped", h: ProxyHeader{Source: "203.0.113.7"}, local: v6local, remote: v6remote,
			want: "PROXY TCP6 ::ffff:203.0.113.7 ::1 40000 8443\r\n"},
		{name: "IPv6 source to an IPv4 side maps the destination", h: ProxyHeader{Source: "2001:db8::7"}, local: v4local, remote: v4remote,
			want: "PROXY TCP6 2001:db8::7 ::ffff:127.0.0.1 40000 8080\r\n"},
		{name: "version 2 IPv4", h: ProxyHeader{Source: "203.0.113.7", Version: 2}, local: v4local, remote: v4remote,
			want: v2Signature + "\x21\x11\x00\x0c" + "\xcb\x00\x71\x07" + "\x7f\x00\x00\x01" + "\x9c\x40" + "\x1f\x90"},
		{name: "version 2 IPv6", h: ProxyHeader{Source: "2001:db8::7", SourcePort: 1, Version: 2}, local: v6local, remote: v6remote,
			want: v2Signature + "\x21\x21\x00\x24" +
				"\x20\x01\x0d\xb8\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x07" +
				"\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x01" + "\x00\x01" + "\x20\xfb"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := appendProxyHeader(nil, tt.h, tt.local, tt.remote)
			if err != nil {
				t.Fatal(err)
			}
			if string(got) != tt.want {
				t.Errorf("header\n got %q\nwant %q", got, tt.want)
			}
		})
	}
}

func TestAppendProxyHeaderRejects(t *testing.T) {
	local, remote := netip.MustParseAddrPort("127.0.0.1:1"), netip.MustParseAddrPort("127.0.0.1:2")
	tests := []struct {
		name string
		h    ProxyHeader
		want string
	}{
		{name: "empty source", h: ProxyHeader{}, want: `source "": invalid PROXY protocol header: want an IPv4 or IPv6 address`},
		{name: "host name", h: ProxyHeader{Source: "lb.example.com"}, want: `source "lb.example.com": invalid PROXY protocol header: want an IPv4 or IPv6 address`},
		{name: "CIDR", h: ProxyHeader{Source: "10.0.0.0/8"}, want: `source "10.0.0.0/8": invalid PROXY protocol header: want an IPv4 or IPv6 address`},
		{name: "address with port", h: ProxyHeader{Source: "10.0.0.1:80"}, want: `source "10.0.0.1:80": invalid PROXY protocol header: want an IPv4 or IPv6 address`},
		{name: "line break", h: ProxyHeader{Source: "10.0.0.1\r\nGET"}, want: `source "10.0.0.1\r\nGET": invalid PROXY protocol header: want an IPv4 or IPv6 address`},
		{name: "zone", h: ProxyHeader{Source: "fe80::1%eth0"}, want: `source "fe80::1%eth0": invalid PROXY protocol header: an address zone cannot be announced`},
		{name: "port out of range", h: ProxyHeader{Source: "10.0.0.1", SourcePort: 65536}, want: "sourcePort 65536: invalid PROXY protocol header: want 0-65535"},
		{name: "negative port", h: ProxyHeader{Source: "10.0.0.1", SourcePort: -1}, want: "sourcePort -1: invalid PROXY protocol header: want 0-65535"},
		{name: "version 3", h: ProxyHeader{Source: "10.0.0.1", Version: 3}, want: "version 3: invalid PROXY protocol header: want 1 or 2"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b, err := appendProxyHeader([]byte("x"), tt.h, local, remote)
			if err == nil || err.Error() != tt.want || !errors.Is(err, ErrProxyHeader) {
				t.Fatalf("err %v, want %q", err, tt.want)
			}
			if string(b) != "x" {
				t.Errorf("buffer changed on error: %q", b)
			}
		})
	}
}

func TestParseProxyFlag(t *testing.T) {
	tests := []struct {
		name, value string
		want        ProxyHeader
		wantErr     string
	}{
		{name: "empty is the default source", value: "", want: ProxyHeader{Source: DefaultProxySource, Version: 1}},
		{name: "true (a bare boolean flag)", value: "true", want: ProxyHeader{Source: DefaultProxySource, Version: 1}},
		{name: "version 2", value: "v2", want: ProxyHeader{Source: DefaultProxySource, Version: 2}},
		{name: "address", value: "198.51.100.9", want: ProxyHeader{Source: "198.51.100.9", Version: 1}},
		{name: "version and IPv6 address", value: "v2, 2001:db8::7", want: ProxyHeader{Source: "2001:db8::7", Version: 2}},
		{name: "not an address", value: "v3", wantErr: `--old-proxy-protocol "v3": source "v3": invalid PROXY protocol header: want an IPv4 or IPv6 address`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ParseProxyFlag("old-proxy-protocol", tt.value)
			if tt.wantErr != "" {
				if err == nil || err.Error() != tt.wantErr {
					t.Fatalf("err %v, want %q", err, tt.wantErr)
				}
				return
			}
			if err != nil || *got != tt.want {
				t.Fatalf("got %+v, %v; want %+v", got, err, tt.want)
			}
		})
	}
}

func TestProxyPlanFor(t *testing.T) {
	both := &ProxyPlan{ProxyHeader: ProxyHeader{Source: "203.0.113.7"}}
	oldOnly := &ProxyPlan{Old: &ProxyHeader{Source: "10.0.0.1"}}
	override := &ProxyPlan{ProxyHeader: ProxyHeader{Source: "203.0.113.7"}, New: &ProxyHeader{Source: "10.0.0.2", Version: 2}}
	tests := []struct {
		name string
		p    *ProxyPlan
		side string
		want string // source, "" for none
	}{
		{name: "nil plan", p: nil, side: "old"},
		{name: "both to old", p: both, side: "old", want: "203.0.113.7"},
		{name: "both to new", p: both, side: "new", want: "203.0.113.7"},
		{name: "old only to old", p: oldOnly, side: "old", want: "10.0.0.1"},
		{name: "old only to old-secondary", p: oldOnly, side: "old-secondary", want: "10.0.0.1"},
		{name: "old only to new", p: oldOnly, side: "new"},
		{name: "override for new", p: override, side: "new", want: "10.0.0.2"},
		{name: "override leaves old", p: override, side: "old", want: "203.0.113.7"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := ""
			if h := tt.p.For(tt.side); h != nil {
				got = h.Source
			}
			if got != tt.want {
				t.Errorf("For(%s) = %q, want %q", tt.side, got, tt.want)
			}
		})
	}
}

func TestProxyPlanValidate(t *testing.T) {
	tests := []struct {
		name    string
		p       ProxyPlan
		wantErr string
	}{
		{name: "both sides", p: ProxyPlan{ProxyHeader: ProxyHeader{Source: "203.0.113.7", Version: 2}}},
		{name: "one side", p: ProxyPlan{New: &ProxyHeader{Source: "2001:db8::1"}}},
		{name: "nothing", p: ProxyPlan{}, wantErr: "names no header: set source, old or new"},
		{name: "version without source", p: ProxyPlan{ProxyHeader: ProxyHeader{Version: 2}}, wantErr: "source is empty"},
		{name: "bad old source", p: ProxyPlan{Old: &ProxyHeader{Source: "x"}}, wantErr: `old.source "x": invalid PROXY protocol header: want an IPv4 or IPv6 address`},
		{name: "bad new version", p: ProxyPlan{New: &ProxyHeader{Source: "10.0.0.1", Version: 9}}, wantErr: "new.version 9: invalid PROXY protocol header: want 1 or 2"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.p.Validate()
			if (err == nil) != (tt.wantErr == "") || (err != nil && err.Error() != tt.wantErr) {
				t.Fatalf("err %v, want %q", err, tt.wantErr)
			}
		})
	}
}

// FuzzAppendProxyHeader holds the writer to a clear error or a header a PROXY protocol
// reader accepts: a version 1 line of at most 107 bytes with six fields of one family, or
// a version 2 block whose length field covers its addresses.
func FuzzAppendProxyHeader(f *testing.F) {
	f.Add("203.0.113.7", 0, 1, true)
	f.Add("2001:db8::7", 443, 2, false)
	f.Add("::ffff:10.0.0.1", 65535, 1, false)
	f.Add("fe80::1%eth0", 1, 1, true)
	f.Add("10.0.0.1\r\n", 1, 1, true)
	f.Fuzz(func(t *testing.T, source string, port, version int, v4side bool) {
		local, remote := netip.MustParseAddrPort("[::1]:40000"), netip.MustParseAddrPort("[::1]:8443")
		if v4side {
			local, remote = netip.MustParseAddrPort("127.0.0.1:40000"), netip.MustParseAddrPort("127.0.0.1:8080")
		}
		h := ProxyHeader{Source: source, SourcePort: port, Version: version}
		b, err := appendProxyHeader(nil, h, local, remote)
		if err != nil {
			if !errors.Is(err, ErrProxyHeader) || h.Validate() == nil {
				t.Fatalf("error %v for %+v", err, h)
			}
			return
		}
		if version == 2 {
			if !bytes.HasPrefix(b, []byte(v2Signature)) || len(b) != 16+int(binary.BigEndian.Uint16(b[14:16])) {
				t.Fatalf("bad v2 header %q", b)
			}
			return
		}
		src, dst, err := parseProxyLine(string(b))
		if err != nil {
			t.Fatalf("%q: %v", b, err)
		}
		if want := netip.MustParseAddr(source).Unmap(); src.Unmap() != want {
			t.Fatalf("announced %v, want %v", src, want)
		}
		if dst.Unmap() != remote.Addr() {
			t.Fatalf("destination %v, want %v", dst, remote.Addr())
		}
	})
}

// parseProxyLine reads a version 1 line as a strict receiver would (proxy-protocol.txt
// section 2.1), returning the source and destination addresses.
func parseProxyLine(line string) (src, dst netip.Addr, err error) {
	if len(line) > 107 || !strings.HasSuffix(line, "\r\n") {
		return src, dst, errors.New("not a line of at most 107 bytes ending in CRLF")
	}
	f := strings.Split(strings.TrimSuffix(line, "\r\n"), " ")
	if len(f) != 6 || f[0] != "PROXY" || (f[1] != "TCP4" && f[1] != "TCP6") {
		return src, dst, errors.New("want PROXY TCP4|TCP6 src dst sport dport")
	}
	if src, err = netip.ParseAddr(f[2]); err != nil {
		return src, dst, err
	}
	if dst, err = netip.ParseAddr(f[3]); err != nil {
		return src, dst, err
	}
	if src.Is4() != (f[1] == "TCP4") || dst.Is4() != (f[1] == "TCP4") {
		return src, dst, errors.New("address family differs from the protocol")
	}
	for _, p := range f[4:] {
		if n, err := strconv.Atoi(p); err != nil || n < 0 || n > 65535 || strconv.Itoa(n) != p {
			return src, dst, errors.New("bad port " + p)
		}
	}
	return src, dst, nil
}

// proxyServer is a loopback server that reads an optional PROXY v1 line at the start of
// each connection, records it, and answers every request with 200 naming it.
type proxyServer struct {
	addr string
	mu   sync.Mutex
	// lines holds the PROXY line of each accepted connection ("" for none).
	lines []string
}

func startProxyServer(t *testing.T) *proxyServer {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { l.Close() })
	s := &proxyServer{addr: l.Addr().String()}
	go func() {
		for {
			c, err := l.Accept()
			if err != nil {
				return
			}
			go s.serve(c)
		}
	}()
	return s
}

func (s *proxyServer) serve(c net.Conn) {
	defer c.Close()
	br := bufio.NewReader(c)
	line := ""
	if peek, _ := br.Peek(6); string(peek) == "PROXY " {
		line, _ = br.ReadString('\n')
	}
	s.mu.Lock()
	s.lines = append(s.lines, line)
	s.mu.Unlock()
	for {
		req, err := http.ReadRequest(br)
		if err != nil {
			return
		}
		_, _ = io.Copy(io.Discard, req.Body)
		_, _ = io.WriteString(c, "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok")
	}
}

func (s *proxyServer) seen() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]string(nil), s.lines...)
}

// TestH1ClientProxyHeaderPerConnection: a PROXY header starts each new connection; the
// pool keeps connections of one announced source together and never hands a connection
// with a header to a probe that announces another source or none.
func TestH1ClientProxyHeaderPerConnection(t *testing.T) {
	srv := startProxyServer(t)
	c := newH1Client(Target{Name: "old", HTTP: srv.addr}, 2*time.Second)
	defer c.close()
	head, _, err := appendRequestHead(nil, &Probe{ID: "p", Request: Request{Method: "GET", Scheme: "http", Host: "h.example", Path: "/"}}, sendMeta{})
	if err != nil {
		t.Fatal(err)
	}
	a := ProxyHeader{Source: "203.0.113.7"}
	b := ProxyHeader{Source: "10.0.0.9", SourcePort: 1234}
	for i, h := range []ProxyHeader{a, a, {}, b, a, {}, b} {
		res, err := c.roundTrip(context.Background(), &h1Request{key: connKey{scheme: "http", proxy: h}, head: head, method: "GET"}, io.Discard, maxBodyRead)
		if err != nil || res.head.status != 200 {
			t.Fatalf("request %d (%+v): %v %+v", i, h, err, res)
		}
	}
	got := srv.seen()
	if len(got) != 3 {
		t.Fatalf("connections %q, want 3 (one per header)", got)
	}
	want := map[string]bool{"": true, "PROXY TCP4 10.0.0.9 127.0.0.1 1234 " + srv.addr[strings.LastIndexByte(srv.addr, ':')+1:] + "\r\n": true}
	for _, l := range got {
		if strings.HasPrefix(l, "PROXY TCP4 203.0.113.7 127.0.0.1 ") {
			continue
		}
		if !want[l] {
			t.Errorf("unexpected connection start %q", l)
		}
	}
}

func BenchmarkAppendProxyHeader(b *testing.B) {
	local, remote := netip.MustParseAddrPort("127.0.0.1:40000"), netip.MustParseAddrPort("127.0.0.1:8080")
	for _, h := range []ProxyHeader{{Source: "203.0.113.7"}, {Source: "2001:db8::7", Version: 2}} {
		b.Run("v"+strconv.Itoa(max(h.Version, 1)), func(b *testing.B) {
			buf := make([]byte, 0, 108)
			for b.Loop() {
				var err error
				if buf, err = appendProxyHeader(buf[:0], h, local, remote); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

type resultList []*Result

func (l *resultList) Write(r *Result) error { *l = append(*l, r); return nil }

// TestRunProxyTargets: a side default applies to probes without their own header, the old
// replica follows old's, the result shows what each side got, and an invalid default is a
// clear error before anything is sent.
func TestRunProxyTargets(t *testing.T) {
	srv := startProxyServer(t)
	pl := &Plan{Version: PlanVersion, Probes: []Probe{{ID: "p", Class: "route", Request: Request{Method: "GET", Scheme: "http", Host: "h.example", Path: "/"}}}}
	opts := Options{
		Old:          Target{Name: "old", HTTP: srv.addr, Proxy: &ProxyHeader{Source: "10.0.0.1", Version: 1}},
		New:          Target{Name: "new", HTTP: srv.addr},
		OldSecondary: Target{Name: "old-secondary", HTTP: srv.addr},
	}
	var got resultList
	if _, err := Run(context.Background(), FromPlan(pl), opts, &got); err != nil {
		t.Fatal(err)
	}
	lines := map[string]int{}
	for _, l := range srv.seen() {
		src, _, _ := strings.Cut(strings.TrimPrefix(l, "PROXY TCP4 "), " ")
		lines[src]++
	}
	// old and its second send share a connection; the replica has its own; new has none.
	if want := map[string]int{"10.0.0.1": 2, "": 1}; lines["10.0.0.1"] != want["10.0.0.1"] || lines[""] != want[""] || len(lines) != 2 {
		t.Errorf("connections by announced source %v, want %v", lines, want)
	}
	if pr := got[0].Request.Proxy; pr == nil || pr.Old == nil || pr.Old.Source != "10.0.0.1" || pr.New != nil {
		t.Errorf("result request.proxy %+v, want old 10.0.0.1 only", pr)
	}
	opts.New.Proxy = &ProxyHeader{Source: "not-an-address"}
	_, err := Run(context.Background(), FromPlan(pl), opts, &got)
	if want := `--new-proxy-protocol: source "not-an-address": invalid PROXY protocol header: want an IPv4 or IPv6 address`; err == nil || err.Error() != want {
		t.Errorf("err %v, want %q", err, want)
	}
}
