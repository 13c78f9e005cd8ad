package pathauto

import "regexp/syntax"

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
	d.work += visits
}
