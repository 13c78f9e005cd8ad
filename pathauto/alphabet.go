package pathauto

import (
	"regexp/syntax"
	"slices"
	"unicode"
)

// nonASCIIRepresentative stands for every non-ASCII character a decoded path may carry.
const nonASCIIRepresentative = 'é'

// DefaultAlphabet returns the characters a client can send in a path after normalization:
// printable ASCII without space, '?' (starts the query) and '#' (starts the fragment, never
// sent), plus one non-ASCII letter standing for decoded UTF-8. '%' is included: a data plane
// that does not decode keeps it. The order is the one witnesses prefer (lowercase letters,
// uppercase letters, digits, '-', '.', '_', '~', '/', the other punctuation, then 'é'), since
// Explore breaks ties between equally short paths by alphabet order. The slice is fresh on
// every call.
func DefaultAlphabet() []rune {
	out := make([]rune, 0, 96)
	for r := rune('a'); r <= 'z'; r++ {
		out = append(out, r)
	}
	for r := rune('A'); r <= 'Z'; r++ {
		out = append(out, r)
	}
	for r := rune('0'); r <= '9'; r++ {
		out = append(out, r)
	}
	out = append(out, '-', '.', '_', '~', '/')
	for r := rune('!'); r <= '~'; r++ {
		if r == '?' || r == '#' || slices.Contains(out, r) {
			continue
		}
		out = append(out, r)
	}
	return append(out, nonASCIIRepresentative)
}

// partition splits an alphabet into classes of characters that every program treats
// identically: the same result for every rune instruction and, where a program asks, the
// same word-character and newline status for its empty-width assertions.
type partition struct {
	// reps holds one representative per class, ordered by the representative's position in
	// the alphabet; the class index is the position in reps.
	reps []rune
	// ascii maps an ASCII rune to its class, -1 when outside the alphabet.
	ascii [128]int32
	// other maps a non-ASCII alphabet rune to its class.
	other map[rune]int32
}

// classOf returns the class of r, or -1 when r is outside the alphabet.
func (p *partition) classOf(r rune) int32 {
	if r >= 0 && r < 128 {
		return p.ascii[r]
	}
	if c, ok := p.other[r]; ok {
		return c
	}
	return -1
}

// runeTest is one distinct way an instruction tests a rune.
type runeTest struct {
	inst syntax.Inst
}

// testKey identifies a rune test: instructions with equal keys accept the same runes.
type testKey struct {
	anyNotNL bool
	fold     bool
	runes    string
}

// newPartition builds the coarsest partition of alphabet that the programs cannot tell apart.
func newPartition(progs []*syntax.Prog, alphabet []rune) *partition {
	tests, wantWord, wantNewline := collectTests(progs)
	// Signature of a rune: one bit per distinct test, then word and newline bits.
	nbits := len(tests) + 2
	sigs := make(map[string][]rune)
	var order []string
	sig := make([]byte, (nbits+7)/8)
	pos := make(map[rune]int, len(alphabet))
	for _, r := range alphabet {
		if _, dup := pos[r]; dup {
			continue
		}
		pos[r] = len(pos)
		clear(sig)
		for i := range tests {
			if tests[i].matches(r) {
				sig[i/8] |= 1 << (i % 8)
			}
		}
		if wantWord && syntax.IsWordChar(r) {
			i := len(tests)
			sig[i/8] |= 1 << (i % 8)
		}
		if wantNewline && r == '\n' {
			i := len(tests) + 1
			sig[i/8] |= 1 << (i % 8)
		}
		k := string(sig)
		if _, ok := sigs[k]; !ok {
			order = append(order, k)
		}
		sigs[k] = append(sigs[k], r)
	}
	reps := make([]rune, 0, len(order))
	members := make(map[rune][]rune, len(order))
	for _, k := range order {
		rep := representative(sigs[k])
		reps = append(reps, rep)
		members[rep] = sigs[k]
	}
	slices.SortFunc(reps, func(a, b rune) int { return pos[a] - pos[b] })
	p := &partition{reps: reps, other: make(map[rune]int32)}
	for i := range p.ascii {
		p.ascii[i] = -1
	}
	for c, rep := range reps {
		for _, r := range members[rep] {
			if r < 128 {
				p.ascii[r] = int32(c)
			} else {
				p.other[r] = int32(c)
			}
		}
	}
	return p
}

// collectTests returns the distinct rune tests of all programs and whether any program has
// word-boundary or line assertions.
func collectTests(progs []*syntax.Prog) (tests []runeTest, wantWord, wantNewline bool) {
	index := make(map[testKey]bool)
	for _, prog := range progs {
		for i := range prog.Inst {
			inst := &prog.Inst[i]
			var k testKey
			switch inst.Op {
			case syntax.InstRune, syntax.InstRune1:
				// Only a single-rune instruction folds case (regexp/syntax prog.go MatchRunePos).
				k.fold = len(inst.Rune) == 1 && syntax.Flags(inst.Arg)&syntax.FoldCase != 0
				k.runes = string(inst.Rune)
			case syntax.InstRuneAnyNotNL:
				k.anyNotNL = true
			case syntax.InstEmptyWidth:
				op := syntax.EmptyOp(inst.Arg)
				if op&(syntax.EmptyWordBoundary|syntax.EmptyNoWordBoundary) != 0 {
					wantWord = true
				}
				if op&(syntax.EmptyBeginLine|syntax.EmptyEndLine) != 0 {
					wantNewline = true
				}
				continue
			default:
				// InstRuneAny matches every rune: it cannot split a class.
				continue
			}
			if !index[k] {
				index[k] = true
				tests = append(tests, runeTest{inst: *inst})
			}
		}
	}
	return tests, wantWord, wantNewline
}

// matches reports whether the test accepts r, exactly as the instruction would.
func (t *runeTest) matches(r rune) bool {
	return runeMatches(&t.inst, r)
}

// runeMatches reports whether the rune instruction inst consumes r (the rune cases of
// regexp's pikevm step).
func runeMatches(inst *syntax.Inst, r rune) bool {
	switch inst.Op {
	case syntax.InstRune1:
		return r == inst.Rune[0]
	case syntax.InstRune:
		return inst.MatchRune(r)
	case syntax.InstRuneAny:
		return true
	case syntax.InstRuneAnyNotNL:
		return r != '\n'
	}
	return false
}

// representative picks the most readable member of a class: a lowercase ASCII letter, then an
// uppercase one, then any letter, then a digit, then '-', '.', '_', '~', then the lowest rune.
func representative(members []rune) rune {
	best, bestRank := rune(-1), 1<<30
	for _, r := range members {
		rank := repRank(r)
		if rank < bestRank || (rank == bestRank && r < best) {
			best, bestRank = r, rank
		}
	}
	return best
}

// repRank orders characters by how readable they are in a witness path (lower is better).
func repRank(r rune) int {
	switch {
	case r >= 'a' && r <= 'z':
		return 0
	case r >= 'A' && r <= 'Z':
		return 1
	case unicode.IsLetter(r):
		return 2
	case r >= '0' && r <= '9':
		return 3
	case r == '-':
		return 4
	case r == '.':
		return 5
	case r == '_':
		return 6
	case r == '~':
		return 7
	}
	return 8
}
