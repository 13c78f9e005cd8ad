package plan_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/ingress-parity/ingress-parity/model"
	"github.com/ingress-parity/ingress-parity/probe"
	"github.com/ingress-parity/ingress-parity/probe/plan"
)

// outcome is a prediction in one word: "forward", "forward gated", "reject 403"; "-" for none.
func outcome(p *probe.Prediction) string {
	switch {
	case p == nil:
		return "-"
	case p.Decision == "reject":
		return fmt.Sprintf("reject %d", p.Status)
	case len(p.Gates) > 0:
		return p.Decision + " gated"
	}
	return p.Decision
}

// TestBuildProxyProtocol plans the proxy case (old behind a PROXY protocol load balancer
// with an allow list, new reading X-Forwarded-For with one trusted hop) and checks the
// PROXY sources and predictions of the /admin probes, with and without a known prober
// address.
func TestBuildProxyProtocol(t *testing.T) {
	var old, nw model.Model
	readJSON(t, "testdata/proxy.old.json", &old)
	readJSON(t, "testdata/proxy.new.json", &nw)
	type row struct{ oldSource, newSource, old, new string }
	tests := []struct {
		name string
		opts plan.PlanOptions
		// want is keyed by class and the forged X-Forwarded-For (or PROXY source) sent.
		want map[string]row
	}{
		{name: "prober address unknown", opts: plan.PlanOptions{}, want: map[string]row{
			"route":                               {"203.0.113.7", "", "reject 403", "forward gated"},
			"identity/forged-xff 192.168.0.1":     {"203.0.113.7", "", "reject 403", "forward gated"},
			"identity/proxy-source 192.168.0.1":   {"192.168.0.1", "", "forward", "forward gated"},
			"identity/proxy-source 2001:db8:1::1": {"2001:db8:1::1", "", "forward", "forward gated"},
			"identity/proxy-source 198.51.100.1":  {"198.51.100.1", "", "reject 403", "forward gated"},
		}},
		{name: "prober address known, other default source", opts: plan.PlanOptions{ProberAddr: "10.1.1.1", ProxySource: "192.0.2.9"}, want: map[string]row{
			// The new side believes one hop of X-Forwarded-For: the forged address passes.
			"route":                               {"192.0.2.9", "", "reject 403", "reject 403"},
			"identity/forged-xff 192.168.0.1":     {"192.0.2.9", "", "reject 403", "forward"},
			"identity/proxy-source 192.168.0.1":   {"192.168.0.1", "", "forward", "reject 403"},
			"identity/proxy-source 2001:db8:1::1": {"2001:db8:1::1", "", "forward", "reject 403"},
			"identity/proxy-source 198.51.100.1":  {"198.51.100.1", "", "reject 403", "reject 403"},
		}},
		{name: "prober outside the trusted range: the PROXY address is not believed", opts: plan.PlanOptions{ProberAddr: "127.0.0.1"}, want: map[string]row{
			"route":                               {"203.0.113.7", "", "reject 403", "reject 403"},
			"identity/forged-xff 192.168.0.1":     {"203.0.113.7", "", "reject 403", "forward"},
			"identity/proxy-source 192.168.0.1":   {"192.168.0.1", "", "reject 403", "reject 403"},
			"identity/proxy-source 2001:db8:1::1": {"2001:db8:1::1", "", "reject 403", "reject 403"},
			"identity/proxy-source 198.51.100.1":  {"198.51.100.1", "", "reject 403", "reject 403"},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, err := plan.Build(&old, &nw, nil, tt.opts)
			if err != nil {
				t.Fatal(err)
			}
			got := map[string]row{}
			for _, pr := range p.Probes {
				if pr.Request.Path != "/admin" {
					continue
				}
				key := pr.Class
				switch pr.Class {
				case "identity/forged-xff":
					key += " " + pr.Request.Headers["X-Forwarded-For"]
				case "identity/proxy-source":
					key += " " + pr.Proxy.For("old").Source
				}
				var r row
				if h := pr.Proxy.For("old"); h != nil {
					r.oldSource = h.Source
				}
				if h := pr.Proxy.For("new"); h != nil {
					r.newSource = h.Source
				}
				r.old, r.new = outcome(pr.Predicted.Old), outcome(pr.Predicted.New)
				got[key] = r
			}
			for k, w := range tt.want {
				if got[k] != w {
					t.Errorf("%s: got %+v, want %+v", k, got[k], w)
				}
			}
			if len(got) != len(tt.want) {
				t.Errorf("planned /admin probes %v, want %d", got, len(tt.want))
			}
		})
	}
}

func TestBuildProxyOptionsRejected(t *testing.T) {
	var old, nw model.Model
	readJSON(t, "testdata/proxy.old.json", &old)
	readJSON(t, "testdata/proxy.new.json", &nw)
	tests := []struct {
		name string
		opts plan.PlanOptions
		want string
	}{
		{name: "PROXY source not an address", opts: plan.PlanOptions{ProxySource: "lb.example.com"}, want: `plan: proxy source "lb.example.com": invalid PROXY protocol header`},
		{name: "prober address not an address", opts: plan.PlanOptions{ProberAddr: "10.0.0.0/8"}, want: `plan: prober address "10.0.0.0/8": want an IPv4 or IPv6 address`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := plan.Build(&old, &nw, nil, tt.opts); err == nil || !strings.HasPrefix(err.Error(), tt.want) {
				t.Errorf("err %v, want %q", err, tt.want)
			}
		})
	}
}
