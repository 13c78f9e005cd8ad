package probe

import (
	"crypto/tls"
	"crypto/x509"
	"fmt"
	"os"
)

// TLSOptions configure certificate verification of both sides.
type TLSOptions struct {
	// Insecure turns verification off (--insecure).
	Insecure bool
	// CAFile is a PEM bundle of CAs trusted instead of the system roots (--ca-file).
	CAFile string
}

func (o TLSOptions) config() (*tls.Config, error) {
	cfg := &tls.Config{InsecureSkipVerify: o.Insecure, MinVersion: tls.VersionTLS12} //nolint:gosec // explicit --insecure
	if o.CAFile != "" {
		pem, err := os.ReadFile(o.CAFile)
		if err != nil {
			return nil, fmt.Errorf("--ca-file: %w", err)
		}
		pool := x509.NewCertPool()
		if !pool.AppendCertsFromPEM(pem) {
			return nil, fmt.Errorf("--ca-file %s: no PEM certificate found", o.CAFile)
		}
		cfg.RootCAs = pool
	}
	return cfg, nil
}
