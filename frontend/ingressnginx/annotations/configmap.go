package annotations

import (
	"net/url"
	"slices"
	"strings"

	"github.com/ingress-parity/ingress-parity/cidrset"
	"github.com/ingress-parity/ingress-parity/model"
)

// Global is the part of the controller ConfigMap that bears on identity, with ingress-nginx
// defaults (internal/ingress/controller/config/config.go NewDefault).
type Global struct {
	// UseForwardedHeaders trusts X-Forwarded-* from proxy-real-ip-cidr (default false).
	UseForwardedHeaders bool
	// EnableRealIP derives the client address from ForwardedForHeader without trusting the
	// other X-Forwarded-* headers (default false).
	EnableRealIP bool
	// ForwardedForHeader is the header read for the client address ("X-Forwarded-For").
	ForwardedForHeader string
	// ForwardedForProxyProtocolHeader is the internal header used when both
	// use-proxy-protocol and use-forwarded-headers are on ("X-Forwarded-For-Proxy-Protocol").
	ForwardedForProxyProtocolHeader string
	// ProxyRealIPCIDR are the trusted peers. The default is 0.0.0.0/0 only: every IPv4 peer is
	// trusted, no IPv6 peer is (template/configmap.go appends "0.0.0.0/0" when the key is unset).
	ProxyRealIPCIDR []string
	// ComputeFullForwardedFor appends to the client's X-Forwarded-For instead of replacing it
	// (effective only with UseForwardedHeaders; nginx.tmpl).
	ComputeFullForwardedFor bool
	// UseProxyProtocol expects a PROXY protocol header on every connection.
	UseProxyProtocol bool
	// GenerateRequestID generates X-Request-ID when the client sends none (default true).
	GenerateRequestID bool
	// ProxyAddOriginalURIHeader sets X-Original-URI (default false).
	ProxyAddOriginalURIHeader bool
	// WhitelistSourceRange and DenylistSourceRange are the default allow and deny lists of
	// every location without its own annotation.
	WhitelistSourceRange []string
	DenylistSourceRange  []string
	// BlockCIDRs are denied at the http level (nginx inherits them only into locations that
	// have no allow/deny rules of their own).
	BlockCIDRs []string
	// GlobalAuth is the external auth of every location without auth-url (nil: none).
	GlobalAuth *model.ExternalAuth
	// HSTS settings (defaults: on, max-age 31536000, includeSubDomains, no preload).
	HSTS                  bool
	HSTSMaxAge            int64
	HSTSIncludeSubdomains bool
	HSTSPreload           bool
	// ProxyBodySize is the default client_max_body_size ("1m").
	ProxyBodySize string
	// LimitReqStatusCode and LimitConnStatusCode answer limited requests (503).
	LimitReqStatusCode  int
	LimitConnStatusCode int
	// AllowCrossNamespaceResources lets annotations refer to other namespaces (default false).
	AllowCrossNamespaceResources bool
	// Source returns where a key was written (nil: built-in default).
	Source func(key string) model.Source
	// Present lists the keys the ConfigMap sets; the others are built-in defaults and get an
	// empty Source.
	Present map[string]bool
}

// DefaultGlobal is the ConfigMap of a controller with no ConfigMap data.
func DefaultGlobal() Global {
	return Global{
		ForwardedForHeader:              "X-Forwarded-For",
		ForwardedForProxyProtocolHeader: "X-Forwarded-For-Proxy-Protocol",
		ProxyRealIPCIDR:                 []string{"0.0.0.0/0"},
		GenerateRequestID:               true,
		HSTS:                            true,
		HSTSMaxAge:                      31536000,
		HSTSIncludeSubdomains:           true,
		ProxyBodySize:                   "1m",
		LimitReqStatusCode:              503,
		LimitConnStatusCode:             503,
	}
}

// GlobalOptions say where a ConfigMap was read.
type GlobalOptions struct {
	// Source returns where a key was written; nil gives empty sources.
	Source func(key string) model.Source
}

// ParseGlobal reads the identity-related keys of the controller ConfigMap data. Bad values
// keep the default and are returned as errors (ingress-nginx logs a warning and goes on).
func ParseGlobal(data map[string]string, opts GlobalOptions) (Global, []error) {
	g := DefaultGlobal()
	g.Source = opts.Source
	g.Present = make(map[string]bool, len(data))
	for k := range data {
		g.Present[k] = true
	}
	var errs []error
	fail := func(key, value, reason string) {
		e := &Error{Key: key, Value: safeValue(value), Reason: reason, Effect: Ignored}
		if opts.Source != nil {
			e.Source = opts.Source(key)
		}
		errs = append(errs, e)
	}
	bools := []struct {
		key string
		dst *bool
	}{
		{"use-forwarded-headers", &g.UseForwardedHeaders},
		{"enable-real-ip", &g.EnableRealIP},
		{"compute-full-forwarded-for", &g.ComputeFullForwardedFor},
		{"use-proxy-protocol", &g.UseProxyProtocol},
		{"generate-request-id", &g.GenerateRequestID},
		{"proxy-add-original-uri-header", &g.ProxyAddOriginalURIHeader},
		{"hsts", &g.HSTS},
		{"hsts-include-subdomains", &g.HSTSIncludeSubdomains},
		{"hsts-preload", &g.HSTSPreload},
		{"allow-cross-namespace-resources", &g.AllowCrossNamespaceResources},
	}
	for _, b := range bools {
		if v, ok := data[b.key]; ok {
			x, err := ParseBool(v)
			if err != nil {
				fail(b.key, v, err.Error())
				continue
			}
			*b.dst = x
		}
	}
	for _, k := range []struct {
		key string
		dst *string
	}{{"forwarded-for-header", &g.ForwardedForHeader}, {"forwarded-for-proxy-protocol-header", &g.ForwardedForProxyProtocolHeader}} {
		if v, ok := data[k.key]; ok {
			if !headerNameRe.MatchString(strings.TrimSpace(v)) {
				fail(k.key, v, "not a header name")
				continue
			}
			*k.dst = strings.TrimSpace(v)
		}
	}
	cidrs := []struct {
		key string
		dst *[]string
	}{
		{"proxy-real-ip-cidr", &g.ProxyRealIPCIDR},
		{"whitelist-source-range", &g.WhitelistSourceRange},
		{"denylist-source-range", &g.DenylistSourceRange},
		{"block-cidrs", &g.BlockCIDRs},
	}
	for _, c := range cidrs {
		if v, ok := data[c.key]; ok {
			set, err := cidrset.Parse(v)
			if err != nil {
				fail(c.key, v, err.Error())
				continue
			}
			*c.dst = prefixStrings(set)
		}
	}
	if v, ok := data["hsts-max-age"]; ok {
		if n, err := ParseInt(v); err != nil || n < 0 {
			fail("hsts-max-age", v, "not a non-negative integer")
		} else {
			g.HSTSMaxAge = int64(n)
		}
	}
	if v, ok := data["proxy-body-size"]; ok {
		if _, err := ParseSize(v); err != nil {
			fail("proxy-body-size", v, err.Error())
		} else {
			g.ProxyBodySize = strings.TrimSpace(v)
		}
	}
	for _, k := range []struct {
		key string
		dst *int
	}{{"limit-req-status-code", &g.LimitReqStatusCode}, {"limit-conn-status-code", &g.LimitConnStatusCode}} {
		if v, ok := data[k.key]; ok {
			if n, err := ParseInt(v); err != nil || n < 100 || n > 599 {
				fail(k.key, v, "not an HTTP status code")
			} else {
				*k.dst = n
			}
		}
	}
	g.GlobalAuth = parseGlobalAuth(data, opts, fail)
	return g, errs
}

// parseGlobalAuth reads the global-auth-* keys (template/configmap.go): an unparsable URL
// disables global auth with a warning.
func parseGlobalAuth(data map[string]string, opts GlobalOptions, fail func(key, value, reason string)) *model.ExternalAuth {
	raw, ok := data["global-auth-url"]
	if !ok || strings.TrimSpace(raw) == "" {
		return nil
	}
	if err := checkAuthURL(raw); err != nil {
		fail("global-auth-url", raw, err.Error())
		return nil
	}
	a := &model.ExternalAuth{URL: strings.TrimSpace(raw), ClientCopy: model.ClientCopyRemoved}
	if opts.Source != nil {
		a.Source = opts.Source("global-auth-url")
	}
	if v, ok := data["global-auth-method"]; ok && strings.TrimSpace(v) != "" {
		if !methodRe.MatchString(v) {
			fail("global-auth-method", v, "not an HTTP method")
		} else {
			a.Method = v
		}
	}
	if v, ok := data["global-auth-signin"]; ok && strings.TrimSpace(v) != "" {
		a.SigninURL = strings.TrimSpace(v)
	}
	if v, ok := data["global-auth-response-headers"]; ok {
		hs, err := ParseHeaderList(v)
		if err != nil {
			fail("global-auth-response-headers", v, err.Error())
		} else {
			a.ResponseHeaders = hs
		}
	}
	return a
}

// checkAuthURL accepts what parser.StringToURL accepts: an absolute http(s) URL with a host.
func checkAuthURL(raw string) error {
	u, err := url.Parse(strings.TrimSpace(raw))
	switch {
	case err != nil:
		return errorf("not a URL")
	case u.Scheme != "http" && u.Scheme != "https":
		return errorf("url scheme is not http or https")
	case u.Host == "":
		return errorf("url has no host")
	}
	return nil
}

// prefixStrings is the canonical CIDR strings of s.
func prefixStrings(s cidrset.Set) []string {
	var out []string
	for _, p := range s.Prefixes() {
		out = append(out, p.String())
	}
	return out
}

// source is where key was set, or the empty Source (built-in default) when it was not.
func (g Global) source(key string) model.Source {
	if g.Source == nil || !g.Present[key] {
		return model.Source{}
	}
	return g.Source(key)
}

// ClientIP is how the controller derives $remote_addr, the address allow/deny lists test
// (nginx.tmpl: real_ip_header, set_real_ip_from, real_ip_recursive on).
func (g Global) ClientIP() *model.ClientIPDerivation {
	d := &model.ClientIPDerivation{From: model.ClientIPPeer, ProxyProtocol: g.UseProxyProtocol}
	switch {
	case g.UseForwardedHeaders || g.EnableRealIP:
		// With proxy protocol too, nginx reads an internal header that holds the
		// forwarded-for value when the PROXY address is trusted and the PROXY address
		// otherwise: the same result as walking the header from a trusted peer.
		d.From = model.ClientIPForwardedFor
		d.Header = g.ForwardedForHeader
		d.TrustedCIDRs = slices.Clone(g.ProxyRealIPCIDR)
		d.Recursive = true
		d.Source = g.source("use-forwarded-headers")
		if !g.UseForwardedHeaders {
			d.Source = g.source("enable-real-ip")
		}
	case g.UseProxyProtocol:
		d.TrustedCIDRs = slices.Clone(g.ProxyRealIPCIDR)
		d.Source = g.source("use-proxy-protocol")
	}
	return d
}

// UpstreamHeaders are the identity headers every proxied location sets (nginx.tmpl
// proxy_set_header block), sorted by name.
func (g Global) UpstreamHeaders() []model.IdentityHeader {
	src := g.source("")
	xff := model.IdentityHeader{Name: "X-Forwarded-For", Action: model.HeaderReplace, Value: model.ValueClientIP, Source: src}
	if g.UseForwardedHeaders && g.ComputeFullForwardedFor {
		xff = model.IdentityHeader{Name: "X-Forwarded-For", Action: model.HeaderAppend, Value: model.ValuePeerIP, Source: g.source("compute-full-forwarded-for")}
	}
	// X-Request-ID: `map $http_x_request_id $req_id`: the client's value wins; one is generated
	// only when it is empty and generate-request-id is on.
	rid := model.IdentityHeader{Name: "X-Request-ID", Action: model.HeaderPass, Source: g.source("generate-request-id")}
	if g.GenerateRequestID {
		rid.Action, rid.Value = model.HeaderPassOrGenerate, model.ValueRequestID
	}
	hs := []model.IdentityHeader{
		{Name: "Proxy", Action: model.HeaderStrip, Source: src}, // httpoxy mitigation
		{Name: "X-Forwarded-Host", Action: model.HeaderReplace, Value: model.ValueHost, Source: src},
		{Name: "X-Forwarded-Port", Action: model.HeaderReplace, Value: model.ValuePort, Source: src},
		{Name: "X-Forwarded-Proto", Action: model.HeaderReplace, Value: model.ValueScheme, Source: src},
		{Name: "X-Forwarded-Scheme", Action: model.HeaderReplace, Value: model.ValueScheme, Source: src},
		{Name: "X-Real-IP", Action: model.HeaderReplace, Value: model.ValueClientIP, Source: src},
		{Name: "X-Scheme", Action: model.HeaderReplace, Value: model.ValueScheme, Source: src},
		// X-Original-Forwarded-For carries the client's own forwarded-for header upstream.
		{Name: "X-Original-Forwarded-For", Action: model.HeaderReplace, Value: model.ValueCopy, From: g.ForwardedForHeader, Source: src},
		{Name: "X-Original-Forwarded-Host", Action: model.HeaderReplace, Value: model.ValueCopy, From: "X-Forwarded-Host", Source: src},
		xff, rid,
	}
	if g.UseForwardedHeaders {
		// lua_ingress.lua: with use-forwarded-headers the client's X-Forwarded-Proto, -Port and
		// -Host are believed from any peer (proxy-real-ip-cidr is not consulted) and become
		// $pass_access_scheme, $pass_server_port and $best_http_host, which fill these headers
		// and the upstream Host. Absent, the real scheme, port and host are used.
		fwd := g.source("use-forwarded-headers")
		for i, h := range hs {
			switch h.Name {
			case "X-Forwarded-Proto", "X-Forwarded-Port", "X-Forwarded-Host":
				hs[i].Action, hs[i].Source = model.HeaderPassOrGenerate, fwd
			case "X-Forwarded-Scheme", "X-Scheme":
				hs[i].Value, hs[i].From, hs[i].Source = model.ValueCopy, "X-Forwarded-Proto", fwd
			}
		}
		hs = append(hs, model.IdentityHeader{Name: "Host", Action: model.HeaderReplace, Value: model.ValueCopy, From: "X-Forwarded-Host", Source: fwd})
	}
	if g.ProxyAddOriginalURIHeader {
		hs = append(hs, model.IdentityHeader{Name: "X-Original-URI", Action: model.HeaderReplace, Value: model.ValueURI, Source: g.source("proxy-add-original-uri-header")})
	}
	slices.SortFunc(hs, func(a, b model.IdentityHeader) int { return strings.Compare(a.Name, b.Name) })
	return hs
}

// HSTSPolicy is the Strict-Transport-Security header of HTTPS servers (nil when off).
func (g Global) HSTSPolicy() *model.HSTS {
	if !g.HSTS {
		return nil
	}
	h := &model.HSTS{MaxAge: g.HSTSMaxAge, IncludeSubdomains: g.HSTSIncludeSubdomains, Preload: g.HSTSPreload}
	for _, k := range []string{"hsts", "hsts-max-age", "hsts-include-subdomains", "hsts-preload"} {
		if g.Present[k] {
			h.Source = g.source(k)
			break
		}
	}
	return h
}
