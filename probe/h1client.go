package probe

import (
	"bufio"
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"io"
	"net"
	"sync"
	"time"
)

// Connection pool settings (as the net/http Transport the prober used before).
const (
	maxIdlePerKey   = 64
	idleConnTimeout = 30 * time.Second
)

// h1Client is the prober's HTTP/1.1 client for one side: persistent keep-alive
// connections pooled per connKey, one request at a time per connection (no pipelining:
// it must stay safe against production), each request written with one write and its
// response parsed from a bufio.Reader. No goroutine runs per connection; timeouts are
// connection deadlines. It replaces net/http's Transport, whose per-connection read and
// write goroutines and header maps dominated the prober's CPU profile (docs/probe.md).
type h1Client struct {
	target  Target
	timeout time.Duration
	dialer  net.Dialer

	mu     sync.Mutex
	idle   map[connKey][]*h1Conn
	closed bool
}

// connKey says which connections can carry a request: the scheme (the side's address
// for it), for https the SNI name and the client certificate presented, and the PROXY
// protocol header the connection started with (zero: none).
type connKey struct {
	scheme, sni, cert string
	proxy             ProxyHeader
}

// h1Conn is one pooled connection.
type h1Conn struct {
	conn      net.Conn
	br        *bufio.Reader
	idleSince time.Time
}

// h1Request is one request ready for the wire.
type h1Request struct {
	key connKey
	// tls is the configuration for the key's client certificate; the SNI is set per dial.
	tls *tls.Config
	// head is the request line and headers, ending with the empty line.
	head   []byte
	method string
	// close: the request asked for Connection: close.
	close bool
}

func newH1Client(t Target, timeout time.Duration) *h1Client {
	return &h1Client{target: t, timeout: timeout, dialer: net.Dialer{Timeout: timeout, KeepAlive: 30 * time.Second}, idle: map[connKey][]*h1Conn{}}
}

// h1Result is a response as the prober keeps it: the head, and how many body bytes were
// copied out. BodyErr is an error while reading the body (the head is valid).
type h1Result struct {
	head    *respHead
	n       int64
	bodyErr error
}

// roundTrip sends req and reads the response head and up to limit body bytes into body.
// The error is a transport error (dial, TLS, write, malformed or missing response head).
// A request that fails on a reused connection before any response byte arrived is sent
// once more on a new connection when it is safe to repeat (as net/http does: servers
// close idle keep-alive connections at any time).
func (c *h1Client) roundTrip(ctx context.Context, req *h1Request, body io.Writer, limit int64) (h1Result, error) {
	deadline := time.Now().Add(c.timeout)
	for attempt := 0; ; attempt++ {
		hc, reused, err := c.get(ctx, req, deadline)
		if err != nil {
			return h1Result{}, err
		}
		res, retry, err := c.exchange(ctx, hc, req, body, limit, deadline)
		if err == nil || !reused || !retry || attempt > 0 {
			return res, err
		}
	}
}

// exchange performs one request on hc and returns the connection to the pool or closes
// it. retry says the request may be sent again: the connection failed before any byte
// of a response arrived and the method is safe to repeat.
func (c *h1Client) exchange(ctx context.Context, hc *h1Conn, req *h1Request, body io.Writer, limit int64, deadline time.Time) (h1Result, bool, error) {
	if err := hc.conn.SetDeadline(deadline); err != nil {
		hc.conn.Close()
		return h1Result{}, false, err
	}
	if ctx.Done() != nil {
		stop := context.AfterFunc(ctx, func() { _ = hc.conn.SetDeadline(time.Unix(1, 0)) })
		defer stop()
	}
	if _, err := hc.conn.Write(req.head); err != nil {
		hc.conn.Close()
		return h1Result{}, replayable(req.method), fmt.Errorf("writing request: %w", err)
	}
	head, err := readResponseHead(hc.br, req.method)
	if err != nil {
		hc.conn.Close()
		return h1Result{}, errors.Is(err, errNoResponse) && replayable(req.method), fmt.Errorf("reading response: %w", err)
	}
	n, complete, bodyErr := readBody(hc.br, head, body, limit)
	if bodyErr == nil && complete && !head.closeAfter && !req.close && hc.br.Buffered() == 0 {
		c.put(req.key, hc)
	} else {
		hc.conn.Close()
	}
	return h1Result{head: head, n: n, bodyErr: bodyErr}, false, nil
}

// replayable reports whether a request may be sent twice after a connection failed: the
// safe methods net/http replays (net/http request.go isReplayable), nothing that could
// change state on a production edge twice.
func replayable(method string) bool {
	switch method {
	case "GET", "HEAD", "OPTIONS", "TRACE":
		return true
	}
	return false
}

// get takes an idle connection for req's key, or dials a new one.
func (c *h1Client) get(ctx context.Context, req *h1Request, deadline time.Time) (*h1Conn, bool, error) {
	now := time.Now()
	c.mu.Lock()
	var stale []*h1Conn
	for list := c.idle[req.key]; len(list) > 0; list = c.idle[req.key] {
		hc := list[len(list)-1]
		c.idle[req.key] = list[:len(list)-1]
		if now.Sub(hc.idleSince) > idleConnTimeout {
			stale = append(stale, hc)
			continue
		}
		c.mu.Unlock()
		closeAll(stale)
		return hc, true, nil
	}
	c.mu.Unlock()
	closeAll(stale)
	hc, err := c.dial(ctx, req, deadline)
	return hc, false, err
}

func closeAll(conns []*h1Conn) {
	for _, hc := range conns {
		hc.conn.Close()
	}
}

// dial connects to the side's address for the scheme; for https it completes the TLS
// handshake with the key's SNI, offering only http/1.1.
func (c *h1Client) dial(ctx context.Context, req *h1Request, deadline time.Time) (*h1Conn, error) {
	addr, err := c.target.Addr(req.key.scheme)
	if err != nil {
		return nil, err
	}
	ctx, cancel := context.WithDeadline(ctx, deadline)
	defer cancel()
	raw, err := c.dialer.DialContext(ctx, "tcp", addr)
	if err != nil {
		return nil, err
	}
	if req.key.proxy != (ProxyHeader{}) {
		if err := writeProxyHeader(raw, req.key.proxy, deadline); err != nil {
			raw.Close()
			return nil, err
		}
	}
	conn := raw
	if req.key.scheme == "https" {
		cfg := req.tls.Clone()
		cfg.ServerName = req.key.sni
		cfg.NextProtos = []string{"http/1.1"}
		tc := tls.Client(raw, cfg)
		if err := tc.HandshakeContext(ctx); err != nil {
			raw.Close()
			return nil, err // crypto/tls errors name themselves ("tls: ...")
		}
		conn = tc
	}
	return &h1Conn{conn: conn, br: bufio.NewReaderSize(conn, maxHeaderLine)}, nil
}

// writeProxyHeader starts conn with h, announcing the connection's own destination and
// (unless h names one) its own source port. It comes before the TLS handshake, as from a
// load balancer.
func writeProxyHeader(conn net.Conn, h ProxyHeader, deadline time.Time) error {
	local, lok := conn.LocalAddr().(*net.TCPAddr)
	remote, rok := conn.RemoteAddr().(*net.TCPAddr)
	if !lok || !rok {
		return fmt.Errorf("PROXY protocol header: not a TCP connection")
	}
	b, err := appendProxyHeader(make([]byte, 0, 108), h, local.AddrPort(), remote.AddrPort())
	if err != nil {
		return err
	}
	if err := conn.SetWriteDeadline(deadline); err != nil {
		return err
	}
	if _, err := conn.Write(b); err != nil {
		return fmt.Errorf("writing PROXY protocol header: %w", err)
	}
	return nil
}

// put returns a connection to the pool, or closes it when the pool is full or closed.
// Connections idle for longer than idleConnTimeout at the bottom of the pool (the least
// recently used: get takes from the top) are closed on the way, so a burst does not leave
// sockets open for the rest of the run.
func (c *h1Client) put(key connKey, hc *h1Conn) {
	now := time.Now()
	hc.idleSince = now
	var drop []*h1Conn
	c.mu.Lock()
	list := c.idle[key]
	for len(list) > 0 && now.Sub(list[0].idleSince) > idleConnTimeout {
		drop = append(drop, list[0])
		list = list[1:]
	}
	if !c.closed && len(list) < maxIdlePerKey {
		list = append(list, hc)
		hc = nil
	}
	c.idle[key] = list
	c.mu.Unlock()
	closeAll(drop)
	if hc != nil {
		hc.conn.Close()
	}
}

// close closes every idle connection; connections in use are closed when they return.
func (c *h1Client) close() {
	c.mu.Lock()
	idle := c.idle
	c.idle, c.closed = map[connKey][]*h1Conn{}, true
	c.mu.Unlock()
	for _, list := range idle {
		closeAll(list)
	}
}
