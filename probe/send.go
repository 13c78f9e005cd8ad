package probe

import (
	"context"
	"crypto/sha256"
	"crypto/tls"
	"encoding/hex"
	"fmt"
	"hash"
	"net/http"
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
	limit   *limiter
	client  *h1Client

	mu   sync.Mutex
	tlsc map[string]*tls.Config // by client certificate files ("" for none)
}

func newSender(t Target, base *tls.Config, timeout time.Duration, lim *limiter) *sender {
	return &sender{target: t, tlsBase: base, limit: lim, client: newH1Client(t, timeout), tlsc: map[string]*tls.Config{}}
}

// tlsConfig is the TLS configuration for an identity: the base (verification options)
// with the identity's client certificate, loaded once.
func (s *sender) tlsConfig(id *Identity) (string, *tls.Config, error) {
	key := ""
	if id != nil && id.ClientCertFile != "" {
		key = id.ClientCertFile + "\x00" + id.ClientKeyFile
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if cfg, ok := s.tlsc[key]; ok {
		return key, cfg, nil
	}
	cfg := s.tlsBase.Clone()
	if key != "" {
		kp, err := tls.LoadX509KeyPair(id.ClientCertFile, id.ClientKeyFile)
		if err != nil {
			return "", nil, fmt.Errorf("identity client certificate %s: %w", id.ClientCertFile, err)
		}
		cfg.Certificates = []tls.Certificate{kp}
	}
	s.tlsc[key] = cfg
	return key, cfg, nil
}

func (s *sender) close() { s.client.close() }

// proxyFor is the PROXY protocol header the probe's connection to this side starts with:
// the probe's own for the side, else the side's default (Target.Proxy), else none.
func (s *sender) proxyFor(p *Probe) *ProxyHeader {
	if h := p.Proxy.For(s.target.Name); h != nil {
		return h
	}
	return s.target.Proxy
}

// sendMeta are the per-send headers: ids that let logs and traces be joined later, and
// the identity's credential.
type sendMeta struct {
	RequestID     string
	TraceParent   string
	Authorization string
}

// send performs one probe against the side and describes the answer. A transport error
// is returned in Outcome.Error, not as an error; err is for unusable probes only.
func (s *sender) send(ctx context.Context, p *Probe, meta sendMeta) (*Outcome, error) {
	if _, err := s.target.Addr(p.Request.Scheme); err != nil {
		return &Outcome{Error: err.Error()}, nil
	}
	auth, err := authorization(p.Identity)
	if err != nil {
		return nil, fmt.Errorf("probe %s: %w", p.ID, err)
	}
	meta.Authorization = auth
	certKey, cfg, err := s.tlsConfig(p.Identity)
	if err != nil {
		return nil, err
	}
	req := &h1Request{key: connKey{scheme: p.Request.Scheme, cert: certKey}, tls: cfg, method: p.Request.Method}
	if h := s.proxyFor(p); h != nil {
		req.key.proxy = *h
		if req.key.proxy.Version == 0 {
			req.key.proxy.Version = 1 // one pool for the default and an explicit version 1
		}
	}
	if req.key.scheme == "https" {
		req.key.sni = p.Request.Host // SNI is the probe's host
	}
	bufp := headBuffers.Get().(*[]byte)
	defer headBuffers.Put(bufp)
	req.head, req.close, err = appendRequestHead((*bufp)[:0], p, meta)
	*bufp = req.head
	if err != nil {
		return &Outcome{Error: fmt.Sprintf("probe %s: %v", p.ID, err)}, nil
	}
	if err := s.limit.wait(ctx); err != nil {
		return &Outcome{Error: err.Error()}, nil
	}
	sink := bodySinks.Get().(*bodySink)
	defer sink.release()
	res, err := s.client.roundTrip(ctx, req, sink, maxBodyRead)
	if err != nil {
		return &Outcome{Error: err.Error()}, nil
	}
	return s.describe(p, res, sink), nil
}

var headBuffers = sync.Pool{New: func() any { b := make([]byte, 0, 1024); return &b }}

func (s *sender) describe(p *Probe, res h1Result, sink *bodySink) *Outcome {
	h := res.head
	o := &Outcome{Status: h.status, contentType: h.get("Content-Type")}
	o.Headers, o.Cookies = selectHeaders(h)
	if loc := h.get("Location"); loc != "" {
		o.Location = s.normalizeLocation(p, loc)
	}
	if res.bodyErr != nil {
		o.Error = "reading body: " + res.bodyErr.Error()
	}
	o.BodyBytes = res.n
	if res.n > 0 {
		var sum [sha256.Size]byte
		o.BodySHA256 = hex.EncodeToString(sink.hash.Sum(sum[:0]))
	}
	if name := h.get(witness.Header); name != "" {
		o.Backend = name
		o.Upstream = decodeEcho(sink.keep)
	}
	if o.Upstream == nil && len(sink.keep) > 0 {
		o.body = append([]byte(nil), sink.keep...) // for a structural comparison of bodies
	}
	if o.Backend == "" && (generatedStatuses[h.status] || (h.status >= 300 && h.status < 400)) {
		// Error pages and redirects without a witness are the proxy's own: their bodies
		// and Server headers differ between products and say nothing about routing.
		o.Generated = true
	}
	return o
}

// bodySink hashes a response body and keeps its first maxBodyKeep bytes. Sinks are
// pooled: a hash state and a buffer per request would dominate allocation.
type bodySink struct {
	hash hash.Hash
	keep []byte
}

var bodySinks = sync.Pool{New: func() any { return &bodySink{hash: sha256.New()} }}

func (b *bodySink) Write(p []byte) (int, error) {
	b.hash.Write(p)
	if room := maxBodyKeep - len(b.keep); room > 0 {
		b.keep = append(b.keep, p[:min(room, len(p))]...)
	}
	return len(p), nil
}

// release resets the sink and returns it to the pool (large buffers are dropped).
func (b *bodySink) release() {
	b.hash.Reset()
	b.keep = b.keep[:0]
	if cap(b.keep) > 64<<10 {
		b.keep = nil
	}
	bodySinks.Put(b)
}

// cookieNames are the names of the Set-Cookie values, parsed as net/http does.
func cookieNames(values []string) []string {
	var names []string
	for _, c := range (&http.Response{Header: http.Header{"Set-Cookie": values}}).Cookies() {
		names = append(names, c.Name)
	}
	return names
}
