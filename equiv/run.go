package equiv

import (
	"runtime"
	"sort"
	"sync"

	"github.com/ingress-parity/ingress-parity/finding"
	"github.com/ingress-parity/ingress-parity/model"
)

// checker holds the state of one Check.
type checker struct {
	old, new *model.Model
	opts     Options
	cmp      comparer
	groups   map[groupKey]*group
	splits   map[string]*splitGroup
	rewrites map[[2]string]*rewriteTrial
	look     *lookup
	explored map[string]*exploration
	gaps     map[finding.Gap]bool
	notes    []finding.Finding
	// access caches policy comparisons; identity collects identity findings by key.
	access   map[accessKey]*accessResult
	outcomes map[outcomeKey]*identityOutcome
	policies map[policyKey]*identityOutcome
	// unmodelled is the gap of a side whose identity headers are not modelled ("" when both
	// are), set once.
	unmodelled     string
	unmodelledOnce sync.Once
	// samples holds the shortest path of each pattern ("" when none was found).
	samples  map[string]string
	identity map[string]*idFinding
	// mu guards groups, splits, rewrites (and their trials), explored, gaps, used, access
	// and identity while host classes are compared in parallel.
	mu sync.Mutex
}

// listenerKey is a (scheme, port) pair.
type listenerKey struct {
	Scheme model.Scheme
	Port   int32
}

// entryPort is a listener key of one entry point.
type entryPort struct {
	Entry string
	listenerKey
}

// pair is one comparison: old and new side for one host class.
type pair struct {
	Old, New side
	Host     hostClass
	// Substituted says the new side was compared on another port of the same scheme.
	Substituted bool
}

// run compares every old (scheme, port) and host class with the new entry points that
// accept it, then the new listeners the old side lacks, then turns build notes into findings.
func (c *checker) run() {
	c.cmp = comparer{resolvePort: c.opts.ResolvePort}
	c.look = newLookup(c.old, c.new)
	c.splits = map[string]*splitGroup{}
	c.rewrites = map[[2]string]*rewriteTrial{}
	c.explored = map[string]*exploration{}
	c.access = map[accessKey]*accessResult{}
	c.outcomes = map[outcomeKey]*identityOutcome{}
	c.policies = map[policyKey]*identityOutcome{}
	c.samples = map[string]string{}
	c.identity = map[string]*idFinding{}
	// Different path normalization is not a gap: the proof compares normalized paths (the
	// witness path is already normalized on both sides), and the live probe sends the encoded,
	// dot-segment and double-slash variants (docs/findings.md). Explanations mention it when
	// a witness path holds such characters.
	hosts := hostClasses(c.old, c.new)
	oldPorts := map[listenerKey]bool{}
	used := map[entryPort]bool{}
	var jobs []func()
	for _, lk := range modelListenerKeys(c.old) {
		oldPorts[lk] = true
		for _, h := range hosts {
			lk, h := lk, h
			jobs = append(jobs, func() {
				// Each old entry point that accepts the host is an address clients use for it;
				// when none does, the old side refuses the connection.
				olds := c.accepting(c.old, lk, h.Name)
				if len(olds) == 0 {
					olds = append(olds, refusedSide(c.old, lk.Scheme, lk.Port))
				}
				for _, o := range olds {
					c.compareOldPort(o, lk, h, used)
				}
			})
		}
	}
	parallel(jobs)
	for i := range c.new.EntryPoints {
		ep := &c.new.EntryPoints[i]
		for _, lk := range listenerKeys(ep) {
			if oldPorts[lk] || used[entryPort{ep.Name, lk}] {
				continue
			}
			for _, h := range hosts {
				n := c.look.open(c.new, ep, lk.Scheme, lk.Port, h.Name)
				if !n.Claims() {
					continue // a port the old side lacks, answering 404 for a host it does not serve
				}
				c.explorePair(pair{Old: refusedSide(c.old, lk.Scheme, lk.Port), New: n, Host: h})
			}
		}
	}
	c.noteFindings()
}

// modelListenerKeys returns the distinct (scheme, port) pairs of all entry points of m, sorted.
func modelListenerKeys(m *model.Model) []listenerKey {
	all := &model.EntryPoint{}
	for _, ep := range m.EntryPoints {
		all.Listeners = append(all.Listeners, ep.Listeners...)
	}
	return listenerKeys(all)
}

// listenerKeys returns the distinct (scheme, port) pairs of ep's listeners, sorted.
func listenerKeys(ep *model.EntryPoint) []listenerKey {
	seen := map[listenerKey]bool{}
	var out []listenerKey
	for _, l := range ep.Listeners {
		k := listenerKey{l.Scheme, l.Port}
		if !seen[k] {
			seen[k] = true
			out = append(out, k)
		}
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Port != out[j].Port {
			return out[i].Port < out[j].Port
		}
		return out[i].Scheme < out[j].Scheme
	})
	return out
}

// accepting returns the sides of m's entry points whose listeners on lk name host: the
// addresses DNS sends clients of the host to. When none names it, an HTTP port that answers
// 404 for any host stands for them all (the first one; they answer alike).
func (c *checker) accepting(m *model.Model, lk listenerKey, host string) []side {
	var claims []side
	var portOnly *side
	for i := range m.EntryPoints {
		s := c.look.open(m, &m.EntryPoints[i], lk.Scheme, lk.Port, host)
		switch {
		case s.Claims():
			claims = append(claims, s)
		case s.Listener != nil && portOnly == nil:
			portOnly = &s
		}
	}
	if len(claims) == 0 && portOnly != nil {
		claims = append(claims, *portOnly)
	}
	return claims
}

// compareOldPort compares what old side o does with host h on lk against every new entry
// point that accepts h there (or, failing that, on another port of the same scheme).
func (c *checker) compareOldPort(o side, lk listenerKey, h hostClass, used map[entryPort]bool) {
	news := c.accepting(c.new, lk, h.Name)
	substituted := false
	if len(news) == 0 {
		for i := range c.new.EntryPoints {
			nep := &c.new.EntryPoints[i]
			for _, k := range listenerKeys(nep) {
				if k.Scheme != lk.Scheme || k.Port == lk.Port {
					continue
				}
				if n := c.look.open(c.new, nep, k.Scheme, k.Port, h.Name); n.Listener != nil {
					news = append(news, n)
					substituted = true
					break
				}
			}
		}
	}
	if o.Listener == nil && len(news) == 0 {
		return // both refuse the connection
	}
	if len(news) == 0 {
		c.explorePair(pair{Old: o, New: refusedSide(c.new, lk.Scheme, lk.Port), Host: h})
		return
	}
	if len(news) > 1 {
		c.hostSplit(o, news, h)
	}
	for _, n := range news {
		c.mu.Lock()
		used[entryPort{n.Entry.Name, listenerKey{n.Scheme, n.Port}}] = true
		c.mu.Unlock()
		c.explorePair(pair{Old: o, New: n, Host: h, Substituted: substituted})
	}
}

// gap records a part of the request space that could not be proven.
func (c *checker) gap(g finding.Gap) {
	c.mu.Lock()
	c.gaps[g] = true
	c.mu.Unlock()
}

// parallel runs jobs on every CPU and returns when all are done. Jobs share the checker's
// state only through its mutex; the result does not depend on their order (record keeps the
// least witness, counts are sets, gaps a set, findings are sorted at the end).
func parallel(jobs []func()) {
	next := make(chan func())
	var wg sync.WaitGroup
	for range runtime.GOMAXPROCS(0) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for job := range next {
				job()
			}
		}()
	}
	for _, job := range jobs {
		next <- job
	}
	close(next)
	wg.Wait()
}
