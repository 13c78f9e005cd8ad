package witness

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"log"
	"net"
	"net/http"
	"os"
	"time"
)

// Options configure a witness server.
type Options struct {
	// Listen is the address to listen on ("127.0.0.1:8080", ":0").
	Listen string
	// Name identifies the witness in every answer.
	Name string
	// TLSCert and TLSKey are PEM files; both set means the witness serves HTTPS.
	TLSCert, TLSKey string
	// ClientCA is a PEM file of CAs; set means client certificates are requested and
	// verified when presented (a request without one is still answered, with no cert facts).
	ClientCA string
	// MaxBody bounds request body reads (0: DefaultMaxBody).
	MaxBody int64
	// ErrorLog receives connection errors such as failed TLS handshakes (nil: stderr).
	ErrorLog *log.Logger
}

// ErrNoName is returned when a witness has no name.
var ErrNoName = errors.New("witness: --name is required")

// Validate checks that the options are complete and consistent.
func (o Options) Validate() error {
	if o.Name == "" {
		return ErrNoName
	}
	if (o.TLSCert == "") != (o.TLSKey == "") {
		return errors.New("witness: --tls-cert and --tls-key must be given together")
	}
	if o.ClientCA != "" && o.TLSCert == "" {
		return errors.New("witness: --client-ca needs --tls-cert and --tls-key")
	}
	return nil
}

// Server is a running witness.
type Server struct {
	srv *http.Server
	ln  net.Listener
}

// Listen validates o, opens the listener and returns a server ready to Serve.
func Listen(o Options) (*Server, error) {
	if err := o.Validate(); err != nil {
		return nil, err
	}
	srv := &http.Server{
		Handler:           &Handler{Name: o.Name, MaxBody: o.MaxBody},
		ReadHeaderTimeout: 10 * time.Second,
		IdleTimeout:       60 * time.Second,
		ErrorLog:          o.ErrorLog,
	}
	if o.TLSCert != "" {
		cfg, err := tlsConfig(o)
		if err != nil {
			return nil, err
		}
		srv.TLSConfig = cfg
	}
	ln, err := net.Listen("tcp", o.Listen)
	if err != nil {
		return nil, fmt.Errorf("witness: listen %s: %w", o.Listen, err)
	}
	if srv.TLSConfig != nil {
		ln = tls.NewListener(ln, srv.TLSConfig)
	}
	return &Server{srv: srv, ln: ln}, nil
}

func tlsConfig(o Options) (*tls.Config, error) {
	cert, err := tls.LoadX509KeyPair(o.TLSCert, o.TLSKey)
	if err != nil {
		return nil, fmt.Errorf("witness: --tls-cert %s / --tls-key %s: %w", o.TLSCert, o.TLSKey, err)
	}
	cfg := &tls.Config{Certificates: []tls.Certificate{cert}, MinVersion: tls.VersionTLS12, NextProtos: []string{"http/1.1"}}
	if o.ClientCA != "" {
		pem, err := os.ReadFile(o.ClientCA)
		if err != nil {
			return nil, fmt.Errorf("witness: --client-ca: %w", err)
		}
		pool := x509.NewCertPool()
		if !pool.AppendCertsFromPEM(pem) {
			return nil, fmt.Errorf("witness: --client-ca %s: no PEM certificate found", o.ClientCA)
		}
		cfg.ClientCAs = pool
		cfg.ClientAuth = tls.VerifyClientCertIfGiven
	}
	return cfg, nil
}

// Addr is the address the server listens on.
func (s *Server) Addr() net.Addr { return s.ln.Addr() }

// Serve answers requests until ctx ends, then shuts down gracefully.
func (s *Server) Serve(ctx context.Context) error {
	errc := make(chan error, 1)
	go func() { errc <- s.srv.Serve(s.ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
		sctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		if err := s.srv.Shutdown(sctx); err != nil {
			return err
		}
		<-errc
		return nil
	}
}

// Close stops the server immediately.
func (s *Server) Close() error { return s.srv.Close() }
