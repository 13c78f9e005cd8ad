package load

import (
	"strings"

	yaml "go.yaml.in/yaml/v3"
)

// fastParse parses one document of the plain block YAML that generators and kubectl write
// (block mappings and sequences, plain and simply quoted scalars, "{}" and "[]") into the
// same yaml.Node tree go.yaml.in/yaml/v3 builds, about ten times faster. Anything outside
// that subset (comments, flow collections, anchors, tags, block or multi-line scalars,
// escapes, empty values, tabs, non-ASCII ...) returns ok false, and the caller parses the
// document with go.yaml.in/yaml/v3, which also reports every syntax error: fastParse
// never decides that input is malformed. lineOffset is added to every line.
// FuzzFastParse checks the trees are the same.
func fastParse(data []byte, lineOffset int) (root *yaml.Node, ok bool) {
	lines := 1
	for _, b := range data {
		if !fastByte[b] {
			return nil, false
		}
		if b == '\n' {
			lines++
		}
	}
	defer func() {
		if r := recover(); r != nil {
			if _, isBail := r.(bail); !isBail {
				panic(r)
			}
			root, ok = nil, false
		}
	}()
	p := &fastParser{src: string(data), line: lineOffset}
	// A line holds at most three nodes ("- key: value"); most hold two.
	p.nodes = make([]yaml.Node, 0, 2*lines+4)
	p.ptrs = make([]*yaml.Node, 0, 2*lines+4)
	p.advance()
	if p.ind == 0 && p.lineStart == 0 && p.src[p.lineStart:p.lineEnd] == "---" {
		p.advance()
	}
	if p.ind != 0 {
		return nil, false // empty document, or a root that is not at column 0
	}
	root = p.mapping(p.lineStart, 0)
	if p.ind >= 0 {
		return nil, false
	}
	return root, true
}

// fastByte marks the bytes fastParse reads; any other byte sends the document to the
// full parser.
var fastByte = func() (t [256]bool) {
	for b := 0x20; b < 0x7f; b++ {
		t[b] = true
	}
	t['\n'] = true
	t['#'] = false  // comments
	t['\\'] = false // escapes
	t['\t'] = false
	return t
}()

// bail aborts fastParse (recovered there).
type bail struct{}

// fastParser walks the lines of one document. The current line is src[lineStart:lineEnd];
// ind is its indentation, -1 at the end of the document.
type fastParser struct {
	src                string
	next               int // start of the line after the current one
	lineStart, lineEnd int
	line               int // number of the current line
	ind                int
	depth              int
	// nodes and ptrs are slabs the tree's nodes and Content slices are cut from;
	// stack holds the children of the collections being read.
	nodes []yaml.Node
	ptrs  []*yaml.Node
	stack []*yaml.Node
}

// node returns a new node from the slab.
func (p *fastParser) node(n yaml.Node) *yaml.Node {
	if len(p.nodes) == cap(p.nodes) {
		p.nodes = make([]yaml.Node, 0, 64)
	}
	p.nodes = append(p.nodes, n)
	return &p.nodes[len(p.nodes)-1]
}

// children moves the stack entries above base into a Content slice cut from the slab.
func (p *fastParser) children(base int) []*yaml.Node {
	k := len(p.stack) - base
	if cap(p.ptrs)-len(p.ptrs) < k {
		p.ptrs = make([]*yaml.Node, 0, max(k, 64))
	}
	l := len(p.ptrs)
	p.ptrs = append(p.ptrs, p.stack[base:]...)
	clear(p.stack[base:])
	p.stack = p.stack[:base]
	return p.ptrs[l : l+k : l+k]
}

// advance moves to the next line that is not blank.
func (p *fastParser) advance() {
	for p.next < len(p.src) {
		start := p.next
		end := strings.IndexByte(p.src[start:], '\n')
		if end < 0 {
			end = len(p.src)
			p.next = end
		} else {
			end += start
			p.next = end + 1
		}
		p.line++
		i := start
		for i < end && p.src[i] == ' ' {
			i++
		}
		if i == end {
			continue
		}
		if i == start && (strings.HasPrefix(p.src[i:end], "---") || strings.HasPrefix(p.src[i:end], "...")) && start > 0 {
			panic(bail{}) // a second document or a document end
		}
		p.lineStart, p.lineEnd, p.ind = start, end, i-start
		return
	}
	p.ind = -1
}

// col is the column of byte offset i of the current line, counted from 0.
func (p *fastParser) col(i int) int { return i - p.lineStart }

// enter guards the nesting depth.
func (p *fastParser) enter() {
	p.depth++
	if p.depth > 100 {
		panic(bail{})
	}
}

// mapping reads a block mapping whose first key starts at byte at of the current line,
// column c; its other keys are lines indented by c.
func (p *fastParser) mapping(at, c int) *yaml.Node {
	p.enter()
	defer func() { p.depth-- }()
	n := p.node(yaml.Node{Kind: yaml.MappingNode, Tag: "!!map", Line: p.line, Column: c + 1})
	base := len(p.stack)
	for {
		k, rest := p.key(at)
		p.stack = append(p.stack, k)
		p.stack = append(p.stack, p.mapValue(rest, c))
		if p.ind < c {
			n.Content = p.children(base)
			return n
		}
		if p.ind > c || p.src[p.lineStart+c] == '-' {
			panic(bail{})
		}
		at = p.lineStart + c
	}
}

// key reads the plain key at byte at and returns it with the offset after its ": ".
func (p *fastParser) key(at int) (*yaml.Node, int) {
	line := p.src[at:p.lineEnd]
	i := strings.IndexByte(line, ':')
	if i <= 0 || i > 1000 || indicator(line[0]) || line[i-1] == ' ' || (i+1 < len(line) && line[i+1] != ' ') {
		panic(bail{})
	}
	k := p.scalarNode(line[:i], at, 0)
	return k, at + i + 1
}

// mapValue reads the value of a key; rest is the offset after the colon, c the column of
// the mapping.
func (p *fastParser) mapValue(rest, c int) *yaml.Node {
	for rest < p.lineEnd && p.src[rest] == ' ' {
		rest++
	}
	if rest < p.lineEnd {
		v := p.inlineScalar(rest)
		p.advance()
		return v
	}
	p.advance()
	switch {
	case p.ind > c:
		return p.block()
	case p.ind == c && p.isEntry(p.lineStart+c):
		return p.sequence(c)
	}
	panic(bail{}) // an empty value
}

// block reads the collection starting the current line.
func (p *fastParser) block() *yaml.Node {
	at := p.lineStart + p.ind
	if p.isEntry(at) {
		return p.sequence(p.ind)
	}
	return p.mapping(at, p.ind)
}

// isEntry reports whether a sequence entry ("- ") starts at byte at.
func (p *fastParser) isEntry(at int) bool {
	return p.src[at] == '-' && (at+1 == p.lineEnd || p.src[at+1] == ' ')
}

// sequence reads a block sequence whose dashes are at column c.
func (p *fastParser) sequence(c int) *yaml.Node {
	p.enter()
	defer func() { p.depth-- }()
	n := p.node(yaml.Node{Kind: yaml.SequenceNode, Tag: "!!seq", Line: p.line, Column: c + 1})
	base := len(p.stack)
	for {
		at := p.lineStart + c + 1
		for at < p.lineEnd && p.src[at] == ' ' {
			at++
		}
		if at == p.lineEnd || p.isEntry(at) {
			panic(bail{}) // an empty or nested-compact entry
		}
		var item *yaml.Node
		if p.isKey(at) {
			item = p.mapping(at, p.col(at))
		} else {
			item = p.inlineScalar(at)
			p.advance()
		}
		p.stack = append(p.stack, item)
		if p.ind < c || !p.isEntry(p.lineStart+c) && p.ind == c {
			// the end, or of a sequence at its key's indentation
			n.Content = p.children(base)
			return n
		}
		if p.ind > c {
			panic(bail{})
		}
	}
}

// isKey reports whether a plain "key: " or "key:" line part starts at byte at.
func (p *fastParser) isKey(at int) bool {
	if p.src[at] == '"' || p.src[at] == '\'' {
		return false
	}
	i := strings.IndexByte(p.src[at:p.lineEnd], ':')
	return i >= 0 && (at+i+1 == p.lineEnd || p.src[at+i+1] == ' ')
}

// inlineScalar reads the value from byte at to the end of the line: a plain or simply
// quoted scalar, "{}" or "[]".
func (p *fastParser) inlineScalar(at int) *yaml.Node {
	s := strings.TrimRight(p.src[at:p.lineEnd], " ")
	switch s[0] {
	case '"', '\'':
		q := s[0]
		if len(s) < 2 || s[len(s)-1] != q || strings.IndexByte(s[1:len(s)-1], q) >= 0 {
			panic(bail{})
		}
		style := yaml.DoubleQuotedStyle
		if q == '\'' {
			style = yaml.SingleQuotedStyle
		}
		return p.scalarNode(s[1:len(s)-1], at, style)
	case '{', '[':
		n := p.node(yaml.Node{Kind: yaml.MappingNode, Tag: "!!map", Style: yaml.FlowStyle, Line: p.line, Column: p.col(at) + 1})
		switch s {
		case "{}":
		case "[]":
			n.Kind, n.Tag = yaml.SequenceNode, "!!seq"
		default:
			panic(bail{})
		}
		return n
	}
	if indicator(s[0]) || strings.Contains(s, ": ") || s[len(s)-1] == ':' {
		panic(bail{})
	}
	return p.scalarNode(s, at, 0)
}

// scalarNode makes the scalar node of value v starting at byte at, with the tag
// go.yaml.in/yaml/v3 resolves.
func (p *fastParser) scalarNode(v string, at int, style yaml.Style) *yaml.Node {
	n := p.node(yaml.Node{Kind: yaml.ScalarNode, Value: v, Style: style, Line: p.line, Column: p.col(at) + 1})
	switch {
	case style != 0:
		n.Tag = "!!str"
	case plainString(v):
		n.Tag = "!!str"
	case smallDecimal(v):
		n.Tag = "!!int"
	default:
		n.Tag = n.ShortTag()
	}
	return n
}

// plainString reports whether go.yaml.in/yaml/v3 resolves plain v as a string without
// looking further: its first byte hints at no other type (yaml.v3 resolve.go,
// resolveTable).
func plainString(v string) bool {
	return v != "" && strings.IndexByte("+-0123456789yYnNtTfFoO~<.", v[0]) < 0
}

// smallDecimal reports whether v is a decimal integer without a leading zero that fits
// in 64 bits, which go.yaml.in/yaml/v3 resolves as !!int.
func smallDecimal(v string) bool {
	if v == "" || len(v) > 18 || (v[0] == '0' && len(v) > 1) {
		return false
	}
	for i := 0; i < len(v); i++ {
		if v[i] < '0' || v[i] > '9' {
			return false
		}
	}
	return true
}

// indicator reports whether b cannot start a plain scalar here (YAML 1.2 c-indicator).
func indicator(b byte) bool {
	return strings.IndexByte("-?:,[]{}#&*!|>'\"%@`", b) >= 0
}
