package equiv

import (
	"fmt"
	"sort"
	"strings"

	"github.com/ingress-parity/ingress-parity/finding"
)

// result assembles the findings, gaps and verdict, in a deterministic order.
func (c *checker) result() *finding.Result {
	res := &finding.Result{Tool: c.opts.Tool, Findings: []finding.Finding{}}
	for _, g := range c.groups {
		res.Findings = append(res.Findings, c.groupFinding(g))
	}
	for _, s := range c.splits {
		res.Findings = append(res.Findings, c.splitFinding(s))
	}
	res.Findings = append(res.Findings, c.notes...)
	for _, g := range c.identity {
		f := g.F
		f.Count = len(g.Members)
		res.Findings = append(res.Findings, f)
	}
	for _, t := range c.rewrites {
		if !t.Differs {
			c.gap(finding.Gap{Reason: fmt.Sprintf("capture-group rewrites of %s (old) and %s (new) agreed on the %d paths compared, but they are not structurally equal: equality is only tested, not proven", t.OldID, t.NewID, t.Paths), Host: t.Host, Source: t.Source})
		}
	}
	sort.Slice(res.Findings, func(i, j int) bool {
		a, b := res.Findings[i], res.Findings[j]
		if a.Severity.Rank() != b.Severity.Rank() {
			return a.Severity.Rank() > b.Severity.Rank()
		}
		if a.ID != b.ID {
			return a.ID < b.ID
		}
		return a.Title < b.Title
	})
	for _, f := range res.Findings {
		res.Summary.Add(f.Severity)
	}
	for g := range c.gaps {
		res.Incomplete = append(res.Incomplete, g)
	}
	sort.Slice(res.Incomplete, func(i, j int) bool {
		a, b := res.Incomplete[i], res.Incomplete[j]
		if a.Host != b.Host {
			return a.Host < b.Host
		}
		if a.Reason != b.Reason {
			return a.Reason < b.Reason
		}
		return a.Source.String() < b.Source.String()
	})
	switch {
	case len(res.Findings) > 0:
		res.Verdict = finding.Different
	case len(res.Incomplete) > 0:
		res.Verdict = finding.Incomplete
	default:
		res.Verdict = finding.Equivalent
	}
	return res
}

// groupFinding converts a group of witnesses.
func (c *checker) groupFinding(g *group) finding.Finding {
	return finding.Finding{
		ID:          stableID(string(g.Key.Category), g.Key.OldID, g.Key.NewID),
		Category:    g.Key.Category,
		Severity:    g.Severity,
		Title:       title(g),
		Witness:     finding.WitnessOf(g.Req),
		Curl:        curlCommand(g.Req, c.opts.CurlAddress),
		Count:       len(g.Witnesses),
		Old:         g.Old.Finding(),
		New:         g.New.Finding(),
		Explanation: explanation(g),
		Controls:    controls(g.Key.Category, g.Severity),
	}
}

// splitFinding reports a host claimed by several new entry points.
func (c *checker) splitFinding(s *splitGroup) finding.Finding {
	hosts, ports := sortedKeys(s.Hosts), sortedKeys(s.Ports)
	var old *finding.Decision
	if s.Old.Listener != nil {
		old = s.Old.decide(s.Req, s.Req.Path, nil).Finding()
		old.Decision, old.Status, old.Reason = "listener", 0, ""
		old.Backends, old.UpstreamHost, old.UpstreamPath, old.Location = nil, "", "", ""
		old.Route = finding.RouteRefOf(s.Old.Listener.Source)
	}
	return finding.Finding{
		ID:       stableID("fidelity", append([]string{"host-split"}, s.Entries...)...),
		Category: finding.Fidelity,
		Severity: finding.High,
		Title:    fmt.Sprintf("host-split: %s is claimed by %d new entry points (%s)", s.Req.Host, len(s.Entries), strings.Join(s.Entries, ", ")),
		Witness:  finding.WitnessOf(s.Req),
		Curl:     curlCommand(s.Req, c.opts.CurlAddress),
		Count:    len(hosts),
		Old:      old,
		Explanation: fmt.Sprintf("On the old side one entry point serves %s; on the new side the entry points %s each have a listener that accepts it (%s). Clients reach whichever address DNS gives them, so every one of them must serve these hosts the same way; each was compared with the old side separately, and the findings through each entry point name it. Attach the routes to one Gateway (or merge the Gateways), or confirm the split is intended and that DNS points at the right one.",
			hostList(hosts), strings.Join(s.Entries, ", "), strings.Join(ports, ", ")),
		Controls: []string{"CSF2:PR.PS-01", "CSF1.1:PR.IP-1", "CSF2:ID.AM-03", "CSF1.1:ID.AM-3"},
	}
}

// sortedKeys returns the keys of m in order.
func sortedKeys(m map[string]bool) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// hostList names at most five hosts.
func hostList(hosts []string) string {
	if len(hosts) > 5 {
		return strings.Join(hosts[:5], ", ") + fmt.Sprintf(" and %d more", len(hosts)-5)
	}
	return strings.Join(hosts, ", ")
}
