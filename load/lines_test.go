package load

import (
	"strconv"
	"strings"

	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestFieldLines checks the compact line table against the map semantics it replaces:
// a repeated key keeps its first line and records its second in dups, a repeated
// sequence item keeps its last line.
func TestFieldLines(t *testing.T) {
	type rec struct {
		parent    int
		sep       byte
		elem      string
		index     int
		line      int
		overwrite bool
	}
	cases := []struct {
		name      string
		recs      []rec
		wantLines map[string]int
		wantDups  map[string]int
	}{
		{
			name: "nested paths",
			recs: []rec{
				{-1, '.', "spec", -1, 1, false},
				{0, '.', "rules", -1, 2, false},
				{1, 0, "", 0, 3, true},
				{2, '.', "host", -1, 3, false},
				{1, 0, "", 12, 9, true},
			},
			wantLines: map[string]int{"spec": 1, "spec.rules": 2, "spec.rules[0]": 3, "spec.rules[0].host": 3, "spec.rules[12]": 9},
		},
		{
			name: "repeated key",
			recs: []rec{
				{-1, '.', "a", -1, 1, false},
				{-1, '.', "a", -1, 2, false},
				{-1, '.', "a", -1, 3, false},
			},
			wantLines: map[string]int{"a": 1},
			wantDups:  map[string]int{"a": 2},
		},
		{
			name: "repeated sequence item",
			recs: []rec{
				{-1, '.', "a", -1, 1, false},
				{0, 0, "", 0, 2, true},
				{-1, '.', "a", -1, 3, false},
				{2, 0, "", 0, 4, true},
			},
			wantLines: map[string]int{"a": 1, "a[0]": 4},
			wantDups:  map[string]int{"a": 3},
		},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var b lineBuilder
			for _, r := range c.recs {
				b.add(r.parent, r.sep, r.elem, r.index, r.line, r.overwrite)
			}
			lines, dups := b.finish()
			got := map[string]int{}
			lines.each(func(p string, l int) { got[p] = l })
			if diff := cmp.Diff(c.wantLines, got); diff != "" {
				t.Errorf("lines (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(c.wantDups, dups); diff != "" {
				t.Errorf("dups (-want +got):\n%s", diff)
			}
			for p, want := range c.wantLines {
				if l, ok := lines.lookup(p); !ok || l != want {
					t.Errorf("lookup(%q) = %d, %v; want %d", p, l, ok, want)
				}
			}
			if _, ok := lines.lookup("missing"); ok {
				t.Error("lookup of a missing path succeeded")
			}
		})
	}
}

// TestPathAtAfterFinish checks that the JSON offsets still map to their paths once the
// line table is built (finish must not reorder the records the offsets point at).
func TestPathAtAfterFinish(t *testing.T) {
	root, ok := fastParse([]byte("b: 1\na:\n- x: 2\n  w: true\n"), 0)
	if !ok {
		t.Fatal("not parsed")
	}
	conv, err := convert("f.yaml", root)
	if err != nil {
		t.Fatal(err)
	}
	defer conv.release()
	for _, c := range []struct{ value, path, what string }{
		{"1", "b", "number"},
		{"2", "a[0].x", "number"},
		{"true", "a[0].w", "boolean"},
	} {
		off := strings.Index(string(conv.json), ":"+c.value) + 1
		if p, what, ok := conv.pathAt(off + 1); !ok || p != c.path || what != c.what {
			t.Errorf("pathAt(%d) in %s = %q, %q, %v; want %q, %q", off+1, conv.json, p, what, ok, c.path, c.what)
		}
	}
}

// TestFieldLinesLarge checks an object with more paths than the 16-bit table holds.
func TestFieldLinesLarge(t *testing.T) {
	for _, n := range []int{10, 1<<16 - 2, 1 << 16, 70000} {
		var b lineBuilder
		items := b.add(-1, '.', "items", -1, 1, false)
		for i := 0; i < n; i++ {
			b.add(items, 0, "", i, i+2, true)
		}
		lines, _ := b.finish()
		for _, i := range []int{0, n / 2, n - 1} {
			p := "items[" + strconv.Itoa(i) + "]"
			if l, ok := lines.lookup(p); !ok || l != i+2 {
				t.Errorf("%d paths: lookup(%q) = %d, %v; want %d", n+1, p, l, ok, i+2)
			}
		}
		if _, ok := lines.lookup("items[" + strconv.Itoa(n) + "]"); ok {
			t.Errorf("%d paths: found a path never recorded", n+1)
		}
	}
}
