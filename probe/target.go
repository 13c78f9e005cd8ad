package probe

import (
	"fmt"
	"net"
	"net/url"
	"strings"
)

// Target is one side's address: where to connect for http and for https probes.
// Host headers and SNI come from each probe, so one address serves every host.
type Target struct {
	// Name is "old", "new" or "old-secondary", used in messages and request ids.
	Name string
	// HTTP and HTTPS are host:port addresses; empty means the side has no such listener.
	HTTP, HTTPS string
	// Proxy is the PROXY protocol header every connection to the side starts with unless
	// the probe names its own (--old-proxy-protocol: the side sits behind a load balancer
	// that sends one); nil: none.
	Proxy *ProxyHeader
}

// ParseTarget reads a side from one or more URLs separated by commas, such as
// "http://127.0.0.1:8080,https://127.0.0.1:8443" or "https://gw.example.net". The port
// defaults to the scheme's. Paths, queries and user info are refused.
func ParseTarget(name, spec string) (Target, error) {
	t := Target{Name: name}
	if strings.TrimSpace(spec) == "" {
		return t, fmt.Errorf("--%s: empty address", name)
	}
	for _, part := range strings.Split(spec, ",") {
		u, err := url.Parse(strings.TrimSpace(part))
		if err != nil {
			return t, fmt.Errorf("--%s %q: %w", name, part, err)
		}
		if u.Host == "" || u.User != nil || (u.Path != "" && u.Path != "/") || u.RawQuery != "" {
			return t, fmt.Errorf("--%s %q: want scheme://host[:port] only", name, part)
		}
		host, port := u.Hostname(), u.Port()
		switch u.Scheme {
		case "http":
			if port == "" {
				port = "80"
			}
			t.HTTP = net.JoinHostPort(host, port)
		case "https":
			if port == "" {
				port = "443"
			}
			t.HTTPS = net.JoinHostPort(host, port)
		default:
			return t, fmt.Errorf("--%s %q: scheme must be http or https", name, part)
		}
	}
	return t, nil
}

// Addr is the address for scheme, or an error when the side has none.
func (t Target) Addr(scheme string) (string, error) {
	a := t.HTTP
	if scheme == "https" {
		a = t.HTTPS
	}
	if a == "" {
		return "", fmt.Errorf("%s side has no %s address", t.Name, scheme)
	}
	return a, nil
}

// IsZero reports whether the target has no address at all.
func (t Target) IsZero() bool { return t.HTTP == "" && t.HTTPS == "" }
