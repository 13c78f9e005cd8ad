package pathauto

import (
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"

	"pgregory.net/rapid"
)

// testAlphabet is small enough to brute-force and still has every kind of character the
// assertions and case folding care about: word and non-word characters, a case pair, a
// non-ASCII letter, the Kelvin sign (folds to k) and a newline.
var testAlphabet = []rune{'a', 'b', 'k', 'A', 'K', '/', '-', '1', '_', 'é', '\u212a', '\n'}

// genPattern draws a random RE2 pattern from a small grammar.
func genPattern(t *rapid.T, depth int) string {
	leaves := []string{
		"a", "b", "k", "/", "ab", "/a", "-", "K", "é",
		"[a-z]", "[^/]", "[ab]", ".", `\d`, `\w`, `\W`, "[[:alpha:]]", `\pL`, "[^a]",
		"^", "$", `\b`, `\B`, "(?m:^)", "(?m:$)", "(?s:.)", `\A`, `\z`, "",
	}
	if depth <= 0 {
		return rapid.SampledFrom(leaves).Draw(t, "leaf")
	}
	sub := func() string { return genPattern(t, depth-1) }
	switch rapid.IntRange(0, 10).Draw(t, "op") {
	case 0, 1:
		return rapid.SampledFrom(leaves).Draw(t, "leaf")
	case 2, 3:
		return sub() + sub()
	case 4:
		return "(?:" + sub() + "|" + sub() + ")"
	case 5:
		return "(?:" + sub() + ")" + rapid.SampledFrom([]string{"*", "+", "?", "*?"}).Draw(t, "quant")
	case 6:
		return "(?i:" + sub() + ")"
	case 7:
		lo := rapid.IntRange(0, 3).Draw(t, "lo")
		hi := lo + rapid.IntRange(0, 2).Draw(t, "span")
		return "(?:" + sub() + "){" + strconv.Itoa(lo) + "," + strconv.Itoa(hi) + "}"
	case 8:
		return "(" + sub() + ")" + sub()
	case 9:
		return sub() + "(?s:.*)"
	default:
		return sub() + "(?:/(?s:.*))?"
	}
}

// genPatterns draws one to four patterns.
func genPatterns(t *rapid.T) []string {
	n := rapid.IntRange(1, 4).Draw(t, "n")
	out := make([]string, n)
	for i := range out {
		out[i] = genPattern(t, rapid.IntRange(0, 3).Draw(t, "depth"))
	}
	return out
}

// oracle returns, for each pattern, the full-match regexp from the standard library.
func oracle(t interface{ Fatalf(string, ...any) }, patterns []string) []*regexp.Regexp {
	out := make([]*regexp.Regexp, len(patterns))
	for i, p := range patterns {
		re, err := regexp.Compile(`\A(?:` + p + `)\z`)
		if err != nil {
			t.Fatalf("oracle cannot compile %q: %v", p, err)
		}
		out[i] = re
	}
	return out
}

// want returns the indexes of the oracle regexps matching s.
func want(res []*regexp.Regexp, s string) []int {
	var out []int
	for i, re := range res {
		if re.MatchString(s) {
			out = append(out, i)
		}
	}
	return out
}

func TestPropertyMatcherAgreesWithRegexp(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		patterns := genPatterns(t)
		res := oracle(t, patterns)
		opts := Options{}
		if rapid.Bool().Draw(t, "customAlphabet") {
			opts.Alphabet = testAlphabet
		}
		m, err := Compile(patterns, opts)
		if err != nil {
			t.Fatalf("Compile(%q): %v", patterns, err)
		}
		for range 20 {
			s := string(rapid.SliceOfN(rapid.SampledFrom(append(testAlphabet, 'x', 'é', '.', '\u00ff')), 0, 8).Draw(t, "s"))
			if got, w := m.Accepting(s), want(res, s); !slices.Equal(got, w) {
				t.Fatalf("patterns %q, Accepting(%q) = %v, regexp says %v", patterns, s, got, w)
			}
		}
	})
}

func TestPropertyExploreWitnessesAgreeWithRegexp(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		patterns := genPatterns(t)
		res := oracle(t, patterns)
		opts := Options{MaxStates: 5000, MaxWork: 5_000_000}
		if rapid.Bool().Draw(t, "customAlphabet") {
			opts.Alphabet = testAlphabet
		}
		if rapid.Bool().Draw(t, "prefix") {
			opts.Prefix = "/"
		}
		seen := map[string]bool{}
		last := -1
		st, err := Explore(patterns, opts, func(path string, acc []int) bool {
			if !strings.HasPrefix(path, opts.Prefix) {
				t.Fatalf("patterns %q: path %q lacks prefix %q", patterns, path, opts.Prefix)
			}
			if n := utf8.RuneCountInString(path); n < last {
				t.Fatalf("patterns %q: path %q after a longer one: not breadth-first", patterns, path)
			} else {
				last = n
			}
			if seen[path] {
				t.Fatalf("patterns %q: path %q reported twice", patterns, path)
			}
			seen[path] = true
			if w := want(res, path); !slices.Equal(acc, w) {
				t.Fatalf("patterns %q: Explore says %q is accepted by %v, regexp says %v", patterns, path, acc, w)
			}
			return true
		})
		if err != nil {
			t.Fatalf("Explore(%q): %v", patterns, err)
		}
		if st.States != len(seen) {
			t.Fatalf("Stats.States = %d, visited %d", st.States, len(seen))
		}
	})
}

func TestPropertyExploreIsShortest(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		patterns := genPatterns(t)
		res := oracle(t, patterns)
		alphabet := testAlphabet[:rapid.IntRange(4, len(testAlphabet)).Draw(t, "alphabetSize")]
		best := map[string]int{} // signature -> shortest witness length, from Explore
		// Nested counted repetitions can make exponential automata; the limits keep every
		// case fast, and a capped case must say so and is then checked on its reported part.
		opts := Options{Alphabet: alphabet, MaxStates: 20000, MaxWork: 20_000_000}
		maxDepth := -1 // length of the longest witness when capped, -1 when complete
		st, err := Explore(patterns, opts, func(path string, acc []int) bool {
			k := signature(acc)
			if _, ok := best[k]; !ok {
				best[k] = utf8.RuneCountInString(path)
			}
			maxDepth = utf8.RuneCountInString(path)
			return true
		})
		if err != nil {
			t.Fatalf("Explore(%q): %v", patterns, err)
		}
		if st.Complete {
			maxDepth = -1
		} else if st.Reason == "" {
			t.Fatalf("Explore(%q) incomplete without a reason: %+v", patterns, st)
		}
		// Brute force every string over the whole alphabet (not only the representatives,
		// so the partition is tested too), shortest first.
		maxLen := 4
		if len(alphabet) > 8 {
			maxLen = 3
		}
		level := []string{""}
		for n := 0; n <= maxLen; n++ {
			var nextLevel []string
			for _, s := range level {
				if maxDepth >= 0 && n >= maxDepth {
					break // a capped exploration proves nothing about strings this long
				}
				k := signature(want(res, s))
				got, ok := best[k]
				if !ok {
					t.Fatalf("patterns %q: %q is accepted by %s, a set Explore never reports", patterns, s, k)
				}
				if got > n {
					t.Fatalf("patterns %q: Explore's shortest witness for %s has %d runes, %q has %d", patterns, k, got, s, n)
				}
				if n < maxLen {
					for _, r := range alphabet {
						nextLevel = append(nextLevel, s+string(r))
					}
				}
			}
			level = nextLevel
		}
	})
}

// signature renders an accepting set as a map key.
func signature(acc []int) string {
	parts := make([]string, len(acc))
	for i, a := range acc {
		parts[i] = strconv.Itoa(a)
	}
	return "{" + strings.Join(parts, ",") + "}"
}
