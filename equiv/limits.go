package equiv

import (
	"fmt"
	"slices"
	"strings"

	"github.com/ingress-parity/ingress-parity/finding"
	"github.com/ingress-parity/ingress-parity/model"
)

// limitDiff is a difference in the limits and browser-facing policy of a route pair: body
// size, rate limit, CORS or HSTS.
type limitDiff struct {
	Aspect     string
	Old, New   string
	Severity   finding.Severity
	OldS, NewS model.Source
	Advice     string
}

// limitDiffs compares the limits of two policies; https says whether HSTS applies.
func limitDiffs(oldP, newP *model.Policy, https bool) []limitDiff {
	var out []limitDiff
	var ob, nb *model.BodyLimit
	var orl, nrl *model.RateLimit
	var oc, nc *model.CORS
	var oh, nh *model.HSTS
	if oldP != nil {
		ob, orl, oc, oh = oldP.BodyLimit, oldP.RateLimit, oldP.CORS, oldP.HSTS
	}
	if newP != nil {
		nb, nrl, nc, nh = newP.BodyLimit, newP.RateLimit, newP.CORS, newP.HSTS
	}
	if o, n := bodyWords(ob), bodyWords(nb); o != n {
		sev := finding.Low
		if bodyMax(nb) > bodyMax(ob) {
			sev = finding.Medium // larger bodies now reach the upstream
		}
		out = append(out, limitDiff{Aspect: "request body limit", Old: o, New: n, Severity: sev, OldS: bodySource(ob), NewS: bodySource(nb),
			Advice: "Set the same limit on the new side (Envoy Gateway: BackendTrafficPolicy requestBuffer.limit; ingress-nginx: proxy-body-size, 1m by default)."})
	}
	if o, n := rateWords(orl), rateWords(nrl); o != n {
		out = append(out, limitDiff{Aspect: "rate limit", Old: o, New: n, Severity: finding.Low, OldS: rateSource(orl), NewS: rateSource(nrl),
			Advice: "Carry the limit over per client address (Envoy Gateway: BackendTrafficPolicy rateLimit.local with a clientSelectors sourceCIDR Distinct rule), or confirm the change."})
	}
	if o, n := corsWords(oc), corsWords(nc); o != n {
		sev := finding.Low
		if corsWider(oc, nc) {
			sev = finding.Medium // more origins (or credentials) are allowed to read responses
		}
		out = append(out, limitDiff{Aspect: "CORS", Old: o, New: n, Severity: sev, OldS: corsSource(oc), NewS: corsSource(nc),
			Advice: "Allow the same origins, methods, headers and credentials on both sides (Envoy Gateway: SecurityPolicy cors)."})
	}
	if o, n := hstsWords(oh), hstsWords(nh); https && o != n {
		out = append(out, limitDiff{Aspect: "Strict-Transport-Security", Old: o, New: n, Severity: finding.Low, OldS: hstsSource(oh), NewS: hstsSource(nh),
			Advice: "Browsers remember HSTS: send the same header on the new side (a ResponseHeaderModifier), or turn it off on the old side first (ingress-nginx ConfigMap hsts)."})
	}
	return out
}

func bodyMax(b *model.BodyLimit) int64 {
	if b == nil || b.MaxBytes == 0 {
		return 1 << 62
	}
	return b.MaxBytes
}

func bodyWords(b *model.BodyLimit) string {
	if b == nil || b.MaxBytes == 0 {
		return "unlimited"
	}
	return fmt.Sprintf("%d bytes (larger bodies get %d)", b.MaxBytes, b.Status)
}

func bodySource(b *model.BodyLimit) model.Source {
	if b == nil {
		return model.Source{}
	}
	return b.Source
}

// rateWords describes a rate limit by its sustained rate (RateLimit.Describe without burst).
func rateWords(r *model.RateLimit) string {
	if d := r.Describe(false); d != "" {
		return d
	}
	return "none"
}

func rateSource(r *model.RateLimit) model.Source {
	if r == nil {
		return model.Source{}
	}
	return r.Source
}

func corsWords(c *model.CORS) string {
	if c == nil {
		return "none"
	}
	sorted := func(xs []string) string {
		ys := slices.Clone(xs)
		for i := range ys {
			ys[i] = strings.ToLower(ys[i])
		}
		slices.Sort(ys)
		return strings.Join(ys, " ")
	}
	s := "origins [" + sorted(c.AllowOrigins) + "] methods [" + sorted(c.AllowMethods) + "] headers [" + sorted(c.AllowHeaders) + "]"
	if c.AllowCredentials {
		s += " with credentials"
	}
	return s
}

// corsWider reports whether n lets an origin read responses (or send credentials) that o
// did not.
func corsWider(o, n *model.CORS) bool {
	if n == nil {
		return false
	}
	if o == nil {
		return len(n.AllowOrigins) > 0
	}
	if n.AllowCredentials && !o.AllowCredentials {
		return true
	}
	for _, origin := range n.AllowOrigins {
		if !slices.Contains(o.AllowOrigins, origin) && !slices.Contains(o.AllowOrigins, "*") {
			return true
		}
	}
	return false
}

func corsSource(c *model.CORS) model.Source {
	if c == nil {
		return model.Source{}
	}
	return c.Source
}

func hstsWords(h *model.HSTS) string {
	if h == nil {
		return "none"
	}
	s := fmt.Sprintf("max-age=%d", h.MaxAge)
	if h.IncludeSubdomains {
		s += "; includeSubDomains"
	}
	if h.Preload {
		s += "; preload"
	}
	return s
}

func hstsSource(h *model.HSTS) model.Source {
	if h == nil {
		return model.Source{}
	}
	return h.Source
}

// recordLimit records a limit difference, one finding per aspect and pair of sources.
// w is req sent by a caller both sides admit.
func (c *checker) recordLimit(req, w model.Request, od, nd decided, l limitDiff) {
	id := stableID("fidelity", "limit", l.Aspect, l.Old, l.New, l.OldS.String(), l.NewS.String())
	c.addIdentity(id, od.ID()+"\x00"+nd.ID(), req, w, func() finding.Finding {
		return finding.Finding{
			ID:       id,
			Category: finding.Fidelity,
			Severity: l.Severity,
			Title:    fmt.Sprintf("fidelity: %s differs (old: %s; new: %s)", l.Aspect, l.Old, l.New),
			Old:      od.Finding(),
			New:      nd.Finding(),
			Explanation: fmt.Sprintf("Old side: %s%s. New side: %s%s. %s",
				l.Old, l.OldS.Suffix(), l.New, l.NewS.Suffix(), l.Advice),
			Controls: []string{"CSF2:PR.PS-01", "CSF1.1:PR.IP-1"},
		}
	})
}
