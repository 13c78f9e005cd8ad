package pathauto

import (
	"encoding/binary"
	"regexp/syntax"
	"slices"
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
}

// dfa is the lazily built subset automaton of one program over the classes of a partition.
// It is not safe for concurrent use.
type dfa struct {
	inst   []syntax.Inst
	mask   uint8
	reps   []rune
	nclass int
	start  int32

	states []dstate
	index  map[string]int32
	// trans[id*nclass+c] is the state after class c from state id, -1 when not built yet.
	trans []int32

	// scratch, reused between steps
	seen    pcSet
	leaves  []uint32
	threads []uint32
	stack   []uint32
	key     []byte
}

// newDFA returns the automaton of prog over the classes whose representatives are reps.
func newDFA(prog *syntax.Prog, reps []rune) *dfa {
	d := &dfa{
		inst:   prog.Inst,
		mask:   ctxMask(prog),
		reps:   reps,
		nclass: len(reps),
		index:  make(map[string]int32),
		seen:   newPCSet(len(prog.Inst)),
	}
	d.intern(nil, 0) // deadState
	d.seen.clear()
	d.leaves = d.leaves[:0]
	d.closure(uint32(prog.Start), prevFlags(ctxStart), false)
	d.start = d.finish(ctxStart)
	return d
}

// next returns the state after a rune of class c, building it on first use.
func (d *dfa) next(id int32, c int) int32 {
	if t := d.trans[int(id)*d.nclass+c]; t >= 0 {
		return t
	}
	t := d.step(id, d.reps[c])
	d.trans[int(id)*d.nclass+c] = t
	return t
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
		ctx = 0
	}
	return d.intern(d.leaves, ctx&d.mask)
}

// intern returns the id of the state with threads pcs and context ctx, adding it if new.
func (d *dfa) intern(pcs []uint32, ctx uint8) int32 {
	d.key = append(d.key[:0], ctx)
	for _, pc := range pcs {
		d.key = binary.AppendUvarint(d.key, uint64(pc))
	}
	if id, ok := d.index[string(d.key)]; ok {
		return id
	}
	id := int32(len(d.states))
	s := dstate{pcs: slices.Clone(pcs), ctx: ctx}
	for _, pc := range s.pcs {
		if d.inst[pc].Op == syntax.InstEmptyWidth {
			s.pending = true
		}
	}
	s.accept = d.accepts(s)
	d.states = append(d.states, s)
	d.index[string(d.key)] = id
	for range d.nclass {
		d.trans = append(d.trans, -1)
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
	for len(stack) > 0 {
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
}
