package pathauto

import (
	"encoding/binary"
	bits64 "math/bits"
	"regexp/syntax"
	"slices"
	"unicode"
)

// deadState is the state without threads: it accepts nothing, now or later.
const deadState int32 = 0

// dstate is one state of a pattern's subset automaton: the threads waiting for the next rune.
type dstate struct {
	// pcs are the sorted leaf threads: rune instructions, Match, and (when pending) empty-width
	// assertions that need the next rune to be decided.
	pcs []uint32
	// ctx describes the previous rune, kept only when pending (and masked to what the program
	// reads), so that equal thread sets are one state.
	ctx     uint8
	pending bool
	// accept reports whether the program matches if the text ends here.
	accept bool
	// filled reports whether the transitions of the state are built; live then lists the
	// classes that lead to a state other than deadState.
	filled bool
	live   []int32
}

// dfa is the lazily built subset automaton of one program over the classes of a partition.
// It is not safe for concurrent use.
type dfa struct {
	work   *int64 // shared count of instructions visited, for the work limit
	inst   []syntax.Inst
	mask   uint8
	reps   []rune
	nclass int
	start  int32

	// consumes[pc*words:(pc+1)*words] is the set of classes the rune instruction pc
	// consumes, one bit per class; all zero for other instructions.
	consumes []uint64
	words    int

	states    []dstate
	arena     []uint32         // backing store of the states' pcs
	liveArena []int32          // backing store of the states' live classes
	index     map[string]int32 // states of several threads or with a context, by key
	single    []int32          // single[pc] is the state whose only thread is pc, 0 if none yet
	// trans[id*nclass+c] is the state after class c from state id, -1 when not built yet.
	trans []int32

	// scratch, reused between steps
	seen    pcSet
	leaves  []uint32
	threads []uint32
	stack   []uint32
	key     []byte
	groups  []group
	masks   []uint64
}

// group is one successor computed while filling a row: the classes consumed by the same
// threads, leaving the same context, lead to the same state.
type group struct {
	threads []uint64
	ctx     uint8
	next    int32
}

// newDFA returns the automaton of prog over the classes of part; it adds the instructions
// its closures visit to *work.
func newDFA(prog *syntax.Prog, part *partition, work *int64) *dfa {
	d := &dfa{
		work:   work,
		inst:   prog.Inst,
		mask:   ctxMask(prog),
		reps:   part.reps,
		nclass: len(part.reps),
		single: make([]int32, len(prog.Inst)),
		seen:   newPCSet(len(prog.Inst)),
	}
	// Most automata of a host die after a few characters: start small.
	d.states = make([]dstate, 0, 8)
	d.trans = make([]int32, 0, 8*d.nclass)
	d.classSets(part)
	d.intern(nil, 0) // deadState
	d.seen.clear()
	d.leaves = d.leaves[:0]
	d.closure(uint32(prog.Start), prevFlags(ctxStart), false)
	d.start = d.finish(ctxStart)
	return d
}

// next returns the state after a rune of class c, building the row of id on first use.
func (d *dfa) next(id int32, c int) int32 {
	trans, _ := d.row(id)
	return trans[c]
}

// row returns the transitions of state id (indexed by class) and the classes that do not
// lead to deadState, building them on first use. trans is valid until the next new state.
func (d *dfa) row(id int32) (trans, live []int32) {
	if !d.states[id].filled {
		d.fillRow(id)
	}
	n := int(id) * d.nclass
	return d.trans[n : n+d.nclass], d.states[id].live
}

// fillRow computes the transitions of state id over every class. Classes consumed by the
// same threads share one closure, so a state costs a few closures, not one per class.
func (d *dfa) fillRow(id int32) {
	d.fillTrans(id)
	start := len(d.liveArena)
	for c, t := range d.trans[int(id)*d.nclass : int(id+1)*d.nclass] {
		if t != deadState {
			d.liveArena = append(d.liveArena, int32(c))
		}
	}
	s := &d.states[id]
	s.filled = true
	s.live = d.liveArena[start:len(d.liveArena):len(d.liveArena)]
}

// fillTrans computes d.trans for state id.
func (d *dfa) fillTrans(id int32) {
	s := d.states[id]
	if s.pending {
		// Pending assertions are decided by the class itself: step each one.
		for c, r := range d.reps {
			t := d.step(id, r)
			d.trans[int(id)*d.nclass+c] = t
		}
		return
	}
	// masks[c*tw:(c+1)*tw] has bit j set when thread j consumes class c; only the classes
	// some thread consumes are visited.
	tw := (len(s.pcs) + 63) / 64
	n := d.nclass * tw
	if cap(d.masks) < n {
		d.masks = make([]uint64, n)
	}
	masks := d.masks[:n]
	clear(masks)
	for j, pc := range s.pcs {
		set := d.consumes[int(pc)*d.words : int(pc+1)*d.words]
		for w, bits := range set {
			for bits != 0 {
				c := w*64 + bits64.TrailingZeros64(bits)
				bits &= bits - 1
				masks[c*tw+j/64] |= 1 << (j % 64)
			}
		}
	}
	d.groups = d.groups[:0]
	for c := range d.nclass {
		t := deadState
		if threads := masks[c*tw : (c+1)*tw]; slices.ContainsFunc(threads, func(w uint64) bool { return w != 0 }) {
			t = d.group(s.pcs, threads, ctxAfter(d.reps[c]))
		}
		d.trans[int(id)*d.nclass+c] = t
	}
}

// group returns the state reached when the threads selected from pcs consume a rune that
// leaves context after, reusing the successor of an earlier class of the same row. threads
// must stay unchanged while the row is being filled.
func (d *dfa) group(pcs []uint32, threads []uint64, after uint8) int32 {
	ctx := after & d.mask
	for _, g := range d.groups {
		if g.ctx == ctx && slices.Equal(g.threads, threads) {
			return g.next
		}
	}
	flags := prevFlags(after)
	d.seen.clear()
	d.leaves = d.leaves[:0]
	for j, pc := range pcs {
		if threads[j/64]&(1<<(j%64)) != 0 {
			d.closure(d.inst[pc].Out, flags, false)
		}
	}
	t := d.finish(after)
	d.groups = append(d.groups, group{threads: threads, ctx: ctx, next: t})
	return t
}

// classSets fills d.consumes from the partition: a class is consumed by an instruction iff its
// representative is, since every member of a class behaves alike.
func (d *dfa) classSets(part *partition) {
	d.words = (d.nclass + 63) / 64
	d.consumes = make([]uint64, len(d.inst)*d.words)
	set := func(pc int, c int32) {
		if c >= 0 {
			d.consumes[pc*d.words+int(c)/64] |= 1 << (c % 64)
		}
	}
	for pc := range d.inst {
		inst := &d.inst[pc]
		switch {
		case inst.Op == syntax.InstRune1:
			set(pc, part.classOf(inst.Rune[0]))
		case inst.Op == syntax.InstRune && len(inst.Rune) == 1:
			r0 := inst.Rune[0]
			set(pc, part.classOf(r0))
			if syntax.Flags(inst.Arg)&syntax.FoldCase != 0 {
				for r := unicode.SimpleFold(r0); r != r0; r = unicode.SimpleFold(r) {
					set(pc, part.classOf(r))
				}
			}
		case inst.Op == syntax.InstRune || inst.Op == syntax.InstRuneAny || inst.Op == syntax.InstRuneAnyNotNL:
			for c, r := range d.reps {
				if runeMatches(inst, r) {
					set(pc, int32(c))
				}
			}
		}
	}
}

// step returns the state after consuming r from state id, without the transition cache.
func (d *dfa) step(id int32, r rune) int32 {
	s := d.states[id]
	if len(s.pcs) == 0 {
		return deadState
	}
	threads := s.pcs
	if s.pending {
		// Decide the pending assertions now that the next rune is known.
		d.seen.clear()
		d.leaves = d.leaves[:0]
		flags := fullFlags(s.ctx, r)
		for _, pc := range s.pcs {
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
	s := dstate{pcs: d.arena[start:len(d.arena):len(d.arena)], ctx: ctx}
	for _, pc := range s.pcs {
		if d.inst[pc].Op == syntax.InstEmptyWidth {
			s.pending = true
		}
	}
	s.accept = d.accepts(s)
	d.states = append(d.states, s)
	if single {
		d.single[pc0] = id
	} else {
		d.index[string(d.key)] = id
	}
	n := len(d.trans)
	d.trans = slices.Grow(d.trans, d.nclass)[:n+d.nclass]
	for i := n; i < len(d.trans); i++ {
		d.trans[i] = -1
	}
	return id
}

// accepts reports whether state s matches when the text ends.
func (d *dfa) accepts(s dstate) bool {
	leaves := s.pcs
	if s.pending {
		d.seen.clear()
		d.leaves = d.leaves[:0]
		flags := fullFlags(s.ctx, -1)
		for _, pc := range s.pcs {
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

// closure appends to d.leaves the threads reachable from pc through empty transitions,
// marking every visited instruction in d.seen. flags are the assertions known to hold. With
// full, every assertion is decided; otherwise only those about the previous rune are, and an
// assertion that needs the next rune stays as a pending leaf.
func (d *dfa) closure(pc uint32, flags syntax.EmptyOp, full bool) {
	stack := append(d.stack[:0], pc)
	visits := int64(0)
	for len(stack) > 0 {
		visits++
		pc := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if d.seen.has(pc) {
			continue
		}
		d.seen.add(pc)
		inst := &d.inst[pc]
		switch inst.Op {
		case syntax.InstFail:
		case syntax.InstAlt, syntax.InstAltMatch:
			stack = append(stack, inst.Arg, inst.Out)
		case syntax.InstNop, syntax.InstCapture:
			stack = append(stack, inst.Out)
		case syntax.InstEmptyWidth:
			op := syntax.EmptyOp(inst.Arg)
			switch {
			case full:
				if op&^flags == 0 {
					stack = append(stack, inst.Out)
				}
			case op&prevOnly&^flags != 0:
				// An assertion about the previous rune fails: the thread dies.
			case op&^prevOnly == 0:
				stack = append(stack, inst.Out)
			default:
				d.leaves = append(d.leaves, pc)
			}
		default: // rune instructions and Match
			d.leaves = append(d.leaves, pc)
		}
	}
	d.stack = stack
	*d.work += visits
}
