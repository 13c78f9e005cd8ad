package probe

import (
	"net/http"
	"slices"
	"strings"
)

// Outcome is what one side answered to one probe.
type Outcome struct {
	Status int `json:"status,omitempty"`
	// Location is the redirect target, made absolute with scheme and host lower-cased and
	// the side's own connection port replaced by the probe's port.
	Location string `json:"location,omitempty"`
	// Backend is the name of the witness backend that answered, when one did.
	Backend string `json:"backend,omitempty"`
	// Upstream is what the witness backend received, when one answered.
	Upstream *Upstream `json:"upstream,omitempty"`
	// Headers are the compared response headers that were present.
	Headers map[string]string `json:"headers,omitempty"`
	// Cookies are the names of the Set-Cookie headers, sorted (values are never kept).
	Cookies []string `json:"cookies,omitempty"`
	// BodySHA256 is the hash of the body (up to the read limit); BodyBytes its length.
	BodySHA256 string `json:"bodySHA256,omitempty"`
	BodyBytes  int64  `json:"bodyBytes"`
	// Generated marks a response the proxy produced itself (error pages and redirects not
	// from a witness), compared by status, Location and security headers only unless
	// --compare-error-bodies.
	Generated bool `json:"generated,omitempty"`
	// Error is a transport error (connection refused, timeout, TLS failure).
	Error string `json:"error,omitempty"`

	body        []byte // first bytes of the body, for structural JSON comparison
	contentType string
}

// Upstream are the facts a witness backend echoed: what the proxy passed on.
type Upstream struct {
	Method string `json:"method"`
	Path   string `json:"path"`
	Query  string `json:"query,omitempty"`
	Host   string `json:"host"`
	// Headers are the identity-relevant request headers the backend received, by
	// lower-case name. Credentials are reduced to "present".
	Headers map[string]string `json:"headers,omitempty"`
	// ClientCert is the subject of the client certificate the backend saw on its own TLS
	// connection (rare: proxies forward cert facts in headers instead).
	ClientCert string `json:"clientCert,omitempty"`
}

// ComparedHeaders are the response headers compared between sides: security and caching
// behaviour, never per-response values such as Date, Server, ETag or request ids.
var ComparedHeaders = []string{
	"Strict-Transport-Security", "WWW-Authenticate", "Cache-Control",
	"Access-Control-Allow-Origin", "Access-Control-Allow-Credentials", "Access-Control-Allow-Methods",
	"Access-Control-Allow-Headers", "Access-Control-Expose-Headers", "Access-Control-Max-Age",
}

// securityHeaders are the headers still compared on proxy-generated responses.
var securityHeaders = map[string]bool{
	"Strict-Transport-Security": true, "WWW-Authenticate": true,
	"Access-Control-Allow-Origin": true, "Access-Control-Allow-Credentials": true,
}

// IdentityHeaders are the upstream request headers compared between sides: how the proxy
// conveys the client's address, scheme and identity to the backend.
var IdentityHeaders = []string{
	"X-Forwarded-For", "X-Real-IP", "X-Forwarded-Proto", "X-Forwarded-Host", "X-Forwarded-Prefix", "Forwarded",
	"X-Forwarded-Client-Cert", "Ssl-Client-Verify", "Ssl-Client-Subject-Dn", "Ssl-Client-Issuer-Dn", "Ssl-Client-Cert",
	"X-Remote-User", "X-Auth-Request-User", "X-Auth-Request-Email", "X-Forwarded-User", "X-User", "Authorization",
}

// secretHeaders carry credentials: only their presence is recorded.
var secretHeaders = map[string]bool{"authorization": true, "ssl-client-cert": true, "x-forwarded-client-cert": true}

// selectHeaders returns the compared headers present in h (values of a repeated header
// joined with ", ") and the sorted cookie names.
func selectHeaders(h *respHead) (map[string]string, []string) {
	var out map[string]string
	for _, name := range ComparedHeaders {
		if v := h.values(name); len(v) > 0 {
			if out == nil {
				out = map[string]string{}
			}
			out[name] = strings.Join(v, ", ")
		}
	}
	var cookies []string
	if v := h.values("Set-Cookie"); len(v) > 0 {
		cookies = cookieNames(v)
		slices.Sort(cookies)
	}
	return out, cookies
}

// identityKeys are IdentityHeaders in canonical form (as a Go server keys them) and in
// lower case (as results name them), computed once.
var identityKeys = func() [][2]string {
	out := make([][2]string, len(IdentityHeaders))
	for i, name := range IdentityHeaders {
		out[i] = [2]string{http.CanonicalHeaderKey(name), strings.ToLower(name)}
	}
	return out
}()

func upstreamHeaders(h map[string][]string) map[string]string {
	var out map[string]string
	for _, k := range identityKeys {
		v := h[k[0]]
		if len(v) == 0 {
			continue
		}
		if out == nil {
			out = map[string]string{}
		}
		lower := k[1]
		if secretHeaders[lower] {
			out[lower] = "present"
			continue
		}
		out[lower] = strings.Join(v, ", ")
	}
	return out
}

// generatedStatuses are the statuses proxies answer with their own pages.
var generatedStatuses = map[int]bool{
	400: true, 401: true, 403: true, 404: true, 405: true, 408: true, 413: true, 414: true, 421: true,
	429: true, 431: true, 494: true, 495: true, 496: true, 497: true, 500: true, 502: true, 503: true, 504: true,
}
