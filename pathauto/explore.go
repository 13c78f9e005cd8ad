package pathauto

import (
	"encoding/binary"
	"fmt"
	"slices"
	"unicode/utf8"
)

// Stats summarizes an exploration.
type Stats struct {
	// States is the number of states reported to visit (including the one whose visit
	// returned false).
	States int
	// Complete is true when every reachable state was reported.
	Complete bool
	// Reason says why an exploration is incomplete: "stopped" when visit returned false,
	// "state limit N reached" or "work limit N reached".
	Reason string
	// Classes is the number of alphabet classes the search stepped with.
	Classes int
}

// ReasonStopped is Stats.Reason when visit ended the exploration.
const ReasonStopped = "stopped"

// Explore visits every reachable state of the product automaton of patterns once, in
// breadth-first order (shortest first), with the shortest path reaching it; among paths of
// equal length the one whose characters come first in alphabet order wins, each character
// being the representative of its class. accepting lists, ascending, the indexes of the
// patterns that fully match path; it is nil when none does, and callers may keep it.
// The state where no pattern has a thread left is reported (nothing longer matches
// anything) but not expanded. visit returns false to stop early (Complete=false, Reason
// "stopped"). Exploration also stops at Options.MaxStates states or Options.MaxWork work:
// the states found so far are still reported, with their shortest paths, and
// Complete=false. Explore is safe for concurrent use; each call has its own automata.
func Explore(patterns []string, opts Options, visit func(path string, accepting []int) bool) (Stats, error) {
	m, err := compileMachine(patterns, opts)
	if err != nil {
		return Stats{}, err
	}
	e := newExplorer(m, opts)
	return e.run(visit), nil
}

// explorer holds the product states found so far, numbered in discovery (BFS) order.
type explorer struct {
	m       *machine
	dfas    []*dfa
	prefix  string
	max     int
	maxWork int64
	sc      *scratch

	index map[string]int32
	// pairs holds, for every state, its live (pattern, automaton state) pairs: state k's are
	// pairs[off[k]:off[k+1]], pattern indexes ascending. Dead patterns are left out.
	pairs []int32
	off   []int32
	// parent and via give the BFS tree: state k was reached from parent[k] by class via[k].
	parent []int32
	via    []int32

	// dead is the state without live patterns, -1 until found.
	dead int32

	buckets [][]int32 // per class, the successor pairs of the state being expanded
	row     []int32   // the distinct successors of the row being expanded, concatenated
	rowEnds []int
	key     []byte
	runes   []rune
	path    []byte
	accSlab []int
}

// newExplorer returns an explorer holding the start state.
func newExplorer(m *machine, opts Options) *explorer {
	e := &explorer{
		m:       m,
		prefix:  opts.Prefix,
		max:     opts.maxStates(),
		maxWork: opts.maxWork(),
		index:   make(map[string]int32, 256),
		off:     []int32{0},
		dead:    -1,
	}
	e.sc = newScratch(m.progs)
	e.dfas = m.newDFAs(e.sc)
	var start []int32
	for i, d := range e.dfas {
		id := d.start
		for _, r := range opts.Prefix {
			if id == deadState {
				break
			}
			id = m.stepRune(d, id, r)
		}
		if id != deadState {
			start = append(start, int32(i), id)
		}
	}
	e.add(start, -1, -1)
	return e
}

// run explores breadth-first, calling visit for every state in order.
func (e *explorer) run(visit func(string, []int) bool) Stats {
	st := Stats{Complete: true, Classes: len(e.m.part.reps)}
	capped := false
	for k := int32(0); int(k) < len(e.parent); k++ {
		st.States++
		if !visit(e.pathOf(k), e.accepting(k)) {
			st.Complete, st.Reason = false, ReasonStopped
			break
		}
		if capped || e.off[k] == e.off[k+1] {
			continue
		}
		if e.sc.work > e.maxWork {
			capped = true
			st.Complete = false
			st.Reason = fmt.Sprintf("work limit %d reached", e.maxWork)
			continue
		}
		if !e.expand(k) {
			capped = true
			st.Complete = false
			st.Reason = fmt.Sprintf("state limit %d reached", e.max)
		}
	}
	return st
}

// expand adds the successors of state k over every class; it returns false when the state
// limit stops it. Each live pattern contributes only the classes on which it survives, and
// successors already seen in this row are recognised without hashing.
func (e *explorer) expand(k int32) bool {
	nc := len(e.m.part.reps)
	if len(e.buckets) < nc {
		e.buckets = make([][]int32, nc)
	}
	buckets := e.buckets[:nc]
	for c := range buckets {
		buckets[c] = buckets[c][:0]
	}
	for j := e.off[k]; j < e.off[k+1]; j += 2 {
		i := e.pairs[j]
		live, next := e.dfas[i].row(e.pairs[j+1])
		e.sc.work += int64(len(live))
		for k, c := range live {
			buckets[c] = append(buckets[c], i, next[k])
		}
	}
	e.rowEnds = e.rowEnds[:0]
	e.row = e.row[:0]
classes:
	for c, buf := range buckets {
		if len(buf) == 0 && e.dead >= 0 {
			continue
		}
		start := 0
		for _, end := range e.rowEnds {
			if slices.Equal(e.row[start:end], buf) {
				continue classes
			}
			start = end
		}
		e.row = append(e.row, buf...)
		e.rowEnds = append(e.rowEnds, len(e.row))
		e.encode(buf)
		if _, ok := e.index[string(e.key)]; ok {
			continue
		}
		if len(e.parent) >= e.max {
			return false
		}
		e.add(buf, k, int32(c))
	}
	return true
}

// encode writes the key of pairs to e.key.
func (e *explorer) encode(pairs []int32) {
	e.key = e.key[:0]
	for _, v := range pairs {
		e.key = binary.AppendUvarint(e.key, uint64(v))
	}
}

// add interns the state made of pairs, reached from parent by class via.
func (e *explorer) add(pairs []int32, parent, via int32) {
	if len(pairs) == 0 {
		e.dead = int32(len(e.parent))
	}
	e.encode(pairs)
	e.index[string(e.key)] = int32(len(e.parent))
	e.pairs = append(e.pairs, pairs...)
	e.off = append(e.off, int32(len(e.pairs)))
	e.parent = append(e.parent, parent)
	e.via = append(e.via, via)
}

// accepting returns the patterns whose automaton accepts in state k, or nil.
func (e *explorer) accepting(k int32) []int {
	n := 0
	for j := e.off[k]; j < e.off[k+1]; j += 2 {
		if e.dfas[e.pairs[j]].states[e.pairs[j+1]].accept {
			n++
		}
	}
	if n == 0 {
		return nil
	}
	if len(e.accSlab) < n {
		e.accSlab = make([]int, max(1024, n))
	}
	out := e.accSlab[:0:n]
	e.accSlab = e.accSlab[n:]
	for j := e.off[k]; j < e.off[k+1]; j += 2 {
		if e.dfas[e.pairs[j]].states[e.pairs[j+1]].accept {
			out = append(out, int(e.pairs[j]))
		}
	}
	return out
}

// pathOf returns the path of state k: the prefix, then the representatives along the tree.
func (e *explorer) pathOf(k int32) string {
	e.runes = e.runes[:0]
	for ; e.parent[k] >= 0; k = e.parent[k] {
		e.runes = append(e.runes, e.m.part.reps[e.via[k]])
	}
	e.path = append(e.path[:0], e.prefix...)
	for i := len(e.runes) - 1; i >= 0; i-- {
		e.path = utf8.AppendRune(e.path, e.runes[i])
	}
	return string(e.path)
}
