package ingressnginx

import (
	"regexp"
	"regexp/syntax"
	"strconv"
	"strings"

	networkingv1 "k8s.io/api/networking/v1"

	"github.com/ingress-parity/ingress-parity/model"
)

// strictPath is the path syntax the admission webhook accepts for Exact and Prefix paths
// (internal/ingress/inspector/rules.go validPathType).
var strictPath = regexp.MustCompile(`(?i)^/[[:alnum:]._\-/]*$`)

// noAnnotations are the annotations of the controller's own locations: none. Never changed.
var noAnnotations annotations

// catchAll is the server of rules without host and of unknown hosts (controller.go defServerName).
const catchAll = "_"

// server is one nginx server block.
type server struct {
	hostname  string
	locations []*location
	// tls: a certificate is configured for the host (any TLS section on an Ingress with a rule
	// for it: a missing or unnamed secret still yields the default certificate).
	tls     bool
	secrets []string
	// fromToWWW: some location of the host has from-to-www-redirect.
	fromToWWW bool
	// aliases are the server-alias names nginx serves with this server.
	aliases []string
	// aliasSource is the server-alias annotation that set them.
	aliasSource model.Source
	// clientCert is the server's client-certificate validation (nil: none).
	clientCert *model.ClientCertAuth
	// opaque are server-wide reasons (an accepted server-snippet).
	opaque []string
	// enforceRegex: every location is rendered `~* "^<path>"`.
	enforceRegex bool
	source       model.Source
	// plan caches the selection of appendStaticRoutes, the same on both listeners.
	plan *staticPlan
}

// location is one nginx location block.
type location struct {
	// path is the nginx location path (Prefix paths gain a trailing "/" in finishServers).
	path string
	// ingressPath is the path as written in the Ingress.
	ingressPath string
	exact       bool
	// derived marks the exact copy that updateServerLocations adds after a Prefix location.
	derived      bool
	isDefBackend bool
	up           *upstream
	// ing is the Ingress the location came from (nil: the controller's own root location).
	ing *ingressEntry
	// ann are the annotations applied to the location (noAnnotations: none), shared with
	// the Ingress they came from and never changed.
	ann   *annotations
	field string
	// src and id are locSource and the Ingress route ID, made once in finishServers (after
	// the last change of ing and field); hasSrc says they are set.
	src    model.Source
	id     string
	hasSrc bool
	// pathErr is why path is not RE2 syntax (nil: it is), made on the first pathRE2Error.
	pathErr     error
	pathChecked bool
}

// pathRE2Error is why the location path does not parse as an RE2 regex (nil when it does).
// The path no longer changes once the routes are rendered, so the answer is kept.
func (l *location) pathRE2Error() error {
	if !l.pathChecked {
		_, l.pathErr = syntax.Parse(l.path, syntax.Perl)
		l.pathChecked = true
	}
	return l.pathErr
}

// pathType is the location's path type after ingress-nginx's defaulting:
// ImplementationSpecific (and unset) become Prefix (internal/k8s/main.go SetDefaultNGINXPathType).
func pathType(p networkingv1.HTTPIngressPath) networkingv1.PathType {
	if p.PathType != nil && *p.PathType == networkingv1.PathTypeExact {
		return networkingv1.PathTypeExact
	}
	return networkingv1.PathTypePrefix
}

// needsRewrite is template.go / location.go needsRewrite.
func (l *location) needsRewrite() bool {
	return l.ann.RewriteTarget != "" && l.ann.RewriteTarget != l.path
}

// createServers mirrors controller.go createServers: the catch-all server, one server per
// host of a non-canary Ingress (the first Ingress naming the host creates it, with a root
// location "/" to its spec.defaultBackend or the controller's default backend, carrying
// that Ingress's annotations), then TLS per host.
func (b *builder) createServers() {
	b.servers[catchAll] = &server{hostname: catchAll, locations: []*location{{
		path: "/", ingressPath: "/", isDefBackend: true, up: b.upstreams[defaultUpstreamName], ann: &noAnnotations,
	}}}
	for _, e := range b.ingresses {
		if e.ann.Canary.Enabled {
			continue
		}
		un := b.upstreams[defaultUpstreamName]
		unField := ""
		if db := e.obj.Spec.DefaultBackend; db != nil && db.Service != nil {
			un = b.upstreams[upstreamName(e.obj.Namespace, db.Service)]
			unField = "spec.defaultBackend"
			root := b.servers[catchAll].locations[0]
			if root.isDefBackend && len(e.obj.Spec.Rules) == 0 {
				// "special catch all case": the backend serves the catch-all server; its
				// redirect and rewrite annotations are NOT applied there.
				root.isDefBackend = false
				root.up = un
				root.ing = e
				ann := withoutRewriteRedirect(e.ann)
				root.ann = &ann
				root.field = unField
			}
		}
		for i, rule := range e.obj.Spec.Rules {
			host := hostOf(rule)
			if _, ok := b.servers[host]; ok {
				continue
			}
			b.servers[host] = &server{hostname: host, source: e.source(ruleField(i) + ".host"), locations: []*location{{
				path: "/", ingressPath: "/", isDefBackend: true, up: un, ing: e, ann: &e.ann, field: unField,
			}}}
		}
	}
	for _, e := range b.ingresses {
		if e.ann.Canary.Enabled {
			continue
		}
		for _, rule := range e.obj.Spec.Rules {
			srv := b.servers[hostOf(rule)]
			if len(srv.aliases) == 0 && len(e.ann.Aliases) > 0 {
				srv.aliases, srv.aliasSource = e.ann.Aliases, e.annSource("server-alias") // the first Ingress's aliases win
			}
			if len(e.ann.ServerOpaque) > 0 && len(srv.opaque) == 0 {
				srv.opaque = e.ann.ServerOpaque // the first server-snippet wins
			}
			if srv.tls || len(e.obj.Spec.TLS) == 0 {
				continue
			}
			srv.tls = true
			srv.secrets = append(srv.secrets, tlsSecret(srv.hostname, e))
		}
	}
}

// withoutRewriteRedirect drops the rewrite and redirect groups (rewrite-target, use-regex,
// ssl-redirect, force-ssl-redirect, app-root, preserve-trailing-slash, the redirects).
func withoutRewriteRedirect(a annotations) annotations {
	a.RewriteTarget, a.UseRegex, a.SSLRedirect, a.ForceSSLRedirect, a.AppRoot = "", false, false, false, ""
	a.PreserveTrailingSlash, a.Redirect, a.FromToWWW = false, nil, false
	return a
}

// tlsSecret names the certificate of host on e (controller.go extractTLSSecretName): the
// secret of the TLS entry listing the host, else the default certificate (the SAN match
// against other secrets' certificates is not modelled).
func tlsSecret(host string, e *ingressEntry) string {
	for _, t := range e.obj.Spec.TLS {
		for _, h := range t.Hosts {
			if strings.EqualFold(h, host) && t.SecretName != "" {
				return e.obj.Namespace + "/" + t.SecretName
			}
		}
	}
	return "default-fake-certificate"
}

func hostOf(rule networkingv1.IngressRule) string {
	if rule.Host == "" {
		return catchAll
	}
	return strings.ToLower(rule.Host)
}

func ruleField(i int) string { return "spec.rules[" + strconv.Itoa(i) + "]" }

// addLocations mirrors the location loop of controller.go getBackendServers: each path of
// each Ingress (in controller order) becomes a location of its host's server, unless a
// location with the same path and path type exists: then the first one wins (a conflict,
// reported), except that the host's root default location is replaced.
func (b *builder) addLocations() {
	for _, e := range b.ingresses {
		for i, rule := range e.obj.Spec.Rules {
			srv, ok := b.servers[hostOf(rule)]
			if !ok {
				srv = b.servers[catchAll] // a host only a canary names
			}
			if rule.HTTP == nil {
				continue
			}
			for j, p := range rule.HTTP.Paths {
				field := pathField(i, j)
				if p.Backend.Service == nil {
					b.note(model.NoteWarning, "resource-backend", e.source(field+".backend"),
						"ingress-nginx skips paths without a service backend (resource backends are not supported)")
					continue
				}
				up := b.upstreams[upstreamName(e.obj.Namespace, p.Backend.Service)]
				if up.noServer {
					if !e.ann.Canary.Enabled {
						b.note(model.NoteWarning, "canary-service-shared", e.source(field+".backend.service"),
							"service port %s was first named by a canary Ingress: ingress-nginx serves no location for this path", up.name)
					}
					continue // a canary's own path: merged later
				}
				if p.PathType != nil && *p.PathType == networkingv1.PathTypeImplementationSpecific && !e.ann.UseRegex && e.ann.RewriteTarget == "" {
					b.note(model.NoteInfo, "implementation-specific-is-prefix", e.source(field+".pathType"),
						"ingress-nginx treats pathType ImplementationSpecific as Prefix (element-wise, internal/k8s/main.go SetDefaultNGINXPathType)")
				}
				if b.cfg.StrictValidatePathType && (p.PathType == nil || *p.PathType != networkingv1.PathTypeImplementationSpecific) &&
					p.Path != "" && !strictPath.MatchString(p.Path) {
					b.note(model.NoteWarning, "admission-path-type", e.source(field+".path"),
						"ingress-nginx's admission webhook (strict-validate-path-type) rejects path %q with pathType %s; modelled as if the Ingress had been admitted", p.Path, typeName(pathType(p) == networkingv1.PathTypeExact))
				}
				b.addLocation(srv, e, p, field, up)
			}
		}
	}
}

func (b *builder) addLocation(srv *server, e *ingressEntry, p networkingv1.HTTPIngressPath, field string, up *upstream) {
	path := p.Path
	if path == "" {
		path = "/"
	}
	exact := pathType(p) == networkingv1.PathTypeExact
	for _, loc := range srv.locations {
		if loc.path != path {
			continue
		}
		if loc.exact != exact {
			break // "Same paths but different types are allowed"; the search stops here
		}
		if !loc.isDefBackend {
			src := e.source(field)
			b.note(model.NoteWarning, "path-conflict", src,
				"host %s path %s (%s) is already served by %s; ingress-nginx keeps the older Ingress's location",
				srv.hostname, path, typeName(exact), locationOwner(loc))
			return
		}
		loc.isDefBackend = false
		loc.up, loc.ing, loc.ann, loc.field = up, e, &e.ann, field
		if e.ann.FromToWWW {
			srv.fromToWWW = true
		}
		return
	}
	srv.locations = append(srv.locations, &location{path: path, ingressPath: path, exact: exact, up: up, ing: e, ann: &e.ann, field: field})
	if e.ann.FromToWWW {
		srv.fromToWWW = true
	}
}

func typeName(exact bool) string {
	if exact {
		return "Exact"
	}
	return "Prefix"
}

func locationOwner(l *location) string {
	if l.ing == nil {
		return "the controller"
	}
	return "Ingress " + l.ing.key() + " " + l.field
}
