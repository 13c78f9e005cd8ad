package ingressnginx

import (
	"github.com/ingress-parity/ingress-parity/model"
)

// mergeCanaries mirrors controller.go mergeAlternativeBackends: a canary Ingress's upstream
// becomes an alternative of the upstream of every location with the same host, path and
// path type (and, for its spec.defaultBackend, of every location of the catch-all server).
// Alternatives hang on the UPSTREAM, so every location of any host that proxies to that
// primary service port gets the canary. A canary path that matches no location deletes the
// canary upstream, which disables it everywhere (the balancer no longer exists).
func (b *builder) mergeCanaries() {
	if !b.hasNonCanary() {
		return
	}
	for _, e := range b.ingresses {
		if !e.ann.Canary.Enabled {
			continue
		}
		if db := e.obj.Spec.DefaultBackend; db != nil && db.Service != nil {
			alt := b.upstreams[upstreamName(e.obj.Namespace, db.Service)]
			b.mergeInto(e, alt, b.servers[catchAll], "", false, "spec.defaultBackend")
		}
		for i, rule := range e.obj.Spec.Rules {
			if rule.HTTP == nil {
				b.note(model.NoteWarning, "canary-without-http", e.source(ruleField(i)),
					"canary rule without http paths (ingress-nginx's merge does not expect this)")
				continue
			}
			srv, ok := b.servers[hostOf(rule)]
			for j, p := range rule.HTTP.Paths {
				if p.Backend.Service == nil {
					continue
				}
				field := pathField(i, j)
				alt := b.upstreams[upstreamName(e.obj.Namespace, p.Backend.Service)]
				if !ok {
					b.note(model.NoteWarning, "canary-unmerged", e.source(field),
						"canary host %s has no non-canary Ingress: the canary is not used", hostOf(rule))
					continue
				}
				path := p.Path
				if path == "" {
					path = "/"
				}
				b.mergeInto(e, alt, srv, path, pathType(p) == "Exact", field)
			}
		}
	}
}

// mergeInto merges alt into the primaries of srv's locations; path "" matches any location.
func (b *builder) mergeInto(e *ingressEntry, alt *upstream, srv *server, path string, exact bool, field string) {
	if alt == nil || alt.deleted {
		return // "alternative backend has already been removed"
	}
	merged, altEqualsPri := false, false
	for _, loc := range srv.locations {
		pri := loc.up
		if pri == alt {
			altEqualsPri = true
			b.note(model.NoteWarning, "canary-is-primary", e.source(field),
				"canary service %s is the primary backend of %s: not merged", alt.name, locationOwner(loc))
			break
		}
		if path != "" && (loc.path != path || loc.exact != exact) {
			continue
		}
		// canMergeBackend: not the default upstream, primary is not itself a canary.
		if pri.isDefault || pri.noServer {
			continue
		}
		merged = true
		if !hasAlternative(pri, alt) {
			pri.alternatives = append(pri.alternatives, &alternative{up: alt, ing: e})
		}
	}
	if !altEqualsPri && !merged {
		alt.deleted = true
		b.note(model.NoteWarning, "canary-unmerged", e.source(field),
			"no location of host %s matches this canary path (same path and path type): ingress-nginx deletes the canary backend %s", srv.hostname, alt.name)
	}
}

func hasAlternative(pri, alt *upstream) bool {
	for _, a := range pri.alternatives {
		if a.up == alt {
			return true
		}
	}
	return false
}

// activeCanary is the alternative lua/balancer.lua uses for a primary: only the first,
// and none when its upstream was deleted.
func activeCanary(pri *upstream) *alternative {
	if len(pri.alternatives) == 0 || pri.alternatives[0].up.deleted {
		return nil
	}
	return pri.alternatives[0]
}
