package equiv

import (
	"sort"
	"strings"

	"github.com/ingress-parity/ingress-parity/model"
)

// lookup selects listeners and virtual hosts through indexes built once per entry point and
// listener. It gives the answers of model.(*EntryPoint).SelectListener, PortListener and
// (*Listener).SelectVirtualHost without scanning every listener and virtual host for every
// host class, which made the check quadratic in the number of hosts.
type lookup struct {
	entries map[*model.EntryPoint]map[listenerKey]*hostIndex
	vhosts  map[*model.Listener]*hostIndex
}

// hostIndex finds, among host patterns in a fixed order, the first that matches a host.
type hostIndex struct {
	exact map[string]int // lower-case exact pattern -> its first position
	wild  []int          // positions of wildcard and catch-all patterns, in search order
	first int            // first position (PortListener), -1 when empty
	// exactFirst: an exact pattern beats every wildcard (listeners); wild is then sorted by
	// specificity, else by position.
	exactFirst bool
}

// newLookup builds the indexes of every entry point and listener of the models up front, so
// that parallel comparisons only read them.
func newLookup(models ...*model.Model) *lookup {
	lk := &lookup{entries: map[*model.EntryPoint]map[listenerKey]*hostIndex{}, vhosts: map[*model.Listener]*hostIndex{}}
	for _, m := range models {
		for i := range m.EntryPoints {
			ep := &m.EntryPoints[i]
			lk.listeners(ep)
			for j := range ep.Listeners {
				lk.vhostIndex(&ep.Listeners[j])
			}
		}
	}
	return lk
}

// open is openSide through the indexes.
func (lk *lookup) open(m *model.Model, ep *model.EntryPoint, scheme model.Scheme, port int32, host string) side {
	s := side{Model: m, Entry: ep, Scheme: scheme, Port: port}
	idx := lk.listeners(ep)[listenerKey{scheme, port}]
	if idx == nil {
		return s
	}
	if i := idx.find(host, func(i int) string { return ep.Listeners[i].Hostname }, model.WildcardAnyLabels); i >= 0 {
		s.Listener = &ep.Listeners[i]
		s.VHost = lk.vhost(s.Listener, host, m.Profile.Wildcard)
	} else if scheme == model.HTTP && idx.first >= 0 {
		// An HTTP port accepts any Host and answers 404 (model.(*EntryPoint).PortListener).
		s.Listener = &ep.Listeners[idx.first]
		s.portOnly = true
	}
	return s
}

// listeners indexes ep's listeners per (scheme, port): exact hostnames first, then
// wildcards by specificity (model.HostSpecificity), the catch-all last; ties keep order.
func (lk *lookup) listeners(ep *model.EntryPoint) map[listenerKey]*hostIndex {
	if ix, ok := lk.entries[ep]; ok {
		return ix
	}
	ix := map[listenerKey]*hostIndex{}
	for i, l := range ep.Listeners {
		k := listenerKey{l.Scheme, l.Port}
		h := ix[k]
		if h == nil {
			h = &hostIndex{exact: map[string]int{}, first: i, exactFirst: true}
			ix[k] = h
		}
		h.add(i, l.Hostname)
	}
	for _, h := range ix {
		sort.SliceStable(h.wild, func(a, b int) bool {
			return model.HostSpecificity(ep.Listeners[h.wild[a]].Hostname) > model.HostSpecificity(ep.Listeners[h.wild[b]].Hostname)
		})
	}
	lk.entries[ep] = ix
	return ix
}

// vhost returns the first virtual host of l whose pattern matches host.
func (lk *lookup) vhost(l *model.Listener, host string, mode model.WildcardMode) *model.VirtualHost {
	h := lk.vhostIndex(l)
	i := h.find(host, func(i int) string { return l.VirtualHosts[i].Host.Pattern }, mode)
	if i < 0 {
		return nil
	}
	return &l.VirtualHosts[i]
}

// vhostIndex returns the index of l's virtual hosts, building it on first use.
func (lk *lookup) vhostIndex(l *model.Listener) *hostIndex {
	h, ok := lk.vhosts[l]
	if !ok {
		h = &hostIndex{exact: map[string]int{}, first: -1}
		for i, v := range l.VirtualHosts {
			h.add(i, v.Host.Pattern)
		}
		lk.vhosts[l] = h
	}
	return h
}

func (h *hostIndex) add(i int, pattern string) {
	if pattern != "" && pattern != "*" && !strings.HasPrefix(pattern, "*.") {
		p := strings.ToLower(pattern)
		if _, dup := h.exact[p]; !dup {
			h.exact[p] = i
		}
		return
	}
	h.wild = append(h.wild, i)
}

// find returns the position of the first pattern, in search order, that matches host.
// With exactFirst (listeners) an exact hostname beats every wildcard; otherwise (virtual
// hosts, in position order) the earliest matching position wins.
func (h *hostIndex) find(host string, pattern func(int) string, mode model.WildcardMode) int {
	best, ok := h.exact[strings.ToLower(host)]
	if !ok {
		best = -1
	} else if h.exactFirst {
		return best
	}
	for _, i := range h.wild {
		if best >= 0 && i > best {
			break
		}
		if model.HostMatches(pattern(i), host, mode) {
			return i
		}
	}
	return best
}
