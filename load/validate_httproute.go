package load

import (
	"strings"
	"time"

	gatewayv1 "sigs.k8s.io/gateway-api/apis/v1"
)

// validateHTTPRoute applies the OpenAPI patterns and CEL rules of the gateway-api v1.6.3
// standard-channel CRD (config/crd/standard/gateway.networking.k8s.io_httproutes.yaml)
// that bear on routing: hostnames, parentRefs, rules and matches, filters, backendRefs,
// timeouts.
func validateHTTPRoute(r *gatewayv1.HTTPRoute) problems {
	var ps problems
	validateHostnames(&ps, r.Spec.Hostnames)
	validateParentRefs(&ps, r.Spec.ParentRefs)
	rules := r.Spec.Rules
	if len(rules) == 0 {
		ps.add("spec.rules", "must have at least 1 item")
	}
	maxItems(&ps, "spec.rules", len(rules), 16)
	total := 0
	for i := range rules {
		total += len(rules[i].Matches)
		validateHTTPRule(&ps, idx("spec.rules", i), &rules[i])
	}
	if total > 128 {
		ps.add("spec.rules", "While 16 rules and 64 matches per rule are allowed, the total number of matches across all rules in a route must be less than 128")
	}
	return ps
}

func validateHTTPRule(ps *problems, f string, rule *gatewayv1.HTTPRouteRule) {
	if rule.Name != nil && (len(*rule.Name) > 253 || !sectionNameRe.MatchString(string(*rule.Name))) {
		ps.add(f+".name", "invalid rule name %q", *rule.Name)
	}
	maxItems(ps, f+".matches", len(rule.Matches), 64)
	for j := range rule.Matches {
		validateHTTPMatch(ps, idx(f+".matches", j), &rule.Matches[j])
	}
	validateHTTPFilters(ps, f+".filters", rule.Filters)
	if len(rule.BackendRefs) > 0 {
		for _, flt := range rule.Filters {
			if flt.RequestRedirect != nil {
				ps.add(f, "RequestRedirect filter must not be used together with backendRefs")
				break
			}
		}
	}
	onePrefix := len(rule.Matches) == 1 && rule.Matches[0].Path != nil &&
		rule.Matches[0].Path.Type != nil && *rule.Matches[0].Path.Type == gatewayv1.PathMatchPathPrefix
	if !onePrefix {
		if n := countPrefixReplace(rule.Filters, true); n == 1 {
			ps.add(f, "When using RequestRedirect filter with path.replacePrefixMatch, exactly one PathPrefix match must be specified")
		}
		if n := countPrefixReplace(rule.Filters, false); n == 1 {
			ps.add(f, "When using URLRewrite filter with path.replacePrefixMatch, exactly one PathPrefix match must be specified")
		}
	}
	maxItems(ps, f+".backendRefs", len(rule.BackendRefs), 16)
	redirects, rewrites := 0, 0
	for j := range rule.BackendRefs {
		b := &rule.BackendRefs[j]
		bf := idx(f+".backendRefs", j)
		validateBackendRef(ps, bf, &b.BackendRef)
		validateHTTPFilters(ps, bf+".filters", b.Filters)
		if countPrefixReplace(b.Filters, true) == 1 {
			redirects++
		}
		if countPrefixReplace(b.Filters, false) == 1 {
			rewrites++
		}
	}
	if !onePrefix && redirects == 1 {
		ps.add(f, "Within backendRefs, when using RequestRedirect filter with path.replacePrefixMatch, exactly one PathPrefix match must be specified")
	}
	if !onePrefix && rewrites == 1 {
		ps.add(f, "Within backendRefs, When using URLRewrite filter with path.replacePrefixMatch, exactly one PathPrefix match must be specified")
	}
	if t := rule.Timeouts; t != nil {
		validateDuration(ps, f+".timeouts.request", t.Request)
		validateDuration(ps, f+".timeouts.backendRequest", t.BackendRequest)
		if t.Request != nil && t.BackendRequest != nil {
			req, err1 := time.ParseDuration(string(*t.Request))
			be, err2 := time.ParseDuration(string(*t.BackendRequest))
			if err1 == nil && err2 == nil && req != 0 && be > req {
				ps.add(f+".timeouts", "backendRequest timeout cannot be longer than request timeout")
			}
		}
	}
}

// countPrefixReplace counts the filters that redirect (or rewrite) with a
// ReplacePrefixMatch path modifier, as the CEL exists_one rules do.
func countPrefixReplace(fs []gatewayv1.HTTPRouteFilter, redirect bool) int {
	n := 0
	for _, f := range fs {
		var p *gatewayv1.HTTPPathModifier
		if redirect && f.RequestRedirect != nil {
			p = f.RequestRedirect.Path
		} else if !redirect && f.URLRewrite != nil {
			p = f.URLRewrite.Path
		}
		if p != nil && p.Type == gatewayv1.PrefixMatchHTTPPathModifier && p.ReplacePrefixMatch != nil {
			n++
		}
	}
	return n
}

func validateDuration(ps *problems, f string, d *gatewayv1.Duration) {
	if d != nil && !durationRe.MatchString(string(*d)) {
		ps.add(f, "invalid duration %q: must match %s", *d, durationRe)
	}
}

// validateHTTPMatch: path type enum and the Exact/PathPrefix value rules, headers and
// query params (name pattern, type enum, value length, unique names), method enum.
func validateHTTPMatch(ps *problems, f string, m *gatewayv1.HTTPRouteMatch) {
	if p := m.Path; p != nil && p.Type != nil && p.Value != nil {
		validatePathMatch(ps, f+".path", *p.Type, *p.Value)
	}
	hs := make([]headerMatch, len(m.Headers))
	for k, h := range m.Headers {
		hs[k] = headerMatch{name: string(h.Name), typ: (*string)(h.Type), value: h.Value}
	}
	validateHeaderMatches(ps, f+".headers", hs)
	maxItems(ps, f+".queryParams", len(m.QueryParams), 16)
	seenQ := map[gatewayv1.HTTPHeaderName]bool{}
	for k, q := range m.QueryParams {
		qf := idx(f+".queryParams", k)
		validateHeaderName(ps, qf+".name", string(q.Name))
		if q.Type != nil && *q.Type != gatewayv1.QueryParamMatchExact && *q.Type != gatewayv1.QueryParamMatchRegularExpression {
			ps.add(qf+".type", "unsupported query param match type %q: must be Exact or RegularExpression", *q.Type)
		}
		if len(q.Value) < 1 || len(q.Value) > 1024 {
			ps.add(qf+".value", "value must have 1..1024 characters")
		}
		if seenQ[q.Name] {
			ps.add(qf+".name", "duplicate query param match name %q", q.Name)
		}
		seenQ[q.Name] = true
	}
	if m.Method != nil && !httpMethods[*m.Method] {
		ps.add(f+".method", "unsupported method %q", *m.Method)
	}
}

var httpMethods = map[gatewayv1.HTTPMethod]bool{
	"GET": true, "HEAD": true, "POST": true, "PUT": true, "DELETE": true,
	"CONNECT": true, "OPTIONS": true, "TRACE": true, "PATCH": true,
}

// validatePathMatch: the x-kubernetes-validations of HTTPPathMatch.
func validatePathMatch(ps *problems, f string, typ gatewayv1.PathMatchType, v string) {
	if len(v) > 1024 {
		ps.add(f+".value", "value must have at most 1024 characters")
	}
	switch typ {
	case gatewayv1.PathMatchExact, gatewayv1.PathMatchPathPrefix:
	case gatewayv1.PathMatchRegularExpression:
		return // implementation-specific; no CRD rule on the value
	default:
		ps.add(f+".type", "type must be one of ['Exact', 'PathPrefix', 'RegularExpression'] (got %q)", typ)
		return
	}
	if !strings.HasPrefix(v, "/") {
		ps.add(f+".value", "value must be an absolute path and start with '/' when type one of ['Exact', 'PathPrefix']")
	}
	for _, s := range []string{"//", "/./", "/../", "%2f", "%2F", "#"} {
		if strings.Contains(v, s) {
			ps.add(f+".value", "must not contain '%s' when type one of ['Exact', 'PathPrefix']", s)
		}
	}
	for _, s := range []string{"/..", "/."} {
		if strings.HasSuffix(v, s) {
			ps.add(f+".value", "must not end with '%s' when type one of ['Exact', 'PathPrefix']", s)
		}
	}
	if !pathCharsRe.MatchString(v) {
		ps.add(f+".value", "must only contain valid characters (matching %s) for types ['Exact', 'PathPrefix']", pathCharsRe)
	}
}

// validateHTTPFilters: maxItems 16, type enum of the standard channel, field/type
// consistency, no repeats of the non-repeatable filters, not both RequestRedirect and
// URLRewrite, and each filter's own fields.
func validateHTTPFilters(ps *problems, f string, fs []gatewayv1.HTTPRouteFilter) {
	maxItems(ps, f, len(fs), 16)
	count := map[gatewayv1.HTTPRouteFilterType]int{}
	for i := range fs {
		flt := &fs[i]
		ff := idx(f, i)
		count[flt.Type]++
		present := []struct {
			typ gatewayv1.HTTPRouteFilterType
			has bool
		}{
			{gatewayv1.HTTPRouteFilterRequestHeaderModifier, flt.RequestHeaderModifier != nil},
			{gatewayv1.HTTPRouteFilterResponseHeaderModifier, flt.ResponseHeaderModifier != nil},
			{gatewayv1.HTTPRouteFilterRequestMirror, flt.RequestMirror != nil},
			{gatewayv1.HTTPRouteFilterRequestRedirect, flt.RequestRedirect != nil},
			{gatewayv1.HTTPRouteFilterURLRewrite, flt.URLRewrite != nil},
			{gatewayv1.HTTPRouteFilterExtensionRef, flt.ExtensionRef != nil},
			{gatewayv1.HTTPRouteFilterCORS, flt.CORS != nil},
		}
		known := false
		for _, p := range present {
			known = known || p.typ == flt.Type
		}
		if !known {
			ps.add(ff+".type", "unsupported filter type %q in the standard channel", flt.Type)
		}
		if flt.ExternalAuth != nil {
			ps.add(ff+".externalAuth", "externalAuth is not part of the standard channel CRD")
		}
		for _, p := range present {
			field := filterField(p.typ)
			if p.has && flt.Type != p.typ {
				ps.add(ff+"."+field, "filter.%s must be nil if the filter.type is not %s", field, p.typ)
			}
			if !p.has && flt.Type == p.typ {
				ps.add(ff, "filter.%s must be specified for %s filter.type", field, p.typ)
			}
		}
		if m := flt.RequestHeaderModifier; m != nil {
			validateHeaderModifier(ps, ff+".requestHeaderModifier", m)
		}
		if m := flt.ResponseHeaderModifier; m != nil {
			validateHeaderModifier(ps, ff+".responseHeaderModifier", m)
		}
		if m := flt.RequestMirror; m != nil {
			validateMirror(ps, ff+".requestMirror", m)
		}
		if rd := flt.RequestRedirect; rd != nil {
			validateRedirect(ps, ff+".requestRedirect", rd)
		}
		if rw := flt.URLRewrite; rw != nil {
			if rw.Hostname != nil {
				validateHostname(ps, ff+".urlRewrite.hostname", string(*rw.Hostname), preciseHostnameRe)
			}
			validatePathModifier(ps, ff+".urlRewrite.path", rw.Path)
		}
		if c := flt.CORS; c != nil {
			validateCORS(ps, ff+".cors", c)
		}
		if e := flt.ExtensionRef; e != nil {
			g, k := e.Group, e.Kind
			validateRefNames(ps, ff+".extensionRef", &g, &k, string(e.Name), nil)
		}
	}
	for _, typ := range []gatewayv1.HTTPRouteFilterType{
		gatewayv1.HTTPRouteFilterCORS, gatewayv1.HTTPRouteFilterRequestHeaderModifier,
		gatewayv1.HTTPRouteFilterResponseHeaderModifier, gatewayv1.HTTPRouteFilterRequestRedirect,
		gatewayv1.HTTPRouteFilterURLRewrite,
	} {
		if count[typ] > 1 {
			ps.add(f, "%s filter cannot be repeated", typ)
		}
	}
	if count[gatewayv1.HTTPRouteFilterRequestRedirect] > 0 && count[gatewayv1.HTTPRouteFilterURLRewrite] > 0 {
		ps.add(f, "May specify either httpRouteFilterRequestRedirect or httpRouteFilterRequestRewrite, but not both")
	}
}

// filterField is the field of a filter type ("RequestHeaderModifier" ->
// "requestHeaderModifier", "URLRewrite" -> "urlRewrite", "CORS" -> "cors").
func filterField(t gatewayv1.HTTPRouteFilterType) string {
	switch t {
	case gatewayv1.HTTPRouteFilterURLRewrite:
		return "urlRewrite"
	case gatewayv1.HTTPRouteFilterCORS:
		return "cors"
	}
	s := string(t)
	return strings.ToLower(s[:1]) + s[1:]
}

// validateRedirect: scheme http/https, precise hostname, port 1..65535, statusCode
// 301/302/303/307/308, path modifier.
func validateRedirect(ps *problems, f string, rd *gatewayv1.HTTPRequestRedirectFilter) {
	if rd.Scheme != nil && *rd.Scheme != "http" && *rd.Scheme != "https" {
		ps.add(f+".scheme", "unsupported scheme %q: must be http or https", *rd.Scheme)
	}
	if rd.Hostname != nil {
		validateHostname(ps, f+".hostname", string(*rd.Hostname), preciseHostnameRe)
	}
	if rd.Port != nil && (*rd.Port < 1 || *rd.Port > 65535) {
		ps.add(f+".port", "port must be in 1..65535")
	}
	if rd.StatusCode != nil {
		switch *rd.StatusCode {
		case 301, 302, 303, 307, 308:
		default:
			ps.add(f+".statusCode", "unsupported statusCode %d: must be 301, 302, 303, 307 or 308", *rd.StatusCode)
		}
	}
	validatePathModifier(ps, f+".path", rd.Path)
}

// validatePathModifier: type enum and the type/field consistency rules, values at most
// 1024 characters.
func validatePathModifier(ps *problems, f string, p *gatewayv1.HTTPPathModifier) {
	if p == nil {
		return
	}
	switch p.Type {
	case gatewayv1.FullPathHTTPPathModifier:
		if p.ReplaceFullPath == nil {
			ps.add(f, "replaceFullPath must be specified when type is set to 'ReplaceFullPath'")
		}
		if p.ReplacePrefixMatch != nil {
			ps.add(f, "type must be 'ReplacePrefixMatch' when replacePrefixMatch is set")
		}
	case gatewayv1.PrefixMatchHTTPPathModifier:
		if p.ReplacePrefixMatch == nil {
			ps.add(f, "replacePrefixMatch must be specified when type is set to 'ReplacePrefixMatch'")
		}
		if p.ReplaceFullPath != nil {
			ps.add(f, "type must be 'ReplaceFullPath' when replaceFullPath is set")
		}
	default:
		ps.add(f+".type", "unsupported path modifier type %q: must be ReplaceFullPath or ReplacePrefixMatch", p.Type)
	}
	if p.ReplaceFullPath != nil && len(*p.ReplaceFullPath) > 1024 {
		ps.add(f+".replaceFullPath", "must have at most 1024 characters")
	}
	if p.ReplacePrefixMatch != nil && len(*p.ReplacePrefixMatch) > 1024 {
		ps.add(f+".replacePrefixMatch", "must have at most 1024 characters")
	}
}

// headerMatch is a header match of an HTTPRoute or a GRPCRoute, which share their rules.
type headerMatch struct {
	name  string
	typ   *string
	value string
}

// validateHeaderMatches: at most 16, name pattern, type Exact or RegularExpression, value of
// 1..4096 characters, names unique (HTTPRouteMatch.Headers and GRPCRouteMatch.Headers).
func validateHeaderMatches(ps *problems, f string, hs []headerMatch) {
	maxItems(ps, f, len(hs), 16)
	seen := map[string]bool{}
	for k, h := range hs {
		hf := idx(f, k)
		validateHeaderName(ps, hf+".name", h.name)
		if h.typ != nil && *h.typ != string(gatewayv1.HeaderMatchExact) && *h.typ != string(gatewayv1.HeaderMatchRegularExpression) {
			ps.add(hf+".type", "unsupported header match type %q: must be Exact or RegularExpression", *h.typ)
		}
		if len(h.value) < 1 || len(h.value) > 4096 {
			ps.add(hf+".value", "value must have 1..4096 characters")
		}
		if seen[h.name] {
			ps.add(hf+".name", "duplicate header match name %q", h.name)
		}
		seen[h.name] = true
	}
}
