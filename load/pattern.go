package load

import (
	"k8s.io/apimachinery/pkg/util/validation"

	"regexp"
	"strings"
)

// pattern is a CRD validation pattern with a hand-written matcher that accepts exactly
// the same strings (TestPatternMatchers and FuzzPatternMatchers compare them); the
// regular expression stays for messages. Matching is per field of every object, so the
// matcher keeps validation off the profile.
type pattern struct {
	re    *regexp.Regexp
	match func(string) bool
}

// newPattern compiles expr; match may be nil to use the regular expression.
func newPattern(expr string, match func(string) bool) *pattern {
	return &pattern{re: regexp.MustCompile(expr), match: match}
}

// MatchString reports whether s matches the pattern.
func (p *pattern) MatchString(s string) bool {
	if p.match != nil {
		return p.match(s)
	}
	return p.re.MatchString(s)
}

// String is the regular expression.
func (p *pattern) String() string { return p.re.String() }

// isLabel matches [a-z0-9]([-a-z0-9]*[a-z0-9])? whole.
func isLabel(s string) bool {
	if s == "" || s[0] == '-' || s[len(s)-1] == '-' {
		return false
	}
	for i := 0; i < len(s); i++ {
		if c := s[i]; !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-') {
			return false
		}
	}
	return true
}

// isLabels matches labels (isLabel) joined by dots, whole.
func isLabels(s string) bool {
	for {
		i := strings.IndexByte(s, '.')
		if i < 0 {
			return isLabel(s)
		}
		if !isLabel(s[:i]) {
			return false
		}
		s = s[i+1:]
	}
}

// isHostname matches an optional "*." and labels, whole.
func isHostname(s string) bool {
	return isLabels(strings.TrimPrefix(s, "*."))
}

// isGroup matches "" or labels, whole.
func isGroup(s string) bool { return s == "" || isLabels(s) }

// isKind matches [a-zA-Z]([-a-zA-Z0-9]*[a-zA-Z0-9])? whole.
func isKind(s string) bool {
	if s == "" || !isLetter(s[0]) || s[len(s)-1] == '-' {
		return false
	}
	for i := 0; i < len(s); i++ {
		if c := s[i]; !(isLetter(c) || c >= '0' && c <= '9' || c == '-') {
			return false
		}
	}
	return true
}

func isLetter(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }

// pathChars are the single characters of pathCharsRe.
const pathChars = "-ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789/._~!$&'()*+,;=:@"

// isPathChars matches (?:[-A-Za-z0-9/._~!$&'()*+,;=:@]|[%][0-9a-fA-F]{2})+ whole.
func isPathChars(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] == '%' {
			if i+2 >= len(s) || !isHex(s[i+1]) || !isHex(s[i+2]) {
				return false
			}
			i += 2
			continue
		}
		if strings.IndexByte(pathChars, s[i]) < 0 {
			return false
		}
	}
	return true
}

func isHex(c byte) bool { return c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F' }

// dns1123Subdomain is validation.IsDNS1123Subdomain, answering the common valid case
// without its regular expression (TestDNSChecks compares them).
func dns1123Subdomain(s string) []string {
	if len(s) <= 253 && isLabels(s) {
		return nil
	}
	return validation.IsDNS1123Subdomain(s)
}

// dns1035Label is validation.IsDNS1035Label, answering the common valid case without its
// regular expression (TestDNSChecks compares them).
func dns1035Label(s string) []string {
	if len(s) <= 63 && isLabel(s) && isLetter(s[0]) {
		return nil
	}
	return validation.IsDNS1035Label(s)
}
