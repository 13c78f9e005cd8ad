package finding

import (
	"testing"

	"github.com/ingress-parity/ingress-parity/model"
)

func TestSeverity(t *testing.T) {
	if !(Critical.Rank() > High.Rank() && High.Rank() > Medium.Rank() && Medium.Rank() > Low.Rank() && Low.Rank() > Info.Rank() && Info.Rank() == 0) {
		t.Error("severities out of order")
	}
	if Severity("severe").Rank() != -1 {
		t.Error("unknown severity must rank -1")
	}
	for _, tt := range []struct {
		in string
		ok bool
	}{{"critical", true}, {"info", true}, {"none", true}, {"High", false}, {"", false}} {
		if _, ok := ParseSeverity(tt.in); ok != tt.ok {
			t.Errorf("ParseSeverity(%q) ok = %v, want %v", tt.in, ok, tt.ok)
		}
	}
	var s Summary
	for _, sev := range []Severity{Critical, High, High, Info} {
		s.Add(sev)
	}
	if s != (Summary{Findings: 4, Critical: 1, High: 2, Info: 1}) {
		t.Errorf("summary %+v", s)
	}
}

func TestDecisionOf(t *testing.T) {
	routeSrc := model.Source{Kind: "HTTPRoute", Namespace: "shop", Name: "web", Field: "spec.rules[0].matches[0]", File: "r.yaml", Line: 9}
	fallbackSrc := model.Source{Kind: "Gateway", Namespace: "infra", Name: "gw"}
	out := model.Outcome{Kind: model.Forward, Backends: []model.Backend{{Namespace: "shop", Service: "web", Port: 80, Weight: 1}}, UpstreamPath: "/x", UpstreamHost: "h", Source: fallbackSrc}

	d := DecisionOf(model.Resolution{EntryPoint: "gateway/infra/gw", Route: &model.Route{Source: routeSrc}, Outcome: out})
	if d.Route == nil || d.Route.Rule != routeSrc.Field || d.Route.Line != 9 || d.EntryPoint != "gateway/infra/gw" || len(d.Backends) != 1 || d.Backends[0].Port != 80 {
		t.Errorf("matched route: %+v", d)
	}
	d = DecisionOf(model.Resolution{Outcome: out})
	if d.Route == nil || d.Route.Kind != "Gateway" {
		t.Errorf("fallback: want the outcome's source, got %+v", d.Route)
	}
	if RouteRefOf(model.Source{}) != nil {
		t.Error("an empty source has no route reference")
	}
}
