package ingressnginx

import (
	"github.com/ingress-parity/ingress-parity/model"
)

// Headers ingress-nginx trusts when the ConfigMap sets use-forwarded-headers.
const (
	headerForwardedProto = "X-Forwarded-Proto"
	headerForwardedHost  = "X-Forwarded-Host"
)

// appendForwardedRoutes appends the routes of a location that redirects plain-http requests to https
// when use-forwarded-headers is on: lua_ingress.lua then takes the request's scheme from
// X-Forwarded-Proto when the header is present (any value, even empty), and redirects
// exactly when that scheme is "http"; the Location's host comes from X-Forwarded-Host
// when present.
//
//   - http listener: X-Forwarded-Proto present and not "http" -> proxied; else redirect;
//   - https listener: X-Forwarded-Proto "http" -> redirect; else proxied.
func (b *builder) appendForwardedRoutes(out []model.Route, l *location, base model.Route, scheme model.Scheme, redirect model.Decision) []model.Route {
	with := func(r model.Route, id string, h ...model.ValueMatch) model.Route {
		r.ID += id
		r.Match.Headers = append(append([]model.ValueMatch(nil), r.Match.Headers...), h...)
		return r
	}
	redirects := func(out []model.Route, r model.Route) []model.Route {
		r.Policy = b.rewritePhasePolicy(r.Policy) // lua_ingress.lua redirects in the rewrite phase
		fromHeader := with(r, " (ssl-redirect, X-Forwarded-Host)", model.ValueMatch{Name: headerForwardedHost, Kind: model.MatchPresent})
		fromHeader = withDecision(fromHeader, redirect, []string{"ssl-redirect Location host comes from the X-Forwarded-Host header (use-forwarded-headers)"})
		return append(out, fromHeader, withDecision(r, redirect, nil))
	}
	if scheme == model.HTTP {
		proxied := with(base, " (X-Forwarded-Proto not http)",
			model.ValueMatch{Name: headerForwardedProto, Kind: model.MatchPresent},
			model.ValueMatch{Name: headerForwardedProto, Kind: model.MatchExact, Value: "http", Not: true})
		return redirects(b.appendProxyRoutes(out, l, proxied), base)
	}
	plain := with(base, " (X-Forwarded-Proto http)", model.ValueMatch{Name: headerForwardedProto, Kind: model.MatchExact, Value: "http"})
	return b.appendProxyRoutes(redirects(out, plain), l, base)
}
