package probe

import (
	"encoding/json"
	"strings"
)

// echoFacts are the fields of a witness answer (witness.Echo) the prober compares; the
// rest of the echo (peer, TLS details, certificate fingerprints) is skipped when decoding.
type echoFacts struct {
	Method  string              `json:"method"`
	Path    string              `json:"path"`
	Query   string              `json:"query"`
	Host    string              `json:"host"`
	Headers map[string][]string `json:"headers"`
	TLS     *struct {
		ClientCertificates []struct {
			Subject string `json:"subject"`
		} `json:"clientCertificates"`
	} `json:"tls"`
}

// decodeEcho reads what a witness backend received from its answer body; nil when the
// body is not a witness echo. Its result is exactly json.Unmarshal's into echoFacts
// (FuzzDecodeEcho holds it to that): a validating scanner reads the usual shape of an
// echo without building the whole header map, and anything unusual (invalid JSON,
// case-folded or repeated keys, nulls, escaped keys, surrogate escapes) goes to
// encoding/json.
func decodeEcho(body []byte) *Upstream {
	if u, ok := scanEcho(body); ok {
		return u
	}
	return decodeEchoJSON(body)
}

// decodeEchoJSON is decodeEcho with encoding/json.
func decodeEchoJSON(body []byte) *Upstream {
	var e echoFacts
	if err := json.Unmarshal(body, &e); err != nil {
		return nil
	}
	u := &Upstream{Method: e.Method, Path: e.Path, Query: e.Query, Host: e.Host, Headers: upstreamHeaders(e.Headers)}
	if e.TLS != nil && len(e.TLS.ClientCertificates) > 0 {
		u.ClientCert = e.TLS.ClientCertificates[0].Subject
	}
	return u
}

// scanEcho reads the usual shape of a witness echo; ok is false when the body needs
// encoding/json (it is then not known to be valid JSON either).
func scanEcho(b []byte) (*Upstream, bool) {
	s := jsonScan{b: b}
	u := &Upstream{}
	var seen [6]bool // method, path, query, host, headers, tls
	ok := s.object(func(key []byte) bool {
		i := fieldIndex(key, "method", "path", "query", "host", "headers", "tls")
		switch {
		case i == -1:
			return s.skip(0)
		case i == -2 || seen[i]:
			return false
		}
		seen[i] = true
		var ok bool
		switch i {
		case 0:
			u.Method, ok = s.str()
		case 1:
			u.Path, ok = s.str()
		case 2:
			u.Query, ok = s.str()
		case 3:
			u.Host, ok = s.str()
		case 4:
			u.Headers, ok = s.headers()
		case 5:
			u.ClientCert, ok = s.tls()
		}
		return ok
	})
	s.ws()
	return u, ok && s.i == len(s.b)
}

// fieldIndex is the index of key among fields; -1 for none; -2 (fall back) for a key
// that encoding/json would match case-insensitively. Keys are ASCII here.
func fieldIndex(key []byte, fields ...string) int {
	for i, f := range fields {
		if string(key) == f {
			return i
		}
		if asciiEqualFold(key, f) {
			return -2
		}
	}
	return -1
}

// headers reads the echo's header map, keeping the identity headers as upstreamHeaders
// does. Every value must be an array of strings, as encoding/json requires.
func (s *jsonScan) headers() (map[string]string, bool) {
	var out map[string]string
	ok := s.object(func(key []byte) bool {
		want := -1
		for i, k := range identityKeys {
			if string(key) == k[0] {
				want = i
				break
			}
		}
		if !s.consume('[') {
			return false
		}
		var vals []string
		for first := true; !s.consume(']'); first = false {
			if !first && !s.consume(',') {
				return false
			}
			v, ok := s.str()
			if !ok {
				return false
			}
			if want >= 0 {
				vals = append(vals, v)
			}
		}
		if want < 0 {
			return true
		}
		lower := identityKeys[want][1]
		if len(vals) == 0 {
			delete(out, lower) // a repeated key replaces the earlier value
			return true
		}
		if out == nil {
			out = map[string]string{}
		}
		if secretHeaders[lower] {
			out[lower] = "present"
		} else {
			out[lower] = strings.Join(vals, ", ")
		}
		return true
	})
	if len(out) == 0 {
		out = nil
	}
	return out, ok
}

// tls reads the subject of the first client certificate of the echo's TLS facts.
func (s *jsonScan) tls() (string, bool) {
	subject, seen := "", false
	ok := s.object(func(key []byte) bool {
		switch fieldIndex(key, "clientCertificates") {
		case -1:
			return s.skip(0)
		case -2:
			return false
		}
		if seen || !s.consume('[') {
			return false
		}
		seen = true
		for i := 0; !s.consume(']'); i++ {
			if i > 0 && !s.consume(',') {
				return false
			}
			sawSubject := false
			ok := s.object(func(key []byte) bool {
				switch fieldIndex(key, "subject") {
				case -1:
					return s.skip(0)
				case -2:
					return false
				}
				if sawSubject {
					return false
				}
				sawSubject = true
				v, ok := s.str()
				if i == 0 {
					subject = v
				}
				return ok
			})
			if !ok {
				return false
			}
		}
		return true
	})
	return subject, ok
}
