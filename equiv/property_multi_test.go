package equiv

import (
	"fmt"
	"testing"

	"pgregory.net/rapid"

	"github.com/ingress-parity/ingress-parity/finding"
	"github.com/ingress-parity/ingress-parity/model"
)

// genMultiModel draws a model with one or two entry points, each with one or two listeners
// on port 80 (any host or one hostname) or 8080.
func genMultiModel(t *rapid.T, label string) *model.Model {
	m := genModel(t, label)
	base := m.EntryPoints[0].Listeners[0]
	m.EntryPoints = nil
	for e, ne := 0, rapid.IntRange(1, 2).Draw(t, label+"entries"); e < ne; e++ {
		ep := model.EntryPoint{Name: fmt.Sprintf("%s-%d", label, e)}
		for i, nl := 0, rapid.IntRange(1, 2).Draw(t, label+"listeners"); i < nl; i++ {
			l := base
			l.VirtualHosts = append([]model.VirtualHost(nil), base.VirtualHosts...)
			switch rapid.IntRange(0, 2).Draw(t, label+"listener") {
			case 1:
				l.Hostname = "a.example.com"
			case 2:
				l.Port = 8080
			}
			if e > 0 && len(l.VirtualHosts) > 0 {
				l.VirtualHosts = l.VirtualHosts[:1] // entry points differ
			}
			ep.Listeners = append(ep.Listeners, l)
		}
		m.EntryPoints = append(m.EntryPoints, ep)
	}
	return m
}

// TestCheckMultiEntryDifferences: with several entry points and listeners, a concrete
// request that some new entry point decides differently from the old side is never missed,
// and every finding's witness replays through model.Resolve.
func TestCheckMultiEntryDifferences(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		old, new := genMultiModel(t, "old"), genMultiModel(t, "new")
		req := model.Request{
			Method: "GET", Scheme: model.HTTP, Port: 80,
			Host: rapid.SampledFrom(reqHosts).Draw(t, "reqHost"),
			Path: "/" + rapid.StringOfN(rapid.RuneFrom([]rune("ab/")), 0, 4, -1).Draw(t, "reqPath"),
		}
		res := Check(old, new, Options{})
		checkWitnesses(t, old, new, res)
		if len(resolvedOn(new, req)) == 0 {
			return // the new side may have been compared on another port
		}
		if hasPort(old, 8080) && !hasPort(new, 8080) && !hasPort(old, 80) {
			return // new port 80 stands in for the old port 8080 (port substitution)
		}
		var o *model.Outcome
		for _, r := range old.Resolve(req) {
			o = &r.Outcome
			break // the old side's first entry point is compared first
		}
		for _, r := range new.Resolve(req) {
			if o != nil && sameOutcome(*o, r.Outcome) {
				continue
			}
			if o == nil && len(old.Resolve(req)) > 0 {
				continue
			}
			if res.Verdict != finding.Different {
				t.Fatalf("%s %s%s: old %v, new %s via %s, but Check says %s", req.Method, req.Host, req.Path, o, r.Outcome, r.EntryPoint, res.Verdict)
			}
		}
	})
}

func hasPort(m *model.Model, port int32) bool {
	for _, ep := range m.EntryPoints {
		for _, l := range ep.Listeners {
			if l.Port == port {
				return true
			}
		}
	}
	return false
}
