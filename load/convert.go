package load

import (
	"fmt"
	"math"
	"sort"
	"strconv"
	"strings"
	"sync"
	"unicode/utf8"

	yaml "go.yaml.in/yaml/v3"
)

// maxDepth bounds the nesting of one document; deeper input is refused, not recursed into.
const maxDepth = 200

// maxExpansion bounds how many nodes one document may expand through aliases, and
// maxOutput how many bytes of JSON and field paths, so that a "billion laughs" document
// is refused instead of exhausting memory.
const (
	maxExpansion = 1 << 16
	maxOutput    = 64 << 20
)

// valueStart is where a value begins in the generated JSON, so that a decoder error at a
// byte offset can be traced back to its field path.
type valueStart struct {
	off  int
	rec  int    // the lineBuilder record of its path, -1 for the root
	what string // "string", "number", "boolean", "null", "object", "array"
}

// converted is one YAML node rendered as JSON, with the line of every field path.
type converted struct {
	json   []byte
	lines  *fieldLines
	starts []valueStart
	// dups holds the line of the second occurrence of a repeated mapping key.
	dups map[string]int
	// paths holds the paths of starts until release.
	paths *lineBuilder
}

// pathAt returns the path and JSON type of the innermost value that starts before off.
func (c *converted) pathAt(off int) (string, string, bool) {
	i := sort.Search(len(c.starts), func(i int) bool { return c.starts[i].off >= off })
	if i == 0 {
		return "", "", false
	}
	s := c.starts[i-1]
	return c.paths.path(s.rec), s.what, true
}

// converter renders a yaml.Node tree as JSON in one walk.
type converter struct {
	file    string
	out     converted
	budget  int
	inAlias int // > 0 while expanding an alias
}

// scratch holds the JSON buffer, the value starts and the path builder between
// documents: they are only needed until the document is decoded.
var scratch = sync.Pool{New: func() any { return &converted{paths: &lineBuilder{}} }}

// convert renders root (a mapping) as JSON, recording the line of each field path. The
// caller calls release when done with the JSON.
func convert(file string, root *yaml.Node) (*converted, *Error) {
	c := newConverter(file)
	if err := c.value(root, -1, 0); err != nil {
		c.out.release()
		return nil, err
	}
	return c.done(), nil
}

// newConverter returns a converter with buffers from scratch.
func newConverter(file string) *converter {
	c := &converter{file: file, budget: maxExpansion}
	s := scratch.Get().(*converted)
	c.out.json, c.out.starts, c.out.paths = s.json[:0], s.starts[:0], s.paths
	c.out.paths.buf, c.out.paths.recs = c.out.paths.buf[:0], c.out.paths.recs[:0]
	return c
}

// done builds the line table once the whole document is rendered.
func (c *converter) done() *converted {
	c.out.lines, c.out.dups = c.out.paths.finish()
	return &c.out
}

// release returns the JSON buffer and value starts for reuse; lines stay valid.
func (c *converted) release() {
	if c.json == nil || cap(c.json) > 1<<20 || cap(c.paths.buf) > 1<<20 {
		return
	}
	scratch.Put(&converted{json: c.json[:0], starts: c.starts[:0], paths: c.paths})
	c.json, c.starts, c.paths = nil, nil, nil
}

func (c *converter) fail(n *yaml.Node, rec int, msg string) *Error {
	return &Error{File: c.file, Line: n.Line, Field: c.out.paths.path(rec), Message: msg}
}

func (c *converter) start(rec int, what string) {
	c.out.starts = append(c.out.starts, valueStart{off: len(c.out.json), rec: rec, what: what})
}

// joinKey appends key to path; the result never shares memory with key, which may
// point into a whole document (see fastParse).
func joinKey(path, key string) string {
	if path == "" {
		return strings.Clone(key)
	}
	return path + "." + key
}

// value renders n, whose path is record rec of the path builder (-1: the root).
func (c *converter) value(n *yaml.Node, path int, depth int) *Error {
	if c.inAlias > 0 {
		c.budget--
	}
	if c.budget < 0 {
		return c.fail(n, path, "document expands to too many nodes (aliases)")
	}
	if len(c.out.json)+len(c.out.paths.buf) > maxOutput {
		return c.fail(n, path, "document expands to too much data (aliases)")
	}
	if depth > maxDepth {
		return c.fail(n, path, fmt.Sprintf("nesting deeper than %d levels", maxDepth))
	}
	switch n.Kind {
	case yaml.AliasNode:
		if n.Alias == nil {
			return c.fail(n, path, "unresolved alias")
		}
		c.inAlias++
		err := c.value(n.Alias, path, depth+1)
		c.inAlias--
		return err
	case yaml.DocumentNode:
		if len(n.Content) == 0 {
			c.start(path, "null")
			c.out.json = append(c.out.json, "null"...)
			return nil
		}
		return c.value(n.Content[0], path, depth+1)
	case yaml.MappingNode:
		return c.mapping(n, path, depth)
	case yaml.SequenceNode:
		c.start(path, "array")
		c.out.json = append(c.out.json, '[')
		for i, item := range n.Content {
			if i > 0 {
				c.out.json = append(c.out.json, ',')
			}
			p := c.out.paths.add(path, 0, "", i, item.Line, true)
			if err := c.value(item, p, depth+1); err != nil {
				return err
			}
		}
		c.out.json = append(c.out.json, ']')
		return nil
	case yaml.ScalarNode:
		return c.scalar(n, path)
	}
	return c.fail(n, path, "unsupported YAML node")
}

func (c *converter) mapping(n *yaml.Node, path int, depth int) *Error {
	c.start(path, "object")
	c.out.json = append(c.out.json, '{')
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		for k.Kind == yaml.AliasNode && k.Alias != nil {
			k = k.Alias
		}
		if k.Kind != yaml.ScalarNode {
			return c.fail(n.Content[i], path, "mapping key must be a scalar")
		}
		if k.ShortTag() == "!!merge" {
			return c.fail(n.Content[i], path, "merge keys (<<) are not supported")
		}
		if i > 0 {
			c.out.json = append(c.out.json, ',')
		}
		p := c.out.paths.add(path, '.', k.Value, -1, n.Content[i].Line, false)
		c.out.json = appendString(c.out.json, k.Value)
		c.out.json = append(c.out.json, ':')
		if err := c.value(v, p, depth+1); err != nil {
			return err
		}
	}
	c.out.json = append(c.out.json, '}')
	return nil
}

// scalarTag is the tag a scalar resolves to. Plain (unquoted, untagged) y/yes/on and
// n/no/off in any of their YAML 1.1 spellings are booleans, as kubectl reads them
// (sigs.k8s.io/yaml decodes with YAML 1.1 rules); go.yaml.in/yaml/v3 alone would read
// them as strings.
func scalarTag(n *yaml.Node) string {
	t := n.ShortTag()
	if t == "!!str" && n.Style == 0 && yaml11Bools[n.Value] {
		return "!!bool"
	}
	return t
}

// yaml11Bools are the YAML 1.1 boolean spellings that YAML 1.2 reads as strings.
var yaml11Bools = map[string]bool{
	"y": true, "Y": true, "yes": true, "Yes": true, "YES": true, "on": true, "On": true, "ON": true,
	"n": true, "N": true, "no": true, "No": true, "NO": true, "off": true, "Off": true, "OFF": true,
}

func (c *converter) scalar(n *yaml.Node, path int) *Error {
	switch scalarTag(n) {
	case "!!null":
		c.start(path, "null")
		c.out.json = append(c.out.json, "null"...)
	case "!!bool":
		c.start(path, "boolean")
		switch strings.ToLower(n.Value) {
		case "true", "yes", "on", "y":
			c.out.json = append(c.out.json, "true"...)
		case "false", "no", "off", "n":
			c.out.json = append(c.out.json, "false"...)
		default:
			return c.fail(n, path, "not a boolean")
		}
	case "!!int":
		c.start(path, "number")
		if i, err := strconv.ParseInt(n.Value, 0, 64); err == nil {
			c.out.json = strconv.AppendInt(c.out.json, i, 10)
		} else if u, err := strconv.ParseUint(strings.TrimPrefix(n.Value, "+"), 0, 64); err == nil {
			c.out.json = strconv.AppendUint(c.out.json, u, 10)
		} else {
			return c.fail(n, path, "integer out of range or malformed")
		}
	case "!!float":
		c.start(path, "number")
		f, err := strconv.ParseFloat(strings.ReplaceAll(n.Value, "_", ""), 64)
		if err != nil || math.IsInf(f, 0) || math.IsNaN(f) {
			return c.fail(n, path, "number cannot be represented in JSON")
		}
		c.out.json = strconv.AppendFloat(c.out.json, f, 'g', -1, 64)
	default: // !!str, !!binary, !!timestamp and custom tags are strings
		c.start(path, "string")
		c.out.json = appendString(c.out.json, n.Value)
	}
	return nil
}

const hexDigits = "0123456789abcdef"

// appendString appends s as a JSON string literal; invalid UTF-8 becomes U+FFFD.
func appendString(b []byte, s string) []byte {
	b = append(b, '"')
	start := 0
	for i := 0; i < len(s); {
		ch := s[i]
		if ch >= 0x20 && ch != '"' && ch != '\\' && ch < utf8.RuneSelf {
			i++
			continue
		}
		if ch < utf8.RuneSelf {
			b = append(b, s[start:i]...)
			switch ch {
			case '"', '\\':
				b = append(b, '\\', ch)
			case '\n':
				b = append(b, '\\', 'n')
			case '\r':
				b = append(b, '\\', 'r')
			case '\t':
				b = append(b, '\\', 't')
			default:
				b = append(b, '\\', 'u', '0', '0', hexDigits[ch>>4], hexDigits[ch&0xF])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			b = append(b, s[start:i]...)
			b = append(b, `\ufffd`...)
			i += size
			start = i
			continue
		}
		i += size
	}
	b = append(b, s[start:]...)
	return append(b, '"')
}
