package ingressnginx

import (
	"regexp/syntax"
	"strings"

	"github.com/ingress-parity/ingress-parity/model"
)

// appendCanaryRoutes appends the routes of a location whose upstream has a canary, in the
// order lua/balancer.lua route_to_alternative_balancer decides (session affinity aside):
//  1. header canary-by-header present: with canary-by-header-value, equal -> canary; else
//     with canary-by-header-pattern, a PCRE search match -> canary; else "always" -> canary,
//     "never" -> primary (and nothing else is consulted);
//  2. cookie canary-by-cookie: "always" -> canary, "never" -> primary;
//  3. otherwise the weight: canary with probability weight/total, where total is
//     canary-weight-total when above 100, else 100.
//
// Headers are read from nginx $http_<name> variables: "_" and "-" in the name are the same.
func (b *builder) appendCanaryRoutes(out []model.Route, l *location, main model.Route, alt *alternative) []model.Route {
	c := alt.ing.ann.Canary
	primary := main.Decision
	canary, more := b.forward(l, alt.up, nil)
	canary.Source = alt.ing.source("metadata.annotations")
	add := func(suffix string, d model.Decision, m model.Match, src model.Source, extra ...string) {
		r := main
		r.ID = main.ID + " (" + suffix + ")"
		r.Match = m
		r.Decision = d
		r.Source = src
		r.Opaque = append(append(append([]string(nil), main.Opaque...), more...), extra...)
		if len(r.Opaque) == 0 {
			r.Opaque = nil
		}
		out = append(out, r)
	}
	withHeader := func(v model.ValueMatch) model.Match {
		m := main.Match
		m.Headers = append(append([]model.ValueMatch(nil), m.Headers...), v)
		return m
	}
	withCookie := func(v model.ValueMatch) model.Match {
		m := main.Match
		m.Cookies = append(append([]model.ValueMatch(nil), m.Cookies...), v)
		return m
	}
	if c.Header != "" {
		name := strings.ReplaceAll(c.Header, "_", "-")
		src := alt.ing.annSource("canary-by-header")
		switch {
		case c.HeaderValue != "":
			add("canary header", canary, withHeader(model.ValueMatch{Name: name, Kind: model.MatchExact, Value: c.HeaderValue}), alt.ing.annSource("canary-by-header-value"))
		case c.HeaderPattern != "":
			// ngx.re.match(value, pattern): an unanchored PCRE search.
			var extra []string
			if _, err := syntax.Parse(c.HeaderPattern, syntax.Perl); err != nil {
				extra = append(extra, "canary-by-header-pattern "+c.HeaderPattern+" is not RE2 syntax: "+err.Error())
			}
			pat := `(?s:.*)(?:` + c.HeaderPattern + `)(?s:.*)`
			add("canary header pattern", canary, withHeader(model.ValueMatch{Name: name, Kind: model.MatchRegex, Value: pat}), alt.ing.annSource("canary-by-header-pattern"), extra...)
		default:
			add("canary header always", canary, withHeader(model.ValueMatch{Name: name, Kind: model.MatchExact, Value: "always"}), src)
			add("canary header never", primary, withHeader(model.ValueMatch{Name: name, Kind: model.MatchExact, Value: "never"}), src)
		}
	}
	if c.Cookie != "" {
		src := alt.ing.annSource("canary-by-cookie")
		add("canary cookie always", canary, withCookie(model.ValueMatch{Name: c.Cookie, Kind: model.MatchExact, Value: "always"}), src)
		add("canary cookie never", primary, withCookie(model.ValueMatch{Name: c.Cookie, Kind: model.MatchExact, Value: "never"}), src)
	}
	total := 100
	if c.WeightTotal > 100 {
		total = c.WeightTotal
	}
	w := min(max(c.Weight, 0), total)
	if w > 0 {
		var split []model.Backend
		if total-w > 0 {
			split = append(split, b.backend(l.up, int32(total-w)))
		}
		split = append(split, b.backend(alt.up, int32(w)))
		weighted, extra := b.forward(l, l.up, split)
		weighted.Source = main.Decision.Source
		main.Decision = weighted
		main.Opaque = append(main.Opaque, extra...)
	}
	return append(out, main)
}
