package equiv

import (
	"regexp"
	"regexp/syntax"
	"strings"
)

// regexMember returns a short string that regex pattern (full match) accepts, or false
// when none is found (unparsable syntax, or anchors the simple walk cannot satisfy).
func regexMember(pattern string) (string, bool) {
	re, err := syntax.Parse(pattern, syntax.Perl)
	if err != nil {
		return "", false
	}
	var b strings.Builder
	walkMember(re.Simplify(), &b)
	s := b.String()
	full, err := regexp.Compile(`\A(?:` + pattern + `)\z`)
	if err != nil || !full.MatchString(s) {
		return "", false
	}
	return s, true
}

func walkMember(re *syntax.Regexp, b *strings.Builder) {
	switch re.Op {
	case syntax.OpLiteral:
		b.WriteString(string(re.Rune))
	case syntax.OpCharClass:
		if len(re.Rune) > 0 {
			r := re.Rune[0]
			// Prefer a printable character of the class.
			for i := 0; i+1 < len(re.Rune); i += 2 {
				if re.Rune[i+1] >= 'a' && re.Rune[i] <= 'z' {
					r = max(re.Rune[i], 'a')
					break
				}
				if re.Rune[i+1] >= '0' && re.Rune[i] <= '9' {
					r = max(re.Rune[i], '0')
				}
			}
			b.WriteRune(r)
		}
	case syntax.OpAnyChar, syntax.OpAnyCharNotNL:
		b.WriteByte('a')
	case syntax.OpCapture:
		walkMember(re.Sub[0], b)
	case syntax.OpConcat:
		for _, s := range re.Sub {
			walkMember(s, b)
		}
	case syntax.OpAlternate:
		walkMember(re.Sub[0], b)
	case syntax.OpPlus:
		walkMember(re.Sub[0], b)
	case syntax.OpRepeat:
		for i := 0; i < re.Min; i++ {
			walkMember(re.Sub[0], b)
		}
	}
}

// otherValue returns a value that none of the given exact values or regexes accepts.
func otherValue(exact []string, regexes []string) (string, bool) {
	var res []*regexp.Regexp
	for _, p := range regexes {
		if re, err := regexp.Compile(`\A(?:` + p + `)\z`); err == nil {
			res = append(res, re)
		}
	}
	candidates := []string{"parity-other", "x", "0", "parity-other-" + strings.Repeat("z", 9), "~", "-"}
next:
	for _, c := range candidates {
		for _, e := range exact {
			if e == c {
				continue next
			}
		}
		for _, re := range res {
			if re.MatchString(c) {
				continue next
			}
		}
		return c, true
	}
	return "", false
}
