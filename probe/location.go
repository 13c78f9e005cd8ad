package probe

import (
	"net"
	"net/url"
	"strconv"
	"strings"
)

// normalizeLocation makes a Location absolute against the probe's URL, lower-cases scheme
// and host, drops default ports, and maps the side's own listening port back to the probe's
// port (nginx writes its listen port into absolute redirects).
func (s *sender) normalizeLocation(p *Probe, loc string) string {
	r := p.Request
	base := &url.URL{Scheme: r.Scheme, Host: r.Host, Path: "/"}
	if r.Port != 0 {
		base.Host = net.JoinHostPort(r.Host, strconv.Itoa(int(r.Port)))
	}
	u, err := url.Parse(loc)
	if err != nil {
		return loc
	}
	u = base.ResolveReference(u)
	u.Scheme = strings.ToLower(u.Scheme)
	host, port := strings.ToLower(u.Hostname()), u.Port()
	if port != "" && port == portOf(s.target, u.Scheme) {
		// The side's own listening port: the client would see the probe's public port.
		port = ""
		if u.Scheme == r.Scheme && r.Port != 0 {
			port = strconv.Itoa(int(r.Port))
		}
	}
	if (u.Scheme == "http" && port == "80") || (u.Scheme == "https" && port == "443") {
		port = ""
	}
	u.Host = host
	if port != "" {
		u.Host = net.JoinHostPort(host, port)
	}
	return u.String()
}

func portOf(t Target, scheme string) string {
	a, err := t.Addr(scheme)
	if err != nil {
		return ""
	}
	_, p, _ := net.SplitHostPort(a)
	return p
}
