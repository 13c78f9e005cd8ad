package equiv

import (
	"fmt"
	"reflect"
	"strings"
	"sync"

	"github.com/ingress-parity/ingress-parity/finding"
	"github.com/ingress-parity/ingress-parity/model"
	"github.com/ingress-parity/ingress-parity/pathauto"
)

// candidate is a route whose non-path conditions hold for a class, with its path pattern.
type candidate struct {
	Route   *model.Route
	Pattern string
}

// candidates returns the routes of s whose method, header, query and cookie conditions hold
// for req, in route order, leaving out (and reporting as gaps) routes whose path cannot be
// turned into a pattern.
func (c *checker) candidates(s side, req model.Request, host string) []candidate {
	if s.VHost == nil {
		return nil
	}
	var out []candidate
	for i := range s.VHost.Routes {
		r := &s.VHost.Routes[i]
		m := r.Match
		m.Path = model.PathMatch{Kind: model.PathPrefix}
		if !m.Matches(req, req.Path) {
			continue
		}
		pat, err := r.Match.Path.Pattern()
		if err != nil {
			c.gap(finding.Gap{Reason: fmt.Sprintf("route %s cannot be modelled: %v", r.ID, err), Host: host, Source: r.Source})
			continue
		}
		out = append(out, candidate{Route: r, Pattern: pat})
	}
	return out
}

// explorePair compares the two sides of p for every non-path class of the host.
func (c *checker) explorePair(p pair) {
	routes := append(append([]model.Route(nil), p.Old.Routes()...), p.New.Routes()...)
	cs := nonPathClasses(routes, c.opts.MaxClasses)
	for _, o := range cs.Opaque {
		c.gap(finding.Gap{Reason: "no value found that matches " + o + "; requests carrying such values were not compared", Host: p.Host.Name})
	}
	if cs.Truncated > 0 {
		c.gap(finding.Gap{Reason: fmt.Sprintf("only %d of %d method/header/query/cookie combinations were explored (cap %d)", len(cs.Classes), cs.Truncated, c.opts.MaxClasses), Host: p.Host.Name})
	}
	for _, cl := range cs.Classes {
		c.exploreClass(p, cl)
	}
}

// exploreClass runs one path exploration over both sides' candidate routes for class cl and
// records every state where the sides decide differently.
func (c *checker) exploreClass(p pair, cl class) {
	req := model.Request{Method: cl.Method, Scheme: p.Old.Scheme, Host: p.Host.Name, Port: p.Old.Port, Headers: cl.Headers, Query: cl.Query, Path: "/"}
	oldC := c.candidates(p.Old, req, p.Host.Name)
	newC := c.candidates(p.New, req, p.Host.Name)
	if sameRoutes(p, oldC, newC) && c.sameRoutesIdentity(p, req, oldC, newC) {
		return
	}
	patterns := make([]string, 0, len(oldC)+len(newC))
	for _, cd := range oldC {
		patterns = append(patterns, cd.Pattern)
	}
	for _, cd := range newC {
		patterns = append(patterns, cd.Pattern)
	}
	// settled holds the winner pairs whose comparison cannot change with the path
	// (compareAt): most states of an equivalent host need no comparison at all.
	settled := map[[2]*model.Route]bool{}
	visit := func(path string, accepting []int) bool {
		// accepting is ascending: the first index of each side is its winner.
		oi, ni := -1, -1
		for _, i := range accepting {
			switch {
			case i < len(oldC):
				if oi < 0 {
					oi = i
				}
			case ni < 0:
				ni = i - len(oldC)
			}
		}
		ow, nw := winner(oldC, oi), winner(newC, ni)
		k := [2]*model.Route{ow, nw}
		if settled[k] {
			return true
		}
		settled[k] = c.compareAt(p, req, path, ow, nw)
		return true
	}
	stats, err := c.explore(patterns, visit)
	if err != nil {
		c.gap(finding.Gap{Reason: fmt.Sprintf("path automaton failed for %s %s: %v", cl.Method, p.Host.Name, err), Host: p.Host.Name})
		return
	}
	if !stats.Complete {
		c.gap(finding.Gap{Reason: fmt.Sprintf("path exploration stopped after %d states (%s); longer paths were not compared", stats.States, stats.Reason), Host: p.Host.Name})
	}
}

// maxCachedStates bounds the explorations kept for replay.
const maxCachedStates = 4096

// exploration is a recorded exploration: its states in visit order and its stats.
type exploration struct {
	Paths     []string
	Accepting [][]int
	Stats     pathauto.Stats
}

// explore runs pathauto.Explore over patterns for paths starting with "/" (the only
// requests), or replays a recorded exploration of the same patterns: hosts and classes
// often share their path matches.
func (c *checker) explore(patterns []string, visit func(string, []int) bool) (pathauto.Stats, error) {
	key := strings.Join(patterns, "\x00")
	c.mu.Lock()
	e, ok := c.explored[key]
	c.mu.Unlock()
	if ok {
		for i, path := range e.Paths {
			visit(path, e.Accepting[i])
		}
		return e.Stats, nil
	}
	rec := &exploration{}
	// A faithful translation repeats most patterns on both sides: explore each distinct
	// pattern once and map acceptance back to every index that holds it.
	uniq, of := dedupe(patterns)
	in := make([]bool, len(uniq))
	stats, err := pathauto.Explore(uniq, pathauto.Options{MaxStates: c.opts.MaxStates, Prefix: "/"}, func(path string, acc []int) bool {
		accepting := acc
		if len(uniq) < len(patterns) {
			accepting = nil
			for _, j := range acc {
				in[j] = true
			}
			for i, j := range of {
				if in[j] {
					accepting = append(accepting, i)
				}
			}
			for _, j := range acc {
				in[j] = false
			}
		}
		if len(rec.Paths) < maxCachedStates {
			rec.Paths = append(rec.Paths, path)
			rec.Accepting = append(rec.Accepting, accepting)
		}
		return visit(path, accepting)
	})
	if err == nil && stats.States <= maxCachedStates && len(rec.Paths) == stats.States {
		rec.Stats = stats
		c.mu.Lock()
		c.explored[key] = rec
		c.mu.Unlock()
	}
	return stats, err
}

// sameRoutes reports whether both sides hold, in the same order, routes with the same path
// language and the same decision (sources aside), with the same fallback, on the same
// listener scheme and port. Then the first match on each side is the same position for every
// path, and Decision.Apply, a function of the decision and the request alone, gives the
// same outcome: the class is equivalent without a search. Faithful translations are mostly
// like this.
func sameRoutes(p pair, oldC, newC []candidate) bool {
	if len(oldC) != len(newC) || p.Substituted || p.Old.VHost == nil || p.New.VHost == nil ||
		p.Old.Scheme != p.New.Scheme || p.Old.Port != p.New.Port {
		return false
	}
	for i := range oldC {
		o, n := oldC[i].Route, newC[i].Route
		if oldC[i].Pattern != newC[i].Pattern || len(o.Opaque)+len(n.Opaque) > 0 || !sameDecision(o.Decision, n.Decision) {
			return false
		}
	}
	return sameDecision(p.Old.VHost.Fallback, p.New.VHost.Fallback)
}

// sameRoutesIdentity compares the identity of the route pairs of a class whose routing
// sameRoutes settled: pair i is route i of each side. Pairs whose identity outcome differs
// are shown on a path route i wins on both sides (the shortest path of its pattern); it
// returns false when there is none such (an earlier route takes it): the class must then be
// explored.
func (c *checker) sameRoutesIdentity(p pair, req model.Request, oldC, newC []candidate) bool {
	for i := range oldC {
		o, n := oldC[i].Route, newC[i].Route
		if o.Policy == n.Policy && derivationOf(p.Old) == derivationOf(p.New) {
			continue
		}
		path, ok := o.Match.Path.Value, strings.HasPrefix(o.Match.Path.Value, "/")
		if k := o.Match.Path.Kind; k == model.PathRegex || k == model.PathRegexPrefix || !ok {
			path, ok = c.samplePath(oldC[i].Pattern)
		}
		if !ok {
			return false
		}
		r := req
		r.Path = c.wirePath(path)
		if firstMatch(p.Old, r, path) != o || firstMatch(p.New, r, path) != n {
			return false
		}
		od, nd := p.Old.decide(r, path, o), p.New.decide(r, path, n)
		if od.Kind() == model.Forward && nd.Kind() == model.Forward {
			c.compareIdentity(p, r, od, nd)
		}
	}
	return true
}

// samplePath returns the shortest path a pattern matches (cached per pattern).
func (c *checker) samplePath(pattern string) (string, bool) {
	c.mu.Lock()
	s, ok := c.samples[pattern]
	c.mu.Unlock()
	if ok {
		return s, s != ""
	}
	s = ""
	_, err := pathauto.Explore([]string{pattern}, pathauto.Options{MaxStates: 4096, Prefix: "/"}, func(path string, acc []int) bool {
		if len(acc) > 0 {
			s = path
			return false
		}
		return true
	})
	if err != nil {
		s = ""
	}
	c.mu.Lock()
	c.samples[pattern] = s
	c.mu.Unlock()
	return s, s != ""
}

// sameDecision compares decisions without their sources.
func sameDecision(a, b model.Decision) bool {
	return reflect.DeepEqual(sourceless(a), sourceless(b))
}

func sourceless(d model.Decision) model.Decision {
	d.Source = model.Source{}
	strip := func(bs []model.Backend) []model.Backend {
		out := make([]model.Backend, len(bs))
		for i, b := range bs {
			b.Source = model.Source{}
			if b.TLS != nil {
				t := *b.TLS
				t.Source = model.Source{}
				b.TLS = &t
			}
			out[i] = b
		}
		return out
	}
	d.Backends, d.Mirrors = strip(d.Backends), strip(d.Mirrors)
	return d
}

// dedupe returns the distinct patterns in first-seen order and, for each pattern, the
// position of its copy among them.
func dedupe(patterns []string) (uniq []string, of []int) {
	pos := make(map[string]int, len(patterns))
	of = make([]int, len(patterns))
	for i, p := range patterns {
		j, ok := pos[p]
		if !ok {
			j = len(uniq)
			pos[p] = j
			uniq = append(uniq, p)
		}
		of[i] = j
	}
	return uniq, of
}

func winner(cands []candidate, i int) *model.Route {
	if i < 0 {
		return nil
	}
	return cands[i].Route
}

// extraSuffixes build further paths from a witness. When the same routes win them, they
// are compared too: path-dependent rewrites and redirects (capture groups, prefix
// replacement, a dropped trailing slash) can treat members of one state differently.
var extraSuffixes = []string{"/", "a", "/a/"}

// compareAt compares both sides on the witness path of one state and, when their rewrites
// or redirects differ structurally, on up to three more paths (and the witness with a
// query string) won by the same routes.
//
// It reports whether the comparison is settled for every path the same routes win: an
// opaque route (its gap is recorded once), or equal outcomes that do not depend on the path
// (pathInvariant on both sides).
func (c *checker) compareAt(p pair, req model.Request, path string, ow, nw *model.Route) bool {
	for _, r := range []*model.Route{ow, nw} {
		if r != nil && len(r.Opaque) > 0 {
			c.gap(finding.Gap{Reason: fmt.Sprintf("opaque route %s wins some paths and cannot be compared: %s", r.ID, strings.Join(r.Opaque, "; ")), Host: p.Host.Name, Source: r.Source})
			return true
		}
	}
	req.Path = c.wirePath(path)
	od, nd := p.Old.decide(req, path, ow), p.New.decide(req, path, nw)
	diff, differs := c.cmp.compare(req, od, nd)
	if differs {
		c.record(p, req, path, od, nd, diff)
	}
	if od.Kind() == model.Forward && nd.Kind() == model.Forward {
		c.compareIdentity(p, req, od, nd)
	}
	proven := rewritesProvenEqual(od, nd)
	var trial *rewriteTrial
	if !proven {
		trial = c.rewriteTrial(od, nd, p.Host.Name)
	}
	trial.add(&c.mu, differs)
	if !differs && trial == nil {
		if m := pathUse(od); m != pathDepends && m == pathUse(nd) {
			return true
		}
	}
	if proven || !pathDependent(od, nd) {
		return false
	}
	for _, s := range append(extraSuffixes, "?") {
		alt, np := req, path+s
		if s == "?" {
			// Same path with a query string: redirects may keep or drop it.
			np, alt.Query = path, strings.TrimPrefix(req.Query+"&parity-q=1", "&")
		}
		alt.Path = c.wirePath(np)
		if firstMatch(p.Old, alt, np) != ow || firstMatch(p.New, alt, np) != nw {
			continue
		}
		od2, nd2 := p.Old.decide(alt, np, ow), p.New.decide(alt, np, nw)
		diff2, ok := c.cmp.compare(alt, od2, nd2)
		trial.add(&c.mu, ok)
		if ok {
			c.record(p, alt, np, od2, nd2, diff2)
		}
	}
	return false
}

// pathUsage says how an outcome depends on the request path.
type pathUsage int

const (
	pathDepends  pathUsage = iota // redirects, capture-group and prefix rewrites
	pathUnused                    // rejects and refusals
	pathVerbatim                  // forwards with the path unchanged
	pathConstant                  // forwards with a fixed path (ReplaceFullPath)
)

// pathUse classifies d: two equal outcomes of the same usage other than pathDepends stay
// equal for every path, since each side then maps every path the same way.
func pathUse(d decided) pathUsage {
	switch d.Kind() {
	case model.Reject, kindRefused:
		return pathUnused
	case model.Forward:
		rw := d.Decision.Rewrite
		switch {
		case rw == nil || rw.Kind == "":
			return pathVerbatim
		case rw.Kind == model.RewriteFullPath:
			return pathConstant
		}
	}
	return pathDepends
}

// pathDependent reports whether both sides transform the path (rewrite or redirect) in
// structurally different ways, so that paths of one state may still be treated differently.
func pathDependent(od, nd decided) bool {
	if od.Decision == nil || nd.Decision == nil || od.Kind() != nd.Kind() {
		return false
	}
	switch od.Kind() {
	case model.Forward:
		return !reflect.DeepEqual(od.Decision.Rewrite, nd.Decision.Rewrite)
	case model.Redirect:
		return !reflect.DeepEqual(od.Decision.Redirect, nd.Decision.Redirect)
	}
	return false
}

// wirePath is the path a client sends so that both sides normalize it to np: when both
// decode %XX, a literal '%' of np is sent as "%25". (When only one side decodes, no single
// wire path works; explanations say so.)
func (c *checker) wirePath(np string) string {
	if c.old.Profile.Normalization.DecodePercent && c.new.Profile.Normalization.DecodePercent {
		return strings.ReplaceAll(np, "%", "%25")
	}
	return np
}

// firstMatch returns the route of s that wins req (with normalized path np), as
// model.(*Model).Resolve picks it.
func firstMatch(s side, req model.Request, np string) *model.Route {
	if s.VHost == nil {
		return nil
	}
	for i := range s.VHost.Routes {
		if s.VHost.Routes[i].Match.Matches(req, np) {
			return &s.VHost.Routes[i]
		}
	}
	return nil
}

// rewriteTrial tracks a pair of forwarding routes whose rewrites use capture groups and are
// not structurally equal: they can only be tested on paths, not proven equal.
type rewriteTrial struct {
	OldID, NewID string
	Host         string
	Source       model.Source
	Paths        int
	Differs      bool
}

// rewriteTrial returns the trial of od and nd, or nil when no capture-group rewrite is
// involved. The caller has ruled out rewrites proven equal (rewritesProvenEqual).
func (c *checker) rewriteTrial(od, nd decided, host string) *rewriteTrial {
	if od.Kind() != model.Forward || nd.Kind() != model.Forward {
		return nil
	}
	ro, rn := od.Decision.Rewrite, nd.Decision.Rewrite
	if !isCaptureRewrite(ro) && !isCaptureRewrite(rn) {
		return nil
	}
	if reflect.DeepEqual(ro, rn) && od.pathMatch() == nd.pathMatch() {
		return nil
	}
	k := [2]string{od.ID(), nd.ID()}
	c.mu.Lock()
	defer c.mu.Unlock()
	t := c.rewrites[k]
	if t == nil {
		src := model.Source{}
		if od.Route != nil {
			src = od.Route.Source
		}
		t = &rewriteTrial{OldID: k[0], NewID: k[1], Host: host, Source: src}
		c.rewrites[k] = t
	}
	return t
}

// add counts one compared path of the trial (nil: no trial), under mu.
func (t *rewriteTrial) add(mu *sync.Mutex, differs bool) {
	if t == nil {
		return
	}
	mu.Lock()
	t.Paths++
	t.Differs = t.Differs || differs
	mu.Unlock()
}

func isCaptureRewrite(r *model.Rewrite) bool {
	return r != nil && r.Kind == model.RewriteRegex
}
