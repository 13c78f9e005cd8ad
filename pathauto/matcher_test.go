package pathauto

import (
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestMatcherAccepting(t *testing.T) {
	type probe struct {
		s    string
		want []int
	}
	tests := []struct {
		name     string
		patterns []string
		probes   []probe
	}{
		{
			name:     "case-insensitive literal and its fold orbit",
			patterns: []string{`(?i:/API)`, `(?i:k)`, `/api`},
			probes: []probe{
				{"/api", []int{0, 2}}, {"/ApI", []int{0}}, {"/apx", nil},
				{"k", []int{1}}, {"K", []int{1}}, {"\u212a", []int{1}}, // Kelvin sign folds to k
			},
		},
		{
			name:     "word boundary at the start",
			patterns: []string{`\b/a`, `\ba`, `\B/a`, `a\b`},
			probes:   []probe{{"/a", []int{2}}, {"a", []int{1, 3}}},
		},
		{
			name:     "end of text inside a prefix pattern",
			patterns: []string{`(?:/foo$)(?s:.*)`, `(?:/foo)(?s:.*)`},
			probes:   []probe{{"/foo", []int{0, 1}}, {"/foo/x", []int{1}}, {"/fo", nil}},
		},
		{
			// Regression: a pending assertion state once aliased the next state's key.
			name:     "end of text pending beside a literal",
			patterns: []string{`(?:aa|b$)a`, `a`},
			probes:   []probe{{"aaa", []int{0}}, {"ba", nil}, {"a", []int{1}}},
		},
		{
			name:     "empty pattern",
			patterns: []string{``},
			probes:   []probe{{"", []int{0}}, {"/", nil}},
		},
		{
			name:     "dot and newline",
			patterns: []string{`.*`, `(?s:.*)`, `/a.b`},
			probes: []probe{
				{"", []int{0, 1}}, {"/x", []int{0, 1}}, {"a\nb", []int{1}},
				{"/a-b", []int{0, 1, 2}}, {"/a\nb", []int{1}},
			},
		},
		{
			name:     "multi-line anchors",
			patterns: []string{`(?m:a$\n^b)`, `(?m:^a$)`},
			probes:   []probe{{"a\nb", []int{0}}, {"a", []int{1}}, {"ab", nil}},
		},
		{
			name:     "unicode letter class",
			patterns: []string{`/\pL+`, `/[^/]+`, `/\w+`},
			probes:   []probe{{"/é", []int{0, 1}}, {"/a", []int{0, 1, 2}}, {"/1", []int{1, 2}}, {"/a/b", nil}},
		},
		{
			name:     "huge counted repetition",
			patterns: []string{`x{1000}`},
			probes: []probe{
				{strings.Repeat("x", 1000), []int{0}}, {strings.Repeat("x", 999), nil},
				{strings.Repeat("x", 1001), nil},
			},
		},
		{
			name:     "characters outside the alphabet",
			patterns: []string{`/a b`, `/[^/]*`, `/\x{1F600}`},
			probes:   []probe{{"/a b", []int{0, 1}}, {"/?#", []int{1}}, {"/\U0001F600", []int{1, 2}}},
		},
		{
			name:     "invalid UTF-8 is the replacement character",
			patterns: []string{`/\x{FFFD}`, `/.`},
			probes:   []probe{{"/\xff", []int{0, 1}}},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			m, err := Compile(tc.patterns, Options{})
			if err != nil {
				t.Fatal(err)
			}
			res := oracle(t, tc.patterns)
			for _, p := range tc.probes {
				if diff := cmp.Diff(p.want, m.Accepting(p.s)); diff != "" {
					t.Errorf("Accepting(%q) (-want +got):\n%s", p.s, diff)
				}
				if diff := cmp.Diff(p.want, want(res, p.s)); diff != "" {
					t.Errorf("table disagrees with regexp on %q (-table +regexp):\n%s", p.s, diff)
				}
			}
		})
	}
}

func TestCompileErrors(t *testing.T) {
	tests := []struct {
		name     string
		patterns []string
		opts     Options
		index    int // of the PatternError; -1 for an options error
	}{
		{name: "lookahead", patterns: []string{`/ok`, `/a(?=b)`}, index: 1},
		{name: "lookbehind", patterns: []string{`(?<=a)b`}, index: 0},
		{name: "backreference", patterns: []string{`/ok`, `/ok`, `(a)\1`}, index: 2},
		{name: "possessive quantifier", patterns: []string{`a*+`}, index: 0},
		{name: "unbalanced parenthesis", patterns: []string{`/a)`}, index: 0},
		{name: "repetition too large", patterns: []string{`(?:x{1000}){1000}`}, index: 0},
		{name: "negative MaxStates", patterns: []string{`/a`}, opts: Options{MaxStates: -1}, index: -1},
		{name: "invalid alphabet rune", patterns: []string{`/a`}, opts: Options{Alphabet: []rune{'a', -5}}, index: -1},
		{name: "invalid prefix", patterns: []string{`/a`}, opts: Options{Prefix: "/\xff"}, index: -1},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, errC := Compile(tc.patterns, tc.opts)
			_, errE := Explore(tc.patterns, tc.opts, func(string, []int) bool { return true })
			for _, err := range []error{errC, errE} {
				if tc.index < 0 {
					if !errors.Is(err, ErrOptions) {
						t.Fatalf("error %v, want ErrOptions", err)
					}
					continue
				}
				var pe *PatternError
				if !errors.As(err, &pe) {
					t.Fatalf("error %v, want *PatternError", err)
				}
				if pe.Index != tc.index || pe.Pattern != tc.patterns[tc.index] || pe.Err == nil {
					t.Fatalf("PatternError %+v, want index %d pattern %q", pe, tc.index, tc.patterns[tc.index])
				}
				if _, rerr := regexp.Compile(pe.Pattern); rerr == nil {
					t.Fatalf("regexp accepts %q that Compile rejected", pe.Pattern)
				}
				if !strings.Contains(pe.Error(), strconv.Quote(pe.Pattern)) {
					t.Fatalf("Error() %q does not name the pattern", pe.Error())
				}
			}
		})
	}
}

func TestMatcherConcurrentUse(t *testing.T) {
	patterns := hostPatterns(20)
	m, err := Compile(patterns, Options{})
	if err != nil {
		t.Fatal(err)
	}
	res := oracle(t, patterns)
	paths := []string{"/svc0/healthz0", "/API/V7/users3/x/y", "/svc1/v1/items/a", "/svc2/static2.css", "/nope"}
	done := make(chan error, 4)
	for g := range 4 {
		go func() {
			for i := range 200 {
				p := paths[(i+g)%len(paths)]
				if got, w := m.Accepting(p), want(res, p); !cmp.Equal(got, w) {
					done <- fmt.Errorf("Accepting(%q) = %v, regexp says %v", p, got, w)
					return
				}
			}
			done <- nil
		}()
	}
	for range 4 {
		if err := <-done; err != nil {
			t.Error(err)
		}
	}
}
