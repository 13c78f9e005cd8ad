package probe_test

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"flag"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/ingress-parity/ingress-parity/probe"
	"github.com/ingress-parity/ingress-parity/witness"
	"github.com/ingress-parity/ingress-parity/witness/witnesstest"
)

var update = flag.Bool("update", false, "rewrite golden files under testdata/")

// fakeProxy is an in-process stand-in for a proxy: routes maps a path predicate to a
// witness address, a redirect or a refusal.
type fakeRoute struct {
	match    func(path string) bool
	backend  string // witness address
	redirect string
	status   int
	random   bool // answer with a random body (a noisy application)
}

func fakeProxy(t *testing.T, server string, routes []fakeRoute) *httptest.Server {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Server", server)
		w.Header().Set("Date", "varies")
		raw, _, _ := strings.Cut(r.RequestURI, "?")
		for _, rt := range routes {
			if !rt.match(raw) {
				continue
			}
			switch {
			case rt.redirect != "":
				http.Redirect(w, r, rt.redirect, http.StatusMovedPermanently)
			case rt.status != 0:
				w.WriteHeader(rt.status)
				fmt.Fprintf(w, "<html>%s error %d</html>", server, rt.status)
			case rt.random:
				b := make([]byte, 8)
				_, _ = rand.Read(b)
				fmt.Fprint(w, hex.EncodeToString(b))
			default:
				target, _ := url.Parse("http://" + rt.backend)
				rp := &httputil.ReverseProxy{Rewrite: func(pr *httputil.ProxyRequest) {
					pr.SetURL(target)
					pr.Out.Host = r.Host
					pr.Out.Header.Set("X-Forwarded-For", "127.0.0.1")
				}}
				rp.ServeHTTP(w, r)
			}
			return
		}
		w.WriteHeader(http.StatusNotFound)
		fmt.Fprintf(w, "%s 404", server)
	}))
	t.Cleanup(srv.Close)
	return srv
}

func exact(p string) func(string) bool { return func(s string) bool { return s == p } }
func prefix(p string) func(string) bool {
	return func(s string) bool { return strings.HasPrefix(s, p) }
}

// summaryView is the stable part of a result, for golden comparison.
type summaryView struct {
	ID          string           `json:"id"`
	Path        string           `json:"path"`
	Verdict     probe.Verdict    `json:"verdict"`
	Differences []string         `json:"differences"`
	Noise       []string         `json:"noise,omitempty"`
	Mismatches  []probe.Mismatch `json:"modelMismatches,omitempty"`
}

type collect struct{ views []summaryView }

func (c *collect) Write(r *probe.Result) error {
	c.views = append(c.views, summaryView{Path: r.Request.Path, ID: r.ID, Verdict: r.Verdict, Differences: r.Differences, Noise: r.Noise, Mismatches: r.ModelMismatches})
	return nil
}

func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run with -update to create)", err)
	}
	if d := cmp.Diff(string(want), string(got)); d != "" {
		t.Errorf("%s mismatch (-want +got):\n%s", path, d)
	}
}

func TestRunFakeProxies(t *testing.T) {
	app := witnesstest.Start(t, witness.Options{Name: "default/app"})
	api := witnesstest.Start(t, witness.Options{Name: "default/api"})
	old := fakeProxy(t, "old-proxy", []fakeRoute{
		{match: exact("/old"), redirect: "/new"},
		{match: prefix("/admin/"), status: 403},
		{match: exact("/random"), random: true},
		{match: exact("/api"), backend: api},
		{match: prefix("/api/"), backend: api},
		{match: prefix("/"), backend: app},
	})
	nw := fakeProxy(t, "new-proxy", []fakeRoute{
		{match: exact("/random"), random: true},
		{match: prefix("/api"), backend: api},
		{match: prefix("/"), backend: app},
	})
	plan, err := probe.ReadPlan("testdata/fake.plan.json")
	if err != nil {
		t.Fatal(err)
	}
	var c collect
	sum, err := probe.Run(context.Background(), probe.FromPlan(plan), probe.Options{
		Old: mustTarget(t, "old", old.URL), New: mustTarget(t, "new", nw.URL), Concurrency: 3,
	}, &c)
	if err != nil {
		t.Fatal(err)
	}
	out, _ := json.MarshalIndent(struct {
		Summary probe.Summary `json:"summary"`
		Probes  []summaryView `json:"probes"`
	}{sum, c.views}, "", "  ")
	golden(t, "fake.results.golden.json", append(out, '\n'))
	if sum.ExitCode() != 1 {
		t.Errorf("exit code %d, want 1", sum.ExitCode())
	}
}

func mustTarget(t *testing.T, name, spec string) probe.Target {
	t.Helper()
	tg, err := probe.ParseTarget(name, spec)
	if err != nil {
		t.Fatal(err)
	}
	return tg
}

func TestRunStreamsValidJSON(t *testing.T) {
	app := witnesstest.Start(t, witness.Options{Name: "default/app"})
	p := fakeProxy(t, "p", []fakeRoute{{match: prefix("/"), backend: app}})
	plan := &probe.Plan{Version: 1}
	for i := range 50 {
		plan.Probes = append(plan.Probes, probe.Probe{ID: fmt.Sprint(i), Class: "route", Request: probe.Request{Method: "GET", Scheme: "http", Host: "a.example.com", Path: fmt.Sprintf("/p%d", i)}})
	}
	var buf bytes.Buffer
	jw := probe.NewJSONWriter(&buf)
	tg := mustTarget(t, "x", p.URL)
	sum, err := probe.Run(context.Background(), probe.FromPlan(plan), probe.Options{Old: tg, New: tg, Concurrency: 7}, jw)
	if err != nil {
		t.Fatal(err)
	}
	if err := jw.Close(sum); err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Version int            `json:"version"`
		Probes  []probe.Result `json:"probes"`
		Summary probe.Summary  `json:"summary"`
	}
	if err := json.Unmarshal(buf.Bytes(), &doc); err != nil {
		t.Fatalf("output is not JSON: %v\n%s", err, buf.String())
	}
	if doc.Summary.Probes != 50 || doc.Summary.Equal != 50 || len(doc.Probes) != 50 {
		t.Fatalf("summary %+v, %d probes", doc.Summary, len(doc.Probes))
	}
	for i, r := range doc.Probes {
		if r.ID != fmt.Sprint(i) {
			t.Fatalf("probe %d has id %s: results out of order", i, r.ID)
		}
		if r.Old.Upstream == nil || r.Old.Backend != "default/app" {
			t.Fatalf("probe %d: old outcome %+v lacks witness facts", i, r.Old)
		}
	}
}

func TestRunCarriesRequestIDAndTraceparent(t *testing.T) {
	seen := make(chan http.Header, 10)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { seen <- r.Header.Clone() }))
	defer srv.Close()
	plan := &probe.Plan{Version: 1, Probes: []probe.Probe{{ID: "one", Request: probe.Request{Method: "GET", Scheme: "http", Host: "h", Path: "/"}}}}
	tg := mustTarget(t, "x", srv.URL)
	if _, err := probe.Run(context.Background(), probe.FromPlan(plan), probe.Options{Old: tg, New: tg, RunID: "run1"}, &collect{}); err != nil {
		t.Fatal(err)
	}
	close(seen)
	ids := map[string]bool{}
	traces := map[string]bool{}
	for h := range seen {
		ids[h.Get("X-Request-ID")] = true
		tp := strings.Split(h.Get("Traceparent"), "-")
		if len(tp) != 4 || len(tp[1]) != 32 || len(tp[2]) != 16 {
			t.Errorf("traceparent %q is not W3C", h.Get("Traceparent"))
			continue
		}
		traces[tp[1]] = true
	}
	want := map[string]bool{"run1-000000-old": true, "run1-000000-new": true, "run1-000000-old2": true}
	if d := cmp.Diff(want, ids); d != "" {
		t.Errorf("request ids (-want +got):\n%s", d)
	}
	if len(traces) != 1 {
		t.Errorf("trace ids %v: want one trace per probe", traces)
	}
}

func TestRunAbortsOnErrorRate(t *testing.T) {
	app := witnesstest.Start(t, witness.Options{Name: "default/app"})
	p := fakeProxy(t, "p", []fakeRoute{{match: prefix("/"), backend: app}})
	dead := httptest.NewServer(http.NotFoundHandler())
	deadURL := dead.URL
	dead.Close()
	plan := &probe.Plan{Version: 1}
	for i := range 100 {
		plan.Probes = append(plan.Probes, probe.Probe{ID: fmt.Sprint(i), Request: probe.Request{Method: "GET", Scheme: "http", Host: "h", Path: "/"}})
	}
	var c collect
	sum, err := probe.Run(context.Background(), probe.FromPlan(plan), probe.Options{Old: mustTarget(t, "old", p.URL), New: mustTarget(t, "new", deadURL), Concurrency: 1, MinErrorSamples: 5}, &c)
	if err != nil {
		t.Fatal(err)
	}
	if !sum.Incomplete || !strings.Contains(sum.Aborted, "new side error rate") || sum.Probes >= 100 || sum.ExitCode() != 3 {
		t.Errorf("summary %+v: want an abort on the new side's error rate, exit 3", sum)
	}
}

func TestRunInterruptWritesPartialResults(t *testing.T) {
	app := witnesstest.Start(t, witness.Options{Name: "default/app"})
	p := fakeProxy(t, "p", []fakeRoute{{match: prefix("/"), backend: app}})
	ctx, cancel := context.WithCancel(context.Background())
	n := 0
	probes := func(yield func(probe.Probe, error) bool) {
		for {
			n++
			if n == 20 {
				cancel() // Ctrl-C while the run is going
			}
			if !yield(probe.Probe{ID: fmt.Sprint(n), Request: probe.Request{Method: "GET", Scheme: "http", Host: "h", Path: "/"}}, nil) {
				return
			}
		}
	}
	var buf bytes.Buffer
	jw := probe.NewJSONWriter(&buf)
	tg := mustTarget(t, "x", p.URL)
	sum, err := probe.Run(ctx, probes, probe.Options{Old: tg, New: tg, Concurrency: 2}, jw)
	if err != nil {
		t.Fatal(err)
	}
	if err := jw.Close(sum); err != nil {
		t.Fatal(err)
	}
	if !json.Valid(buf.Bytes()) || sum.Aborted != "interrupted" || sum.Probes == 0 || sum.ExitCode() != 3 {
		t.Errorf("summary %+v, valid JSON %v", sum, json.Valid(buf.Bytes()))
	}
}

func TestRunRefusesUnsafeMethods(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { t.Errorf("%s was sent", r.Method) }))
	defer srv.Close()
	plan := &probe.Plan{Version: 1, Probes: []probe.Probe{{ID: "post", Request: probe.Request{Method: "POST", Scheme: "http", Host: "h", Path: "/"}}}}
	tg := mustTarget(t, "x", srv.URL)
	var c collect
	sum, err := probe.Run(context.Background(), probe.FromPlan(plan), probe.Options{Old: tg, New: tg}, &c)
	if err != nil {
		t.Fatal(err)
	}
	if sum.Errors != 1 {
		t.Errorf("summary %+v: want the POST probe reported as an error", sum)
	}
}

func TestRunOldSecondaryNoise(t *testing.T) {
	cc := func(v string) *httptest.Server {
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Cache-Control", v)
			fmt.Fprint(w, "ok")
		}))
		t.Cleanup(srv.Close)
		return srv
	}
	old, replica := cc("max-age=60"), cc("max-age=30")
	plan := &probe.Plan{Version: 1, Probes: []probe.Probe{{ID: "a", Class: "route", Request: probe.Request{Method: "GET", Scheme: "http", Host: "h", Path: "/"}}}}
	tests := []struct {
		name      string
		secondary string
		want      summaryView
	}{
		{name: "without a replica the header differs", want: summaryView{ID: "a", Path: "/", Verdict: probe.Different, Differences: []string{"header:Cache-Control"}}},
		{name: "a replica that differs makes it noise", secondary: replica.URL, want: summaryView{ID: "a", Path: "/", Verdict: probe.Noise, Differences: []string{}, Noise: []string{"header:Cache-Control"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			opts := probe.Options{Old: mustTarget(t, "old", old.URL), New: mustTarget(t, "new", replica.URL)}
			if tt.secondary != "" {
				opts.OldSecondary = mustTarget(t, "old-secondary", tt.secondary)
			}
			var c collect
			if _, err := probe.Run(context.Background(), probe.FromPlan(plan), opts, &c); err != nil {
				t.Fatal(err)
			}
			if d := cmp.Diff([]summaryView{tt.want}, c.views); d != "" {
				t.Errorf("(-want +got):\n%s", d)
			}
		})
	}
}

// TestResultJSONContract holds the documented keys of the result document (docs/probe.md).
func TestResultJSONContract(t *testing.T) {
	app := witnesstest.Start(t, witness.Options{Name: "shop/app"})
	p := fakeProxy(t, "p", []fakeRoute{{match: prefix("/"), backend: app}})
	plan := &probe.Plan{Version: 1, Probes: []probe.Probe{{ID: "one", Class: "route", Request: probe.Request{Method: "GET", Scheme: "http", Host: "h", Path: "/"},
		Predicted: &probe.Predicted{Old: &probe.Prediction{Decision: "forward"}, New: &probe.Prediction{Decision: "forward"}}}}}
	var buf bytes.Buffer
	jw := probe.NewJSONWriter(&buf)
	tg := mustTarget(t, "x", p.URL)
	sum, err := probe.Run(context.Background(), probe.FromPlan(plan), probe.Options{Old: tg, New: tg}, jw)
	if err != nil {
		t.Fatal(err)
	}
	if err := jw.Close(sum); err != nil {
		t.Fatal(err)
	}
	var doc map[string]any
	if err := json.Unmarshal(buf.Bytes(), &doc); err != nil {
		t.Fatal(err)
	}
	has := func(obj any, at string, keys ...string) {
		m, ok := obj.(map[string]any)
		if !ok {
			t.Fatalf("%s is %T, want an object", at, obj)
		}
		for _, k := range keys {
			if _, ok := m[k]; !ok {
				t.Errorf("%s lacks %q", at, k)
			}
		}
	}
	has(doc, "document", "version", "probes", "summary")
	has(doc["summary"], "summary", "probes", "equal", "different", "noise", "errors", "modelMismatches", "incomplete")
	pr := doc["probes"].([]any)[0]
	has(pr, "probes[0]", "id", "class", "request", "requestID", "old", "new", "verdict", "differences", "predicted")
	m := pr.(map[string]any)
	has(m["request"], "probes[0].request", "method", "scheme", "host", "port", "path", "headers")
	has(m["old"], "probes[0].old", "status", "backend", "upstream", "bodyBytes")
	has(m["old"].(map[string]any)["upstream"], "probes[0].old.upstream", "method", "path", "host")
	has(m["predicted"], "probes[0].predicted", "old", "new")
}

func TestRunMaxProbes(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {}))
	defer srv.Close()
	plan := &probe.Plan{Version: 1}
	for i := range 10 {
		plan.Probes = append(plan.Probes, probe.Probe{ID: fmt.Sprint(i), Request: probe.Request{Method: "GET", Scheme: "http", Host: "h", Path: "/"}})
	}
	tg := mustTarget(t, "x", srv.URL)
	var c collect
	sum, err := probe.Run(context.Background(), probe.FromPlan(plan), probe.Options{Old: tg, New: tg, MaxProbes: 4}, &c)
	if err != nil {
		t.Fatal(err)
	}
	if sum.Probes != 4 || !sum.Incomplete || !strings.Contains(sum.Aborted, "--max-probes 4") || sum.ExitCode() != 3 {
		t.Errorf("summary %+v: want 4 probes, incomplete, exit 3", sum)
	}
}
