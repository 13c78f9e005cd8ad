package load

import (
	"github.com/google/go-cmp/cmp"

	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	yaml "go.yaml.in/yaml/v3"
)

// fullParse parses data with go.yaml.in/yaml/v3 alone: the root node of its only
// document, or ok false when it is not exactly one document.
func fullParse(data []byte) (*yaml.Node, bool) {
	dec := yaml.NewDecoder(bytes.NewReader(data))
	var doc yaml.Node
	if err := dec.Decode(&doc); err != nil || doc.Kind != yaml.DocumentNode || len(doc.Content) == 0 {
		return nil, false
	}
	var more yaml.Node
	if err := dec.Decode(&more); !errors.Is(err, io.EOF) {
		return nil, false
	}
	return doc.Content[0], true
}

// sameTree describes the first difference between two node trees in what the loader
// reads (kind, tag, style, value, line, column, children), or returns "".
func sameTree(a, b *yaml.Node, path string) string {
	if a.Kind != b.Kind || a.Tag != b.Tag || a.Style != b.Style || a.Value != b.Value ||
		a.Line != b.Line || a.Column != b.Column || len(a.Content) != len(b.Content) || a.Alias != nil || b.Alias != nil {
		return fmt.Sprintf("%s: fast {kind %d tag %s style %d value %q at %d:%d, %d children} full {kind %d tag %s style %d value %q at %d:%d, %d children}",
			path, a.Kind, a.Tag, a.Style, a.Value, a.Line, a.Column, len(a.Content), b.Kind, b.Tag, b.Style, b.Value, b.Line, b.Column, len(b.Content))
	}
	for i := range a.Content {
		if d := sameTree(a.Content[i], b.Content[i], fmt.Sprintf("%s/%d", path, i)); d != "" {
			return d
		}
	}
	return ""
}

// checkFast fails when fastParse accepts data that go.yaml.in/yaml/v3 refuses or reads
// differently.
func checkFast(t *testing.T, data []byte) (accepted bool) {
	t.Helper()
	fast, ok := fastParse(data, 0)
	if !ok {
		return false
	}
	full, fullOK := fullParse(data)
	if !fullOK {
		t.Fatalf("fast parser accepted what yaml.v3 refuses:\n%s", data)
	}
	if d := sameTree(fast, full, ""); d != "" {
		t.Fatalf("trees differ at %s in:\n%s", d, data)
	}
	return true
}

// TestFastParse checks, case by case, that the fast parser either reads a document as
// go.yaml.in/yaml/v3 does or leaves it to it.
func TestFastParse(t *testing.T) {
	cases := []struct {
		name   string
		doc    string
		accept bool
	}{
		{"mapping", "a: b\nc: 1\n", true},
		{"document start", "---\napiVersion: v1\nkind: Service\n", true},
		{"nested", "a:\n  b: c\n  d:\n    e: f\ng: h\n", true},
		{"sequence at key indentation", "a:\n- x\n- y: 1\n  z: 2\nb: c\n", true},
		{"indented sequence", "a:\n  - x\n  - 'y'\nb: \"c\"\n", true},
		{"compact mapping with more spaces", "a:\n-   x: 1\n    y: 2\n", true},
		{"scalars resolved", "a: true\nb: 1.5\nc: null\nd: ~\ne: 0x1F\nf: yes\ng: \"1\"\nh: 2026-01-01\n", true},
		{"numbers", "a: 0\nb: 007\nc: 08\nd: 123456789012345678901\ne: +1\nf: 1_000\ng: 1e3\nh: .5\ni: 9223372036854775807\nj: 0b11\n", true},
		{"words", "a: Yes\nb: y\nc: TRUE\nd: False\ne: Null\nf: nothing\ng: .inf\nh: 2001-12-14t21:59:43.10-05:00\n", true},
		{"plain with colons and brackets", "a: http://x/[0-9]+\nb: a:b\nc: x, y\n", true},
		{"empty collections", "a: {}\nb: []\nc:\n- {}\n", true},
		{"blank lines and trailing spaces", "a: b   \n\n   \nc:\n\n  d: e\n", true},
		{"merge key", "<<: x\n", true},
		{"no final newline", "a: b", true},
		{"comment after content", "a: b # c\n", false},
		{"hash in a value", "a: \"b#c\"\n", false},
		{"comment lines", "---\n# Source: chart/templates/x.yaml\na: b\n  # indented\nc:\n# between\n- d\n    # deeper\ne:\n  f: 1\n#\n", true},
		{"only comments", "# a\n# b\n", false},
		{"flow mapping", "a: {b: c}\n", false},
		{"flow sequence", "a: [b]\n", false},
		{"anchor", "a: &x b\n", false},
		{"alias", "a: *x\n", false},
		{"tag", "a: !!str b\n", false},
		{"block scalar", "a: |\n  b\n", false},
		{"multi-line plain", "a: b\n  c\n", false},
		{"multi-line entry", "a:\n- b\n  c\n", false},
		{"empty value", "a:\nb: c\n", false},
		{"empty entry", "a:\n-\n  b: c\n", false},
		{"nested compact sequence", "a:\n- - b\n", false},
		{"quoted key", "\"a\": b\n", false},
		{"escape", "a: \"b\\n\"\n", false},
		{"doubled quote", "a: 'b''c'\n", false},
		{"second document", "a: b\n---\nc: d\n", false},
		{"document end", "a: b\n...\n", false},
		{"tab", "a:\tb\n", false},
		{"carriage return", "a: b\r\n", false},
		{"non-ASCII", "a: é\n", false},
		{"root sequence", "- a\n", false},
		{"root scalar", "a\n", false},
		{"empty", "", false},
		{"only document start", "---\n", false},
		{"mapping in value", "a: b: c\n", false},
		{"key indented too far", "a: b\n  c: d\n", false},
		{"dedent to nowhere", "a:\n    b: c\n  d: e\n", false},
		{"entry at mapping indentation", "a: b\n- c\n", false},
		{"negative number", "a: -1\n", false},
		{"quote then text", "a: \"b\" c\n", false},
		{"space before colon", "a : b\n", false},
		{"key without space", "a:b: c\n", false},
		{"directive", "%YAML 1.2\n---\na: b\n", false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := checkFast(t, []byte(c.doc)); got != c.accept {
				t.Errorf("fast parser accepted = %v, want %v", got, c.accept)
			}
		})
	}
}

// TestFastParseLineOffset checks that lineOffset moves every line.
func TestFastParseLineOffset(t *testing.T) {
	n, ok := fastParse([]byte("---\na:\n- b\n"), 10)
	if !ok {
		t.Fatal("not accepted")
	}
	if n.Line != 12 || n.Content[1].Line != 13 || n.Content[1].Content[0].Line != 13 {
		t.Errorf("lines %d %d %d, want 12 13 13", n.Line, n.Content[1].Line, n.Content[1].Content[0].Line)
	}
}

// TestFastParseTestdata checks every document of the testdata inputs and of the
// benchmark generator against go.yaml.in/yaml/v3.
func TestFastParseTestdata(t *testing.T) {
	if forEachTestdataDocument(t, checkFast) == 0 {
		t.Error("the fast parser accepted no testdata document")
	}
}

// forEachTestdataDocument runs check on every document of testdata/*.yaml and of the
// benchmark generator's output, and returns how many check accepted.
func forEachTestdataDocument(t *testing.T, check func(*testing.T, []byte) bool) int {
	t.Helper()
	inputs, err := filepath.Glob("testdata/*.yaml")
	if err != nil {
		t.Fatal(err)
	}
	all := [][]byte{ingresses(20), blockIngresses(20)}
	for _, in := range inputs {
		data, err := os.ReadFile(in)
		if err != nil {
			t.Fatal(err)
		}
		all = append(all, data)
	}
	accepted := 0
	for _, data := range all {
		for _, c := range splitDocuments(data) {
			if check(t, c.data) {
				accepted++
			}
		}
	}
	return accepted
}

// FuzzFastParse checks that whatever the fast parser accepts, go.yaml.in/yaml/v3 reads
// as the same tree.
func FuzzFastParse(f *testing.F) {
	for _, s := range []string{
		"a: b\nc:\n- d: 1\n  e: [] \n- 'f'\ng:\n  h: \"i\"\n",
		"---\nspec:\n  rules:\n  - host: x\n    http:\n      paths:\n      - path: /\n",
		"a:\n    - b\n    - c: d\n      e: f\n",
		"---\n# Source: x\na:\n  # c\n  b: 1\n",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		if strings.Count(string(data), "\n") > 200 {
			return
		}
		checkFast(t, data)
	})
}

// checkConvert fails when fastConvert renders data differently from convert on the tree
// fastParse builds (JSON, value starts, field lines, repeated keys, apiVersion, kind).
func checkConvert(t *testing.T, data []byte) (accepted bool) {
	t.Helper()
	got, p, ok := fastConvert("f.yaml", data, 3)
	if !ok {
		return false
	}
	defer got.release()
	root, ok := fastParse(data, 3)
	if !ok {
		t.Fatalf("fastConvert accepted what fastParse refuses:\n%s", data)
	}
	want, err := convert("f.yaml", root)
	if err != nil {
		t.Fatalf("fastConvert accepted what convert refuses (%v):\n%s", err, data)
	}
	defer want.release()
	if string(got.json) != string(want.json) {
		t.Fatalf("JSON %s, want %s, for:\n%s", got.json, want.json, data)
	}
	type start struct {
		off        int
		path, what string
	}
	starts := func(c *converted) (s []start) {
		for _, v := range c.starts {
			s = append(s, start{v.off, c.paths.path(v.rec), v.what})
		}
		return s
	}
	lines := func(c *converted) map[string]int {
		m := map[string]int{}
		c.lines.each(func(p string, l int) { m[p] = l })
		return m
	}
	if diff := cmp.Diff(starts(want), starts(got), cmp.AllowUnexported(start{})); diff != "" {
		t.Fatalf("value starts (-want +got):\n%s\nfor:\n%s", diff, data)
	}
	if diff := cmp.Diff(lines(want), lines(got)); diff != "" {
		t.Fatalf("lines (-want +got):\n%s\nfor:\n%s", diff, data)
	}
	if diff := cmp.Diff(want.dups, got.dups); diff != "" {
		t.Fatalf("dups (-want +got):\n%s\nfor:\n%s", diff, data)
	}
	if p.apiVersion != scalarAt(root, "apiVersion") || p.kind != scalarAt(root, "kind") || p.rootLine != root.Line {
		t.Fatalf("apiVersion %q kind %q line %d, want %q %q %d, for:\n%s", p.apiVersion, p.kind, p.rootLine,
			scalarAt(root, "apiVersion"), scalarAt(root, "kind"), root.Line, data)
	}
	return true
}

// TestFastConvert checks fastConvert against convert case by case.
func TestFastConvert(t *testing.T) {
	cases := []struct {
		name   string
		doc    string
		accept bool
	}{
		{"object", "---\napiVersion: v1\nkind: Service\nmetadata:\n  name: a\nspec:\n  ports:\n  - port: 80\n    name: http\n  - {}\n  selector: {}\n", true},
		{"scalars", "a: yes\nb: \"yes\"\nc: 0x1F\nd: 1.5e3\ne: null\nf: 'x\"y'\ng: []\nh:\n- 1\n- b\n", true},
		{"repeated keys", "a: 1\nb:\n- x\na: 2\nb:\n- y\na: 3\n", true},
		{"kind not a scalar", "kind:\n  a: b\napiVersion: v1\nkind: Service\n", true},
		{"merge key", "<<: x\n", false},
		{"big number", "a: 123456789012345678901234567890\n", true},
		{"infinity", "a: -.inf\nb: .Inf\n", false},
		{"not a number", "a: .nan\n", false},
		{"outside the fast subset", "a: [b]\n", false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := checkConvert(t, []byte(c.doc)); got != c.accept {
				t.Errorf("fastConvert accepted = %v, want %v", got, c.accept)
			}
		})
	}
}

// TestFastConvertTestdata checks every document of the testdata inputs and of the
// benchmark generator.
func TestFastConvertTestdata(t *testing.T) {
	if forEachTestdataDocument(t, checkConvert) == 0 {
		t.Error("fastConvert accepted no testdata document")
	}
}

// FuzzFastConvert checks that whatever fastConvert accepts, convert renders the same
// from the tree of fastParse.
func FuzzFastConvert(f *testing.F) {
	for _, s := range []string{
		"apiVersion: v1\nkind: Service\na: b\nc:\n- d: 1\n  e: [] \n- 'f'\ng:\n  h: \"i\"\n",
		"---\nspec:\n  rules:\n  - host: x\n    http:\n      paths:\n      - path: /\n",
		"a: 1\na: 2\nb: true\nc: ~\n",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		if strings.Count(string(data), "\n") > 200 {
			return
		}
		checkConvert(t, data)
	})
}
