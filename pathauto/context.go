package pathauto

import "regexp/syntax"

// ctx bits record what empty-width assertions need to know about the previous rune.
const (
	ctxBeginText uint8 = 1 << iota // no rune consumed yet
	ctxBeginLine                   // at the beginning of the text or just after '\n'
	ctxPrevWord                    // the previous rune is an ASCII word character
)

// ctxStart is the context before the first rune.
const ctxStart = ctxBeginText | ctxBeginLine

// ctxAfter returns the context after consuming r.
func ctxAfter(r rune) uint8 {
	var c uint8
	if r == '\n' {
		c |= ctxBeginLine
	}
	if syntax.IsWordChar(r) {
		c |= ctxPrevWord
	}
	return c
}

// prevFlags returns the assertions that hold knowing only the previous rune.
func prevFlags(ctx uint8) syntax.EmptyOp {
	var op syntax.EmptyOp
	if ctx&ctxBeginText != 0 {
		op |= syntax.EmptyBeginText
	}
	if ctx&ctxBeginLine != 0 {
		op |= syntax.EmptyBeginLine
	}
	return op
}

// fullFlags returns the assertions that hold between the previous rune described by ctx and
// next (-1 at the end of the text); it agrees with syntax.EmptyOpContext.
func fullFlags(ctx uint8, next rune) syntax.EmptyOp {
	op := prevFlags(ctx)
	switch next {
	case -1:
		op |= syntax.EmptyEndText | syntax.EmptyEndLine
	case '\n':
		op |= syntax.EmptyEndLine
	}
	if (ctx&ctxPrevWord != 0) != syntax.IsWordChar(next) {
		op |= syntax.EmptyWordBoundary
	} else {
		op |= syntax.EmptyNoWordBoundary
	}
	return op
}

// prevOnly are the assertions decided by the previous rune alone.
const prevOnly = syntax.EmptyBeginText | syntax.EmptyBeginLine

// ctxMask returns the context bits the assertions of prog read; other bits are dropped from
// states so that they do not split states needlessly.
func ctxMask(prog *syntax.Prog) uint8 {
	var m uint8
	for i := range prog.Inst {
		inst := &prog.Inst[i]
		if inst.Op != syntax.InstEmptyWidth {
			continue
		}
		op := syntax.EmptyOp(inst.Arg)
		if op&syntax.EmptyBeginText != 0 {
			m |= ctxBeginText
		}
		if op&syntax.EmptyBeginLine != 0 {
			m |= ctxBeginLine
		}
		if op&(syntax.EmptyWordBoundary|syntax.EmptyNoWordBoundary) != 0 {
			m |= ctxPrevWord
		}
	}
	return m
}
