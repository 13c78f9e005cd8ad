package load

import (
	"errors"
	"os"
	"path/filepath"
	"testing"
)

// FuzzLoadBytes checks that LoadBytes never panics or hangs, and that every failure is an
// *Error naming the file. The seed corpus is every input under testdata plus a few
// hostile documents.
func FuzzLoadBytes(f *testing.F) {
	files, err := filepath.Glob("testdata/*")
	if err != nil {
		f.Fatal(err)
	}
	for _, name := range files {
		if ext := filepath.Ext(name); ext != ".yaml" && ext != ".json" {
			continue
		}
		data, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	f.Add([]byte("a: &a [*a, *a]\n"))
	f.Add([]byte("apiVersion: v1\nkind: ConfigMap\nmetadata: &m {name: x, labels: *m}\n"))
	f.Add([]byte("apiVersion: v1\nkind: List\nitems: [{apiVersion: v1, kind: List, items: [{apiVersion: v1, kind: List, items: []}]}]\n"))
	f.Add([]byte("apiVersion: v1\nkind: Secret\nmetadata: {name: s}\ndata: {a: '!!'}\n"))
	f.Add([]byte("{\"apiVersion\": \"v1\", \"kind\": \"Service\", \"spec\": {\"ports\": [{\"port\": 1e400}]}}"))
	f.Add([]byte("x: !!binary aGk=\n? [a]\n: b\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		r, err := LoadBytes("fuzz.yaml", data)
		if err != nil {
			var le *Error
			if !errors.As(err, &le) || le.File != "fuzz.yaml" {
				t.Fatalf("error %v is not an *Error naming fuzz.yaml", err)
			}
			return
		}
		if r == nil {
			t.Fatal("nil Resources without error")
		}
	})
}
