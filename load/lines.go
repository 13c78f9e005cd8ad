package load

import (
	"bytes"
	"slices"
	"strings"
)

// fieldLines is the line of every field path of one object, stored compactly: paths holds
// all paths one after the other, ents index them sorted by path. It replaces a map per
// object, which cost three times the memory.
type fieldLines struct {
	paths string
	ents  []lineEnt
}

// lineEnt is one path (paths[off:off+n]) and its line.
type lineEnt struct {
	off, n uint32
	line   int32
}

// lookup returns the line of path.
func (l *fieldLines) lookup(path string) (int, bool) {
	if l == nil {
		return 0, false
	}
	i, found := slices.BinarySearchFunc(l.ents, path, func(e lineEnt, p string) int {
		return strings.Compare(l.paths[e.off:e.off+e.n], p)
	})
	if !found {
		return 0, false
	}
	return int(l.ents[i].line), true
}

// each calls f with every path and its line, in path order.
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
	buf    []byte
	recs   []lineRec
	sorted []lineRec // scratch for finish
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
// out) at line and returns its index.
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
	key := func(r lineRec) []byte { return b.buf[r.off : r.off+r.n] }
	// A stable sort keeps the records of one path in document order; the records stay
	// in place for path.
	recs := append(b.sorted[:0], b.recs...)
	b.sorted = recs
	slices.SortStableFunc(recs, func(x, y lineRec) int { return bytes.Compare(key(x), key(y)) })
	l := &fieldLines{ents: make([]lineEnt, 0, len(recs))}
	var dups map[string]int
	paths := make([]byte, 0, len(b.buf))
	for i := 0; i < len(recs); {
		first := recs[i]
		j := i + 1
		for j < len(recs) && bytes.Equal(key(recs[j]), key(first)) {
			j++
		}
		line, twice := first.line, false
		for _, r := range recs[i+1 : j] {
			switch {
			case r.overwrite:
				line = r.line
			case !twice:
				if dups == nil {
					dups = map[string]int{}
				}
				dups[string(key(r))] = int(r.line)
				twice = true
			}
		}
		l.ents = append(l.ents, lineEnt{off: uint32(len(paths)), n: first.n, line: line})
		paths = append(paths, key(first)...)
		i = j
	}
	l.paths = string(paths)
	return l, dups
}
