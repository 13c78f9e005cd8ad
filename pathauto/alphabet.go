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
	return slices.Clone(defaultAlphabet)
}

// defaultAlphabet is computed once; DefaultAlphabet hands out copies.
var defaultAlphabet = func() []rune {
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
}()

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

// testKey identifies a multi-rune test: instructions with equal keys accept the same runes.
type testKey struct {
	anyNotNL bool
	runes    string
}

// refiner splits the alphabet into ever finer classes, one subset at a time.
type refiner struct {
	runes []rune // the alphabet without duplicates, in order
	// ascii and other map a rune to its position in runes; ascii holds -1 for absent runes.
	ascii [128]int32
	other map[rune]int32
	cls   []int32 // position -> class
	size  []int32 // class -> number of members
	// scratch for split
	count   []int32
	touched []int32
	newc    []int32
	subset  []int32
}

// newRefiner returns a refiner with every rune of alphabet in one class.
func newRefiner(alphabet []rune) *refiner {
	f := &refiner{other: make(map[rune]int32)}
	for i := range f.ascii {
		f.ascii[i] = -1
	}
	for _, r := range alphabet {
		if f.pos(r) < 0 {
			if r < 128 {
				f.ascii[r] = int32(len(f.runes))
			} else {
				f.other[r] = int32(len(f.runes))
			}
			f.runes = append(f.runes, r)
		}
	}
	f.cls = make([]int32, len(f.runes))
	f.size = []int32{int32(len(f.runes))}
	return f
}

// pos returns the position of r in the alphabet, or -1.
func (f *refiner) pos(r rune) int32 {
	if r >= 0 && r < 128 {
		return f.ascii[r]
	}
	if i, ok := f.other[r]; ok {
		return i
	}
	return -1
}

// add puts r in the subset being collected, if r is in the alphabet.
func (f *refiner) add(r rune) {
	if i := f.pos(r); i >= 0 {
		f.subset = append(f.subset, i)
	}
}

// split separates the collected subset from the rest of every class it cuts, then empties
// the subset. It costs O(len(subset)).
func (f *refiner) split() {
	if n := len(f.size) + len(f.subset); len(f.count) < n {
		// Each split adds at most one class per member of the subset.
		f.count = append(f.count, make([]int32, n-len(f.count))...)
		for len(f.newc) < n {
			f.newc = append(f.newc, -1)
		}
	}
	f.touched = f.touched[:0]
	for _, i := range f.subset {
		c := f.cls[i]
		if f.count[c] == 0 {
			f.touched = append(f.touched, c)
		}
		f.count[c]++
	}
	for _, c := range f.touched {
		if f.count[c] < f.size[c] {
			f.newc[c] = int32(len(f.size))
			f.size = append(f.size, 0)
		}
	}
	for _, i := range f.subset {
		c := f.cls[i]
		if n := f.newc[c]; n >= 0 && f.count[c] > 0 {
			f.cls[i] = n
			f.size[c]--
			f.size[n]++
		}
	}
	for _, c := range f.touched {
		f.count[c], f.newc[c] = 0, -1
	}
	f.subset = f.subset[:0]
}

// newPartition builds the coarsest partition of alphabet that the programs cannot tell apart.
func newPartition(progs []*syntax.Prog, alphabet []rune) *partition {
	f := newRefiner(alphabet)
	seen := make(map[testKey]bool)
	wantWord, wantNewline := false, false
	for _, prog := range progs {
		for pc := range prog.Inst {
			inst := &prog.Inst[pc]
			var k testKey
			switch {
			case inst.Op == syntax.InstRune1 || inst.Op == syntax.InstRune && len(inst.Rune) == 1:
				// A single rune (with its fold orbit) splits in O(1): repeating it is free,
				// so it skips the dedup map.
				f.collect(inst)
				f.split()
				continue
			case inst.Op == syntax.InstRune:
				k.runes = string(inst.Rune)
			case inst.Op == syntax.InstRuneAnyNotNL:
				k.anyNotNL = true
			case inst.Op == syntax.InstEmptyWidth:
				op := syntax.EmptyOp(inst.Arg)
				wantWord = wantWord || op&(syntax.EmptyWordBoundary|syntax.EmptyNoWordBoundary) != 0
				wantNewline = wantNewline || op&(syntax.EmptyBeginLine|syntax.EmptyEndLine) != 0
				continue
			default:
				// InstRuneAny matches every rune: it cannot split a class.
				continue
			}
			if seen[k] {
				continue
			}
			seen[k] = true
			f.collect(inst)
			f.split()
		}
	}
	if wantWord {
		for _, r := range f.runes {
			if syntax.IsWordChar(r) {
				f.add(r)
			}
		}
		f.split()
	}
	if wantNewline {
		f.add('\n')
		f.split()
	}
	return f.partition()
}

// collect adds to the subset the alphabet runes that inst consumes.
func (f *refiner) collect(inst *syntax.Inst) {
	switch {
	case inst.Op == syntax.InstRune1:
		f.add(inst.Rune[0])
	case inst.Op == syntax.InstRune && len(inst.Rune) == 1:
		r0 := inst.Rune[0]
		f.add(r0)
		if syntax.Flags(inst.Arg)&syntax.FoldCase != 0 {
			for r := unicode.SimpleFold(r0); r != r0; r = unicode.SimpleFold(r) {
				f.add(r)
			}
		}
	case inst.Op == syntax.InstRuneAnyNotNL:
		f.add('\n') // the complement splits the same way
	default:
		for i, r := range f.runes {
			if runeMatches(inst, r) {
				f.subset = append(f.subset, int32(i))
			}
		}
	}
}

// partition returns the classes found so far, each with its representative, ordered by the
// representative's position in the alphabet.
func (f *refiner) partition() *partition {
	members := make([][]rune, len(f.size))
	for i, r := range f.runes {
		members[f.cls[i]] = append(members[f.cls[i]], r)
	}
	reps := make([]rune, 0, len(members))
	byRep := make(map[rune]int, len(members))
	for c, m := range members {
		if len(m) == 0 {
			continue
		}
		rep := representative(m)
		reps = append(reps, rep)
		byRep[rep] = c
	}
	slices.SortFunc(reps, func(a, b rune) int { return int(f.pos(a) - f.pos(b)) })
	p := &partition{reps: reps, other: make(map[rune]int32)}
	for i := range p.ascii {
		p.ascii[i] = -1
	}
	for c, rep := range reps {
		for _, r := range members[byRep[rep]] {
			if r >= 0 && r < 128 {
				p.ascii[r] = int32(c)
			} else {
				p.other[r] = int32(c)
			}
		}
	}
	return p
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
