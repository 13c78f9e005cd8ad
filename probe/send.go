package probe

import (
	"context"
	"crypto/sha256"
	"crypto/tls"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"sync"
	"time"

	"github.com/ingress-parity/ingress-parity/witness"
)

// maxBodyRead bounds how much of a response body is read and hashed; maxBodyKeep how much
// is kept for a structural JSON comparison.
const (
	maxBodyRead = 8 << 20
	maxBodyKeep = 1 << 20
)

// sender sends probes to one side, as curl --resolve would: the connection goes to the
// side's address, while Host and SNI come from the probe.
type sender struct {
	target  Target
	tlsBase *tls.Config
	timeout time.Duration
	limit   *limiter

	mu         sync.Mutex
	transports map[string]*http.Transport // by client certificate files ("" for none)
}

func newSender(t Target, base *tls.Config, timeout time.Duration, lim *limiter) *sender {
	return &sender{target: t, tlsBase: base, timeout: timeout, limit: lim, transports: map[string]*http.Transport{}}
}

func (s *sender) transport(id *Identity) (*http.Transport, error) {
	key := ""
	if id != nil && id.ClientCertFile != "" {
		key = id.ClientCertFile + "\x00" + id.ClientKeyFile
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if tr, ok := s.transports[key]; ok {
		return tr, nil
	}
	cfg := s.tlsBase.Clone()
	if key != "" {
		kp, err := tls.LoadX509KeyPair(id.ClientCertFile, id.ClientKeyFile)
		if err != nil {
			return nil, fmt.Errorf("identity client certificate %s: %w", id.ClientCertFile, err)
		}
		cfg.Certificates = []tls.Certificate{kp}
	}
	dialer := &net.Dialer{Timeout: s.timeout, KeepAlive: 30 * time.Second}
	tr := &http.Transport{
		DialContext: func(ctx context.Context, _, _ string) (net.Conn, error) {
			a, err := s.target.Addr("http")
			if err != nil {
				return nil, err
			}
			return dialer.DialContext(ctx, "tcp", a)
		},
		DialTLSContext: func(ctx context.Context, _, addr string) (net.Conn, error) {
			a, err := s.target.Addr("https")
			if err != nil {
				return nil, err
			}
			raw, err := dialer.DialContext(ctx, "tcp", a)
			if err != nil {
				return nil, err
			}
			c := cfg.Clone()
			c.ServerName, _, _ = net.SplitHostPort(addr) // SNI is the probe's host
			c.NextProtos = []string{"http/1.1"}
			conn := tls.Client(raw, c)
			if err := conn.HandshakeContext(ctx); err != nil {
				raw.Close()
				return nil, err
			}
			return conn, nil
		},
		TLSClientConfig:       cfg,
		TLSHandshakeTimeout:   s.timeout,
		ResponseHeaderTimeout: s.timeout,
		DisableCompression:    true,
		MaxIdleConnsPerHost:   64,
		IdleConnTimeout:       30 * time.Second,
	}
	s.transports[key] = tr
	return tr, nil
}

func (s *sender) close() {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, tr := range s.transports {
		tr.CloseIdleConnections()
	}
}

// sendMeta are the per-send headers that let logs and traces be joined later.
type sendMeta struct {
	RequestID   string
	TraceParent string
}

// send performs one probe against the side and describes the answer. A transport error
// is returned in Outcome.Error, not as an error; err is for unusable probes only.
func (s *sender) send(ctx context.Context, p *Probe, meta sendMeta) (*Outcome, error) {
	if _, err := s.target.Addr(p.Request.Scheme); err != nil {
		return &Outcome{Error: err.Error()}, nil
	}
	req, err := buildRequest(ctx, p, meta)
	if err != nil {
		return nil, err
	}
	tr, err := s.transport(p.Identity)
	if err != nil {
		return nil, err
	}
	if err := s.limit.wait(ctx); err != nil {
		return &Outcome{Error: err.Error()}, nil
	}
	ctx, cancel := context.WithTimeout(ctx, s.timeout)
	defer cancel()
	resp, err := tr.RoundTrip(req.WithContext(ctx))
	if err != nil {
		return &Outcome{Error: err.Error()}, nil
	}
	defer resp.Body.Close()
	return s.describe(p, resp)
}

func buildRequest(ctx context.Context, p *Probe, meta sendMeta) (*http.Request, error) {
	r := p.Request
	hostport := r.Host
	if r.Port != 0 && !(r.Scheme == "http" && r.Port == 80) && !(r.Scheme == "https" && r.Port == 443) {
		hostport = net.JoinHostPort(r.Host, strconv.Itoa(int(r.Port)))
	}
	// The URL host decides the SNI and the connection pool; the dialer ignores it.
	// Path and RawPath keep the probe's bytes (escapes, "//", dot segments) on the wire.
	u := &url.URL{Scheme: r.Scheme, Host: hostport, RawQuery: r.Query}
	if dec, err := url.PathUnescape(r.Path); err == nil {
		u.Path, u.RawPath = dec, r.Path
	} else {
		u.Opaque = r.Path
	}
	req, err := http.NewRequestWithContext(ctx, r.Method, u.String(), nil)
	if err != nil {
		return nil, fmt.Errorf("probe %s: %w", p.ID, err)
	}
	req.URL = u
	req.Host = hostport
	for k, v := range r.Headers {
		req.Header.Set(k, v)
	}
	req.Header.Set("X-Request-ID", meta.RequestID)
	req.Header.Set("Traceparent", meta.TraceParent)
	if req.Header.Get("User-Agent") == "" {
		req.Header.Set("User-Agent", "ingress-parity-probe")
	}
	if err := applyIdentity(req, p.Identity); err != nil {
		return nil, fmt.Errorf("probe %s: %w", p.ID, err)
	}
	return req, nil
}

func (s *sender) describe(p *Probe, resp *http.Response) (*Outcome, error) {
	o := &Outcome{Status: resp.StatusCode, contentType: resp.Header.Get("Content-Type")}
	o.Headers, o.Cookies = selectHeaders(resp.Header)
	if loc := resp.Header.Get("Location"); loc != "" {
		o.Location = s.normalizeLocation(p, loc)
	}
	h := sha256.New()
	var keep limitedBuffer
	keep.max = maxBodyKeep
	buf := copyBuffers.Get().(*[]byte)
	n, err := io.CopyBuffer(io.MultiWriter(h, &keep), io.LimitReader(resp.Body, maxBodyRead), *buf)
	copyBuffers.Put(buf)
	if err != nil {
		o.Error = "reading body: " + err.Error()
	}
	o.BodyBytes = n
	if n > 0 {
		o.BodySHA256 = hex.EncodeToString(h.Sum(nil))
	}
	o.body = keep.b
	name := resp.Header.Get(witness.Header)
	if name != "" {
		o.Backend = name
		var e witness.Echo
		if err := json.Unmarshal(o.body, &e); err == nil {
			o.Upstream = &Upstream{Method: e.Method, Path: e.Path, Query: e.Query, Host: e.Host, Headers: upstreamHeaders(e.Headers)}
			if e.TLS != nil && len(e.TLS.ClientCertificates) > 0 {
				o.Upstream.ClientCert = e.TLS.ClientCertificates[0].Subject
			}
		}
	} else if generatedStatuses[resp.StatusCode] || (resp.StatusCode >= 300 && resp.StatusCode < 400) {
		// Error pages and redirects without a witness are the proxy's own: their bodies
		// and Server headers differ between products and say nothing about routing.
		o.Generated = true
	}
	return o, nil
}

// copyBuffers are reused body copy buffers: one per request would dominate allocation.
var copyBuffers = sync.Pool{New: func() any { b := make([]byte, 32<<10); return &b }}

// limitedBuffer keeps the first max bytes written to it and discards the rest.
type limitedBuffer struct {
	b   []byte
	max int
}

func (l *limitedBuffer) Write(p []byte) (int, error) {
	if room := l.max - len(l.b); room > 0 {
		l.b = append(l.b, p[:min(room, len(p))]...)
	}
	return len(p), nil
}
