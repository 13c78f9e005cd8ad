package probe_test

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/ingress-parity/ingress-parity/probe"
)

// TestLiveNginxVersusHAProxy probes a real nginx (shaped like ingress-nginx) and a real
// HAProxy (shaped like its Gateway API translation) with witness backends behind both.
// Exactly the three planted differences must be reported, and nothing from noise (Date,
// Server, ETag, connection headers, request ids, error page bodies).
func TestLiveNginxVersusHAProxy(t *testing.T) {
	e := newEstate(t)
	old := startNginx(t, e)
	nw := startHAProxy(t, e)
	plan, err := probe.ReadPlan("testdata/live.plan.json")
	if err != nil {
		t.Fatal(err)
	}
	plan.Probes = append(plan.Probes, probe.Probe{
		ID: "mtls-client-cert", Class: "identity/client-cert",
		Request:  probe.Request{Method: "GET", Scheme: "https", Host: "shop.example.com", Path: "/whoami"},
		Identity: &probe.Identity{Kind: "client-cert", ClientCertFile: e.client.CertFile, ClientKeyFile: e.client.KeyFile},
	})
	var c collectResults
	sum, err := probe.Run(context.Background(), probe.FromPlan(plan), probe.Options{
		Old: mustTarget(t, "old", old.target()), New: mustTarget(t, "new", nw.target()),
		TLS: probe.TLSOptions{CAFile: e.ca.CertFile}, Concurrency: 4,
	}, &c)
	if err != nil {
		t.Fatal(err)
	}
	got := map[string][]string{}
	for _, r := range c.results {
		if r.Verdict == probe.Error {
			t.Errorf("%s: error: old %q new %q", r.ID, r.Old.Error, r.New.Error)
		}
		if r.Verdict != probe.Equal {
			got[r.ID] = append(append([]string{string(r.Verdict)}, r.Differences...), r.Noise...)
		}
	}
	want := map[string][]string{
		"prefix-boundary": {"different", "backend"},
		"dropped-allow":   {"different", "backend", "status"},
		// The same dropped allow list, shown with a forged X-Forwarded-For that nginx ignores.
		"forged-xff-admin": {"different", "backend", "status"},
		"lost-redirect":    {"different", "backend", "location", "status"},
	}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("differences (-want +got):\n%s", d)
		for _, r := range c.results {
			if _, ok := got[r.ID]; ok {
				t.Logf("%s: %v", r.ID, r.Details)
			}
		}
	}
	if sum.Different != 4 || sum.Errors != 0 || sum.Noise != 0 || sum.Probes != len(plan.Probes) {
		t.Errorf("summary %+v", sum)
	}
	// The model predicted the old side right everywhere; on the new side it predicted what
	// the migration intended, so the three planted bugs are model mismatches too.
	var mism []string
	for _, r := range c.results {
		for _, m := range r.ModelMismatches {
			mism = append(mism, r.ID+" "+m.Side+" "+m.Field)
		}
	}
	wantMism := []string{"prefix-boundary new backend", "dropped-allow new decision", "lost-redirect new decision"}
	if d := cmp.Diff(wantMism, mism); d != "" {
		t.Errorf("model mismatches (-want +got):\n%s", d)
	}
	byID := map[string]*probe.Result{}
	for _, r := range c.results {
		byID[r.ID] = r
	}
	tests := []struct {
		id, field, want string
		get             func(*probe.Outcome) string
	}{
		{id: "tls-no-client-cert", field: "ssl-client-verify", want: "NONE", get: upstreamHeader("ssl-client-verify")},
		{id: "mtls-client-cert", field: "ssl-client-verify", want: "SUCCESS", get: upstreamHeader("ssl-client-verify")},
		{id: "mtls-client-cert", field: "ssl-client-subject-dn", want: "CN=alice", get: upstreamHeader("ssl-client-subject-dn")},
		{id: "forged-xff", field: "x-forwarded-for", want: "127.0.0.1", get: upstreamHeader("x-forwarded-for")},
		{id: "encoded-slash", field: "path", want: "/api%2Fx", get: func(o *probe.Outcome) string { return o.Upstream.Path }},
		{id: "lost-redirect", field: "location", want: "https://shop.example.com/new", get: func(o *probe.Outcome) string { return o.Location }},
	}
	for _, tt := range tests {
		t.Run(tt.id+"/"+tt.field, func(t *testing.T) {
			r := byID[tt.id]
			if r == nil || r.Old == nil || (r.Old.Upstream == nil && tt.field != "location") {
				t.Fatalf("no witness answer for %s: %+v", tt.id, r)
			}
			if got := tt.get(r.Old); got != tt.want {
				t.Errorf("old %s = %q, want %q", tt.field, got, tt.want)
			}
		})
	}
}

// TestLiveAccessLogCorpus replays nginx's own access log (ingress-nginx's default format)
// as a corpus: every line of a real log must parse, and the replay must be noise-free.
func TestLiveAccessLogCorpus(t *testing.T) {
	e := newEstate(t)
	old := startNginx(t, e)
	tg := mustTarget(t, "old", old.target())
	plan, err := probe.ReadPlan("testdata/live.plan.json")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := probe.Run(context.Background(), probe.FromPlan(plan), probe.Options{Old: tg, New: tg}, &collectResults{}); err != nil {
		t.Fatal(err)
	}
	var c collectResults
	corpus := probe.ReadCorpus(filepath.Join(old.Dir, "access.log"), probe.CorpusOptions{Host: "shop.example.com"})
	sum, err := probe.Run(context.Background(), corpus, probe.Options{Old: tg, New: tg}, &c)
	if err != nil {
		t.Fatalf("replaying nginx's access log: %v", err)
	}
	// Every distinct request line of the plan (paths and queries) comes back once.
	if sum.Probes < 15 || sum.Equal != sum.Probes {
		t.Errorf("corpus replay summary %+v: want at least 15 probes, all equal", sum)
	}
}

func upstreamHeader(name string) func(*probe.Outcome) string {
	return func(o *probe.Outcome) string { return o.Upstream.Headers[strings.ToLower(name)] }
}

type collectResults struct{ results []*probe.Result }

func (c *collectResults) Write(r *probe.Result) error {
	c.results = append(c.results, r)
	return nil
}
