package pathauto

import (
	"regexp/syntax"
	"sync"
)

// progCacheLimit bounds the compiled programs kept between calls; past it the cache starts
// over. A host's patterns recur across the old and new side and across calls (explore,
// explain), and parsing is the largest fixed cost of a small exploration.
const progCacheLimit = 8192

// progCacheMaxPattern is the longest pattern worth caching; longer ones are rare and
// their programs large.
const progCacheMaxPattern = 1024

// progCache maps a pattern to its compiled program or its error. Programs are never
// modified after compilation, so they are shared freely.
var progCache = struct {
	sync.Mutex
	m map[string]progResult
}{m: make(map[string]progResult)}

type progResult struct {
	prog *syntax.Prog
	err  error
}

// cachedProg returns compileProg(pattern), compiling each pattern once while it stays cached.
func cachedProg(pattern string) (*syntax.Prog, error) {
	if len(pattern) > progCacheMaxPattern {
		return compileProg(pattern)
	}
	progCache.Lock()
	r, ok := progCache.m[pattern]
	progCache.Unlock()
	if ok {
		return r.prog, r.err
	}
	prog, err := compileProg(pattern)
	progCache.Lock()
	if len(progCache.m) >= progCacheLimit {
		clear(progCache.m)
	}
	progCache.m[pattern] = progResult{prog: prog, err: err}
	progCache.Unlock()
	return prog, err
}
