package pathauto

import "regexp/syntax"

// machine is the compiled form of a pattern list: one program per pattern and the alphabet
// partition they share. It is immutable; each user builds its own automata with newDFAs.
type machine struct {
	progs []*syntax.Prog
	part  *partition
}

// compileMachine parses and compiles every pattern the way regexp.Compile does.
func compileMachine(patterns []string, opts Options) (*machine, error) {
	if err := opts.validate(); err != nil {
		return nil, err
	}
	m := &machine{progs: make([]*syntax.Prog, len(patterns))}
	for i, p := range patterns {
		prog, err := cachedProg(p)
		if err != nil {
			return nil, &PatternError{Index: i, Pattern: p, Err: err}
		}
		m.progs[i] = prog
	}
	m.part = newPartition(m.progs, opts.alphabet())
	return m, nil
}

// compileProg compiles one pattern; the program matches the whole text when it reaches
// InstMatch at the end of the text.
func compileProg(pattern string) (*syntax.Prog, error) {
	re, err := syntax.Parse(pattern, syntax.Perl)
	if err != nil {
		return nil, err
	}
	return syntax.Compile(re.Simplify())
}

// newDFAs returns fresh automata, one per pattern, sharing the store sc (from newScratch).
func (m *machine) newDFAs(sc *scratch) []*dfa {
	out := make([]*dfa, len(m.progs))
	for i, p := range m.progs {
		out[i] = newDFA(p, m.part, sc)
	}
	return out
}

// stepRune moves d from id over r: through the cached class transition when r is in the
// alphabet, directly otherwise.
func (m *machine) stepRune(d *dfa, id int32, r rune) int32 {
	if c := m.part.classOf(r); c >= 0 {
		return d.next(id, int(c))
	}
	return d.step(id, r)
}
