package pathauto

import (
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestDefaultAlphabet(t *testing.T) {
	a := DefaultAlphabet()
	for _, r := range []rune{'?', '#', ' ', '\n', '\t'} {
		if slices.Contains(a, r) {
			t.Errorf("DefaultAlphabet contains %q, which a client cannot send in a normalized path", r)
		}
	}
	for _, r := range []rune{'/', '%', '.', '-', '_', '~', 'a', 'Z', '0', ';', 'é'} {
		if !slices.Contains(a, r) {
			t.Errorf("DefaultAlphabet lacks %q", r)
		}
	}
	if a[0] != 'a' {
		t.Errorf("DefaultAlphabet starts with %q, want 'a' (witnesses prefer lowercase letters)", a[0])
	}
	sorted := slices.Clone(a)
	slices.Sort(sorted)
	if len(slices.Compact(sorted)) != len(a) {
		t.Error("DefaultAlphabet has duplicates")
	}
	a[0] = 'X'
	if DefaultAlphabet()[0] != 'a' {
		t.Error("DefaultAlphabet returns a shared slice")
	}
}

func TestPartition(t *testing.T) {
	tests := []struct {
		name     string
		patterns []string
		alphabet string
		// want lists each class's members, representative first, classes in alphabet order.
		want []string
	}{
		{
			name:     "literal splits its character off",
			patterns: []string{`/a`},
			alphabet: "abA/-",
			want:     []string{"a", "bA-", "/"},
		},
		{
			name:     "case folding keeps a case pair together",
			patterns: []string{`(?i:/a)`},
			alphabet: "abA/-",
			want:     []string{"aA", "b-", "/"},
		},
		{
			name:     "case-sensitive and insensitive literals split the pair",
			patterns: []string{`(?i:a)`, `a`},
			alphabet: "abA/-",
			want:     []string{"a", "b/-", "A"},
		},
		{
			name:     "Kelvin sign folds with k",
			patterns: []string{`(?i:k)`},
			alphabet: "kK\u212ax",
			want:     []string{"kK\u212a", "x"},
		},
		{
			name:     "negated class",
			patterns: []string{`/[^/]+`},
			alphabet: "ab/-.",
			want:     []string{"ab-.", "/"},
		},
		{
			name:     "word boundary splits word characters",
			patterns: []string{`/x\b`},
			alphabet: "ab_/-.1x",
			want:     []string{"ab_1", "/", "-.", "x"},
		},
		{
			name:     "multi-line anchors split the newline",
			patterns: []string{`(?m:^a)`},
			alphabet: "ab\n",
			want:     []string{"a", "b", "\n"},
		},
		{
			name:     "readable representative",
			patterns: []string{`/`},
			alphabet: "/%-0Za",
			want:     []string{"/", "a%-0Z"},
		},
		{
			name:     "unicode letter class",
			patterns: []string{`\pL`},
			alphabet: "aé1/",
			want:     []string{"aé", "1/"},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			m, err := compileMachine(tc.patterns, Options{Alphabet: []rune(tc.alphabet)})
			if err != nil {
				t.Fatal(err)
			}
			got := make([]string, len(m.part.reps))
			for c, rep := range m.part.reps {
				var b strings.Builder
				b.WriteRune(rep)
				for _, r := range tc.alphabet {
					if r != rep && m.part.classOf(r) == int32(c) {
						b.WriteRune(r)
					}
				}
				got[c] = b.String()
			}
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("classes (-want +got):\n%s", diff)
			}
		})
	}
}
