package load

import (
	"strings"

	yaml "go.yaml.in/yaml/v3"
)

// fastParse parses one document of the plain block YAML that generators and kubectl write
// (block mappings and sequences, plain and simply quoted scalars, "{}" and "[]", whole-line
// comments as helm writes) into the same yaml.Node tree go.yaml.in/yaml/v3 builds (but for
// the comment fields, which the loader never reads), about ten times faster. Anything
// outside that subset (comments after content, flow collections, anchors, tags, block or multi-line scalars,
// escapes, empty values, tabs, non-ASCII ...) returns ok false, and the caller parses the
// document with go.yaml.in/yaml/v3, which also reports every syntax error: fastParse
// never decides that input is malformed. lineOffset is added to every line.
// FuzzFastParse checks the trees are the same.
func fastParse(data []byte, lineOffset int) (root *yaml.Node, ok bool) {
	lines, ok := fastLines(data)
	if !ok {
		return nil, false
	}
	p := &fastParser{src: string(data), line: lineOffset}
	// A line holds at most three nodes ("- key: value"); most hold two.
	p.nodes = make([]yaml.Node, 0, 2*lines+4)
	p.ptrs = make([]*yaml.Node, 0, 2*lines+4)
	return p.run()
}

// fastLines counts the lines of data, or returns false when data has a byte the fast
// parser does not read.
func fastLines(data []byte) (int, bool) {
	lines := 1
	for _, b := range data {
		if !fastByte[b] {
			return 0, false
		}
		if b == '\n' {
			lines++
		}
	}
	return lines, true
}

// run reads the document: its root node, or nil when emitting JSON.
func (p *fastParser) run() (root *yaml.Node, ok bool) {
	defer func() {
		if r := recover(); r != nil {
			if _, isBail := r.(bail); !isBail {
				panic(r)
			}
			root, ok = nil, false
		}
	}()
	p.advance()
	if p.ind == 0 && p.lineStart == 0 && p.src[p.lineStart:p.lineEnd] == "---" {
		p.advance()
	}
	if p.ind != 0 {
		return nil, false // empty document, or a root that is not at column 0
	}
	p.rootLine = p.line
	root = p.mapping(p.lineStart, 0, -1)
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
	// emit, when set, receives the document as JSON (as convert renders it) instead of a
	// node tree; scalar is the last scalar emitted, apiVersion and kind those of the root.
	emit                     *converter
	scalar                   string
	apiVersion, kind         string
	seenAPIVersion, seenKind bool
	rootLine                 int
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

// advance moves to the next line that is neither blank nor a comment; a comment after
// content bails out.
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
		if i == end || p.src[i] == '#' {
			continue
		}
		if strings.IndexByte(p.src[i:end], '#') >= 0 {
			panic(bail{}) // a comment after content, or a '#' in a value
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
// column c; its other keys are lines indented by c. rec is its path record when
// emitting JSON.
func (p *fastParser) mapping(at, c, rec int) *yaml.Node {
	p.enter()
	defer func() { p.depth-- }()
	var n *yaml.Node
	e := p.emit
	if e != nil {
		p.emitStart(rec, "object", '{')
	} else {
		n = p.node(yaml.Node{Kind: yaml.MappingNode, Tag: "!!map", Line: p.line, Column: c + 1})
	}
	base := len(p.stack)
	for first := true; ; first = false {
		kv, kat, rest := p.key(at)
		if e != nil {
			if kv == "<<" {
				panic(bail{}) // the converter refuses merge keys; let it say so
			}
			if !first {
				e.out.json = append(e.out.json, ',')
			}
			kr := e.out.paths.add(rec, '.', kv, -1, p.line, false)
			e.out.json = appendString(e.out.json, kv)
			e.out.json = append(e.out.json, ':')
			top := p.depth == 1 && (kv == "apiVersion" || kv == "kind")
			p.scalar = ""
			p.mapValue(rest, c, kr)
			if top {
				p.top(kv, p.scalar)
			}
		} else {
			p.stack = append(p.stack, p.scalarNode(kv, kat, 0))
			p.stack = append(p.stack, p.mapValue(rest, c, 0))
		}
		if p.ind < c {
			if e != nil {
				e.out.json = append(e.out.json, '}')
				return nil
			}
			n.Content = p.children(base)
			return n
		}
		if p.ind > c || p.src[p.lineStart+c] == '-' {
			panic(bail{})
		}
		at = p.lineStart + c
	}
}

// top notes the first apiVersion and kind of the root mapping (v is "" when the value is
// not a scalar), as scalarAt reads them.
func (p *fastParser) top(key, v string) {
	switch {
	case key == "apiVersion" && !p.seenAPIVersion:
		p.seenAPIVersion, p.apiVersion = true, v
	case key == "kind" && !p.seenKind:
		p.seenKind, p.kind = true, v
	}
}

// emitStart starts a JSON value of type what with byte open, as the converter does.
func (p *fastParser) emitStart(rec int, what string, open byte) {
	e := p.emit
	if len(e.out.json)+len(e.out.paths.buf) > maxOutput {
		panic(bail{})
	}
	e.start(rec, what)
	e.out.json = append(e.out.json, open)
}

// key reads the plain key at byte at and returns it, its offset and the offset after
// its ": ".
func (p *fastParser) key(at int) (string, int, int) {
	line := p.src[at:p.lineEnd]
	i := strings.IndexByte(line, ':')
	if i <= 0 || i > 1000 || indicator(line[0]) || line[i-1] == ' ' || (i+1 < len(line) && line[i+1] != ' ') {
		panic(bail{})
	}
	return line[:i], at, at + i + 1
}

// mapValue reads the value of a key; rest is the offset after the colon, c the column of
// the mapping, rec the value's path record when emitting.
func (p *fastParser) mapValue(rest, c, rec int) *yaml.Node {
	for rest < p.lineEnd && p.src[rest] == ' ' {
		rest++
	}
	if rest < p.lineEnd {
		v := p.inlineScalar(rest, rec)
		p.advance()
		return v
	}
	p.advance()
	var v *yaml.Node
	switch {
	case p.ind > c:
		v = p.block(rec)
	case p.ind == c && p.isEntry(p.lineStart+c):
		v = p.sequence(c, rec)
	default:
		panic(bail{}) // an empty value
	}
	p.scalar = "" // the value is a collection
	return v
}

// block reads the collection starting the current line.
func (p *fastParser) block(rec int) *yaml.Node {
	at := p.lineStart + p.ind
	if p.isEntry(at) {
		return p.sequence(p.ind, rec)
	}
	return p.mapping(at, p.ind, rec)
}

// isEntry reports whether a sequence entry ("- ") starts at byte at.
func (p *fastParser) isEntry(at int) bool {
	return p.src[at] == '-' && (at+1 == p.lineEnd || p.src[at+1] == ' ')
}

// sequence reads a block sequence whose dashes are at column c.
func (p *fastParser) sequence(c, rec int) *yaml.Node {
	p.enter()
	defer func() { p.depth-- }()
	var n *yaml.Node
	e := p.emit
	if e != nil {
		p.emitStart(rec, "array", '[')
	} else {
		n = p.node(yaml.Node{Kind: yaml.SequenceNode, Tag: "!!seq", Line: p.line, Column: c + 1})
	}
	base := len(p.stack)
	for i := 0; ; i++ {
		at := p.lineStart + c + 1
		for at < p.lineEnd && p.src[at] == ' ' {
			at++
		}
		if at == p.lineEnd || p.isEntry(at) {
			panic(bail{}) // an empty or nested-compact entry
		}
		ir := 0
		if e != nil {
			if i > 0 {
				e.out.json = append(e.out.json, ',')
			}
			ir = e.out.paths.add(rec, 0, "", i, p.line, true)
		}
		var item *yaml.Node
		if p.isKey(at) {
			item = p.mapping(at, p.col(at), ir)
		} else {
			item = p.inlineScalar(at, ir)
			p.advance()
		}
		if e == nil {
			p.stack = append(p.stack, item)
		}
		if p.ind < c || !p.isEntry(p.lineStart+c) && p.ind == c {
			// the end, or of a sequence at its key's indentation
			if e != nil {
				e.out.json = append(e.out.json, ']')
				return nil
			}
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
func (p *fastParser) inlineScalar(at, rec int) *yaml.Node {
	s := strings.TrimRight(p.src[at:p.lineEnd], " ")
	var style yaml.Style
	switch s[0] {
	case '"', '\'':
		q := s[0]
		if len(s) < 2 || s[len(s)-1] != q || strings.IndexByte(s[1:len(s)-1], q) >= 0 {
			panic(bail{})
		}
		style = yaml.DoubleQuotedStyle
		if q == '\'' {
			style = yaml.SingleQuotedStyle
		}
		s = s[1 : len(s)-1]
	case '{', '[':
		if s != "{}" && s != "[]" {
			panic(bail{})
		}
		if p.emit != nil {
			what := "object"
			if s == "[]" {
				what = "array"
			}
			p.emitStart(rec, what, s[0])
			p.emit.out.json = append(p.emit.out.json, s[1])
			return nil
		}
		n := p.node(yaml.Node{Kind: yaml.MappingNode, Tag: "!!map", Style: yaml.FlowStyle, Line: p.line, Column: p.col(at) + 1})
		if s == "[]" {
			n.Kind, n.Tag = yaml.SequenceNode, "!!seq"
		}
		return n
	default:
		if indicator(s[0]) || strings.Contains(s, ": ") || s[len(s)-1] == ':' {
			panic(bail{})
		}
	}
	if p.emit != nil {
		n := yaml.Node{Kind: yaml.ScalarNode, Value: s, Style: style, Line: p.line, Column: p.col(at) + 1}
		n.Tag = scalarShortTag(&n)
		if len(p.emit.out.json)+len(p.emit.out.paths.buf) > maxOutput {
			panic(bail{})
		}
		if err := p.emit.scalar(&n, rec); err != nil {
			panic(bail{}) // the converter's error, reported on the node path
		}
		p.scalar = s
		return nil
	}
	return p.scalarNode(s, at, style)
}

// scalarNode makes the scalar node of value v starting at byte at, with the tag
// go.yaml.in/yaml/v3 resolves.
func (p *fastParser) scalarNode(v string, at int, style yaml.Style) *yaml.Node {
	n := p.node(yaml.Node{Kind: yaml.ScalarNode, Value: v, Style: style, Line: p.line, Column: p.col(at) + 1})
	n.Tag = scalarShortTag(n)
	return n
}

// scalarShortTag is the tag go.yaml.in/yaml/v3 resolves for scalar n (Tag unset).
func scalarShortTag(n *yaml.Node) string {
	switch {
	case n.Style != 0:
		return "!!str"
	case plainString(n.Value):
		return "!!str"
	case smallDecimal(n.Value):
		return "!!int"
	}
	return n.ShortTag()
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
