package probe

import (
	"fmt"
	"maps"
	"net/http"
	"slices"
	"strconv"
	"strings"
)

// requestHeader is one request header field, name in canonical form.
type requestHeader struct {
	name, value string
}

// droppedRequestHeaders are plan headers never sent, as net/http's request writer drops
// them (internal/net/http request.go reqWriteExcludeHeader): the body framing is the
// prober's (no body), and Host comes from request.host.
var droppedRequestHeaders = map[string]bool{"Host": true, "Content-Length": true, "Transfer-Encoding": true, "Trailer": true}

// appendRequestHead appends the wire form of p's request to buf: the request line with
// the path and query exactly as planned (escapes, "//" and dot segments kept), Host,
// User-Agent, then the other headers sorted by name, and the empty line. It returns
// whether the request asks for Connection: close. Invalid methods, header names or
// values are errors (as net/http refused them), so nothing malformed reaches a proxy.
func appendRequestHead(buf []byte, p *Probe, meta sendMeta) ([]byte, bool, error) {
	r := &p.Request
	if !isToken(r.Method) {
		return buf, false, fmt.Errorf("invalid method %q", r.Method)
	}
	hostport := r.Host
	if r.Port != 0 && !(r.Scheme == "http" && r.Port == 80) && !(r.Scheme == "https" && r.Port == 443) {
		hostport = joinHostPort(r.Host, strconv.Itoa(int(r.Port)))
	}
	if !validFieldValue(hostport) || strings.ContainsRune(hostport, ' ') {
		return buf, false, fmt.Errorf("invalid Host %q", hostport)
	}
	hs := make([]requestHeader, 0, len(r.Headers)+4)
	set := func(name, value string) {
		for i := range hs {
			if hs[i].name == name {
				hs[i].value = value
				return
			}
		}
		hs = append(hs, requestHeader{name, value})
	}
	// Sorted, so that two spellings of one name resolve the same way every time.
	for _, k := range slices.Sorted(maps.Keys(r.Headers)) {
		if !isToken(k) {
			return buf, false, fmt.Errorf("invalid header field name %q", k)
		}
		set(http.CanonicalHeaderKey(k), r.Headers[k])
	}
	set("X-Request-Id", meta.RequestID)
	set("Traceparent", meta.TraceParent)
	if meta.Authorization != "" {
		set("Authorization", meta.Authorization)
	}
	ua := "ingress-parity-probe"
	closeConn := false
	for _, h := range hs {
		if !validFieldValue(h.value) {
			return buf, false, fmt.Errorf("invalid header field value for %q", h.name)
		}
		switch {
		case h.name == "User-Agent" && h.value != "":
			ua = h.value
		case h.name == "Connection" && hasToken(h.value, "close"):
			closeConn = true
		}
	}
	slices.SortFunc(hs, func(a, b requestHeader) int { return strings.Compare(a.name, b.name) })

	buf = append(buf, r.Method...)
	buf = append(buf, ' ')
	buf = append(buf, r.Path...)
	if r.Query != "" {
		buf = append(buf, '?')
		buf = append(buf, r.Query...)
	}
	buf = append(buf, " HTTP/1.1\r\nHost: "...)
	buf = append(buf, hostport...)
	buf = append(buf, "\r\nUser-Agent: "...)
	buf = append(buf, ua...)
	buf = append(buf, "\r\n"...)
	for _, h := range hs {
		if h.name == "User-Agent" || droppedRequestHeaders[h.name] {
			continue
		}
		buf = append(buf, h.name...)
		buf = append(buf, ": "...)
		buf = append(buf, h.value...)
		buf = append(buf, "\r\n"...)
	}
	switch r.Method {
	case "POST", "PUT", "PATCH": // many servers want a length for these (as net/http sends)
		buf = append(buf, "Content-Length: 0\r\n"...)
	}
	buf = append(buf, "\r\n"...)
	return buf, closeConn, nil
}

// joinHostPort is net.JoinHostPort for a host that may already carry IPv6 brackets.
func joinHostPort(host, port string) string {
	if strings.Contains(host, ":") && !strings.HasPrefix(host, "[") {
		return "[" + host + "]:" + port
	}
	return host + ":" + port
}

// isToken reports whether s is a non-empty RFC 9110 token (a method or a field name).
func isToken(s string) bool {
	if s == "" {
		return false
	}
	for i := range len(s) {
		if !isTokenByte(s[i]) {
			return false
		}
	}
	return true
}

// validFieldValue reports whether s has no control bytes other than horizontal tab.
func validFieldValue(s string) bool {
	for i := range len(s) {
		if c := s[i]; (c < ' ' && c != '\t') || c == 0x7f {
			return false
		}
	}
	return true
}

// hasToken reports whether the comma-separated list v contains token (any case).
func hasToken(v, token string) bool {
	for part := range strings.SplitSeq(v, ",") {
		if strings.EqualFold(strings.TrimSpace(part), token) {
			return true
		}
	}
	return false
}
