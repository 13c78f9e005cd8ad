package ingressnginx

import (
	"fmt"
	"reflect"
	"sort"
	"strings"

	"github.com/ingress-parity/ingress-parity/model"
)

// routeID is "Ingress/<ns>/<name> <field>" for a location of an Ingress path, and a
// readable name for locations the controller made.
func routeID(srv *server, l *location) string {
	var id string
	switch {
	case l.id != "":
		id = l.id
	case l.ing != nil && l.field != "":
		id = l.ing.id(l.field)
	default:
		id = "ingress-nginx server " + srv.hostname + " location /"
	}
	if l.derived {
		id += " (exact copy)"
	}
	return id
}

// routes renders srv's locations as model routes for a listener of scheme, in nginx's
// selection order (first match wins).
func (b *builder) routes(srv *server, scheme model.Scheme) []model.Route {
	if !srv.enforceRegex {
		p := b.staticPlanOf(srv)
		out := make([]model.Route, 0, 1+len(p.exacts)+len(p.slashed)+len(p.prefixes))
		return b.appendStaticRoutes(b.appendAppRootRoute(out, srv, scheme), srv, scheme)
	}
	out := b.appendAppRootRoute(make([]model.Route, 0, 1+len(srv.locations)), srv, scheme)
	for _, l := range srv.locations {
		pm := model.PathMatch{Kind: model.PathRegexPrefix, Value: l.path, CaseInsensitive: true}
		var opaque []string
		if err := l.pathRE2Error(); err != nil {
			opaque = append(opaque, fmt.Sprintf("location regex %q is not RE2 syntax (nginx uses PCRE): %v", l.path, err))
		}
		out = b.appendLocationRoutes(out, srv, l, scheme, pm, opaque)
	}
	return out
}

// appendAppRootRoute appends the server-level `if ($uri = /) { return 302
// $scheme://$http_host<app-root>; }` of the first location with app-root (nginx.tmpl): it
// runs before location selection.
func (b *builder) appendAppRootRoute(out []model.Route, srv *server, scheme model.Scheme) []model.Route {
	for _, l := range srv.locations {
		if l.ann.AppRoot == "" {
			continue
		}
		src := l.ing.annSource("app-root")
		return append(out, model.Route{
			ID:       routeID(srv, l) + " (app-root)",
			Match:    model.Match{Path: model.PathMatch{Kind: model.PathExact, Value: "/"}},
			Decision: model.Decision{Kind: model.Redirect, Status: 302, Redirect: &model.RedirectSpec{Path: l.ann.AppRoot}, Source: src},
			Opaque:   srv.opaque,
			Policy:   b.rewritePhasePolicy(b.routePolicy(srv, l, scheme)),
			Source:   src,
		})
	}
	return out
}

// appendStaticRoutes appends the routes of a server without regex locations, ordered as
// nginx selects among exact and prefix locations: exact matches first, then the auto
// redirect of a slashed location (nginx answers a request for "/foo" with 301 to "/foo/"
// when a proxy_pass location "/foo/" exists and no location "/foo" does; it is decided
// before regex locations and location content run), then prefixes longest first. A Prefix
// location "/foo/" with its exact copy "/foo" becomes one element-wise prefix route.
func (b *builder) appendStaticRoutes(out []model.Route, srv *server, scheme model.Scheme) []model.Route {
	p := b.staticPlanOf(srv)
	for _, d := range p.duplicates {
		b.note(model.NoteWarning, "duplicate-location", locSource(d.loc),
			"server %s renders location %q twice (also %s): nginx rejects the configuration, the controller keeps running the previous one; modelled with the first",
			srv.hostname, d.key, locationOwner(d.first))
	}
	for _, l := range p.exacts {
		out = b.appendLocationRoutes(out, srv, l, scheme, model.PathMatch{Kind: model.PathExact, Value: l.path}, nil)
	}
	out = b.appendSlashRedirects(out, srv, p.slashed, scheme)
	for _, pl := range p.prefixes {
		out = b.appendLocationRoutes(out, srv, pl.loc, scheme, pl.match, nil)
	}
	return out
}

// staticPlan is the part of appendStaticRoutes that is the same on both listeners: the kept
// exact locations, the prefix locations longest first with their path matches, the
// locations that get a trailing-slash redirect, and the duplicates to report.
type staticPlan struct {
	// hostname is the server name the plan was made for (an alias shadow of the server
	// has its own name, and certConfigured depends on it).
	hostname   string
	exacts     []*location
	prefixes   []prefixLocation
	slashed    []*location
	duplicates []duplicateLocation
}

// prefixLocation is a prefix location with its path match.
type prefixLocation struct {
	loc   *location
	match model.PathMatch
}

// duplicateLocation is a location rendered a second time under key.
type duplicateLocation struct {
	loc, first *location
	key        string
}

// locationKey identifies an nginx location: its path and whether it is an exact one.
type locationKey struct {
	path  string
	exact bool
}

// staticPlanOf is srv's static plan, made once per server name.
func (b *builder) staticPlanOf(srv *server) *staticPlan {
	if srv.plan == nil || srv.plan.hostname != srv.hostname {
		srv.plan = b.newStaticPlan(srv)
	}
	return srv.plan
}

// newStaticPlan selects among srv's locations as appendStaticRoutes describes.
func (b *builder) newStaticPlan(srv *server) *staticPlan {
	p := &staticPlan{hostname: srv.hostname}
	seen := make(map[locationKey]*location, len(srv.locations))
	var merged map[*location]string // prefix location -> the path of its exact copy folded into it
	var prev *location              // the location before this one, when it was kept
	for _, l := range srv.locations {
		key := locationKey{path: l.path, exact: l.exact}
		if first, dup := seen[key]; dup {
			name := l.path
			if l.exact {
				name = "= " + l.path
			}
			p.duplicates = append(p.duplicates, duplicateLocation{loc: l, first: first, key: name})
			prev = nil
			continue
		}
		seen[key] = l
		if l.derived && prev != nil && prev.ing == l.ing && prev.field == l.field && b.sameDecisions(srv, prev, l) {
			if merged == nil {
				merged = map[*location]string{}
			}
			merged[prev] = l.path
			prev = l
			continue
		}
		prev = l
		if l.exact {
			p.exacts = append(p.exacts, l)
		} else {
			p.prefixes = append(p.prefixes, prefixLocation{loc: l})
		}
	}
	// names are the kept locations' paths: a redirect is made only when no location
	// (exact or prefix) of the bare name exists.
	named := func(path string) bool {
		_, prefix := seen[locationKey{path: path}]
		_, exact := seen[locationKey{path: path, exact: true}]
		return prefix || exact
	}
	done := map[string]bool{}
	for _, l := range srv.locations {
		base := strings.TrimSuffix(l.path, "/")
		if l.path == "/" || base == l.path || named(base) || done[base] {
			continue
		}
		done[base] = true
		p.slashed = append(p.slashed, l)
	}
	sort.SliceStable(p.prefixes, func(i, j int) bool { return len(p.prefixes[i].loc.path) > len(p.prefixes[j].loc.path) })
	for i := range p.prefixes {
		l := p.prefixes[i].loc
		p.prefixes[i].match = model.PathMatch{Kind: model.PathPrefix, Value: l.path}
		if exact, ok := merged[l]; ok && exact+"/" == l.path {
			// "/foo/" plus "= /foo": element-wise. (A Prefix "/foo/" keeps "/foo/" plus
			// "= /foo/", which is just the string prefix.)
			p.prefixes[i].match = model.PathMatch{Kind: model.PathSegmentPrefix, Value: exact}
		}
	}
	return p
}

// appendSlashRedirects appends nginx's 301 auto redirects of the slashed locations:
// Location is the location name plus the query (ngx_http_core_find_config_phase), made
// absolute with the request's scheme and host and no port (port_in_redirect off).
func (b *builder) appendSlashRedirects(out []model.Route, srv *server, slashed []*location, scheme model.Scheme) []model.Route {
	for _, l := range slashed {
		base := strings.TrimSuffix(l.path, "/")
		out = append(out, model.Route{
			ID:    routeID(srv, l) + " (trailing-slash redirect)",
			Match: model.Match{Path: model.PathMatch{Kind: model.PathExact, Value: base}},
			Decision: model.Decision{Kind: model.Redirect, Status: 301,
				Redirect: &model.RedirectSpec{Path: l.path, KeepQuery: true}, Source: locSource(l)},
			Opaque: srv.opaque,
			Policy: b.rewritePhasePolicy(b.routePolicy(srv, l, scheme)),
			Source: locSource(l),
		})
	}
	return out
}

// appendLocationRoutes appends the route of one location, preceded by its canary routes
// when its upstream has an active canary and the location proxies.
func (b *builder) appendLocationRoutes(out []model.Route, srv *server, l *location, scheme model.Scheme, pm model.PathMatch, opaque []string) []model.Route {
	opaque = append(append([]string(nil), opaque...), l.ann.Opaque...)
	opaque = append(opaque, srv.opaque...)
	// The identity policy is on base, so that every route derived from the location
	// (canary, forwarded-header and redirect variants) carries it; decisions nginx makes in
	// its rewrite phase carry the part of it that applies before the access phase.
	base := model.Route{ID: routeID(srv, l), Match: model.Match{Path: pm}, Opaque: opaque, Source: locSource(l),
		Policy: b.routePolicy(srv, l, scheme)}
	if l.ing != nil && len(l.ing.denied) > 0 {
		base.Policy = b.rewritePhasePolicy(base.Policy)
		return append(out, withDecision(base, deniedDecision(l), nil))
	}
	if b.cfg.UseForwardedHeaders && l.ann.Redirect == nil {
		if redirect, ok := b.sslRedirect(srv, l); ok {
			return b.appendForwardedRoutes(out, l, base, scheme, redirect)
		}
	}
	d, more := b.decision(srv, l, scheme)
	if d.Kind == model.Redirect || d.Kind == model.Reject && d.Status != 503 {
		if d.Kind == model.Redirect || l.ann.Redirect != nil {
			base.Policy = b.rewritePhasePolicy(base.Policy)
		}
		return append(out, withDecision(base, d, more))
	}
	return b.appendProxyRoutes(out, l, base)
}

// appendProxyRoutes appends the routes of a location that proxies: the location's forward
// decision, preceded by its canary routes when its upstream has an active canary.
func (b *builder) appendProxyRoutes(out []model.Route, l *location, base model.Route) []model.Route {
	d, more := b.forward(l, l.up, nil)
	main := withDecision(base, d, more)
	if d.Kind == model.Reject {
		// The default backend has no canary; a primary without endpoints has no balancer,
		// and lua/balancer.lua answers 503 before it looks at alternatives.
		return append(out, main)
	}
	alt := activeCanary(l.up)
	if alt == nil || b.backend(alt.up, 1).Invalid != "" {
		// An alternative without endpoints has no balancer: route_to_alternative_balancer
		// then always keeps the primary.
		return append(out, main)
	}
	return b.appendCanaryRoutes(out, l, main, alt)
}

// withDecision is r deciding d, with the extra opaque reasons.
func withDecision(r model.Route, d model.Decision, opaque []string) model.Route {
	r.Decision = d
	r.Opaque = append(append([]string(nil), r.Opaque...), opaque...)
	if len(r.Opaque) == 0 {
		r.Opaque = nil
	}
	return r
}

// sameDecisions reports whether the exact copy c of the prefix location a decides alike on
// both listeners (they differ only when no-tls-redirect-locations or the rewrite tells them
// apart).
func (b *builder) sameDecisions(srv *server, a, c *location) bool {
	return b.sameDecisionInputs(a, c) || b.decisionsEqual(srv, a, c)
}

// sameDecisionInputs reports, without computing them, that the decisions of a and its exact
// copy c are equal: a copy shares every field but path, exact and derived with its
// original (updateServerLocations), and decision reads the path only through
// no-tls-redirect-locations and needsRewrite (the rewrite pattern exists only with
// needsRewrite). TestSameDecisionInputs holds this against decisionsEqual.
func (b *builder) sameDecisionInputs(a, c *location) bool {
	return a.ing == c.ing && a.field == c.field && a.up == c.up && a.isDefBackend == c.isDefBackend &&
		!a.needsRewrite() && !c.needsRewrite() && b.cfg.noTLSRedirect(a.path) == b.cfg.noTLSRedirect(c.path)
}

// decisionsEqual reports whether two locations decide alike on both listeners.
func (b *builder) decisionsEqual(srv *server, a, c *location) bool {
	for _, scheme := range []model.Scheme{model.HTTP, model.HTTPS} {
		da, _ := b.decision(srv, a, scheme)
		dc, _ := b.decision(srv, c, scheme)
		if !reflect.DeepEqual(da, dc) {
			return false
		}
	}
	return true
}
