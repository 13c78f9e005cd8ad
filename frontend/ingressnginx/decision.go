package ingressnginx

import (
	"fmt"
	"strings"

	"github.com/ingress-parity/ingress-parity/model"
)

// locSource is the Source of a location: its Ingress path, the Ingress's
// spec.defaultBackend, or the controller (zero Source: built-in default).
func locSource(l *location) model.Source {
	if l.hasSrc {
		return l.src
	}
	if l.ing == nil {
		return model.Source{}
	}
	if l.field == "" {
		return l.ing.source("spec.rules")
	}
	return l.ing.source(l.field)
}

// annotationSet reports whether the location's Ingress sets the annotation of full key
// (with annotationPrefix).
func annotationSet(l *location, key string) bool {
	if l.ing == nil {
		return false
	}
	_, ok := l.ing.obj.Annotations[key]
	return ok
}

// decision is what a location does with a request arriving on a listener of scheme,
// before any canary: the location's `return` of permanent-/temporal-redirect (nginx
// rewrite phase, nginx.tmpl), else the Lua ssl-redirect (rewrite_by_lua, runs after the
// rewrite module: lua_ingress.lua rewrite), else proxy_pass with the rewrite.
func (b *builder) decision(srv *server, l *location, scheme model.Scheme) (model.Decision, []string) {
	if r := l.ann.Redirect; r != nil {
		src := l.ing.annSource(r.Annotation)
		switch r.Code {
		case 301, 302, 303, 307, 308:
			return model.Decision{Kind: model.Redirect, Status: r.Code, Redirect: &model.RedirectSpec{URL: r.URL}, Source: src}, nil
		}
		// nginx `return <code> <text>` with a code that is not a redirect sends the text as body.
		return model.Decision{Kind: model.Reject, Status: r.Code, Reason: fmt.Sprintf("nginx returns %d with body %q (not a redirect code)", r.Code, r.URL), Source: src}, nil
	}
	if scheme == model.HTTP {
		if d, ok := b.sslRedirect(srv, l); ok {
			return d, nil
		}
	}
	return b.forward(l, l.up, nil)
}

// sslRedirect is lua_ingress.lua redirect_to_https for a plain-http request:
// force-ssl-redirect, or ssl-redirect when a certificate is configured for the host
// (certificate.lua: the exact host or its one-label wildcard), unless the location is in
// no-tls-redirect-locations. The Location is https://<host><request URI> with one trailing
// "/" dropped unless preserve-trailing-slash; the code is http-redirect-code.
func (b *builder) sslRedirect(srv *server, l *location) (model.Decision, bool) {
	if b.cfg.noTLSRedirect(l.path) {
		return model.Decision{}, false
	}
	var src model.Source
	switch {
	case l.ann.ForceSSLRedirect:
		src = b.cfg.source("force-ssl-redirect")
		if annotationSet(l, annotationPrefix+"force-ssl-redirect") {
			src = l.ing.annSource("force-ssl-redirect")
		}
	case l.ann.SSLRedirect && b.certConfigured(srv):
		src = b.cfg.source("ssl-redirect")
		if src == (model.Source{}) {
			src = b.cfg.source("http-redirect-code")
		}
		if annotationSet(l, annotationPrefix+"ssl-redirect") {
			src = l.ing.annSource("ssl-redirect")
		}
	default:
		return model.Decision{}, false
	}
	spec := &model.RedirectSpec{Scheme: "https", KeepQuery: true, StripTrailingSlash: !l.ann.PreserveTrailingSlash}
	if l.ann.UsePortInRedirects {
		spec.Port = 443
	}
	return model.Decision{Kind: model.Redirect, Status: b.cfg.HTTPRedirectCode, Redirect: spec, Source: src}, true
}

// certConfigured reports whether certificate.lua finds a certificate for requests of srv:
// the host's own, or for an exact host the one of "*.<parent>".
func (b *builder) certConfigured(srv *server) bool {
	if srv.tls {
		return true
	}
	if srv.hostname == catchAll || strings.HasPrefix(srv.hostname, "*.") {
		return false
	}
	if _, parent, ok := strings.Cut(srv.hostname, "."); ok {
		if w, ok := b.servers["*."+parent]; ok && w.tls {
			return true
		}
	}
	return false
}

// forward is proxy_pass to up (or, with split, the weighted backends) with the location's
// rewrite-target, x-forwarded-prefix, upstream-vhost and backend-protocol.
func (b *builder) forward(l *location, up *upstream, split []model.Backend) (model.Decision, []string) {
	src := locSource(l)
	if up.isDefault && split == nil {
		return model.Decision{Kind: model.Reject, Status: 404, Reason: "ingress-nginx default backend", Source: src}, nil
	}
	d := model.Decision{Kind: model.Forward, Source: src}
	if split != nil {
		d.Backends = split
	} else {
		d.Backends = b.soleBackend(up)
	}
	var opaque []string
	if l.needsRewrite() {
		target := l.ann.RewriteTarget
		if strings.HasPrefix(target, "http://") || strings.HasPrefix(target, "https://") || strings.HasPrefix(target, "$scheme") {
			opaque = append(opaque, fmt.Sprintf("rewrite-target %q is an absolute URL: nginx answers with a redirect", target))
		}
		// template.go buildProxyPass: rewrite "(?i)<location path>" <target> break;
		d.Rewrite = &model.Rewrite{Kind: model.RewriteRegex, Pattern: l.path, Replacement: target, CaseInsensitive: true}
		if err := l.pathRE2Error(); err != nil {
			opaque = append(opaque, fmt.Sprintf("rewrite regex %q is not RE2 syntax: %v", l.path, err))
		}
		if l.ann.XForwardedPrefix != "" {
			d.RequestHeaders.Set = map[string]string{"X-Forwarded-Prefix": l.ann.XForwardedPrefix}
		}
	}
	if l.ann.UpstreamVhost != "" {
		if d.Rewrite == nil {
			d.Rewrite = &model.Rewrite{}
		}
		d.Rewrite.Host = l.ann.UpstreamVhost
	}
	if p := l.ann.BackendProtocol; p != "" && p != "HTTP" && !up.isDefault {
		d.Protocol = p
	}
	allInvalid := true
	for _, be := range d.Backends {
		if be.Invalid == "" {
			allInvalid = false
		}
	}
	if allInvalid {
		d.Kind, d.Status = model.Reject, 503
		d.Reason = "no endpoints: " + d.Backends[0].Invalid
		d.Rewrite, d.RequestHeaders, d.Protocol = nil, model.HeaderChanges{}, ""
	}
	return d, opaque
}
