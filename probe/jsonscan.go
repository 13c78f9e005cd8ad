package probe

import (
	"unicode/utf16"
	"unicode/utf8"
)

// maxJSONDepth is encoding/json's nesting limit; deeper documents go to encoding/json.
const maxJSONDepth = 10000

// jsonScan walks a JSON document and checks its grammar (RFC 8259) as it goes; every
// method returns false on anything it does not accept.
type jsonScan struct {
	b []byte
	i int
}

func (s *jsonScan) ws() {
	for s.i < len(s.b) {
		switch s.b[s.i] {
		case ' ', '\t', '\r', '\n':
			s.i++
		default:
			return
		}
	}
}

// consume skips white space and then c, if c is next.
func (s *jsonScan) consume(c byte) bool {
	s.ws()
	if s.i < len(s.b) && s.b[s.i] == c {
		s.i++
		return true
	}
	return false
}

// object reads an object, calling member after each key and its colon; member reads
// the value. Keys with escapes or non-ASCII bytes are left to encoding/json.
func (s *jsonScan) object(member func(key []byte) bool) bool {
	if !s.consume('{') {
		return false
	}
	for first := true; !s.consume('}'); first = false {
		if !first && !s.consume(',') {
			return false
		}
		s.ws()
		start := s.i + 1
		plain, ok := s.skipString()
		if !ok || !plain {
			return false
		}
		key := s.b[start : s.i-1]
		if !s.consume(':') || !member(key) {
			return false
		}
	}
	return true
}

// str reads a string value (not null), unquoted as encoding/json does.
func (s *jsonScan) str() (string, bool) {
	s.ws()
	start := s.i
	plain, ok := s.skipString()
	if !ok {
		return "", false
	}
	if plain {
		return string(s.b[start+1 : s.i-1]), true
	}
	return unquote(s.b[start+1 : s.i-1])
}

// skipString moves past the string at the current position, checking its escapes and
// that it has no control bytes; plain says it has neither escapes nor non-ASCII bytes.
func (s *jsonScan) skipString() (plain, ok bool) {
	if s.i >= len(s.b) || s.b[s.i] != '"' {
		return false, false
	}
	plain = true
	for s.i++; s.i < len(s.b); s.i++ {
		switch c := s.b[s.i]; {
		case c == '"':
			s.i++
			return plain, true
		case c < 0x20:
			return false, false
		case c >= utf8.RuneSelf:
			plain = false
		case c == '\\':
			plain = false
			s.i++
			if s.i >= len(s.b) {
				return false, false
			}
			switch s.b[s.i] {
			case '"', '\\', '/', 'b', 'f', 'n', 'r', 't':
			case 'u':
				if s.i+4 >= len(s.b) || !isHex4(s.b[s.i+1:s.i+5]) {
					return false, false
				}
				s.i += 4
			default:
				return false, false
			}
		}
	}
	return false, false
}

// unquote decodes the escapes of a string body skipString accepted. Surrogate escapes
// and invalid UTF-8 (which encoding/json replaces) go to encoding/json.
func unquote(raw []byte) (string, bool) {
	if !utf8.Valid(raw) {
		return "", false
	}
	out := make([]byte, 0, len(raw))
	for i := 0; i < len(raw); i++ {
		c := raw[i]
		if c != '\\' {
			out = append(out, c)
			continue
		}
		i++
		switch raw[i] {
		case 'b':
			out = append(out, '\b')
		case 'f':
			out = append(out, '\f')
		case 'n':
			out = append(out, '\n')
		case 'r':
			out = append(out, '\r')
		case 't':
			out = append(out, '\t')
		case 'u':
			r := rune(hexVal(raw[i+1])<<12 | hexVal(raw[i+2])<<8 | hexVal(raw[i+3])<<4 | hexVal(raw[i+4]))
			if utf16.IsSurrogate(r) {
				return "", false
			}
			out = utf8.AppendRune(out, r)
			i += 4
		default: // " \ /
			out = append(out, raw[i])
		}
	}
	return string(out), true
}

func isHex4(b []byte) bool {
	for _, c := range b {
		if hexVal(c) < 0 {
			return false
		}
	}
	return true
}

func hexVal(c byte) int {
	switch {
	case '0' <= c && c <= '9':
		return int(c - '0')
	case 'a' <= c && c <= 'f':
		return int(c-'a') + 10
	case 'A' <= c && c <= 'F':
		return int(c-'A') + 10
	}
	return -1
}

// skip moves past any value, checking its grammar; depth counts enclosing containers.
func (s *jsonScan) skip(depth int) bool {
	s.ws()
	if s.i >= len(s.b) {
		return false
	}
	switch c := s.b[s.i]; {
	case c == '"':
		_, ok := s.skipString()
		return ok
	case c == '{':
		if depth >= maxJSONDepth {
			return false
		}
		return s.object(func([]byte) bool { return s.skip(depth + 1) })
	case c == '[':
		if depth >= maxJSONDepth {
			return false
		}
		s.i++
		for first := true; !s.consume(']'); first = false {
			if !first && !s.consume(',') {
				return false
			}
			if !s.skip(depth + 1) {
				return false
			}
		}
		return true
	case c == 't':
		return s.literal("true")
	case c == 'f':
		return s.literal("false")
	case c == 'n':
		return s.literal("null")
	default:
		return s.number()
	}
}

func (s *jsonScan) literal(lit string) bool {
	if len(s.b)-s.i < len(lit) || string(s.b[s.i:s.i+len(lit)]) != lit {
		return false
	}
	s.i += len(lit)
	return true
}

// number moves past -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)?
func (s *jsonScan) number() bool {
	if s.i < len(s.b) && s.b[s.i] == '-' {
		s.i++
	}
	switch {
	case s.i < len(s.b) && s.b[s.i] == '0':
		s.i++
	case s.digits() == 0:
		return false
	}
	if s.i < len(s.b) && s.b[s.i] == '.' {
		s.i++
		if s.digits() == 0 {
			return false
		}
	}
	if s.i < len(s.b) && (s.b[s.i] == 'e' || s.b[s.i] == 'E') {
		s.i++
		if s.i < len(s.b) && (s.b[s.i] == '+' || s.b[s.i] == '-') {
			s.i++
		}
		if s.digits() == 0 {
			return false
		}
	}
	return true
}

func (s *jsonScan) digits() int {
	n := 0
	for s.i < len(s.b) && '0' <= s.b[s.i] && s.b[s.i] <= '9' {
		s.i++
		n++
	}
	return n
}
