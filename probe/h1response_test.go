package probe

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"errors"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// parsed is what readResponseHead and readBody made of one response.
type parsed struct {
	Status     int
	Fields     []headerField
	CloseAfter bool
	Body       string
	Complete   bool
	Err        string // substring of the head or body error
}

func parse(raw, method string, limit int64) parsed {
	br := bufio.NewReaderSize(strings.NewReader(raw), maxHeaderLine)
	h, err := readResponseHead(br, method)
	if err != nil {
		return parsed{Err: err.Error()}
	}
	var body bytes.Buffer
	_, complete, err := readBody(br, h, &body, limit)
	p := parsed{Status: h.status, Fields: h.fields, CloseAfter: h.closeAfter, Body: body.String(), Complete: complete}
	if err != nil {
		p.Err = err.Error()
	}
	return p
}

func TestReadResponse(t *testing.T) {
	long := strings.Repeat("a", maxHeaderLine)
	many := strings.Repeat("X-Filler: "+strings.Repeat("b", 1000)+"\r\n", 1100)
	tests := []struct {
		name, raw, method string
		limit             int64
		want              parsed
	}{
		{name: "content length", raw: "HTTP/1.1 200 OK\r\nContent-Length: 5\r\nContent-Type: text/plain\r\n\r\nhello",
			want: parsed{Status: 200, Fields: []headerField{{"Content-Type", "text/plain"}}, Body: "hello", Complete: true}},
		{name: "kept headers canonical, repeated, trimmed", raw: "HTTP/1.1 302 Found\r\nlocation:  /x \r\nset-cookie: a=1\r\nSET-COOKIE: b=2\r\nServer: nginx\r\nContent-Length: 0\r\n\r\n",
			want: parsed{Status: 302, Fields: []headerField{{"Location", "/x"}, {"Set-Cookie", "a=1"}, {"Set-Cookie", "b=2"}}, Complete: true}},
		{name: "bare LF line ends", raw: "HTTP/1.1 200 OK\nContent-Length: 2\n\nok", want: parsed{Status: 200, Body: "ok", Complete: true}},
		{name: "status without reason", raw: "HTTP/1.1 404\r\nContent-Length: 0\r\n\r\n", want: parsed{Status: 404, Complete: true}},
		{name: "chunked with extension and trailer", raw: "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3;x=y\r\nabc\r\n2\r\nde\r\n0\r\nX-Trailer: 1\r\n\r\n",
			want: parsed{Status: 200, Body: "abcde", Complete: true}},
		{name: "chunked wins over content length", raw: "HTTP/1.1 200 OK\r\nContent-Length: 99\r\nTransfer-Encoding: chunked\r\n\r\n1\r\nz\r\n0\r\n\r\n",
			want: parsed{Status: 200, Body: "z", Complete: true}},
		{name: "bad chunk size", raw: "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nabc\r\n0\r\n\r\n",
			want: parsed{Status: 200, Err: `malformed chunk size "zz"`}},
		{name: "chunk size overflow", raw: "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nfffffffffffffffffff\r\n",
			want: parsed{Status: 200, Err: "malformed chunk size"}},
		{name: "chunk longer than its size", raw: "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nabc\r\n0\r\n\r\n",
			want: parsed{Status: 200, Body: "ab", Err: "chunk data longer than its chunk size"}},
		{name: "chunked body cut off", raw: "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nab",
			want: parsed{Status: 200, Body: "ab", Err: "connection closed inside a chunk"}},
		{name: "chunked trailer cut off", raw: "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n0\r\nX-T: 1\r\n",
			want: parsed{Status: 200, Err: "inside the chunked trailer"}},
		{name: "missing length, body until close", raw: "HTTP/1.1 200 OK\r\n\r\nall of it",
			want: parsed{Status: 200, CloseAfter: true, Body: "all of it", Complete: true}},
		{name: "content length cut off", raw: "HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nabc",
			want: parsed{Status: 200, Body: "abc", Err: "connection closed after 3 of 10 body bytes"}},
		{name: "body over the limit", raw: "HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\n0123456789", limit: 4,
			want: parsed{Status: 200, Body: "0123"}},
		{name: "chunked body over the limit", raw: "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\na\r\n0123456789\r\n0\r\n\r\n", limit: 4,
			want: parsed{Status: 200, Body: "0123"}},
		{name: "connection close", raw: "HTTP/1.1 200 OK\r\nConnection: keep-alive, Close\r\nContent-Length: 0\r\n\r\n",
			want: parsed{Status: 200, CloseAfter: true, Complete: true}},
		{name: "HTTP/1.0 closes", raw: "HTTP/1.0 200 OK\r\nContent-Length: 0\r\n\r\n", want: parsed{Status: 200, CloseAfter: true, Complete: true}},
		{name: "HTTP/1.0 keep-alive", raw: "HTTP/1.0 200 OK\r\nConnection: keep-alive\r\nContent-Length: 0\r\n\r\n", want: parsed{Status: 200, Complete: true}},
		{name: "1xx skipped", raw: "HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 103 Early Hints\r\nLink: </a>\r\n\r\nHTTP/1.1 204 No Content\r\nContent-Length: 7\r\n\r\n",
			want: parsed{Status: 204, Complete: true}},
		{name: "too many 1xx", raw: strings.Repeat("HTTP/1.1 100 Continue\r\n\r\n", 6) + "HTTP/1.1 200 OK\r\n\r\n",
			want: parsed{Err: "more than 5 informational (1xx) responses"}},
		{name: "closed after 1xx", raw: "HTTP/1.1 100 Continue\r\n\r\n", want: parsed{Err: "connection closed after an informational (1xx) response"}},
		{name: "101 is final", raw: "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n\r\n\x81\x00",
			want: parsed{Status: 101, CloseAfter: true, Complete: true}},
		{name: "HEAD has no body", method: "HEAD", raw: "HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\n", want: parsed{Status: 200, Complete: true}},
		{name: "304 has no body", raw: "HTTP/1.1 304 Not Modified\r\n\r\n", want: parsed{Status: 304, Complete: true}},
		{name: "obs-fold joins a kept header", raw: "HTTP/1.1 200 OK\r\nCache-Control: no-cache,\r\n  no-store\r\nX-Other: a\r\n b\r\nContent-Length: 0\r\n\r\n",
			want: parsed{Status: 200, Fields: []headerField{{"Cache-Control", "no-cache, no-store"}}, Complete: true}},
		{name: "empty connection", raw: "", want: parsed{Err: "no response: connection closed"}},
		{name: "truncated status line", raw: "HTTP/1.1 20", want: parsed{Err: "connection closed before the response head was complete"}},
		{name: "truncated headers", raw: "HTTP/1.1 200 OK\r\nContent-Length: 3\r\n", want: parsed{Err: "connection closed before the response head was complete"}},
		{name: "not HTTP/1.x", raw: "HTTP/2.0 200 OK\r\n\r\n", want: parsed{Err: "want HTTP/1.0 or HTTP/1.1"}},
		{name: "bad status", raw: "HTTP/1.1 2x0 OK\r\n\r\n", want: parsed{Err: "want a three-digit status"}},
		{name: "status out of range", raw: "HTTP/1.1 600 Odd\r\n\r\n", want: parsed{Err: "want a three-digit status"}},
		{name: "header without colon", raw: "HTTP/1.1 200 OK\r\nBroken header\r\n\r\n", want: parsed{Err: `malformed header line "Broken header"`}},
		{name: "space before colon", raw: "HTTP/1.1 200 OK\r\nX-A : 1\r\n\r\n", want: parsed{Err: "malformed header line"}},
		{name: "NUL in a value", raw: "HTTP/1.1 200 OK\r\nX-A: a\x00b\r\n\r\n", want: parsed{Err: "value contains a NUL byte"}},
		{name: "header line too long", raw: "HTTP/1.1 200 OK\r\nX-Long: " + long + "\r\n\r\n", want: parsed{Err: "header line longer than 32768 bytes"}},
		{name: "headers too long", raw: "HTTP/1.1 200 OK\r\n" + many + "\r\n", want: parsed{Err: "response headers longer than 1048576 bytes"}},
		{name: "conflicting content length", raw: "HTTP/1.1 200 OK\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n", want: parsed{Err: "conflicting Content-Length headers 1 and 2"}},
		{name: "negative content length", raw: "HTTP/1.1 200 OK\r\nContent-Length: -1\r\n\r\n", want: parsed{Err: `Content-Length "-1": not a length`}},
		{name: "unsupported transfer encoding", raw: "HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip, chunked\r\n\r\n", want: parsed{Err: `unsupported Transfer-Encoding "gzip, chunked"`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			method, limit := tt.method, tt.limit
			if method == "" {
				method = "GET"
			}
			if limit == 0 {
				limit = maxBodyRead
			}
			got := parse(tt.raw, method, limit)
			if tt.want.Err != "" && strings.Contains(got.Err, tt.want.Err) {
				got.Err = tt.want.Err
			}
			if d := cmp.Diff(tt.want, got, cmp.AllowUnexported(headerField{})); d != "" {
				t.Errorf("(-want +got):\n%s", d)
			}
		})
	}
}

// TestReadResponseStopsAtTheNextResponse: a keep-alive response ends exactly at its body,
// so the next response on the connection starts at the right byte.
func TestReadResponseStopsAtTheNextResponse(t *testing.T) {
	raw := "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nokHTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n1\r\nx\r\n0\r\n\r\nHTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n"
	br := bufio.NewReaderSize(strings.NewReader(raw), maxHeaderLine)
	var bodies []string
	for range 3 {
		h, err := readResponseHead(br, "GET")
		if err != nil {
			t.Fatal(err)
		}
		var b bytes.Buffer
		if _, complete, err := readBody(br, h, &b, maxBodyRead); err != nil || !complete {
			t.Fatalf("body: complete %v, %v", complete, err)
		}
		bodies = append(bodies, b.String())
	}
	if d := cmp.Diff([]string{"ok", "x", ""}, bodies); d != "" {
		t.Errorf("bodies (-want +got):\n%s", d)
	}
	if _, err := readResponseHead(br, "GET"); !errors.Is(err, errNoResponse) {
		t.Errorf("after the last response: %v, want errNoResponse", err)
	}
}

// FuzzReadResponse holds the parser to errors on any input: no panic, no hang, the body
// never over its limit.
func FuzzReadResponse(f *testing.F) {
	f.Add([]byte("HTTP/1.1 200 OK\r\nContent-Length: 5\r\nSet-Cookie: a=b\r\n\r\nhello"))
	f.Add([]byte("HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3;e\r\nabc\r\n0\r\nT: 1\r\n\r\n"))
	f.Add([]byte("HTTP/1.0 301 Moved\r\nLocation: /x\r\n\r\nbody"))
	f.Fuzz(func(t *testing.T, raw []byte) {
		br := bufio.NewReaderSize(bytes.NewReader(raw), 64)
		h, err := readResponseHead(br, "GET")
		if err != nil {
			return
		}
		if h.status < 100 || h.status > 599 {
			t.Fatalf("status %d accepted", h.status)
		}
		n, _, _ := readBody(br, h, io.Discard, 16)
		if n > 16 {
			t.Fatalf("read %d body bytes over a limit of 16", n)
		}
	})
}

// BenchmarkReadResponse compares this parser with net/http's ReadResponse on a witness
// answer as nginx relays it (head and a 600-byte JSON body), body hashed either way.
func BenchmarkReadResponse(b *testing.B) {
	body := strings.Repeat("x", 600)
	raw := "HTTP/1.1 200 OK\r\nServer: nginx/1.22.1\r\nDate: Fri, 04 Dec 2026 18:00:00 GMT\r\nContent-Type: application/json\r\n" +
		"Content-Length: 600\r\nConnection: keep-alive\r\nX-Ingress-Parity-Witness: shop/api\r\nStrict-Transport-Security: max-age=31536000\r\n\r\n" + body
	rd := strings.NewReader(raw)
	br := bufio.NewReaderSize(rd, maxHeaderLine)
	b.Run("h1response", func(b *testing.B) {
		b.ReportAllocs()
		sink := &bodySink{hash: sha256.New()}
		for range b.N {
			rd.Reset(raw)
			br.Reset(rd)
			h, err := readResponseHead(br, "GET")
			if err != nil {
				b.Fatal(err)
			}
			if _, _, err := readBody(br, h, sink, maxBodyRead); err != nil {
				b.Fatal(err)
			}
			_, _ = selectHeaders(h)
			sink.hash.Reset()
			sink.keep = sink.keep[:0]
		}
	})
	b.Run("net-http", func(b *testing.B) {
		b.ReportAllocs()
		sink := &bodySink{hash: sha256.New()}
		buf := make([]byte, 32<<10)
		for range b.N {
			rd.Reset(raw)
			br.Reset(rd)
			resp, err := http.ReadResponse(br, nil)
			if err != nil {
				b.Fatal(err)
			}
			if _, err := io.CopyBuffer(sink, resp.Body, buf); err != nil {
				b.Fatal(err)
			}
			resp.Body.Close()
			for _, name := range ComparedHeaders {
				_ = resp.Header.Values(name)
			}
			_ = resp.Cookies()
			sink.hash.Reset()
			sink.keep = sink.keep[:0]
		}
	})
}
