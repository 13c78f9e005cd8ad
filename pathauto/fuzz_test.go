package pathauto

import (
	"errors"
	"regexp"
	"regexp/syntax"
	"slices"
	"testing"
)

// FuzzCompile checks that arbitrary patterns never panic: Compile fails exactly when regexp
// does, and otherwise agrees with regexp on the fuzzed string and on every witness Explore
// reports.
func FuzzCompile(f *testing.F) {
	for _, seed := range []struct{ pattern, s string }{
		{`(?i:(?:/api/v[0-9]+)(?s:.*))`, "/API/V12/x"},
		{`/foo(?:/(?s:.*))?`, "/foo/"},
		{`\Q/x\E`, "/x"},
		{`\b/a\B`, "/a"},
		{`(?m:^a$)`, "a\n"},
		{`x{1000}`, "xxx"},
		{`/a(?=b)`, "/ab"},
		{`(a)\1`, "aa"},
		{`a*+`, "aaa"},
		{`[[:^alpha:]\pN]+`, "1é"},
		{``, ""},
		{`(`, "("},
		{`\Q`, "0"},
		{`\Qa)`, "a)"},
	} {
		f.Add(seed.pattern, seed.s)
	}
	f.Fuzz(func(t *testing.T, pattern, s string) {
		m, err := Compile([]string{pattern}, Options{})
		_, rerr := regexp.Compile(pattern)
		if (err == nil) != (rerr == nil) {
			t.Fatalf("Compile(%q) error %v, regexp error %v", pattern, err, rerr)
		}
		if err != nil {
			var pe *PatternError
			if !errors.As(err, &pe) || pe.Index != 0 {
				t.Fatalf("Compile(%q) error %v is not a *PatternError for index 0", pattern, err)
			}
			return
		}
		re, err := regexp.Compile(`\A(?:` + pattern + `)\z`)
		if err != nil {
			// An unterminated \Q quotes the wrapper's closing parenthesis: wrap the
			// canonical form of the parsed pattern instead.
			parsed, perr := syntax.Parse(pattern, syntax.Perl)
			if perr != nil {
				t.Fatalf("regexp parses %q, regexp/syntax does not: %v", pattern, perr)
			}
			re = regexp.MustCompile(`\A(?:` + parsed.String() + `)\z`)
		}
		if got, w := m.Accepting(s), want([]*regexp.Regexp{re}, s); !slices.Equal(got, w) {
			t.Fatalf("pattern %q: Accepting(%q) = %v, regexp says %v", pattern, s, got, w)
		}
		_, err = Explore([]string{pattern}, Options{MaxStates: 300}, func(path string, acc []int) bool {
			if w := want([]*regexp.Regexp{re}, path); !slices.Equal(acc, w) {
				t.Fatalf("pattern %q: Explore says %q accepted by %v, regexp says %v", pattern, path, acc, w)
			}
			return true
		})
		if err != nil {
			t.Fatalf("Explore(%q): %v", pattern, err)
		}
	})
}
