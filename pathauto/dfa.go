package pathauto

import (
	"encoding/binary"
	"regexp/syntax"
	"slices"
)

// deadState is the state without threads: it accepts nothing, now or later.
const deadState int32 = 0

// dstate is one state of a pattern's subset automaton: the threads waiting for the next rune.
// It holds no pointers (its lists live in the scratch arenas), so that the garbage collector
// neither scans the states nor pays write barriers when they are appended.
type dstate struct {
	// arena[pcsLo:pcsHi] are the sorted leaf threads: rune instructions, Match, and (when
	// pending) empty-width assertions that need the next rune to be decided.
	pcsLo, pcsHi int32
	// ctx describes the previous rune, kept only when pending (and masked to what the program
	// reads), so that equal thread sets are one state.
	ctx     uint8
	pending bool
	// accept reports whether the program matches if the text ends here.
	accept bool
	// filled reports whether the transitions of the state are built; live then lists, in
	// ascending order, the classes that lead to a state other than deadState, and next the
	// state each leads to.
	// The lists are liveArena[rowLo:rowHi] and nextArena[rowLo:rowHi].
	filled       bool
	rowLo, rowHi int32
}

// pcs returns the threads of s.
func (sc *scratch) pcs(s *dstate) []uint32 {
	return sc.arena[s.pcsLo:s.pcsHi:s.pcsHi]
}

// dfa is the lazily built subset automaton of one program over the classes of a partition.
// It is not safe for concurrent use.
type dfa struct {
	*scratch
	inst   []syntax.Inst
	mask   uint8
	reps   []rune
	nclass int
	start  int32

	// consumes[pc*words:(pc+1)*words] is the set of classes the rune instruction pc
	// consumes, one bit per class; all zero for other instructions.
	consumes []uint64
	words    int

	index  map[string]int32 // states of several threads or with a context, by key
	single []int32          // single[pc] is the state whose only thread is pc, 0 if none yet
}

// scratch is the state store and working memory of the automata of one explorer or
// matcher; they never run at the same time. Sharing it keeps allocations proportional to
// the states found, not to the number of patterns. A state id is meaningful only to the
// automaton that made it, except deadState, which all share.
type scratch struct {
	states    []dstate
	arena     []uint32 // backing store of the states' pcs
	liveArena []int32  // backing store of the states' live classes
	nextArena []int32  // backing store of the states' next states

	// work counts the instructions visited, for the work limit.
	work    int64
	seen    pcSet
	leaves  []uint32
	threads []uint32
	stack   []uint32
	key     []byte
	groups  []group
	masks   []uint64
	touched []int32
}

// newScratch returns the store for automata of progs, holding deadState.
func newScratch(progs []*syntax.Prog) *scratch {
	n, total := 0, 1
	for _, p := range progs {
		n = max(n, len(p.Inst))
		total += len(p.Inst)
	}
	// Literal-like programs have about one state per instruction: size the store for that,
	// within reason, so that it seldom grows.
	guess := min(total, 4096)
	sc := &scratch{
		seen:      newPCSet(n),
		states:    make([]dstate, 1, guess),
		arena:     make([]uint32, 0, guess),
		liveArena: make([]int32, 0, guess),
		nextArena: make([]int32, 0, guess),
	}
	sc.states[deadState] = dstate{filled: true} // every class leads back to deadState
	return sc
}

// group is one successor computed while filling a row: the classes consumed by the same
// threads, leaving the same context, lead to the same state.
type group struct {
	threads []uint64
	ctx     uint8
	next    int32
}

// newDFA returns the automaton of prog over the classes of part, working in sc (which
// must come from newScratch with prog among its programs).
func newDFA(prog *syntax.Prog, part *partition, sc *scratch) *dfa {
	d := &dfa{
		scratch: sc,
		inst:    prog.Inst,
		mask:    ctxMask(prog),
		reps:    part.reps,
		nclass:  len(part.reps),
		single:  make([]int32, len(prog.Inst)),
	}
	d.classSets(part)
	d.seen.clear()
	d.leaves = d.leaves[:0]
	d.closure(uint32(prog.Start), prevFlags(ctxStart), false)
	d.start = d.finish(ctxStart)
	return d
}

// step returns the state after consuming r from state id, without the transition cache.
func (d *dfa) step(id int32, r rune) int32 {
	s := d.states[id]
	pcs := d.pcs(&s)
	if len(pcs) == 0 {
		return deadState
	}
	threads := pcs
	if s.pending {
		// Decide the pending assertions now that the next rune is known.
		d.seen.clear()
		d.leaves = d.leaves[:0]
		flags := fullFlags(s.ctx, r)
		for _, pc := range pcs {
			d.closure(pc, flags, true)
		}
		d.threads = append(d.threads[:0], d.leaves...)
		threads = d.threads
	}
	after := ctxAfter(r)
	flags := prevFlags(after)
	d.seen.clear()
	d.leaves = d.leaves[:0]
	for _, pc := range threads {
		inst := &d.inst[pc]
		if runeMatches(inst, r) {
			d.closure(inst.Out, flags, false)
		}
	}
	return d.finish(after)
}

// finish interns the state made of the collected leaves after a rune that left context ctx.
func (d *dfa) finish(ctx uint8) int32 {
	slices.Sort(d.leaves)
	pending := false
	for _, pc := range d.leaves {
		if d.inst[pc].Op == syntax.InstEmptyWidth {
			pending = true
			break
		}
	}
	if !pending {
		if len(d.leaves) == 0 {
			return deadState
		}
		ctx = 0
	}
	return d.intern(d.leaves, ctx&d.mask)
}

// intern returns the id of the state with threads pcs and context ctx, adding it if new.
func (d *dfa) intern(pcs []uint32, ctx uint8) int32 {
	// pcs may alias d.leaves, which accepts below overwrites: remember the single pc.
	single, pc0 := len(pcs) == 1 && ctx == 0, uint32(0)
	if single {
		pc0 = pcs[0]
		if id := d.single[pc0]; id != 0 {
			return id
		}
	} else {
		d.key = append(d.key[:0], ctx)
		for _, pc := range pcs {
			d.key = binary.AppendUvarint(d.key, uint64(pc))
		}
		if id, ok := d.index[string(d.key)]; ok {
			return id
		}
		if d.index == nil {
			d.index = make(map[string]int32)
		}
	}
	id := int32(len(d.states))
	start := len(d.arena)
	d.arena = append(d.arena, pcs...)
	s := dstate{pcsLo: int32(start), pcsHi: int32(len(d.arena)), ctx: ctx}
	for _, pc := range pcs {
		if d.inst[pc].Op == syntax.InstEmptyWidth {
			s.pending = true
		}
	}
	s.accept = d.accepts(&s)
	d.states = append(d.states, s)
	if single {
		d.single[pc0] = id
	} else {
		d.index[string(d.key)] = id
	}
	return id
}

// accepts reports whether state s matches when the text ends.
func (d *dfa) accepts(s *dstate) bool {
	leaves := d.pcs(s)
	if s.pending {
		d.seen.clear()
		d.leaves = d.leaves[:0]
		flags := fullFlags(s.ctx, -1)
		for _, pc := range d.pcs(s) {
			d.closure(pc, flags, true)
		}
		leaves = d.leaves
	}
	for _, pc := range leaves {
		if d.inst[pc].Op == syntax.InstMatch {
			return true
		}
	}
	return false
}
