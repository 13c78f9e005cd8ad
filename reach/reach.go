package reach

import (
	"cmp"
	"slices"
	"strings"

	"github.com/ingress-parity/ingress-parity/finding"
	"github.com/ingress-parity/ingress-parity/model"
)

// Options tune Build. The zero value is ready to use.
type Options struct {
	// Tool names the program in the result (as check's JSON does).
	Tool finding.Tool
	// MaxStates caps the automaton states explored per virtual host when finding which
	// earlier routes take paths from a route (0: DefaultMaxStates). Past it, earlier routes
	// not proven disjoint are listed as possible exceptions.
	MaxStates int
}

// DefaultMaxStates is the per-virtual-host state cap used when Options.MaxStates is 0.
const DefaultMaxStates = 20000

// Result is the reachability table of one side.
type Result struct {
	// Tool is the program that produced the result.
	Tool finding.Tool `json:"tool"`
	// Side is the frontend that built the model ("ingress-nginx" or "gateway-api").
	Side string `json:"side"`
	// Profile is the implementation profile of the model ("ingress-nginx", "envoy-gateway", ...).
	Profile string `json:"profile"`
	// Backends are sorted by name (namespace, service, then port); each has at least one way in.
	Backends []Backend `json:"backends"`
	// Unreachable are forwarding routes that never win a request: every path they match is
	// taken by earlier routes of the same virtual host.
	Unreachable []Unreachable `json:"unreachable,omitempty"`
	// Notes are the model's build notes at warning or invalid level: objects the data plane
	// or the API server refuses, and annotations that deny or are ignored, which remove or
	// change ways in.
	Notes []model.Note `json:"notes,omitempty"`
}

// Backend is one upstream and every way a request reaches it.
type Backend struct {
	// Name is "namespace/service:port" (a non-Service kind is prefixed: "Kind ns/name:port").
	Name string `json:"name"`
	// Ways are in model order: entry point, listener, virtual host, route.
	Ways []Way `json:"ways"`
}

// Way is one route (or fallback) on one listener that forwards to a backend.
type Way struct {
	EntryPoint string       `json:"entryPoint"`
	Listener   string       `json:"listener"`
	Scheme     model.Scheme `json:"scheme"`
	Port       int32        `json:"port"`
	// Host is the host pattern as written: an exact name, "*.suffix", or "" for any host.
	Host string `json:"host"`
	// Path is the path language, readable: "exact /v1/health", "prefix /api" (element-wise),
	// "string prefix /api", "regex /v[0-9]+/.*", "regex prefix ^/api"; "any other path" for a
	// fallback.
	Path string `json:"path"`
	// Conditions are the other match conditions: "method GET", "header X-Canary: always".
	Conditions []string `json:"conditions,omitempty"`
	// Except are the earlier routes of the virtual host that can take some of these requests.
	Except []Except `json:"except,omitempty"`
	// Route is the route id; empty for a fallback.
	Route string `json:"route,omitempty"`
	// Fallback is true when the way is the virtual host's decision for unmatched requests.
	Fallback bool `json:"fallback,omitempty"`
	// Mirror is true when the backend only receives a copy of the request.
	Mirror bool `json:"mirror,omitempty"`
	// Weight and TotalWeight give the backend's share when the route splits traffic; both
	// are omitted when the backend receives everything.
	Weight      int32 `json:"weight,omitempty"`
	TotalWeight int32 `json:"totalWeight,omitempty"`
	// Requires is what the caller needs to be served (never nil; ways with the same
	// listener and policy share one value).
	Requires *Requires `json:"requires"`
	// Opaque are the reasons the route cannot be modelled faithfully; the table may be wrong there.
	Opaque []string `json:"opaque,omitempty"`
	// Source is where the route (or fallback decision) came from.
	Source model.Source `json:"source"`
}

// Except is an earlier route that wins some requests the way would otherwise take.
type Except struct {
	Route string `json:"route"`
	// Path is the earlier route's path language and conditions, readable.
	Path string `json:"path"`
	// Maybe is true when the overlap was not proven (the exploration reached its cap).
	Maybe bool `json:"maybe,omitempty"`
}

// Unreachable is a forwarding route that never wins: where it is served, the route, its
// path and conditions (readable), the backends it would forward to, the earlier routes that
// take all its requests, and its source.
type Unreachable struct {
	EntryPoint string       `json:"entryPoint"`
	Listener   string       `json:"listener"`
	Scheme     model.Scheme `json:"scheme"`
	Port       int32        `json:"port"`
	Host       string       `json:"host"`
	Route      string       `json:"route"`
	Path       string       `json:"path"`
	Backends   []string     `json:"backends"`
	By         []Except     `json:"by"`
	Source     model.Source `json:"source"`
}

// Build returns the reachability table of m.
func Build(m *model.Model, opts Options) Result {
	b := &builder{
		byName:  map[string]*Backend{},
		shadows: newShadowCache(opts),
		needs:   newRequiresCache(),
		names:   backendNames{},
	}
	res := Result{Tool: opts.Tool, Side: m.Side, Profile: m.Profile.Name}
	for _, ep := range m.EntryPoints {
		for li := range ep.Listeners {
			l := &ep.Listeners[li]
			for vi := range l.VirtualHosts {
				vh := &l.VirtualHosts[vi]
				b.virtualHost(place{entry: ep.Name, listener: l, host: hostOf(l, vh)}, vh)
			}
		}
	}
	res.Backends = b.backends()
	res.Unreachable = b.unreachable
	for _, n := range m.Notes {
		if n.Level != model.NoteInfo {
			res.Notes = append(res.Notes, n)
		}
	}
	return res
}

// builder collects ways per backend, in model order.
type builder struct {
	byName      map[string]*Backend
	order       []string
	unreachable []Unreachable
	shadows     *shadowCache
	needs       *requiresCache
	names       backendNames
}

// virtualHost adds the ways through the forwarding routes and fallback of vh.
func (b *builder) virtualHost(at place, vh *model.VirtualHost) {
	sh := b.shadows.of(vh.Routes)
	for ri := range vh.Routes {
		r := &vh.Routes[ri]
		if r.Decision.Kind != model.Forward {
			continue
		}
		if sh.never[ri] {
			b.unreachable = append(b.unreachable, unreachable(at, r, sh.except[ri]))
			continue
		}
		b.add(r.Decision, routeWay(at, r, sh.except[ri], b.needs.of(at.listener.ClientIP, r.Policy)))
	}
	if vh.Fallback.Kind == model.Forward {
		b.add(vh.Fallback, fallbackWay(at, vh.Fallback, b.needs.of(at.listener.ClientIP, nil)))
	}
}

// add records way w for every backend that d sends requests (or copies) to.
func (b *builder) add(d model.Decision, w Way) {
	for _, t := range targets(d, b.names) {
		be, ok := b.byName[t.name]
		if !ok {
			be = &Backend{Name: t.name}
			b.byName[t.name] = be
			b.order = append(b.order, t.name)
		}
		be.Ways = append(be.Ways, t.apply(w))
	}
}

// backends returns the backends sorted by name, ":" first so that "ns/web:80" comes before
// "ns/web-v2:80"; never nil, so JSON shows [].
func (b *builder) backends() []Backend {
	out := make([]Backend, 0, len(b.order))
	keys := make(map[string]string, len(b.order))
	for _, name := range b.order {
		out = append(out, *b.byName[name])
		keys[name] = strings.ReplaceAll(name, ":", "\x00")
	}
	slices.SortFunc(out, func(x, y Backend) int { return cmp.Compare(keys[x.Name], keys[y.Name]) })
	return out
}

// place is where a virtual host's routes are served.
type place struct {
	entry    string
	listener *model.Listener
	host     string
}

// hostOf is the virtual host's pattern, or the listener's hostname for a catch-all host.
func hostOf(l *model.Listener, vh *model.VirtualHost) string {
	if vh.Host.Pattern == "" {
		return l.Hostname
	}
	return vh.Host.Pattern
}

// newWay fills the listener part of a way.
func (p place) newWay() Way {
	return Way{EntryPoint: p.entry, Listener: p.listener.Name, Scheme: p.listener.Scheme, Port: p.listener.Port, Host: p.host}
}

// routeWay is the way through route r, before the backend's share is known.
func routeWay(p place, r *model.Route, except []Except, needs *Requires) Way {
	w := p.newWay()
	w.Path = describePath(r.Match.Path)
	w.Conditions = conditions(r.Match)
	w.Except = except
	w.Route = r.ID
	w.Requires = needs
	w.Opaque = r.Opaque
	w.Source = r.Source
	return w
}

// fallbackWay is the way through a virtual host's forwarding fallback.
func fallbackWay(p place, d model.Decision, needs *Requires) Way {
	w := p.newWay()
	w.Path = "any other path"
	w.Fallback = true
	w.Requires = needs
	w.Source = d.Source
	return w
}

// unreachable describes a forwarding route that never wins.
func unreachable(p place, r *model.Route, by []Except) Unreachable {
	u := Unreachable{EntryPoint: p.entry, Listener: p.listener.Name, Scheme: p.listener.Scheme, Port: p.listener.Port,
		Host: p.host, Route: r.ID, Path: readable(r.Match), By: by, Source: r.Source}
	for _, b := range r.Decision.Backends {
		u.Backends = append(u.Backends, b.String())
	}
	return u
}

// target is one backend a decision sends requests (or copies of them) to.
type target struct {
	name          string
	weight, total int32
	mirror        bool
}

// apply sets the backend's share on a copy of w.
func (t target) apply(w Way) Way {
	if t.total > 0 && t.weight != t.total {
		w.Weight, w.TotalWeight = t.weight, t.total
	}
	w.Mirror = t.mirror
	return w
}

// backendNames caches model.Backend.String by what it prints.
type backendNames map[backendKey]string

type backendKey struct {
	kind, namespace, service, portName string
	port                               int32
}

// of is b.String(), computed once per backend.
func (n backendNames) of(b model.Backend) string {
	k := backendKey{b.Kind, b.Namespace, b.Service, b.PortName, b.Port}
	s, ok := n[k]
	if !ok {
		s = b.String()
		n[k] = s
	}
	return s
}

// targets lists the valid backends of d that receive requests: those with a positive
// weight (the share counts invalid backends too, their requests fail), then the mirrors.
func targets(d model.Decision, names backendNames) []target {
	var total int32
	for _, b := range d.Backends {
		if b.Weight > 0 {
			total += b.Weight
		}
	}
	var out []target
	for _, b := range d.Backends {
		if b.Weight > 0 && b.Invalid == "" {
			out = append(out, target{name: names.of(b), weight: b.Weight, total: total})
		}
	}
	for _, b := range d.Mirrors {
		if b.Invalid == "" {
			out = append(out, target{name: names.of(b), mirror: true})
		}
	}
	return out
}

// Only keeps the backends named in names (and the unreachable routes that would reach
// them); missing lists the names that have no way in.
func (r Result) Only(names []string) (out Result, missing []string) {
	want := map[string]bool{}
	for _, n := range names {
		want[n] = true
	}
	out = Result{Tool: r.Tool, Side: r.Side, Profile: r.Profile, Backends: []Backend{}, Notes: r.Notes}
	found := map[string]bool{}
	for _, b := range r.Backends {
		if want[b.Name] {
			out.Backends = append(out.Backends, b)
			found[b.Name] = true
		}
	}
	for _, u := range r.Unreachable {
		for _, b := range u.Backends {
			if want[b] {
				out.Unreachable = append(out.Unreachable, u)
				break
			}
		}
	}
	for _, n := range names {
		if !found[n] && !slices.Contains(missing, n) {
			missing = append(missing, n)
		}
	}
	return out, missing
}
