// Package witness is a small echo backend: it answers every request with a JSON
// description of what it received, so a live probe can see which backend a proxy chose
// and what the proxy passed on (path, host, identity headers, client certificate, peer).
package witness

import (
	"crypto/sha256"
	"crypto/tls"
	"encoding/hex"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"time"
)

// Header is the response header that marks an answer as coming from a witness; its value
// is the witness name. Probes use it to tell upstream answers from proxy-generated ones.
const Header = "X-Ingress-Parity-Witness"

// DefaultMaxBody is how many request body bytes a witness reads (and counts) at most.
const DefaultMaxBody = 1 << 20

// Echo is what a witness answers: the facts of one received request.
type Echo struct {
	Name   string `json:"name"`
	Method string `json:"method"`
	// Path is the path exactly as received in the request line (escapes kept).
	Path string `json:"path"`
	// Query is the raw query string without "?".
	Query   string              `json:"query"`
	Host    string              `json:"host"`
	Headers map[string][]string `json:"headers"`
	// Peer is the TCP peer address (the proxy, when behind one).
	Peer string   `json:"peer"`
	TLS  *TLSInfo `json:"tls,omitempty"`
	// BodyBytes is how many body bytes were read (at most the witness's limit).
	BodyBytes int64 `json:"bodyBytes"`
	// BodyTruncated says the body was longer than the limit.
	BodyTruncated bool `json:"bodyTruncated,omitempty"`
}

// TLSInfo are the facts of a TLS connection.
type TLSInfo struct {
	Version     string `json:"version"`
	ServerName  string `json:"serverName,omitempty"`
	CipherSuite string `json:"cipherSuite"`
	// ClientCertificates are the certificates the client presented, leaf first.
	ClientCertificates []CertFacts `json:"clientCertificates,omitempty"`
	// Verified says the client chain was verified against the witness's client CA.
	Verified bool `json:"verified"`
}

// CertFacts identify one certificate without its key material.
type CertFacts struct {
	Subject  string    `json:"subject"`
	Issuer   string    `json:"issuer"`
	Serial   string    `json:"serial"`
	NotAfter time.Time `json:"notAfter"`
	// SHA256 is the fingerprint of the DER encoding, lower-case hex.
	SHA256 string `json:"sha256"`
}

// Handler answers every request with its Echo as JSON.
type Handler struct {
	// Name identifies this witness in every answer.
	Name string
	// MaxBody bounds the request body bytes read; 0 means DefaultMaxBody.
	MaxBody int64
}

var _ http.Handler = (*Handler)(nil)

// ServeHTTP writes the Echo of r.
func (h *Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	e := Describe(r, h.Name, h.limit())
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set(Header, h.Name)
	enc := json.NewEncoder(w)
	if err := enc.Encode(e); err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
	}
}

func (h *Handler) limit() int64 {
	if h.MaxBody > 0 {
		return h.MaxBody
	}
	return DefaultMaxBody
}

// Describe reads at most maxBody bytes of r's body and returns what r carried.
func Describe(r *http.Request, name string, maxBody int64) Echo {
	path, query, _ := strings.Cut(r.RequestURI, "?")
	if r.URL.IsAbs() || (!strings.HasPrefix(path, "/") && path != "*") {
		// Absolute-form request target: report its path, not the whole URL.
		path, query = r.URL.EscapedPath(), r.URL.RawQuery
	}
	e := Echo{Name: name, Method: r.Method, Path: path, Query: query, Host: r.Host, Headers: map[string][]string(r.Header.Clone()), Peer: r.RemoteAddr}
	if e.Headers == nil {
		e.Headers = map[string][]string{}
	}
	if r.Body != nil {
		n, _ := io.Copy(io.Discard, io.LimitReader(r.Body, maxBody+1))
		if n > maxBody {
			e.BodyTruncated, n = true, maxBody
		}
		e.BodyBytes = n
	}
	if r.TLS != nil {
		e.TLS = describeTLS(r.TLS)
	}
	return e
}

func describeTLS(cs *tls.ConnectionState) *TLSInfo {
	info := &TLSInfo{Version: tls.VersionName(cs.Version), ServerName: cs.ServerName, CipherSuite: tls.CipherSuiteName(cs.CipherSuite), Verified: len(cs.VerifiedChains) > 0}
	for _, c := range cs.PeerCertificates {
		sum := sha256.Sum256(c.Raw)
		info.ClientCertificates = append(info.ClientCertificates, CertFacts{
			Subject: c.Subject.String(), Issuer: c.Issuer.String(), Serial: c.SerialNumber.String(),
			NotAfter: c.NotAfter.UTC(), SHA256: hex.EncodeToString(sum[:]),
		})
	}
	return info
}
