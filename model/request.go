package model

import (
	"net/http"
	"net/url"
	"path"
	"strings"
)

// Request is one concrete HTTP request as a client sends it.
type Request struct {
	Method string `json:"method"`
	Scheme Scheme `json:"scheme"`
	Host   string `json:"host"`
	Port   int32  `json:"port"`
	// Path is the path as sent on the wire (it may hold %XX escapes); it never holds the query.
	Path string `json:"path"`
	// Query is the raw query string without "?".
	Query   string      `json:"query,omitempty"`
	Headers http.Header `json:"headers,omitempty"`
	// ClientIP is the TCP peer address as the proxy sees it (empty: unspecified).
	ClientIP string `json:"clientIP,omitempty"`
	// ProxyAddr is the source address a PROXY protocol header announces (empty: none sent).
	ProxyAddr string `json:"proxyAddr,omitempty"`
	// Credentials names the credential class the request presents ("invalid basic
	// credentials", "valid credentials for basic-auth secret shop/htpasswd"); empty: none. A class, never a
	// secret: a witness that needs valid credentials says whose.
	Credentials string `json:"credentials,omitempty"`
	// ClientCert names the client-certificate class presented on a TLS connection ("untrusted
	// (self-signed)", "valid for CA shop/client-ca"); empty: none.
	ClientCert string `json:"clientCert,omitempty"`
}

// DefaultPort is 80 for http and 443 for https.
func DefaultPort(s Scheme) int32 {
	if s == HTTPS {
		return 443
	}
	return 80
}

// URL is the request's absolute URL, leaving out a default port.
func (r Request) URL() string {
	host := r.Host
	if r.Port != 0 && r.Port != DefaultPort(r.Scheme) {
		host = joinHostPort(host, r.Port)
	}
	u := string(r.Scheme) + "://" + host + r.Path
	if r.Query != "" {
		u += "?" + r.Query
	}
	return u
}

// RequestURI is the path and query as in the request line.
func (r Request) RequestURI() string {
	if r.Query != "" {
		return r.Path + "?" + r.Query
	}
	return r.Path
}

// NormalizePath applies n to a path as sent on the wire.
func NormalizePath(p string, n Normalization) string {
	if n.DecodePercent {
		if d, err := url.PathUnescape(p); err == nil {
			p = d
		}
	}
	if n.MergeSlashes {
		for strings.Contains(p, "//") {
			p = strings.ReplaceAll(p, "//", "/")
		}
	}
	if n.ResolveDotSegments && (strings.Contains(p, "/.") || p == ".") {
		trailing := strings.HasSuffix(p, "/") || strings.HasSuffix(p, "/.") || strings.HasSuffix(p, "/..")
		p = path.Clean("/" + p)
		if trailing && p != "/" {
			p += "/"
		}
	}
	if p == "" {
		p = "/"
	}
	return p
}

// HostMatches reports whether host (lower case, no port) matches pattern under mode.
// The empty pattern matches every host.
func HostMatches(pattern, host string, mode WildcardMode) bool {
	switch {
	case pattern == "" || pattern == "*":
		return true
	case strings.HasPrefix(pattern, "*."):
		suffix := pattern[1:] // ".foo.com"
		if len(host) <= len(suffix) || !strings.EqualFold(host[len(host)-len(suffix):], suffix) {
			return false
		}
		labels := host[:len(host)-len(suffix)]
		return mode == WildcardAnyLabels || !strings.Contains(labels, ".")
	default:
		return strings.EqualFold(pattern, host)
	}
}

// Matches reports whether the request satisfies m, given the normalized path.
func (m Match) Matches(r Request, normalizedPath string) bool {
	if !m.Path.Matches(normalizedPath) {
		return false
	}
	if m.Method != "" && !strings.EqualFold(m.Method, r.Method) {
		return false
	}
	for _, h := range m.Headers {
		vals, present := r.Headers[http.CanonicalHeaderKey(h.Name)]
		v := ""
		if present && len(vals) > 0 {
			v = strings.Join(vals, ",")
		}
		if !h.Matches(v, present) {
			return false
		}
	}
	if len(m.Query) > 0 {
		q, _ := url.ParseQuery(r.Query)
		for _, qm := range m.Query {
			vals, present := q[qm.Name]
			v := ""
			if present && len(vals) > 0 {
				v = vals[0]
			}
			if !qm.Matches(v, present) {
				return false
			}
		}
	}
	if len(m.Cookies) > 0 {
		hr := http.Request{Header: r.Headers}
		for _, cm := range m.Cookies {
			c, err := hr.Cookie(cm.Name)
			present := err == nil
			v := ""
			if present {
				v = c.Value
			}
			if !cm.Matches(v, present) {
				return false
			}
		}
	}
	return true
}
