package plan

import (
	"net/http"
	"net/url"
	"strings"

	"github.com/ingress-parity/ingress-parity/model"
	"github.com/ingress-parity/ingress-parity/pathauto"
)

// sampleRoutes finds, for every route of m, the shortest request that m says lands on it.
// Routes that no request reaches (shadowed) get no sample.
func (b *builder) sampleRoutes(m *model.Model) []routeSample {
	var out []routeSample
	for ei := range m.EntryPoints {
		ep := &m.EntryPoints[ei]
		for li := range ep.Listeners {
			l := &ep.Listeners[li]
			for vi := range l.VirtualHosts {
				vh := &l.VirtualHosts[vi]
				host := sampleHost(vh.Host.Pattern, l.Hostname)
				for ri := range vh.Routes {
					rt := &vh.Routes[ri]
					if req, ok := b.landing(m, l, rt, host); ok {
						out = append(out, routeSample{side: m.Side, model: m, listener: l, route: rt, req: req})
					}
				}
			}
		}
	}
	return out
}

// sampleHost is a concrete host for a pattern: itself, one label under a wildcard, or a
// placeholder for the catch-all (the listener's hostname when it has one).
func sampleHost(pattern, listenerHost string) string {
	switch {
	case pattern == "" || pattern == "*":
		if listenerHost != "" && listenerHost != "*" {
			return sampleHost(listenerHost, "")
		}
		return "any.ingress-parity.test"
	case strings.HasPrefix(pattern, "*."):
		return "wild" + pattern[1:]
	}
	return pattern
}

// landing searches the route's path language, shortest first, for a request that the
// model resolves to exactly this route.
func (b *builder) landing(m *model.Model, l *model.Listener, rt *model.Route, host string) (model.Request, bool) {
	base := model.Request{Method: http.MethodGet, Scheme: l.Scheme, Host: host, Port: l.Port}
	if rt.Match.Method != "" {
		base.Method = rt.Match.Method
	}
	base.Headers = valueHeaders(rt.Match.Headers)
	base.Query = valueQuery(rt.Match.Query)
	if c := valueCookies(rt.Match.Cookies); c != "" {
		if base.Headers == nil {
			base.Headers = http.Header{}
		}
		base.Headers.Set("Cookie", c)
	}
	pat, err := rt.Match.Path.Pattern()
	if err != nil {
		return base, false
	}
	var found model.Request
	ok := false
	_, err = pathauto.Explore([]string{pat}, pathauto.Options{Prefix: "/", MaxStates: b.opts.SearchStates}, func(p string, accepting []int) bool {
		if len(accepting) == 0 || strings.ContainsAny(p, "?#") {
			return true
		}
		r := base
		r.Path = p
		if lands(m, r, rt) {
			found, ok = r, true
			return false
		}
		return true
	})
	return found, ok && err == nil
}

// lands reports whether m resolves r to route rt.
func lands(m *model.Model, r model.Request, rt *model.Route) bool {
	for _, res := range m.Resolve(r) {
		return res.Route == rt
	}
	return false
}

// sampleValue is a value satisfying v, or "" with ok=false when it must be absent.
func sampleValue(v model.ValueMatch) (string, bool) {
	const other = "ingress-parity-other"
	switch {
	case v.Kind == model.MatchAbsent && !v.Not:
		return "", false
	case v.Kind == model.MatchAbsent, v.Kind == model.MatchPresent && !v.Not:
		return "x", true
	case v.Kind == model.MatchPresent:
		return "", false
	case v.Not:
		return other, true
	case v.Kind == model.MatchExact:
		return v.Value, true
	case v.Kind == model.MatchRegex:
		s := ""
		_, _ = pathauto.Explore([]string{v.Value}, pathauto.Options{MaxStates: 1024}, func(p string, accepting []int) bool {
			if len(accepting) > 0 && p != "" {
				s = p
				return false
			}
			return true
		})
		return s, s != ""
	}
	return other, true
}

func valueHeaders(ms []model.ValueMatch) http.Header {
	var h http.Header
	for _, m := range ms {
		if v, ok := sampleValue(m); ok {
			if h == nil {
				h = http.Header{}
			}
			h.Set(m.Name, v)
		}
	}
	return h
}

func valueQuery(ms []model.ValueMatch) string {
	q := url.Values{}
	for _, m := range ms {
		if v, ok := sampleValue(m); ok {
			q.Set(m.Name, v)
		}
	}
	return q.Encode()
}

func valueCookies(ms []model.ValueMatch) string {
	var parts []string
	for _, m := range ms {
		if v, ok := sampleValue(m); ok {
			parts = append(parts, m.Name+"="+v)
		}
	}
	return strings.Join(parts, "; ")
}
