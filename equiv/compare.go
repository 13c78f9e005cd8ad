package equiv

import (
	"fmt"
	"reflect"
	"slices"
	"sort"
	"strings"

	"github.com/ingress-parity/ingress-parity/finding"
	"github.com/ingress-parity/ingress-parity/model"
)

// difference is how two decisions on the same request differ.
type difference struct {
	Category finding.Category
	Severity finding.Severity
	// Aspects name what differs: "backends", "weights", "upstream path", "status" ...
	Aspects []string
}

// comparer compares outcomes; it knows how to resolve named service ports.
type comparer struct {
	resolvePort func(namespace, service, portName string) (int32, bool)
}

// compare returns the difference between old and new on req, or false when they agree.
func (c comparer) compare(req model.Request, o, n decided) (difference, bool) {
	ok, nk := o.Kind(), n.Kind()
	oo, no := o.Res.Outcome, n.Res.Outcome
	switch {
	case ok == model.Forward && nk == model.Forward:
		identical := identicalBackends(oo.Backends, no.Backends)
		if !identical && !c.sameBackendSet(oo.Backends, no.Backends) {
			return difference{Category: finding.Misroute, Severity: finding.High, Aspects: []string{"backends"}}, true
		}
		var rewrite, fidelity []string
		if oo.UpstreamPath != no.UpstreamPath {
			rewrite = append(rewrite, "upstream path")
		}
		if oo.UpstreamHost != no.UpstreamHost {
			rewrite = append(rewrite, "upstream host")
		}
		if len(rewrite) > 0 {
			return difference{Category: finding.RewriteDiff, Severity: finding.Medium, Aspects: rewrite}, true
		}
		if !identical && !c.sameProportions(oo.Backends, no.Backends) {
			fidelity = append(fidelity, "weights")
		}
		fidelity = append(fidelity, decisionExtras(o, n)...)
		if len(fidelity) > 0 {
			return difference{Category: finding.Fidelity, Severity: finding.Low, Aspects: fidelity}, true
		}
		return difference{}, false
	case ok == model.Forward:
		if nk == model.Redirect {
			return difference{Category: finding.RedirectDiff, Severity: finding.Medium, Aspects: []string{"redirect appeared"}}, true
		}
		return difference{Category: finding.Breakage, Severity: finding.High, Aspects: []string{"no longer served"}}, true
	case nk == model.Forward:
		if ok == model.Redirect {
			return difference{Category: finding.RedirectDiff, Severity: redirectSeverity(req, oo, no), Aspects: []string{"redirect lost"}}, true
		}
		return difference{Category: finding.Exposure, Severity: finding.Critical, Aspects: []string{"now served"}}, true
	case ok == model.Redirect || nk == model.Redirect:
		var aspects []string
		switch {
		case ok != nk && ok == model.Redirect:
			aspects = append(aspects, "redirect lost")
		case ok != nk:
			aspects = append(aspects, "redirect appeared")
		default:
			if oo.Status != no.Status {
				aspects = append(aspects, "status")
			}
			if oo.Location != no.Location {
				aspects = append(aspects, "location")
			}
			if !sameHeaderChanges(respHeaders(o.Decision), respHeaders(n.Decision)) {
				aspects = append(aspects, "response headers")
			}
		}
		if len(aspects) == 0 {
			return difference{}, false
		}
		if aspects[0] == "response headers" {
			return difference{Category: finding.Fidelity, Severity: finding.Low, Aspects: aspects}, true
		}
		return difference{Category: finding.RedirectDiff, Severity: redirectSeverity(req, oo, no), Aspects: aspects}, true
	default:
		// Both refuse the request: only the way they do it differs.
		if ok != nk {
			return difference{Category: finding.Fidelity, Severity: finding.Low, Aspects: []string{"refusal"}}, true
		}
		if oo.Status != no.Status {
			return difference{Category: finding.Fidelity, Severity: finding.Low, Aspects: []string{"status"}}, true
		}
		return difference{}, false
	}
}

// redirectSeverity is high when a plain-http request lost its redirect to https.
func redirectSeverity(req model.Request, o, n model.Outcome) finding.Severity {
	if lostHTTPSRedirect(req, o, n) {
		return finding.High
	}
	return finding.Medium
}

// lostHTTPSRedirect reports whether the old side sent a plain-http request to https and the
// new side does not.
func lostHTTPSRedirect(req model.Request, o, n model.Outcome) bool {
	if req.Scheme != model.HTTP || o.Kind != model.Redirect || !strings.HasPrefix(o.Location, "https://") {
		return false
	}
	return n.Kind != model.Redirect || !strings.HasPrefix(n.Location, "https://")
}

// identicalBackends reports whether a and b list the same backends in the same order with
// the same weights (the common case, checked without building keys).
func identicalBackends(a, b []model.Backend) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		x, y := a[i], b[i]
		if x.Namespace != y.Namespace || x.Service != y.Service || x.Port != y.Port || x.PortName != y.PortName || x.Weight != y.Weight || x.Kind != y.Kind || x.Invalid != y.Invalid {
			return false
		}
	}
	return true
}

// backendKey identifies a backend independently of how its port is written.
func (c comparer) backendKey(b model.Backend) string {
	kind := b.Kind
	if kind == "Service" {
		kind = ""
	}
	port := fmt.Sprint(b.Port)
	if b.Port == 0 {
		port = "name:" + b.PortName
		if c.resolvePort != nil {
			if p, ok := c.resolvePort(b.Namespace, b.Service, b.PortName); ok {
				port = fmt.Sprint(p)
			}
		}
	}
	return kind + "/" + b.Namespace + "/" + b.Service + ":" + port
}

// shares returns each used backend's weight; backends with weight 0 receive nothing unless
// every weight is 0 (then all count equally). Invalid backends keep their share: requests
// sent to them fail.
func (c comparer) shares(bs []model.Backend) map[string]int64 {
	out := map[string]int64{}
	zero := allZero(bs)
	for _, b := range bs {
		w := int64(b.Weight)
		if zero {
			w = 1
		}
		if w > 0 {
			k := c.backendKey(b)
			if b.Invalid != "" {
				k += " invalid"
			}
			out[k] += w
		}
	}
	return out
}

func (c comparer) sameBackendSet(a, b []model.Backend) bool {
	sa, sb := c.shares(a), c.shares(b)
	if len(sa) != len(sb) {
		return false
	}
	for k := range sa {
		if _, ok := sb[k]; !ok {
			return false
		}
	}
	return true
}

// sameProportions compares weights as proportions: 1:1 equals 50:50.
func (c comparer) sameProportions(a, b []model.Backend) bool {
	sa, sb := c.shares(a), c.shares(b)
	var ta, tb int64
	for _, w := range sa {
		ta += w
	}
	for _, w := range sb {
		tb += w
	}
	for k, w := range sa {
		if w*tb != sb[k]*ta {
			return false
		}
	}
	return true
}

// decisionExtras names what differs besides backends and paths: header edits, mirrors, protocol.
func decisionExtras(od, nd decided) []string {
	o, n := od.Decision, nd.Decision
	var out []string
	if !sameHeaderChanges(requestChanges(od, nd), requestChanges(nd, od)) {
		out = append(out, "request headers")
	}
	if !sameHeaderChanges(o.ResponseHeaders, n.ResponseHeaders) {
		out = append(out, "response headers")
	}
	if !sameMirrors(o.Mirrors, n.Mirrors) {
		out = append(out, "mirrors")
	}
	if protocol(o.Protocol) != protocol(n.Protocol) {
		out = append(out, fmt.Sprintf("upstream protocol (old %s, new %s)", protocol(o.Protocol), protocol(n.Protocol)))
	}
	if ot, nt := upstreamTLS(o.Backends), upstreamTLS(n.Backends); ot != nt {
		out = append(out, fmt.Sprintf("upstream TLS (old %s, new %s)", ot, nt))
	}
	return out
}

// requestChanges are the request-header edits of own's route, leaving out the removal of a
// header that the other side's policy also removes (nginx clears Authorization after basic
// auth where an Envoy Gateway route removes it with a filter): the upstreams of both sides
// then lack it. A header the other side overwrites is not left out: removing it differs.
func requestChanges(own, other decided) model.HeaderChanges {
	h := own.Decision.RequestHeaders
	if len(h.Remove) == 0 {
		return h
	}
	op := policyOf(other)
	var keep []string
	for _, name := range h.Remove {
		if !stripsHeader(op, name) {
			keep = append(keep, name)
		}
	}
	h.Remove = keep
	return h
}

// upstreamTLS describes how the data plane checks the backends' certificates, for
// comparison ("not verified" when no backend's TLS is modelled).
func upstreamTLS(bs []model.Backend) string {
	var parts []string
	for _, b := range bs {
		t := b.TLS
		if t == nil || !t.Verify {
			continue
		}
		cas := slices.Clone(t.CACertificates)
		slices.Sort(cas)
		sans := slices.Clone(t.SubjectAltNames)
		slices.Sort(sans)
		parts = append(parts, fmt.Sprintf("%s/%s verified against %s as %s%s", b.Namespace, b.Service, strings.Join(cas, "+"), t.Hostname, strings.Join(append([]string{""}, sans...), " ")))
	}
	if len(parts) == 0 {
		return "not verified"
	}
	slices.Sort(parts)
	return strings.Join(slices.Compact(parts), "; ")
}

func respHeaders(d *model.Decision) model.HeaderChanges {
	if d == nil {
		return model.HeaderChanges{}
	}
	return d.ResponseHeaders
}

func protocol(p string) string {
	if p == "" {
		return "HTTP"
	}
	return strings.ToUpper(p)
}

// sameHeaderChanges compares header edits with canonical names; nil and empty are equal.
func sameHeaderChanges(a, b model.HeaderChanges) bool {
	if emptyChanges(a) && emptyChanges(b) {
		return true
	}
	return reflect.DeepEqual(canonicalChanges(a), canonicalChanges(b))
}

func emptyChanges(h model.HeaderChanges) bool {
	return len(h.Set) == 0 && len(h.Add) == 0 && len(h.Remove) == 0
}

func canonicalChanges(h model.HeaderChanges) [3][]string {
	var out [3][]string
	for i, m := range []map[string]string{h.Set, h.Add} {
		for k, v := range m {
			out[i] = append(out[i], strings.ToLower(k)+"="+v)
		}
		sort.Strings(out[i])
	}
	for _, k := range h.Remove {
		out[2] = append(out[2], strings.ToLower(k))
	}
	sort.Strings(out[2])
	return out
}

func sameMirrors(a, b []model.Backend) bool {
	if len(a) == 0 && len(b) == 0 {
		return true
	}
	key := func(bs []model.Backend) []string {
		var out []string
		for _, m := range bs {
			out = append(out, m.String())
		}
		sort.Strings(out)
		return out
	}
	return reflect.DeepEqual(key(a), key(b))
}
