package load

import (
	"hash/maphash"
)

// fieldLines is the line of every field path of one object, stored compactly: paths holds
// the paths one after the other, ents index them in document order, and slots16 (or
// slots32 for objects of 65535 paths or more) is an open-addressing hash table of ents
// (index+1, 0 for free). It replaces a map of path strings per object, which cost three
// times the memory.
type fieldLines struct {
	paths   string
	ents    []lineEnt
	slots16 []uint16
	slots32 []uint32
	mask    uint64
}

// slot returns hash table slot i.
func (l *fieldLines) slot(i uint64) uint32 {
	if l.slots16 != nil {
		return uint32(l.slots16[i])
	}
	return l.slots32[i]
}

// find returns the slot of path: the one holding it, or the free one it would take.
func (l *fieldLines) find(path string) uint64 {
	i := maphash.String(lineSeed, path) & l.mask
	for {
		s := l.slot(i)
		if s == 0 {
			return i
		}
		if e := l.ents[s-1]; l.paths[e.off:e.off+e.n] == path {
			return i
		}
		i = (i + 1) & l.mask
	}
}

// lineEnt is one path (paths[off:off+n]) and its line.
type lineEnt struct {
	off, n uint32
	line   int32
}

// lineSeed seeds the path hashes of every table.
var lineSeed = maphash.MakeSeed()

// lookup returns the line of path.
func (l *fieldLines) lookup(path string) (int, bool) {
	if l == nil || l.slots16 == nil && l.slots32 == nil {
		return 0, false
	}
	s := l.slot(l.find(path))
	if s == 0 {
		return 0, false
	}
	return int(l.ents[s-1].line), true
}

// each calls f with every path and its line, in document order.
func (l *fieldLines) each(f func(path string, line int)) {
	if l == nil {
		return
	}
	for _, e := range l.ents {
		f(l.paths[e.off:e.off+e.n], int(e.line))
	}
}

// lineBuilder collects the paths and lines of one object in document order.
type lineBuilder struct {
	buf  []byte
	recs []lineRec
}

// lineRec is one recorded path; overwrite says a later record of the same path replaces
// it (sequence items) rather than being a duplicate key.
type lineRec struct {
	off, n    uint32
	line      int32
	overwrite bool
}

// path returns the text of record i (-1 is the root, "").
func (b *lineBuilder) path(i int) string {
	if i < 0 {
		return ""
	}
	r := b.recs[i]
	return string(b.buf[r.off : r.off+r.n])
}

// add records the path parent + sep + elem (parent -1 is the root, where sep is left
// out) at line and returns its index. elemInt >= 0 records "[elemInt]" instead of elem.
func (b *lineBuilder) add(parent int, sep byte, elem string, elemInt int, line int, overwrite bool) int {
	off := len(b.buf)
	if parent >= 0 {
		r := b.recs[parent]
		b.buf = append(b.buf, b.buf[r.off:r.off+r.n]...)
		if sep != 0 {
			b.buf = append(b.buf, sep)
		}
	}
	if elemInt >= 0 {
		b.buf = append(b.buf, '[')
		b.buf = appendInt(b.buf, elemInt)
		b.buf = append(b.buf, ']')
	} else {
		b.buf = append(b.buf, elem...)
	}
	b.recs = append(b.recs, lineRec{off: uint32(off), n: uint32(len(b.buf) - off), line: int32(line), overwrite: overwrite})
	return len(b.recs) - 1
}

// appendInt appends the decimal form of i >= 0.
func appendInt(b []byte, i int) []byte {
	if i >= 10 {
		b = appendInt(b, i/10)
	}
	return append(b, byte('0'+i%10))
}

// finish builds the fieldLines and the lines of second occurrences of repeated mapping
// keys, as a map filled in document order would have them: a key keeps its first line, a
// sequence item its last.
func (b *lineBuilder) finish() (*fieldLines, map[string]int) {
	size := 1
	for size < len(b.recs)+len(b.recs)/2+1 {
		size *= 2
	}
	l := &fieldLines{paths: string(b.buf), ents: make([]lineEnt, 0, len(b.recs)), mask: uint64(size - 1)}
	if len(b.recs) < 1<<16-1 {
		l.slots16 = make([]uint16, size)
	} else {
		l.slots32 = make([]uint32, size)
	}
	var dups map[string]int
	var twice map[uint32]bool // ents whose second key occurrence is in dups
	for _, r := range b.recs {
		p := l.paths[r.off : r.off+r.n]
		i := l.find(p)
		switch s := l.slot(i); {
		case s == 0:
			l.ents = append(l.ents, lineEnt{off: r.off, n: r.n, line: r.line})
			if l.slots16 != nil {
				l.slots16[i] = uint16(len(l.ents))
			} else {
				l.slots32[i] = uint32(len(l.ents))
			}
		case r.overwrite:
			l.ents[s-1].line = r.line
		case !twice[s]:
			if dups == nil {
				dups, twice = map[string]int{}, map[uint32]bool{}
			}
			dups[p] = int(r.line)
			twice[s] = true
		}
	}
	return l, dups
}
