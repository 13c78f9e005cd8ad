package estategen

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
)

// encoder writes objects as block-style YAML documents separated by "---". It goes through
// JSON so the field names are exactly the API types' tags, drops status and the zero
// creationTimestamp the typed objects carry, and orders keys apiVersion, kind, metadata, spec,
// then alphabetically (name and namespace first inside metadata), so the output is stable.
type encoder struct {
	w *bufio.Writer
}

// newEncoder returns an encoder writing to w.
func newEncoder(w io.Writer) *encoder { return &encoder{w: bufio.NewWriter(w)} }

// object writes a typed API object.
func (e *encoder) object(obj any) {
	b, err := json.Marshal(obj)
	if err != nil {
		panic(fmt.Sprintf("estategen: marshal %T: %v", obj, err)) // the generator's own types: a bug
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	var v map[string]any
	if err := dec.Decode(&v); err != nil {
		panic(fmt.Sprintf("estategen: decode %T: %v", obj, err))
	}
	delete(v, "status")
	if md, ok := v["metadata"].(map[string]any); ok {
		delete(md, "creationTimestamp")
	}
	e.value(v)
}

// value writes an untyped object (maps, slices, strings, numbers, bools).
func (e *encoder) value(v map[string]any) {
	e.w.WriteString("---\n")
	e.mapping(v, 0, false)
	if err := e.w.Flush(); err != nil {
		panic(fmt.Sprintf("estategen: write: %v", err)) // writers are in-memory buffers
	}
}

// keyRank orders the well-known keys first.
var keyRank = map[string]int{"apiVersion": 1, "kind": 2, "metadata": 3, "name": 4, "namespace": 5, "spec": 6}

// sortedKeys returns m's keys in output order.
func sortedKeys(m map[string]any) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.SortFunc(keys, func(a, b string) int {
		ra, rb := keyRank[a], keyRank[b]
		if ra == 0 {
			ra = 100
		}
		if rb == 0 {
			rb = 100
		}
		if ra != rb {
			return ra - rb
		}
		return strings.Compare(a, b)
	})
	return keys
}

// mapping writes m at indent; inList means the first key follows a "- " already written.
func (e *encoder) mapping(m map[string]any, indent int, inList bool) {
	if len(m) == 0 {
		e.w.WriteString("{}\n")
		return
	}
	for i, k := range sortedKeys(m) {
		if i > 0 || !inList {
			e.w.WriteString(strings.Repeat("  ", indent))
		}
		e.w.WriteString(scalar(k))
		e.w.WriteString(":")
		e.node(m[k], indent+1)
	}
}

// node writes v after a key's colon (or a list dash).
func (e *encoder) node(v any, indent int) {
	switch x := v.(type) {
	case map[string]any:
		if len(x) == 0 {
			e.w.WriteString(" {}\n")
			return
		}
		e.w.WriteString("\n")
		e.mapping(x, indent, false)
	case []any:
		if len(x) == 0 {
			e.w.WriteString(" []\n")
			return
		}
		e.w.WriteString("\n")
		for _, item := range x {
			e.w.WriteString(strings.Repeat("  ", indent-1))
			e.w.WriteString("- ")
			if m, ok := item.(map[string]any); ok && len(m) > 0 {
				e.mapping(m, indent, true)
				continue
			}
			e.w.WriteString(strings.TrimPrefix(e.inline(item), " "))
		}
	default:
		e.w.WriteString(e.inline(v))
	}
}

// inline renders a scalar (or empty collection) as " value\n".
func (e *encoder) inline(v any) string {
	switch x := v.(type) {
	case nil:
		return " null\n"
	case string:
		return " " + scalar(x) + "\n"
	case json.Number:
		return " " + x.String() + "\n"
	case bool:
		return " " + strconv.FormatBool(x) + "\n"
	case int:
		return " " + strconv.Itoa(x) + "\n"
	case map[string]any:
		return " {}\n"
	case []any:
		return " []\n"
	}
	panic(fmt.Sprintf("estategen: unexpected %T in object", v))
}

// scalar quotes a string unless it is plainly safe as an unquoted YAML string.
func scalar(s string) string {
	if plain(s) {
		return s
	}
	return strconv.Quote(s)
}

// plain reports whether s reads back as the same string without quotes: letters, digits and
// a few punctuation marks, not starting with a digit or punctuation, and no YAML keyword.
func plain(s string) bool {
	if s == "" {
		return false
	}
	switch strings.ToLower(s) {
	case "true", "false", "yes", "no", "on", "off", "y", "n", "null", "~":
		return false
	}
	c := s[0]
	if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '/') {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || strings.IndexByte("-_./", c) >= 0) {
			return false
		}
	}
	return true
}
