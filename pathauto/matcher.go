package pathauto

import "sync"

// matcherCacheLimit bounds the automaton states a Matcher keeps between calls; past it the
// automata are rebuilt empty, so memory stays bounded on adversarial patterns.
const matcherCacheLimit = 1 << 16

// Matcher runs the automata of Explore on concrete strings. It is safe for concurrent use.
type Matcher struct {
	m    *machine
	mu   sync.Mutex
	dfas []*dfa
	sc   *scratch // its work is counted but not limited: matching is linear in the string
}

// Compile compiles patterns for Accepting. Options.MaxStates, MaxWork and Prefix are ignored;
// the alphabet only decides which characters share cached transitions: strings may contain
// any character.
func Compile(patterns []string, opts Options) (*Matcher, error) {
	m, err := compileMachine(patterns, opts)
	if err != nil {
		return nil, err
	}
	mt := &Matcher{m: m}
	mt.reset()
	return mt, nil
}

// Accepting returns, ascending, the indexes of the patterns that fully match s, or nil.
func (m *Matcher) Accepting(s string) []int {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.trim()
	var out []int
	for i, d := range m.dfas {
		id := d.start
		for _, r := range s {
			if id == deadState {
				break
			}
			id = m.m.stepRune(d, id, r)
		}
		if d.states[id].accept {
			out = append(out, i)
		}
	}
	return out
}

// trim rebuilds the automata when their states grew past matcherCacheLimit.
func (m *Matcher) trim() {
	if len(m.sc.states) > matcherCacheLimit {
		m.reset()
	}
}

// reset starts over with empty automata.
func (m *Matcher) reset() {
	m.sc = newScratch(m.m.progs)
	m.dfas = m.m.newDFAs(m.sc)
}
