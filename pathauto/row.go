package pathauto

import (
	bits64 "math/bits"
	"regexp/syntax"
	"slices"
	"unicode"
)

// next returns the state after a rune of class c, building the row of id on first use.
func (d *dfa) next(id int32, c int) int32 {
	live, next := d.row(id)
	if k, ok := slices.BinarySearch(live, int32(c)); ok {
		return next[k]
	}
	return deadState
}

// row returns the classes that lead from state id to a state other than deadState, in
// ascending order, and the state each leads to, building them on first use. Every other
// class leads to deadState.
func (d *dfa) row(id int32) (live, next []int32) {
	if !d.states[id].filled {
		d.fillRow(id)
	}
	s := &d.states[id]
	return d.liveArena[s.rowLo:s.rowHi:s.rowHi], d.nextArena[s.rowLo:s.rowHi:s.rowHi]
}

// fillRow computes the transitions of state id over every class. Classes consumed by the
// same threads share one closure, so a state costs a few closures, not one per class.
func (d *dfa) fillRow(id int32) {
	start := len(d.liveArena)
	d.fillTrans(id)
	end := len(d.liveArena)
	s := &d.states[id]
	s.filled = true
	s.rowLo, s.rowHi = int32(start), int32(end)
}

// emit appends the transition on class c to t to the arenas unless t is deadState.
func (d *dfa) emit(c int32, t int32) {
	if t != deadState {
		d.liveArena = append(d.liveArena, c)
		d.nextArena = append(d.nextArena, t)
	}
}

// fillTrans appends to the arenas, in ascending class order, the classes that lead from
// state id to a state other than deadState, and those states.
func (d *dfa) fillTrans(id int32) {
	s := d.states[id]
	if s.pending {
		// Pending assertions are decided by the class itself: step each one.
		for c, r := range d.reps {
			d.emit(int32(c), d.step(id, r))
		}
		return
	}
	// masks[c*tw:(c+1)*tw] has bit j set when thread j consumes class c. Only the classes
	// some thread consumes (touched) are visited, and only their masks are reset afterwards:
	// masks is all zero between rows.
	pcs := d.pcs(&s)
	tw := (len(pcs) + 63) / 64
	if n := d.nclass * tw; len(d.masks) < n {
		d.masks = make([]uint64, n)
	}
	masks := d.masks
	touched := d.touched[:0]
	for j, pc := range pcs {
		set := d.consumes[int(pc)*d.words : int(pc+1)*d.words]
		for w, bits := range set {
			for bits != 0 {
				c := w*64 + bits64.TrailingZeros64(bits)
				bits &= bits - 1
				if isZero(masks[c*tw : (c+1)*tw]) {
					touched = append(touched, int32(c))
				}
				masks[c*tw+j/64] |= 1 << (j % 64)
			}
		}
	}
	slices.Sort(touched)
	d.groups = d.groups[:0]
	for _, c := range touched {
		d.emit(c, d.group(pcs, masks[int(c)*tw:int(c+1)*tw], ctxAfter(d.reps[c])))
	}
	for _, c := range touched {
		clear(masks[int(c)*tw : int(c+1)*tw])
	}
	d.touched = touched
}

// isZero reports whether every word of m is zero.
func isZero(m []uint64) bool {
	for _, w := range m {
		if w != 0 {
			return false
		}
	}
	return true
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
