package reach

import (
	"strings"

	"github.com/ingress-parity/ingress-parity/model"
	"github.com/ingress-parity/ingress-parity/pathauto"
)

// shadows says, for the routes of one virtual host, which earlier routes can take requests
// from each forwarding route, and which forwarding routes never win at all.
type shadows struct {
	except [][]Except
	never  []bool
}

// overlap is an earlier route (by index) that can take requests from a later one.
type overlap struct {
	by    int
	maybe bool
}

// shadowIndex is the result of the analysis by route index, independent of route ids, so
// virtual hosts with the same matches (an http and an https listener) share it.
type shadowIndex struct {
	over  [][]overlap
	never []bool
}

// shadowCache remembers the analysis per list of matches.
type shadowCache struct {
	opts Options
	seen map[string]*shadowIndex
}

func newShadowCache(opts Options) *shadowCache {
	if opts.MaxStates == 0 {
		opts.MaxStates = DefaultMaxStates
	}
	return &shadowCache{opts: opts, seen: map[string]*shadowIndex{}}
}

// of analyses routes (in match precedence order).
func (c *shadowCache) of(routes []model.Route) shadows {
	key := matchKey(routes)
	ix, ok := c.seen[key]
	if !ok {
		ix = analyse(routes, c.opts)
		c.seen[key] = ix
	}
	out := shadows{except: make([][]Except, len(routes)), never: ix.never}
	for j, os := range ix.over {
		for _, o := range os {
			out.except[j] = append(out.except[j], Except{Route: routes[o.by].ID, Path: readable(routes[o.by].Match), Maybe: o.maybe})
		}
	}
	return out
}

// matchKey identifies the matches of routes and which of them forward.
func matchKey(routes []model.Route) string {
	var b strings.Builder
	value := func(v model.ValueMatch) {
		b.WriteString(v.Name)
		b.WriteByte(1)
		b.WriteString(string(v.Kind))
		b.WriteByte(1)
		b.WriteString(v.Value)
		if v.Not {
			b.WriteByte('!')
		}
		b.WriteByte(2)
	}
	for _, r := range routes {
		m := r.Match
		if r.Decision.Kind == model.Forward {
			b.WriteByte('F')
		}
		b.WriteString(string(m.Path.Kind))
		b.WriteByte(1)
		b.WriteString(m.Path.Value)
		if m.Path.CaseInsensitive {
			b.WriteByte('i')
		}
		b.WriteByte(1)
		b.WriteString(m.Method)
		for _, list := range [][]model.ValueMatch{m.Headers, m.Query, m.Cookies} {
			b.WriteByte(3)
			for _, v := range list {
				value(v)
			}
		}
		b.WriteByte(0)
	}
	return b.String()
}

// analyse finds, for every forwarding route j, the earlier routes i whose path languages
// intersect j's with compatible conditions, and whether j wins any request at all (it does
// not when every path it matches is also matched by an earlier route whose conditions every
// request of j meets). Literal matches without a possible overlap are settled without an
// automaton; otherwise one product automaton of the virtual host's path languages is
// explored.
func analyse(routes []model.Route, opts Options) *shadowIndex {
	ix := &shadowIndex{over: make([][]overlap, len(routes)), never: make([]bool, len(routes))}
	if !needsAutomaton(routes) {
		return ix
	}
	patterns := make([]string, len(routes))
	ok := make([]bool, len(routes))
	for i, r := range routes {
		p, err := r.Match.Path.Pattern()
		patterns[i], ok[i] = p, err == nil
	}
	uniq, members := groupPatterns(patterns, ok)
	seen := make([][]bool, len(routes)) // seen[j][i]: i<j co-accept with compatible conditions
	wins := make([]bool, len(routes))
	inState := make([]bool, len(routes))
	var acc []int
	stats, err := pathauto.Explore(uniq, pathauto.Options{MaxStates: opts.MaxStates, Prefix: "/"}, func(_ string, accepting []int) bool {
		acc = acc[:0]
		for _, u := range accepting {
			acc = append(acc, members[u]...)
		}
		for _, i := range acc {
			inState[i] = true
		}
		for _, j := range acc {
			if routes[j].Decision.Kind != model.Forward {
				continue
			}
			covered := false
			for i := 0; i < j; i++ {
				if !inState[i] {
					continue
				}
				if compatible(routes[i].Match, routes[j].Match) {
					if seen[j] == nil {
						seen[j] = make([]bool, j)
					}
					seen[j][i] = true
				}
				if covers(routes[i].Match, routes[j].Match) {
					covered = true
				}
			}
			if !covered {
				wins[j] = true
			}
		}
		for _, i := range acc {
			inState[i] = false
		}
		return true
	})
	complete := err == nil && stats.Complete
	for j, r := range routes {
		if r.Decision.Kind != model.Forward {
			continue
		}
		for i := 0; i < j; i++ {
			switch {
			case seen[j] != nil && seen[j][i]:
				ix.over[j] = append(ix.over[j], overlap{by: i})
			case !complete && ok[i] && ok[j] && compatible(routes[i].Match, routes[j].Match):
				ix.over[j] = append(ix.over[j], overlap{by: i, maybe: true})
			}
		}
		// A route whose pattern does not parse matches nothing in the model; it is left as
		// a way (its opaque mark says why) rather than declared unreachable.
		ix.never[j] = complete && ok[j] && !wins[j]
	}
	return ix
}

// groupPatterns returns the distinct parsable patterns and, for each, the route indexes
// (ascending) that hold it.
func groupPatterns(patterns []string, ok []bool) ([]string, [][]int) {
	var uniq []string
	var members [][]int
	at := map[string]int{}
	for i, p := range patterns {
		if !ok[i] {
			continue
		}
		u, seen := at[p]
		if !seen {
			u = len(uniq)
			at[p] = u
			uniq = append(uniq, p)
			members = append(members, nil)
		}
		members[u] = append(members[u], i)
	}
	return uniq, members
}

// needsAutomaton reports whether some earlier route may take requests from a forwarding
// route: always when a match is not a literal (regex, any case); for literal matches when
// two of them overlap with compatible conditions.
func needsAutomaton(routes []model.Route) bool {
	for _, r := range routes {
		if !literal(r.Match.Path) {
			return true
		}
	}
	for j := range routes {
		if routes[j].Decision.Kind != model.Forward {
			continue
		}
		for i := 0; i < j; i++ {
			if literalOverlap(routes[i].Match.Path, routes[j].Match.Path) && compatible(routes[i].Match, routes[j].Match) {
				return true
			}
		}
	}
	return false
}

// literal reports whether p is an exact or prefix match that respects case.
func literal(p model.PathMatch) bool {
	switch p.Kind {
	case model.PathExact, model.PathPrefix, model.PathSegmentPrefix:
		return !p.CaseInsensitive
	}
	return false
}

// literalOverlap reports whether two literal path matches share a path.
func literalOverlap(a, b model.PathMatch) bool {
	rank := map[model.PathKind]int{model.PathExact: 0, model.PathPrefix: 1, model.PathSegmentPrefix: 2}
	if rank[a.Kind] > rank[b.Kind] {
		a, b = b, a
	}
	seg := func(v string) string { return strings.TrimRight(v, "/") }
	switch {
	case a.Kind == model.PathExact && b.Kind == model.PathExact:
		return a.Value == b.Value
	case a.Kind == model.PathExact && b.Kind == model.PathPrefix:
		return strings.HasPrefix(a.Value, b.Value)
	case a.Kind == model.PathExact && b.Kind == model.PathSegmentPrefix:
		s := seg(b.Value)
		return s == "" || a.Value == s || strings.HasPrefix(a.Value, s+"/")
	case a.Kind == model.PathPrefix && b.Kind == model.PathPrefix:
		return strings.HasPrefix(a.Value, b.Value) || strings.HasPrefix(b.Value, a.Value)
	case a.Kind == model.PathPrefix && b.Kind == model.PathSegmentPrefix:
		s := seg(b.Value)
		return s == "" || strings.HasPrefix(s, a.Value) || strings.HasPrefix(a.Value, s+"/")
	default: // both SegmentPrefix
		s, t := seg(a.Value), seg(b.Value)
		return s == "" || t == "" || s == t || strings.HasPrefix(s, t+"/") || strings.HasPrefix(t, s+"/")
	}
}
