package gatewayapi

import (
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/ingress-parity/ingress-parity/load"
	"github.com/ingress-parity/ingress-parity/model"
)

// Side is the Model.Side of every model this package builds.
const Side = "gateway-api"

// builder holds the state of one Build.
type builder struct {
	res  *load.Resources
	ix   *index
	prof profile
	// checkServices is false when the inputs hold no Service at all: backend existence is
	// then unknown rather than false.
	checkServices bool
	entries       []*entryState
	// byGateway lists the accepted listeners of each selected Gateway ("ns/name").
	byGateway map[string][]*listenerState
	notes     []model.Note
	order     int
	// free is the unused rest of the latest block of candidates (newCandidate).
	free []candidate
	// backendTLS is the upstream TLS of each BackendTLSPolicy target (backendtls.go).
	backendTLS map[string]*model.UpstreamTLS
}

// newCandidate returns a zero candidate, taken from a block allocated for many: a large
// estate has one per match and host, all alive until the routes are ordered.
func (b *builder) newCandidate() *candidate {
	if len(b.free) == 0 {
		b.free = make([]candidate, 256)
	}
	c := &b.free[0]
	b.free = b.free[1:]
	return c
}

// Build builds the model of the Gateway API objects in res under opts. It fails only for bad
// options or a Gateway named in opts that is not in res; everything else that cannot take
// effect becomes a model.Note.
func Build(res *load.Resources, opts Options) (*model.Model, error) {
	if res == nil {
		return nil, errors.New("gatewayapi: no resources")
	}
	if err := opts.Validate(); err != nil {
		return nil, err
	}
	b := &builder{
		res: res, ix: newIndex(res), prof: profileFor(opts.implementation()),
		checkServices: len(res.Services) > 0, byGateway: map[string][]*listenerState{},
	}
	gws, err := b.selectGateways(opts)
	if err != nil {
		return nil, err
	}
	if !b.checkServices {
		b.note(model.NoteInfo, "services-unknown", "no Service objects are in the inputs: backendRefs are assumed to exist", model.Source{})
	}
	b.backendTLS = b.buildBackendTLS()
	b.buildEntries(gws)
	for _, e := range b.entries {
		for _, l := range e.listeners {
			gk := key(l.gateway.Obj.Namespace, l.gateway.Obj.Name)
			b.byGateway[gk] = append(b.byGateway[gk], l)
		}
	}
	for _, g := range gws {
		gk := key(g.Obj.Namespace, g.Obj.Name)
		if _, ok := b.byGateway[gk]; !ok {
			b.byGateway[gk] = nil // selected, but without HTTP listeners
		}
	}
	b.addRoutes()
	b.applyPolicies()
	m := &model.Model{
		Side:        Side,
		EntryPoints: []model.EntryPoint{},
		Profile: model.Profile{
			Name:          b.prof.name,
			Wildcard:      model.WildcardAnyLabels,
			Normalization: b.prof.normalization,
		},
	}
	for _, e := range b.entries {
		m.EntryPoints = append(m.EntryPoints, b.finishEntry(e))
	}
	b.noteHostSplits(m)
	m.Notes = b.notes
	return m, nil
}

// note records a build diagnostic.
func (b *builder) note(level model.NoteLevel, code, msg string, src model.Source) {
	b.notes = append(b.notes, model.Note{Level: level, Code: code, Message: msg, Source: src})
}

// addRoutes attaches every HTTPRoute, then every GRPCRoute, each kind oldest first.
func (b *builder) addRoutes() {
	var hrs, grs []*routeView
	for _, o := range b.res.HTTPRoutes {
		hrs = append(hrs, httpRouteView(o))
	}
	for _, o := range b.res.GRPCRoutes {
		grs = append(grs, grpcRouteView(o))
	}
	slices.SortStableFunc(hrs, routeOrder)
	slices.SortStableFunc(grs, routeOrder)
	for _, rv := range append(hrs, grs...) {
		b.addRoute(rv)
	}
}

// addRoute adds the matches of every rule of rv to the virtual hosts it attaches to.
func (b *builder) addRoute(rv *routeView) {
	atts := b.attach(rv)
	for ri := range rv.rules {
		rule := &rv.rules[ri]
		if rule.err != nil {
			if len(atts) > 0 {
				b.note(model.NoteInvalid, "rule-not-accepted", fmt.Sprintf("%s %s/%s %v: the rule is not programmed", rv.kind, rv.namespace, rv.name, rule.err), rv.source(rule.field))
			}
			continue
		}
		noted := false
		for _, a := range atts {
			for mi := range rule.matches {
				mv := &rule.matches[mi]
				d, opaque, err := b.decision(decisionInput{route: rv, rule: rule, path: mv.match.Path, listenerPort: a.listener.model.Port})
				if err != nil {
					if !noted {
						b.note(model.NoteInvalid, "rule-not-accepted", fmt.Sprintf("%s %s/%s %v: the rule is not programmed", rv.kind, rv.namespace, rv.name, err), rv.source(rule.field))
						noted = true
					}
					continue
				}
				if b.prof.regexOpaque && mv.match.Path.Kind == model.PathRegex && !mv.pathAsHeader {
					opaque = append(opaque, "regex precedence implementation-specific")
				}
				b.order++
				id, src := mv.idSource(rv)
				for _, h := range a.hosts {
					vh := a.listener.vhost(h, rv)
					c := b.newCandidate()
					*c = candidate{
						order:        b.order,
						prefixSlash:  mv.match.Path.Kind == model.PathSegmentPrefix && mv.match.Path.Value == "/",
						pathAsHeader: mv.pathAsHeader,
						rv:           rv,
						rule:         rule,
						route: model.Route{
							ID:       id,
							Match:    mv.match,
							Decision: d,
							Opaque:   opaque,
							Source:   src,
						},
					}
					vh.cands = append(vh.cands, c)
				}
			}
		}
	}
}

// vhost returns the virtual host of pattern h.pattern on l, creating it.
func (l *listenerState) vhost(h hostFrom, rv *routeView) *vhostState {
	if vh, ok := l.vhosts[h.pattern]; ok {
		return vh
	}
	src := l.model.Source
	if h.index >= 0 {
		src = rv.source(fmt.Sprintf("spec.hostnames[%d]", h.index))
	}
	vh := &vhostState{pattern: h.pattern, source: src}
	l.vhosts[h.pattern] = vh
	return vh
}

// finishEntry orders virtual hosts and routes and returns the entry point.
func (b *builder) finishEntry(e *entryState) model.EntryPoint {
	ep := e.ep
	ep.Listeners = make([]model.Listener, 0, len(e.listeners))
	for _, l := range e.listeners {
		ml := l.model
		ml.VirtualHosts = make([]model.VirtualHost, 0, len(l.vhosts))
		pats := make([]string, 0, len(l.vhosts))
		for p := range l.vhosts {
			pats = append(pats, p)
		}
		slices.SortFunc(pats, compareHosts)
		for _, p := range pats {
			vh := l.vhosts[p]
			slices.SortStableFunc(vh.cands, b.prof.compare)
			mvh := model.VirtualHost{
				Host:   model.Host{Pattern: p},
				Source: vh.source,
				// gateway-api apis/v1/httproute_types.go HTTPRouteRule.Filters: "When no rules
				// matching a request have been successfully attached ... 404".
				Fallback: model.Decision{Kind: model.Reject, Status: 404, Reason: "no route matched", Source: ml.Source},
			}
			if len(vh.cands) > 0 {
				mvh.Routes = make([]model.Route, 0, len(vh.cands))
			}
			for _, c := range vh.cands {
				mvh.Routes = append(mvh.Routes, c.route)
			}
			ml.VirtualHosts = append(ml.VirtualHosts, mvh)
		}
		ep.Listeners = append(ep.Listeners, ml)
	}
	return ep
}

// noteHostSplits adds a "host-split" Note for every hostname that several unmerged entry
// points serve on the same port and scheme (equal or overlapping host patterns, the catch-all
// included): which Gateway answers depends on the address a client resolves, and the checker
// compares through each.
func (b *builder) noteHostSplits(m *model.Model) {
	claims := hostClaims(m)
	owners := map[hostSlot][]string{}
	var order []hostSlot
	add := func(s hostSlot, names ...string) {
		if len(owners[s]) == 0 {
			order = append(order, s)
		}
		for _, n := range names {
			if !slices.Contains(owners[s], n) {
				owners[s] = append(owners[s], n)
			}
		}
	}
	// Every pair of claims of different entry points on one port and scheme whose hosts
	// intersect, in pair order (i, then j > i). Claims of an entry point are contiguous, so
	// the partners of claim i start after its entry point's block; an exact host can only
	// meet the same host or a wildcard (or the catch-all), which the index lists.
	ix := indexClaims(claims)
	for _, a := range claims {
		g := ix[portScheme{a.slot.port, a.slot.scheme}]
		var partners []int
		if isPatternHost(a.slot.host) {
			partners = from(g.all, a.blockEnd)
		} else {
			partners = mergeAscending(from(g.exact[strings.ToLower(a.slot.host)], a.blockEnd), from(g.patterns, a.blockEnd))
		}
		for _, j := range partners {
			c := claims[j]
			if a.entry == c.entry {
				continue
			}
			if h, ok := intersectHost(a.slot.host, c.slot.host); ok {
				add(hostSlot{a.slot.port, a.slot.scheme, h}, a.entry, c.entry)
			}
		}
	}
	for _, s := range order {
		host := s.host
		if host == "" {
			host = "any host"
		}
		b.note(model.NoteWarning, "host-split", fmt.Sprintf("%s on %s port %d is served by %d Gateways (%s): each is a separate entry point", host, s.scheme, s.port, len(owners[s]), strings.Join(owners[s], ", ")), model.Source{})
	}
}

// hostSlot is a host pattern on a port and scheme.
type hostSlot struct {
	port   int32
	scheme model.Scheme
	host   string
}

// portScheme is a port and scheme.
type portScheme struct {
	port   int32
	scheme model.Scheme
}

// hostClaim is a virtual host of an entry point; blockEnd is the index of the first claim
// after the claims of its entry point.
type hostClaim struct {
	entry    string
	slot     hostSlot
	blockEnd int
}

// hostClaims lists every virtual host of m, entry point by entry point.
func hostClaims(m *model.Model) []hostClaim {
	var claims []hostClaim
	for _, ep := range m.EntryPoints {
		start := len(claims)
		for _, l := range ep.Listeners {
			for _, vh := range l.VirtualHosts {
				claims = append(claims, hostClaim{entry: ep.Name, slot: hostSlot{l.Port, l.Scheme, vh.Host.Pattern}})
			}
		}
		for i := start; i < len(claims); i++ {
			claims[i].blockEnd = len(claims)
		}
	}
	return claims
}

// claimGroup indexes the claims of one port and scheme, each list ascending: all of them,
// the exact hosts by lower-case name, and the wildcard and catch-all patterns.
type claimGroup struct {
	all      []int
	exact    map[string][]int
	patterns []int
}

// indexClaims groups claims by port and scheme.
func indexClaims(claims []hostClaim) map[portScheme]*claimGroup {
	ix := map[portScheme]*claimGroup{}
	for i, c := range claims {
		k := portScheme{c.slot.port, c.slot.scheme}
		g := ix[k]
		if g == nil {
			g = &claimGroup{exact: map[string][]int{}}
			ix[k] = g
		}
		g.all = append(g.all, i)
		if isPatternHost(c.slot.host) {
			g.patterns = append(g.patterns, i)
		} else {
			h := strings.ToLower(c.slot.host)
			g.exact[h] = append(g.exact[h], i)
		}
	}
	return ix
}

// isPatternHost reports whether host matches more than one name: the catch-all "" or a wildcard.
func isPatternHost(host string) bool {
	return host == "" || strings.HasPrefix(host, "*.")
}

// from is the tail of the ascending list idx of the values at least lo.
func from(idx []int, lo int) []int {
	i, _ := slices.BinarySearch(idx, lo)
	return idx[i:]
}

// mergeAscending merges two ascending lists without duplicates between them.
func mergeAscending(a, b []int) []int {
	if len(b) == 0 {
		return a
	}
	if len(a) == 0 {
		return b
	}
	out := make([]int, 0, len(a)+len(b))
	for len(a) > 0 && len(b) > 0 {
		if a[0] < b[0] {
			out, a = append(out, a[0]), a[1:]
		} else {
			out, b = append(out, b[0]), b[1:]
		}
	}
	return append(append(out, a...), b...)
}
