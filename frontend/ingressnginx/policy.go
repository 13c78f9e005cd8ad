package ingressnginx

import (
	"errors"
	"fmt"
	"strings"

	corev1 "k8s.io/api/core/v1"

	nginxann "github.com/ingress-parity/ingress-parity/frontend/ingressnginx/annotations"
	"github.com/ingress-parity/ingress-parity/load"
	"github.com/ingress-parity/ingress-parity/model"
)

// identity holds the controller ConfigMap's identity settings and the route policies made
// from them, shared by every route that gets the same one.
type identity struct {
	global nginxann.Global
	// controller is the policy of the controller's own locations (no annotations).
	controller *model.Policy
	// plain is the policy of an Ingress without identity annotations, made once.
	plain *model.Policy
	// perRoute caches the policy of a location's policy on a listener of a server.
	perRoute map[routePolicyKey]*model.Policy
	// rewritePhase caches the reduction of a route policy to what applies before nginx's
	// access phase.
	rewritePhase map[*model.Policy]*model.Policy
}

// routePolicyKey identifies one variant of a location policy.
type routePolicyKey struct {
	base *model.Policy
	cert *model.ClientCertAuth
	hsts bool
}

// newIdentity parses the identity keys of the controller ConfigMap (nil: defaults). Bad
// values keep the default and become warning Notes, as ingress-nginx logs and goes on.
func newIdentity(cm *load.Object[*corev1.ConfigMap]) (*identity, []model.Note) {
	var data map[string]string
	var opts nginxann.GlobalOptions
	if cm != nil {
		data = cm.Obj.Data
		opts.Source = func(key string) model.Source {
			return cm.Origin.Source("ConfigMap", cm.Obj.Namespace, cm.Obj.Name, "data."+key)
		}
	}
	g, errs := nginxann.ParseGlobal(data, opts)
	id := &identity{global: g, perRoute: map[routePolicyKey]*model.Policy{}, rewritePhase: map[*model.Policy]*model.Policy{}}
	id.controller = controllerPolicy(g)
	id.plain = nginxann.New(nil, nginxann.Options{}).Policy(g).Policy
	notes := make([]model.Note, 0, len(errs))
	for _, err := range errs {
		notes = append(notes, model.Note{Level: model.NoteWarning, Code: "configmap-invalid-value", Message: err.Error(), Source: errorSource(err)})
	}
	return id, notes
}

// controllerPolicy is the policy of the controller's own root location of the catch-all
// server: no annotation parser ever runs for it (controller.go createServers builds it
// without locationApplyAnnotations), so the ConfigMap allow/deny lists, which reach
// locations as annotation defaults, and global auth (template.go shouldApplyGlobalAuth
// needs location.EnableGlobalAuth, false here) do not apply; the http-level block-cidrs,
// the proxy settings (body size) and the proxy_set_header block do.
func controllerPolicy(g nginxann.Global) *model.Policy {
	g.WhitelistSourceRange, g.DenylistSourceRange, g.GlobalAuth = nil, nil, nil
	return nginxann.New(nil, nginxann.Options{}).Policy(g).Policy
}

// errorSource is where an nginxann.Error was written (zero Source for other errors).
func errorSource(err error) model.Source {
	var e *nginxann.Error
	if errors.As(err, &e) {
		return e.Source
	}
	return model.Source{}
}

// readPolicy reads the identity annotations of e against the ConfigMap. It reports false
// when ingress-nginx drops the Ingress (an annotation fails its validator), after noting
// why; the other bad values become warning Notes.
func (b *builder) readPolicy(e *ingressEntry) bool {
	if !hasIdentityAnnotations(e.obj.Annotations) {
		e.policy = b.ident.plain // the usual case: one shared policy, no parse
		return true
	}
	r := nginxann.New(e.obj.Annotations, nginxann.Options{
		Namespace: e.obj.Namespace,
		Source:    func(key string) model.Source { return e.keySource("metadata.annotations", key) },
		ConfigMap: b.configMapData,
	})
	res := r.Policy(b.ident.global)
	if res.Rejected {
		for _, err := range res.Errors {
			var ae *nginxann.Error
			if errors.As(err, &ae) && ae.Effect == nginxann.Rejected {
				b.note(model.NoteInvalid, "ingress-refused", ae.Source, "ingress-nginx refuses Ingress %s: %v", e.key(), err)
				return false
			}
		}
	}
	for _, err := range res.Errors {
		var ae *nginxann.Error
		if errors.As(err, &ae) && ae.Effect == nginxann.Denied {
			e.denied = append(e.denied, fmt.Sprintf("%s=%q: %s", ae.Key, ae.Value, ae.Reason))
			if e.deniedSource == (model.Source{}) {
				e.deniedSource = ae.Source
			}
		}
		b.note(model.NoteWarning, "annotation", errorSource(err), "%v", err)
	}
	e.policy = res.Policy
	return true
}

// routingOnly are the annotations parseAnnotations reads, none of which the annotations
// package reads (TestRoutingOnlyAnnotationsLeavePolicy holds this).
var routingOnly = map[string]bool{
	"app-root": true, "backend-protocol": true, "force-ssl-redirect": true, "from-to-www-redirect": true,
	"permanent-redirect": true, "permanent-redirect-code": true, "preserve-trailing-slash": true,
	"relative-redirects": true, "rewrite-target": true, "server-alias": true, "ssl-redirect": true,
	"temporal-redirect": true, "temporal-redirect-code": true, "upstream-vhost": true,
	"use-port-in-redirects": true, "use-regex": true, "x-forwarded-prefix": true,
	"canary": true, "canary-weight": true, "canary-weight-total": true, "canary-by-cookie": true,
	"canary-by-header": true, "canary-by-header-value": true, "canary-by-header-pattern": true,
}

// hasIdentityAnnotations reports whether anns hold an nginx annotation besides the
// routing-only ones (an unknown one counts: the annotations package decides).
func hasIdentityAnnotations(anns map[string]string) bool {
	for k := range anns {
		if name, ok := strings.CutPrefix(k, annotationPrefix); ok && !routingOnly[name] {
			return true
		}
	}
	return false
}

// configMapData is the data of the ConfigMap "namespace/name" among the resources.
func (b *builder) configMapData(ref string) (map[string]string, bool) {
	ns, name, _ := strings.Cut(ref, "/")
	for i := range b.res.ConfigMaps {
		if cm := b.res.ConfigMaps[i].Obj; cm.Namespace == ns && cm.Name == name {
			return cm.Data, true
		}
	}
	return nil, false
}

// assignClientCerts gives each server the client-certificate settings of the first
// Ingress (controller order, canaries included) with a rule for its host and
// auth-tls-secret: ssl_verify_client is a server directive (controller.go
// getBackendServers: "Server %q is already configured for mutual authentication"). A rule
// without http for a named host is skipped there. The CA bundle is assumed to exist.
func (b *builder) assignClientCerts() {
	for _, e := range b.ingresses {
		cert := e.clientCert()
		if cert == nil {
			continue
		}
		for _, rule := range e.obj.Spec.Rules {
			host := hostOf(rule)
			if rule.HTTP == nil && host != catchAll {
				continue
			}
			srv, ok := b.servers[host]
			if !ok {
				srv = b.servers[catchAll]
			}
			if srv.clientCert == nil {
				srv.clientCert = cert
			}
		}
	}
}

// clientCert is the auth-tls setting of e's annotations (nil: none).
func (e *ingressEntry) clientCert() *model.ClientCertAuth {
	if e.policy == nil || e.policy.Auth == nil {
		return nil
	}
	return e.policy.Auth.ClientCert
}

// routePolicy is the policy of l's routes on a listener of scheme: the location's Ingress
// policy (the controller's default for its own locations) with the server's client
// certificate on https (none on http: no handshake), and HSTS only on https for a host with
// a certificate (lua_ingress.lua header: scheme https and certificate configured).
func (b *builder) routePolicy(srv *server, l *location, scheme model.Scheme) *model.Policy {
	base := b.ident.controller
	if l.ing != nil && l.ing.policy != nil {
		base = l.ing.policy
	}
	key := routePolicyKey{base: base}
	if scheme == model.HTTPS {
		key.cert = srv.clientCert
		key.hsts = base.HSTS != nil && b.certConfigured(srv)
	}
	if p, ok := b.ident.perRoute[key]; ok {
		return p
	}
	p := *base
	if !key.hsts {
		p.HSTS = nil
	}
	var auth model.Auth
	if base.Auth != nil {
		auth = *base.Auth
	}
	auth.ClientCert = key.cert
	p.Auth = nonEmptyAuth(auth)
	b.ident.perRoute[key] = &p
	return &p
}

// rewritePhasePolicy is p reduced to what applies to a decision nginx makes in its rewrite
// phase (return of permanent-/temporal-redirect or of a denied location, the Lua
// ssl-redirect, the server-level app-root, the find-config auto redirect): allow/deny
// lists, auth_request, basic auth and limit_req run in the later (pre)access phases and
// never see the request, so only the client certificate (handshake), the body limit
// (checked when the location is found), CORS, HSTS and the headers remain.
func (b *builder) rewritePhasePolicy(p *model.Policy) *model.Policy {
	if p == nil {
		return nil
	}
	if r, ok := b.ident.rewritePhase[p]; ok {
		return r
	}
	r := *p
	r.IPAccess, r.RateLimit, r.Satisfy = nil, nil, model.SatisfyAll
	r.Auth = nil
	if p.Auth != nil {
		r.Auth = nonEmptyAuth(model.Auth{ClientCert: p.Auth.ClientCert})
	}
	b.ident.rewritePhase[p] = &r
	return &r
}

// nonEmptyAuth is a pointer to a, or nil when a requires nothing.
func nonEmptyAuth(a model.Auth) *model.Auth {
	if a == (model.Auth{}) {
		return nil
	}
	return &a
}

// deniedDecision is the `return 503` of a location ingress-nginx denies because of a bad
// annotation (nginx.tmpl: "Location denied. Reason: ...").
func deniedDecision(l *location) model.Decision {
	return model.Decision{Kind: model.Reject, Status: nginxann.DeniedStatus,
		Reason: "location denied: " + strings.Join(l.ing.denied, "; "), Source: l.ing.deniedSource}
}
