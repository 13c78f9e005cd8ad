package probe_test

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"github.com/ingress-parity/ingress-parity/probe"
)

// FuzzDecodePlan holds DecodePlan to errors, never panics, on any input; a plan it accepts
// writes and reads back.
func FuzzDecodePlan(f *testing.F) {
	for _, seed := range []string{"testdata/fake.plan.json", "testdata/live.plan.json"} {
		b, err := os.ReadFile(seed)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Add([]byte(`{"version":1,"probes":[{"id":"a","request":{"method":"GET","scheme":"http","host":"h","path":"/"}}]}`))
	f.Add([]byte(`{"version":1,"probes":[{"id":"a","request":{"method":"GET","scheme":"http","host":"h","path":"/"},"proxy":{"source":"203.0.113.7","new":{"source":"2001:db8::7","version":2}}}]}`))
	f.Fuzz(func(t *testing.T, doc []byte) {
		p, err := probe.DecodePlan(bytes.NewReader(doc))
		if err != nil {
			return
		}
		var buf bytes.Buffer
		if err := p.Write(&buf); err != nil {
			t.Fatal(err)
		}
		if _, err := probe.DecodePlan(&buf); err != nil {
			t.Fatalf("accepted plan does not read back: %v\n%s", err, buf.String())
		}
	})
}

// FuzzReadCorpus holds the access-log and HAR readers to errors, never panics; every probe
// they yield is a valid request.
func FuzzReadCorpus(f *testing.F) {
	for _, seed := range []string{"testdata/access.log", "testdata/corpus.har"} {
		b, err := os.ReadFile(seed)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Fuzz(func(t *testing.T, doc []byte) {
		path := filepath.Join(t.TempDir(), "corpus")
		if err := os.WriteFile(path, doc, 0o600); err != nil {
			t.Fatal(err)
		}
		for p, err := range probe.ReadCorpus(path, probe.CorpusOptions{Host: "h.example.com"}) {
			if err != nil {
				continue
			}
			if err := p.Request.Validate(); err != nil {
				t.Fatalf("corpus yielded an invalid request %+v: %v", p.Request, err)
			}
		}
	})
}
