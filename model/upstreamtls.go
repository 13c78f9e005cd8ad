package model

// UpstreamTLS is the TLS connection from the data plane to a backend (gateway-api
// BackendTLSPolicy, ingress-nginx proxy-ssl-*), so that a check can compare whether each
// side verifies the backend's certificate.
type UpstreamTLS struct {
	// Verify: the backend's certificate must chain to CACertificates and match Hostname (or
	// one of SubjectAltNames); false: TLS without verification.
	Verify bool `json:"verify"`
	// CACertificates name the trusted bundles ("ConfigMap ns/name", "Secret ns/name") or
	// "system" for the data plane's well-known CAs. Their content is never read.
	CACertificates []string `json:"caCertificates,omitempty"`
	// Hostname is the SNI sent to the backend, and the name its certificate must carry
	// unless SubjectAltNames is set.
	Hostname string `json:"hostname,omitempty"`
	// SubjectAltNames are the names ("DNS:host", "URI:spiffe://...") one of which the
	// certificate must carry.
	SubjectAltNames []string `json:"subjectAltNames,omitempty"`
	Source          Source   `json:"source"`
}
