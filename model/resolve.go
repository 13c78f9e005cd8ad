package model

import (
	"fmt"
	"net"
	"regexp"
	"strconv"
	"strings"
)

// Resolution is what one entry point does with one request: the listener, virtual host and
// route chosen, the decision, and its concrete effect.
type Resolution struct {
	EntryPoint string       `json:"entryPoint"`
	Listener   *Listener    `json:"-"`
	VHost      *VirtualHost `json:"-"`
	// Route is nil when no route matched (the virtual host's fallback applied) or no
	// listener or virtual host accepted the request.
	Route   *Route  `json:"-"`
	Outcome Outcome `json:"outcome"`
}

// Outcome is the concrete effect of a decision on one request.
type Outcome struct {
	Kind     DecisionKind `json:"decision"`
	Status   int          `json:"status,omitempty"`
	Reason   string       `json:"reason,omitempty"`
	Backends []Backend    `json:"backends,omitempty"`
	// UpstreamPath and UpstreamHost are what the backend receives (forward only).
	UpstreamPath string `json:"upstreamPath,omitempty"`
	UpstreamHost string `json:"upstreamHost,omitempty"`
	// Location is the redirect target (redirect only).
	Location string `json:"location,omitempty"`
	// Source is where the deciding rule came from.
	Source Source `json:"source"`
}

// Resolve returns, for each entry point that has a listener for the request's scheme and
// port, what it does with r. Entry points without such a listener are left out.
func (m *Model) Resolve(r Request) []Resolution {
	var out []Resolution
	for i := range m.EntryPoints {
		if res, ok := m.EntryPoints[i].resolve(r, m.Profile); ok {
			out = append(out, res)
		}
	}
	return out
}

// SelectListener returns the listener of ep that accepts r: same port and scheme, and the
// most specific listener hostname that matches r.Host (exact before wildcard, longer first).
func (ep *EntryPoint) SelectListener(r Request, mode WildcardMode) *Listener {
	var best *Listener
	for i := range ep.Listeners {
		l := &ep.Listeners[i]
		if l.Port != r.Port || l.Scheme != r.Scheme || !HostMatches(l.Hostname, r.Host, WildcardAnyLabels) {
			continue
		}
		if best == nil || HostSpecificity(l.Hostname) > HostSpecificity(best.Hostname) {
			best = l
		}
	}
	return best
}

// PortListener returns the first listener of ep on r's scheme and port when r's scheme is
// HTTP, whatever its hostname: an HTTP data plane accepts every connection on a port it
// listens on and answers 404 when no listener hostname matches the Host header (Envoy's
// router has no virtual host for it). HTTPS cannot: a TLS listener chosen by SNI with no
// match fails the handshake, so for HTTPS it returns nil.
func (ep *EntryPoint) PortListener(r Request) *Listener {
	if r.Scheme != HTTP {
		return nil
	}
	for i := range ep.Listeners {
		if l := &ep.Listeners[i]; l.Port == r.Port && l.Scheme == r.Scheme {
			return l
		}
	}
	return nil
}

// HostSpecificity orders host patterns: exact names beat wildcards, longer beats shorter,
// and the catch-all comes last.
func HostSpecificity(pattern string) int {
	switch {
	case pattern == "" || pattern == "*":
		return 0
	case strings.HasPrefix(pattern, "*."):
		return 1 + len(pattern)
	default:
		return 1_000_000 + len(pattern)
	}
}

// SelectVirtualHost returns the first virtual host of l whose pattern matches host.
func (l *Listener) SelectVirtualHost(host string, mode WildcardMode) *VirtualHost {
	for i := range l.VirtualHosts {
		if HostMatches(l.VirtualHosts[i].Host.Pattern, host, mode) {
			return &l.VirtualHosts[i]
		}
	}
	return nil
}

func (ep *EntryPoint) resolve(r Request, p Profile) (Resolution, bool) {
	res := Resolution{EntryPoint: ep.Name}
	l := ep.SelectListener(r, p.Wildcard)
	var vh *VirtualHost
	if l != nil {
		vh = l.SelectVirtualHost(r.Host, p.Wildcard)
	} else if l = ep.PortListener(r); l == nil {
		return res, false
	}
	res.Listener = l
	if vh == nil {
		res.Outcome = Outcome{Kind: Reject, Status: 404, Reason: "no virtual host for " + r.Host, Source: l.Source}
		return res, true
	}
	res.VHost = vh
	np := NormalizePath(r.Path, p.Normalization)
	for i := range vh.Routes {
		if vh.Routes[i].Match.Matches(r, np) {
			res.Route = &vh.Routes[i]
			res.Outcome = vh.Routes[i].Decision.Apply(r, np, vh.Routes[i].Match.Path)
			return res, true
		}
	}
	res.Outcome = vh.Fallback.Apply(r, np, PathMatch{})
	return res, true
}

// Apply computes the concrete effect of d on request r whose normalized path is np and
// which matched path match pm.
func (d Decision) Apply(r Request, np string, pm PathMatch) Outcome {
	o := Outcome{Kind: d.Kind, Status: d.Status, Reason: d.Reason, Backends: d.Backends, Source: d.Source}
	switch d.Kind {
	case Forward:
		o.UpstreamPath, o.UpstreamHost = np, r.Host
		if d.Rewrite != nil {
			o.UpstreamPath = d.Rewrite.apply(np, pm)
			if d.Rewrite.Host != "" {
				o.UpstreamHost = d.Rewrite.Host
			}
		}
	case Redirect:
		if d.Redirect != nil {
			o.Location = d.Redirect.location(r, np)
		}
	}
	return o
}

func (rw *Rewrite) apply(p string, pm PathMatch) string {
	switch rw.Kind {
	case RewriteFullPath:
		return rw.Replacement
	case RewritePrefix:
		return ReplacePrefix(p, rw.Prefix, rw.Replacement)
	case RewriteRegex:
		pat := rw.Pattern
		if rw.CaseInsensitive {
			pat = "(?i)" + pat
		}
		re, err := regexp.Compile(pat)
		if err != nil {
			return p
		}
		loc := re.FindStringSubmatchIndex(p)
		if loc == nil {
			return p
		}
		return string(re.ExpandString(nil, nginxTemplate(rw.Replacement), p, loc))
	}
	return p
}

// ReplacePrefix replaces the element-wise prefix of p with repl, as Gateway API
// ReplacePrefixMatch does ("/foo" -> "/": "/foo/bar" becomes "/bar", "/foo" becomes "/").
func ReplacePrefix(p, prefix, repl string) string {
	prefix = strings.TrimRight(prefix, "/")
	if !strings.HasPrefix(p, prefix) {
		return p
	}
	out := strings.TrimRight(repl, "/") + p[len(prefix):]
	if out == "" {
		return "/"
	}
	if !strings.HasPrefix(out, "/") {
		out = "/" + out
	}
	return out
}

var nginxGroup = regexp.MustCompile(`\$([0-9])`)

// nginxTemplate turns nginx "$1" references (one digit) into Go's "${1}".
func nginxTemplate(s string) string {
	return nginxGroup.ReplaceAllString(strings.ReplaceAll(s, "${", "$${"), "$${$1}")
}

func (rs *RedirectSpec) location(r Request, np string) string {
	if rs.URL != "" {
		if rs.AppendURI {
			return strings.TrimRight(rs.URL, "/") + rs.stripSlash(r.RequestURI())
		}
		return rs.URL
	}
	scheme := r.Scheme
	if rs.Scheme != "" {
		scheme = Scheme(rs.Scheme)
	}
	host := r.Host
	if rs.Host != "" {
		host = rs.Host
	}
	port := rs.Port
	if port == 0 {
		port = DefaultPort(scheme)
	}
	p := r.Path
	switch {
	case rs.Path != "":
		p = rs.Path
	case rs.PrefixReplace != "" || rs.Prefix != "":
		p = ReplacePrefix(np, rs.Prefix, rs.PrefixReplace)
	}
	if port != DefaultPort(scheme) {
		host = joinHostPort(host, port)
	}
	uri := p
	if rs.KeepQuery && r.Query != "" {
		uri += "?" + r.Query
	}
	return string(scheme) + "://" + host + rs.stripSlash(uri)
}

// stripSlash removes one trailing "/" from uri when StripTrailingSlash is set.
func (rs *RedirectSpec) stripSlash(uri string) string {
	if rs.StripTrailingSlash {
		return strings.TrimSuffix(uri, "/")
	}
	return uri
}

func joinHostPort(host string, port int32) string {
	return net.JoinHostPort(host, strconv.Itoa(int(port)))
}

// String is a one-line summary of an outcome: "forward ns/svc:80 path=/x", "redirect 308 -> https://...".
func (o Outcome) String() string {
	switch o.Kind {
	case Forward:
		var bs []string
		for _, b := range o.Backends {
			s := b.String()
			if len(o.Backends) > 1 {
				s += fmt.Sprintf(" (weight %d)", b.Weight)
			}
			if b.Invalid != "" {
				s += " [invalid: " + b.Invalid + "]"
			}
			bs = append(bs, s)
		}
		return fmt.Sprintf("forward to %s, upstream path %s, host %s", strings.Join(bs, ", "), o.UpstreamPath, o.UpstreamHost)
	case Redirect:
		return fmt.Sprintf("redirect %d to %s", o.Status, o.Location)
	default:
		if o.Reason != "" {
			return fmt.Sprintf("reject %d (%s)", o.Status, o.Reason)
		}
		return fmt.Sprintf("reject %d", o.Status)
	}
}
