// Package explain answers "which route does this request hit?" for one side: the listener,
// virtual host and route chosen, and the decision with its concrete effect, each traced to
// the object, field and file:line it came from.
package explain

import (
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/ingress-parity/ingress-parity/equiv"
	"github.com/ingress-parity/ingress-parity/finding"
	"github.com/ingress-parity/ingress-parity/model"
)

// Answer is what one entry point does with the request.
type Answer struct {
	finding.Decision
	Listener string `json:"listener"`
	VHost    string `json:"vhost"`
	// Opaque lists why the deciding route cannot be modelled faithfully.
	Opaque []string `json:"opaque,omitempty"`
	// Access is what the route's access policy does with this caller (nil: the route has
	// no access rule, or AccessNote says what is missing to evaluate it).
	Access     *equiv.Verdict `json:"access,omitempty"`
	AccessNote string         `json:"accessNote,omitempty"`
	// Others are the answers of further entry points that claim the same host (several
	// Gateways); a client reaches only one of them, depending on DNS.
	Others []Answer `json:"others,omitempty"`
}

// Options are the caller facts a request line does not carry.
type Options struct {
	// AuthAnswer is what an external auth service answers this caller (0: 200, -1: unreachable).
	AuthAnswer int
}

// Explain resolves r on m with the default Options. It returns nil when no entry point has
// a listener for the request's scheme and port.
func Explain(m *model.Model, r model.Request) *Answer { return ExplainWith(m, r, Options{}) }

// ExplainWith resolves r on m, and evaluates the deciding route's access policy for the
// caller r describes (ClientIP, ProxyAddr, Credentials, ClientCert, forwarded headers).
func ExplainWith(m *model.Model, r model.Request, o Options) *Answer {
	var answers []Answer
	for _, res := range m.Resolve(r) {
		a := Answer{Decision: *finding.DecisionOf(res)}
		if res.Listener != nil {
			a.Listener = fmt.Sprintf("%s %s:%d", res.Listener.Name, res.Listener.Scheme, res.Listener.Port)
		}
		if res.VHost != nil {
			a.VHost = res.VHost.Host.Pattern
			if a.VHost == "" {
				a.VHost = "*"
			}
		}
		if res.Route != nil {
			a.Opaque = res.Route.Opaque
			a.Access, a.AccessNote = access(res, r, o)
		}
		answers = append(answers, a)
	}
	if len(answers) == 0 {
		return nil
	}
	first := answers[0]
	first.Others = answers[1:]
	return &first
}

// access evaluates the route's access policy for the caller of r.
func access(res model.Resolution, r model.Request, o Options) (*equiv.Verdict, string) {
	p := res.Route.Policy
	if p == nil || p.IPAccess == nil && p.Auth == nil {
		return nil, ""
	}
	if r.ClientIP == "" {
		return nil, "the route has an access policy: give --client-ip (and --credentials, --client-cert, --auth-answer) to evaluate it"
	}
	v, err := equiv.Access(res.Listener.ClientIP, p, r, o.AuthAnswer)
	if err != nil {
		return nil, err.Error()
	}
	return &v, ""
}

// ParseRequest reads "METHOD URL" (the method may be left out: GET), header lines
// "Name: value" and a client IP into a request. The URL must be absolute (scheme and host).
func ParseRequest(line string, headers []string, clientIP string) (model.Request, error) {
	fields := strings.Fields(line)
	method, raw := http.MethodGet, ""
	switch len(fields) {
	case 1:
		raw = fields[0]
	case 2:
		method, raw = strings.ToUpper(fields[0]), fields[1]
	default:
		return model.Request{}, fmt.Errorf("request %q: want \"METHOD URL\", e.g. \"GET https://shop.example.com/cart\"", line)
	}
	u, err := url.Parse(raw)
	if err != nil {
		return model.Request{}, fmt.Errorf("request %q: %v", line, err)
	}
	if u.Scheme != "http" && u.Scheme != "https" || u.Host == "" {
		return model.Request{}, fmt.Errorf("request %q: the URL must be absolute with scheme http or https and a host", line)
	}
	r := model.Request{Method: method, Scheme: model.Scheme(u.Scheme), Host: strings.ToLower(u.Hostname()), Path: u.EscapedPath(), Query: u.RawQuery, Headers: http.Header{}, ClientIP: clientIP}
	if r.Path == "" {
		r.Path = "/"
	}
	r.Port = model.DefaultPort(r.Scheme)
	if p := u.Port(); p != "" {
		n, err := strconv.Atoi(p)
		if err != nil || n < 1 || n > 65535 {
			return model.Request{}, fmt.Errorf("request %q: bad port %q", line, p)
		}
		r.Port = int32(n)
	}
	for _, h := range headers {
		name, value, ok := strings.Cut(h, ":")
		if !ok || strings.TrimSpace(name) == "" {
			return model.Request{}, fmt.Errorf("header %q: want \"Name: value\"", h)
		}
		r.Headers.Add(strings.TrimSpace(name), strings.TrimSpace(value))
	}
	return r, nil
}
