package probe_test

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/ingress-parity/ingress-parity/probe"
	"github.com/ingress-parity/ingress-parity/probe/plan"
)

// startNginxProxy runs nginx with testdata/live/nginx-proxy.conf.tmpl: every listener
// expects a PROXY protocol header and believes it from 127.0.0.1.
func startNginxProxy(t testing.TB, e *estate) proxy {
	t.Helper()
	bin := lookBinary(t, "nginx")
	p := proxy{HTTP: freePort(t), HTTPS: freePort(t), Dir: t.TempDir()}
	conf := render(t, "nginx-proxy.conf.tmpl", configData{estate: e, proxy: p, Cert: e.server.CertFile, Key: e.server.KeyFile})
	startProcess(t, p, "nginx.out", bin, "-p", p.Dir, "-e", filepath.Join(p.Dir, "error.log"), "-c", conf, "-g", "daemon off;")
	return p
}

// liveOutcome is what a test checks of one side's answer: the status, the witness, and
// the client address the witness was told.
type liveOutcome struct {
	Status               int
	Backend, RealIP, XFF string
	Error                bool
}

func outcomeOf(o *probe.Outcome) liveOutcome {
	if o == nil {
		return liveOutcome{}
	}
	lo := liveOutcome{Status: o.Status, Backend: o.Backend, Error: o.Error != ""}
	if o.Upstream != nil {
		lo.RealIP, lo.XFF = o.Upstream.Headers["x-real-ip"], o.Upstream.Headers["x-forwarded-for"]
	}
	return lo
}

// TestLivePlanProxyProtocol sends a plan built from the model of the PROXY protocol nginx
// (testdata/live/proxy.json, both sides) to it: every probe carries a PROXY header, the
// access list of /admin decides on the announced address exactly as the model predicts,
// and the witness is told that address.
func TestLivePlanProxyProtocol(t *testing.T) {
	e := newEstate(t)
	px := startNginxProxy(t, e)
	m := readModel(t, "testdata/live/proxy.json")
	p, err := plan.Build(m, m, nil, plan.PlanOptions{})
	if err != nil {
		t.Fatal(err)
	}
	var c collectResults
	tg := mustTarget(t, "old", px.target())
	sum, err := probe.Run(context.Background(), probe.FromPlan(p), probe.Options{Old: tg, New: tg, Concurrency: 4}, &c)
	if err != nil {
		t.Fatal(err)
	}
	if sum.Probes != len(p.Probes) || sum.Equal != sum.Probes || sum.ModelMismatches != 0 {
		t.Errorf("summary %+v: want every probe equal and as the model predicts", sum)
		for _, r := range c.results {
			t.Logf("%s %s: %v %v old %+v", r.ID, r.Verdict, r.Differences, r.ModelMismatches, outcomeOf(r.Old))
		}
	}
	got := map[string]liveOutcome{}
	for _, r := range c.results {
		if r.Request.Proxy == nil {
			t.Errorf("%s: sent without a PROXY header", r.ID)
			continue
		}
		if r.Request.Path == "/admin" && (r.Class == "identity/proxy-source" || r.Class == "route") {
			got[r.Class+" "+r.Request.Proxy.For("old").Source] = outcomeOf(r.Old)
		}
	}
	want := map[string]liveOutcome{
		"route 203.0.113.7":                   {Status: 403},
		"identity/proxy-source 192.168.0.1":   {Status: 200, Backend: "shop/admin", RealIP: "192.168.0.1", XFF: "192.168.0.1"},
		"identity/proxy-source 2001:db8:1::1": {Status: 200, Backend: "shop/admin", RealIP: "2001:db8:1::1", XFF: "2001:db8:1::1"},
		"identity/proxy-source 198.51.100.1":  {Status: 403},
	}
	for k, w := range want {
		if got[k] != w {
			t.Errorf("%s: got %+v, want %+v", k, got[k], w)
		}
	}
	if len(got) != len(want) {
		t.Errorf("/admin probes %v, want %d", got, len(want))
	}
}

// TestLiveProxyProtocolProbes sends hand-written probes to the PROXY protocol nginx: the
// header per side, both versions, before TLS, from the side's default, and none at all
// (the proxy drops the connection: an error outcome, not a panic or a hang).
func TestLiveProxyProtocolProbes(t *testing.T) {
	e := newEstate(t)
	px := startNginxProxy(t, e)
	admin := probe.Request{Method: "GET", Scheme: "http", Host: "shop.example.com", Path: "/admin"}
	tlsAdmin := admin
	tlsAdmin.Scheme = "https"
	both := func(h probe.ProxyHeader) *probe.ProxyPlan { return &probe.ProxyPlan{ProxyHeader: h} }
	sideDefault, err := probe.ParseProxyFlag("new-proxy-protocol", "192.168.7.7")
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name     string
		req      probe.Request
		proxy    *probe.ProxyPlan
		newProxy *probe.ProxyHeader // the new side's default
		old, new liveOutcome
		verdict  probe.Verdict
	}{
		{name: "allowed source, version 1", req: admin, proxy: both(probe.ProxyHeader{Source: "192.168.0.1"}),
			old: liveOutcome{Status: 200, Backend: "shop/admin", RealIP: "192.168.0.1", XFF: "192.168.0.1"}, verdict: probe.Equal},
		{name: "allowed source, version 2", req: admin, proxy: both(probe.ProxyHeader{Source: "192.168.0.2", Version: 2}),
			old: liveOutcome{Status: 200, Backend: "shop/admin", RealIP: "192.168.0.2", XFF: "192.168.0.2"}, verdict: probe.Equal},
		{name: "allowed IPv6 source over TLS, version 2", req: tlsAdmin, proxy: both(probe.ProxyHeader{Source: "2001:db8:1::9", Version: 2}),
			old: liveOutcome{Status: 200, Backend: "shop/admin", RealIP: "2001:db8:1::9", XFF: "2001:db8:1::9"}, verdict: probe.Equal},
		{name: "allowed IPv6 source over TLS, version 1", req: tlsAdmin, proxy: both(probe.ProxyHeader{Source: "2001:db8:1::8"}),
			old: liveOutcome{Status: 200, Backend: "shop/admin", RealIP: "2001:db8:1::8", XFF: "2001:db8:1::8"}, verdict: probe.Equal},
		{name: "denied source", req: admin, proxy: both(probe.ProxyHeader{Source: "198.51.100.7"}),
			old: liveOutcome{Status: 403}, verdict: probe.Equal},
		{name: "not in the list: default deny", req: admin, proxy: both(probe.ProxyHeader{Source: probe.DefaultProxySource}),
			old: liveOutcome{Status: 403}, verdict: probe.Equal},
		{name: "one source per side", req: admin, proxy: &probe.ProxyPlan{Old: &probe.ProxyHeader{Source: "192.168.0.3"}, New: &probe.ProxyHeader{Source: "198.51.100.3"}},
			old: liveOutcome{Status: 200, Backend: "shop/admin", RealIP: "192.168.0.3", XFF: "192.168.0.3"}, new: liveOutcome{Status: 403}, verdict: probe.Different},
		{name: "side default", req: admin, newProxy: sideDefault, proxy: &probe.ProxyPlan{Old: &probe.ProxyHeader{Source: "192.168.7.7"}},
			old: liveOutcome{Status: 200, Backend: "shop/admin", RealIP: "192.168.7.7", XFF: "192.168.7.7"}, verdict: probe.Equal},
		{name: "no header is refused", req: admin, old: liveOutcome{Error: true}, verdict: probe.Error},
		{name: "no header over TLS is refused", req: tlsAdmin, old: liveOutcome{Error: true}, verdict: probe.Error},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.new == (liveOutcome{}) {
				tt.new = tt.old
			}
			old, nw := mustTarget(t, "old", px.target()), mustTarget(t, "new", px.target())
			nw.Proxy = tt.newProxy
			pl := &probe.Plan{Version: probe.PlanVersion, Probes: []probe.Probe{{ID: "p", Class: "identity/proxy", Request: tt.req, Proxy: tt.proxy}}}
			if err := pl.Validate(); err != nil {
				t.Fatal(err)
			}
			var c collectResults
			if _, err := probe.Run(context.Background(), probe.FromPlan(pl), probe.Options{Old: old, New: nw, TLS: probe.TLSOptions{CAFile: e.ca.CertFile}}, &c); err != nil {
				t.Fatal(err)
			}
			r := c.results[0]
			if got := outcomeOf(r.Old); got != tt.old {
				t.Errorf("old: got %+v, want %+v (error %q)", got, tt.old, r.Old.Error)
			}
			if got := outcomeOf(r.New); got != tt.new {
				t.Errorf("new: got %+v, want %+v (error %q)", got, tt.new, r.New.Error)
			}
			if r.Verdict != tt.verdict {
				t.Errorf("verdict %s, want %s (%v)", r.Verdict, tt.verdict, r.Differences)
			}
		})
	}
}
