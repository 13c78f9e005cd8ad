package ingressnginx

import (
	"sort"
	"strings"

	"github.com/ingress-parity/ingress-parity/model"
)

// model assembles the entry point: listeners http:80 and https:443, each with every
// server. ingress-nginx listens on both ports in every server block and presents the
// default (fake) certificate for hosts without their own, so every host is reachable on
// both; ssl-redirect only happens on the http listener.
func (b *builder) model() *model.Model {
	if b.services == nil {
		b.note(model.NoteInfo, "services-not-checked", model.Source{},
			"no Services were read: backend services and ports are assumed to exist")
	}
	hosts := b.serverOrder()
	redirects := b.fromToWWW()
	listener := func(name string, port int32, scheme model.Scheme) model.Listener {
		l := model.Listener{Name: name, Port: port, Scheme: scheme, ClientIP: b.ident.global.ClientIP()}
		for _, h := range hosts {
			srv := b.servers[h]
			if h == catchAll {
				continue
			}
			l.VirtualHosts = append(l.VirtualHosts, b.vhost(srv, scheme))
		}
		l.VirtualHosts = append(l.VirtualHosts, redirects...)
		l.VirtualHosts = append(l.VirtualHosts, b.aliasVHosts(scheme)...)
		sortVHosts(l.VirtualHosts)
		l.VirtualHosts = append(l.VirtualHosts, b.vhost(b.servers[catchAll], scheme))
		return l
	}
	http := listener("http", 80, model.HTTP)
	https := listener("https", 443, model.HTTPS)
	https.TLS = &model.TLS{Mode: "Terminate", Certificates: b.certificates()}
	return &model.Model{
		Side:        Side,
		Profile:     Profile(),
		EntryPoints: []model.EntryPoint{{Name: EntryPointName, Listeners: []model.Listener{http, https}}},
		Notes:       b.notes,
	}
}

// sortVHosts puts exact server names first (nginx checks them before anything else),
// then the wildcard servers, which ingress-nginx renders as regex server names checked
// in the order of the configuration: servers sorted by host name (controller.go).
func sortVHosts(v []model.VirtualHost) {
	sort.SliceStable(v, func(i, j int) bool {
		wi, wj := strings.HasPrefix(v[i].Host.Pattern, "*."), strings.HasPrefix(v[j].Host.Pattern, "*.")
		if wi != wj {
			return !wi
		}
		return v[i].Host.Pattern < v[j].Host.Pattern
	})
}

// serverOrder is the host names sorted as ingress-nginx writes the servers.
func (b *builder) serverOrder() []string {
	hosts := make([]string, 0, len(b.servers))
	for h := range b.servers {
		hosts = append(hosts, h)
	}
	sort.Strings(hosts)
	return hosts
}

// vhost is one server on a listener. No request reaches the fallback: every server has a
// root location.
func (b *builder) vhost(srv *server, scheme model.Scheme) model.VirtualHost {
	pattern := srv.hostname
	if pattern == catchAll {
		pattern = ""
	}
	return model.VirtualHost{
		Host:     model.Host{Pattern: pattern},
		Routes:   b.routes(srv, scheme),
		Fallback: model.Decision{Kind: model.Reject, Status: 404, Reason: "no location matched"},
		Source:   srv.source,
	}
}

// certificates lists the secrets presented on 443, plus the default certificate.
func (b *builder) certificates() []string {
	set := map[string]bool{"default-fake-certificate": true}
	for _, srv := range b.servers {
		for _, s := range srv.secrets {
			set[s] = true
		}
	}
	out := make([]string, 0, len(set))
	for s := range set {
		out = append(out, s)
	}
	sort.Strings(out)
	return out
}

// fromToWWW builds the redirect servers of from-to-www-redirect
// (pkg/util/ingress/ingress.go BuildRedirects): for host "foo.com" a server "www.foo.com"
// (and the reverse) answering every request with http-redirect-code to the other name,
// keeping the scheme and port and dropping one trailing "/" (lua/nginx/ngx_srv_redirect.lua).
// No redirect server is made when a server of that name exists.
func (b *builder) fromToWWW() []model.VirtualHost {
	var out []model.VirtualHost
	for _, h := range b.serverOrder() {
		srv := b.servers[h]
		if !srv.fromToWWW || h == catchAll || strings.HasPrefix(h, "*.") {
			continue
		}
		from := "www." + h
		if rest, ok := strings.CutPrefix(h, "www."); ok {
			from = rest
		}
		src := srv.source
		for _, l := range srv.locations {
			if l.ann.FromToWWW && l.ing != nil {
				src = l.ing.annSource("from-to-www-redirect")
				break
			}
		}
		if _, exists := b.servers[from]; exists {
			b.note(model.NoteWarning, "from-to-www-skipped", src,
				"from-to-www-redirect: a server %s already exists, ingress-nginx makes no redirect from it to %s", from, h)
			continue
		}
		d := model.Decision{Kind: model.Redirect, Status: b.cfg.HTTPRedirectCode,
			Redirect: &model.RedirectSpec{Host: h, KeepQuery: true, StripTrailingSlash: true}, Source: src}
		out = append(out, model.VirtualHost{
			Host: model.Host{Pattern: from},
			Routes: []model.Route{{ID: "from-to-www-redirect " + from + " -> " + h,
				Match: model.Match{Path: model.PathMatch{Kind: model.PathPrefix, Value: "/"}}, Decision: d, Source: src}},
			Fallback: d,
			Source:   src,
		})
	}
	return out
}
