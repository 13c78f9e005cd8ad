package probe_test

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/ingress-parity/ingress-parity/probe"
)

func TestParseTarget(t *testing.T) {
	tests := []struct {
		name, spec string
		want       probe.Target
		err        string
	}{
		{name: "http only", spec: "http://127.0.0.1:8080", want: probe.Target{Name: "old", HTTP: "127.0.0.1:8080"}},
		{name: "both ports", spec: "http://10.0.0.1,https://10.0.0.1:8443", want: probe.Target{Name: "old", HTTP: "10.0.0.1:80", HTTPS: "10.0.0.1:8443"}},
		{name: "name and default https port", spec: "https://gw.internal", want: probe.Target{Name: "old", HTTPS: "gw.internal:443"}},
		{name: "path refused", spec: "http://a/b", err: "scheme://host[:port] only"},
		{name: "scheme refused", spec: "ftp://a", err: "http or https"},
		{name: "empty", spec: "", err: "empty"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := probe.ParseTarget("old", tt.spec)
			if tt.err != "" {
				if err == nil || !strings.Contains(err.Error(), tt.err) {
					t.Fatalf("err = %v, want %q", err, tt.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if d := cmp.Diff(tt.want, got); d != "" {
				t.Errorf("(-want +got):\n%s", d)
			}
		})
	}
}

func TestIgnoreRule(t *testing.T) {
	tests := []struct {
		rule, class, field string
		want               bool
	}{
		{rule: "header:Cache-Control", class: "route", field: "header:Cache-Control", want: true},
		{rule: "corpus=body", class: "corpus", field: "body", want: true},
		{rule: "corpus=body", class: "route", field: "body", want: false},
		{rule: "boundary/*=upstream:*", class: "boundary/double-slash", field: "upstream:path", want: true},
		{rule: "upstream:*", class: "route", field: "status", want: false},
	}
	for _, tt := range tests {
		t.Run(tt.rule+" "+tt.class+" "+tt.field, func(t *testing.T) {
			r, err := probe.ParseIgnoreRule(tt.rule)
			if err != nil {
				t.Fatal(err)
			}
			if got := r.Matches(tt.class, tt.field); got != tt.want {
				t.Errorf("Matches = %v, want %v", got, tt.want)
			}
		})
	}
	if _, err := probe.ParseIgnoreRule("route=[bad"); err == nil {
		t.Error("bad glob accepted")
	}
}

func TestDecodePlanErrors(t *testing.T) {
	tests := []struct {
		name, doc, want string
	}{
		{name: "version", doc: `{"version":2,"probes":[]}`, want: "version 2"},
		{name: "unknown field", doc: `{"version":1,"probes":[],"extra":1}`, want: "unknown field"},
		{name: "duplicate id", doc: `{"version":1,"probes":[{"id":"a","request":{"method":"GET","scheme":"http","host":"h","path":"/"}},{"id":"a","request":{"method":"GET","scheme":"http","host":"h","path":"/"}}]}`, want: "probes[1].id \"a\" repeats probes[0]"},
		{name: "relative path", doc: `{"version":1,"probes":[{"id":"a","request":{"method":"GET","scheme":"http","host":"h","path":"x"}}]}`, want: "probes[0] (a).request: path \"x\""},
		{name: "host header", doc: `{"version":1,"probes":[{"id":"a","request":{"method":"GET","scheme":"http","host":"h","path":"/","headers":{"host":"x"}}}]}`, want: "set request.host"},
		{name: "cert without key", doc: `{"version":1,"probes":[{"id":"a","request":{"method":"GET","scheme":"https","host":"h","path":"/"},"identity":{"kind":"client-cert","clientCertFile":"c.pem"}}]}`, want: "go together"},
		{name: "not JSON", doc: `version: 1`, want: "decode plan"},
		{name: "PROXY source not an address", doc: `{"version":1,"probes":[{"id":"a","request":{"method":"GET","scheme":"http","host":"h","path":"/"},"proxy":{"old":{"source":"lb.internal"}}}]}`, want: "probes[0] (a).proxy: old.source \"lb.internal\": invalid PROXY protocol header: want an IPv4 or IPv6 address"},
		{name: "PROXY version 3", doc: `{"version":1,"probes":[{"id":"a","request":{"method":"GET","scheme":"http","host":"h","path":"/"},"proxy":{"source":"10.0.0.1","version":3}}]}`, want: "probes[0] (a).proxy: version 3"},
		{name: "PROXY without header", doc: `{"version":1,"probes":[{"id":"a","request":{"method":"GET","scheme":"http","host":"h","path":"/"},"proxy":{}}]}`, want: "probes[0] (a).proxy: names no header"},
		{name: "PROXY unknown field", doc: `{"version":1,"probes":[{"id":"a","request":{"method":"GET","scheme":"http","host":"h","path":"/"},"proxy":{"src":"10.0.0.1"}}]}`, want: "unknown field \"src\""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := probe.DecodePlan(strings.NewReader(tt.doc))
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("err = %v, want %q", err, tt.want)
			}
		})
	}
}

func corpusIDs(t *testing.T, path string, opts probe.CorpusOptions) ([]string, []error) {
	t.Helper()
	var got []string
	var errs []error
	for p, err := range probe.ReadCorpus(path, opts) {
		if err != nil {
			errs = append(errs, err)
			continue
		}
		got = append(got, p.Request.Method+" "+p.Request.Scheme+"://"+p.Request.Host+p.Request.Path+"?"+p.Request.Query)
	}
	return got, errs
}

func TestReadCorpusAccessLog(t *testing.T) {
	got, errs := corpusIDs(t, "testdata/access.log", probe.CorpusOptions{Host: "shop.example.com"})
	want := []string{
		"GET http://shop.example.com/?",
		"GET http://shop.example.com/api/items?page=2",
		"HEAD http://shop.example.com/api?",
		"OPTIONS http://shop.example.com/api/items?",
		"GET https://secure.example.com/abs?x=1",
	}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("probes (-want +got):\n%s", d)
	}
	if len(errs) != 1 || !strings.Contains(errs[0].Error(), "testdata/access.log:9") {
		t.Errorf("errors = %v, want one naming testdata/access.log:9", errs)
	}
	unsafe, _ := corpusIDs(t, "testdata/access.log", probe.CorpusOptions{Host: "shop.example.com", AllowUnsafeMethods: true})
	if len(unsafe) != len(want)+1 {
		t.Errorf("with --allow-unsafe-methods: %v, want the POST too", unsafe)
	}
	if _, errs := corpusIDs(t, "testdata/access.log", probe.CorpusOptions{}); len(errs) != 1 || !strings.Contains(errs[0].Error(), "--corpus-host") {
		t.Errorf("no host: errors %v", errs)
	}
}

func TestReadCorpusHAR(t *testing.T) {
	var got []probe.Probe
	for p, err := range probe.ReadCorpus("testdata/corpus.har", probe.CorpusOptions{}) {
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, p)
	}
	if len(got) != 2 {
		t.Fatalf("%d probes, want 2 (POST skipped): %+v", len(got), got)
	}
	r := got[1].Request
	if r.Scheme != "https" || r.Host != "shop.example.com" || r.Port != 8443 || r.Path != "/api/items" || r.Query != "q=1" {
		t.Errorf("request %+v", r)
	}
	if _, ok := r.Headers["Cookie"]; ok || r.Headers["Accept"] != "application/json" {
		t.Errorf("headers %v: want Accept kept and Cookie dropped", r.Headers)
	}
}

func TestReadCorpusMissingFile(t *testing.T) {
	for _, err := range probe.ReadCorpus(filepath.Join(t.TempDir(), "none.log"), probe.CorpusOptions{Host: "h"}) {
		if !errors.Is(err, os.ErrNotExist) {
			t.Errorf("err = %v, want not exist", err)
		}
	}
}
