package envoypolicy

import (
	"fmt"
	"regexp"
	"slices"
	"strings"

	"github.com/ingress-parity/ingress-parity/model"
)

// A ClientTrafficPolicy's spec.headers.earlyRequestHeaders is an HTTPHeaderFilter applied by
// Envoy's early header mutation extension "before envoy performs routing, tracing and
// built-in header manipulation" (api/v1alpha1/clienttrafficpolicy_types.go): before the
// X-Forwarded-For append, the X-Request-ID handling, the XFCC sanitizing and the client
// address detection. So removing X-Forwarded-For early leaves the upstream only Envoy's own
// entry (the peer), and a header set early reaches the upstream unless Envoy's own handling
// of it replaces or strips it afterwards.
//
// spec.headers.lateResponseHeaders changes response headers only: it bears on no identity
// header the upstream receives and is not read here (Strict-Transport-Security set there is
// HSTS, which this package does not model).

// earlyKind is what earlyRequestHeaders does to one header.
type earlyKind int

const (
	earlySet earlyKind = iota + 1
	earlyAdd
	earlyAddIfAbsent
	earlyRemove
)

// earlyOp is the early mutation of one header name.
type earlyOp struct {
	name  string
	kind  earlyKind
	value model.HeaderValue
	// from is the header a ValueCopy value copies (%REQ(name)%).
	from  string
	field string
}

// nameMatcher is one removeOnMatch entry: it removes every header whose (lower-case) name
// matches.
type nameMatcher struct {
	kind, value string
	re          *regexp.Regexp
	field       string
}

// matches reports whether the lower-case header name lname is removed. Envoy Gateway passes
// the matcher to Envoy without ignore_case (internal/xds/translator/route.go
// buildXdsStringMatcher) and Envoy keeps header names in lower case, so a value with upper
// case letters matches nothing; a regular expression must match the whole name (RE2).
func (m nameMatcher) matches(lname string) bool {
	switch m.kind {
	case "Prefix":
		return strings.HasPrefix(lname, m.value)
	case "Suffix":
		return strings.HasSuffix(lname, m.value)
	case "RegularExpression":
		return m.re != nil && m.re.MatchString(lname)
	default:
		return lname == m.value
	}
}

// earlyMutation is a decoded earlyRequestHeaders: one operation per header name, in the
// order Envoy applies them (adds, sets and addIfAbsents, then removes, then removeOnMatch:
// internal/xds/translator/header_mutation.go buildHeaderMutationRules), folded so that a
// later remove wins.
type earlyMutation struct {
	ops      []earlyOp
	matchers []nameMatcher
}

// op is the mutation of header name (any case), false when there is none: its operation,
// or a remove when a removeOnMatch entry matches the name (those rules run last).
func (e *earlyMutation) op(name string) (earlyOp, bool) {
	l := strings.ToLower(name)
	for _, m := range e.matchers {
		if m.matches(l) {
			return earlyOp{name: name, kind: earlyRemove, field: m.field}, true
		}
	}
	for _, op := range e.ops {
		if strings.EqualFold(op.name, name) {
			return op, true
		}
	}
	return earlyOp{}, false
}

// touches reports whether the mutation changes header name (any case).
func (e *earlyMutation) touches(name string) bool {
	if e == nil {
		return false
	}
	_, ok := e.op(name)
	return ok
}

// headerValueRE is the header value syntax Envoy Gateway accepts (internal/gatewayapi/filters.go
// HeaderValueRegexp).
var headerValueRE = regexp.MustCompile(`^[!-~]+([\t ]?[!-~]+)*$`)

// decodeEarly validates f as Envoy Gateway does (internal/gatewayapi/clienttrafficpolicy.go
// translateHeaderModifier): an empty name, a name with '/' or ':', or an invalid value is an
// error, a later entry for a name already added or set is ignored, and a filter with nothing
// valid is an error. Any error makes Envoy Gateway answer 500 on every route of the listener
// (translateClientTrafficPolicyForListener), returned as errs.
func decodeEarly(f *headerFilter, proxyProtocol bool) (*earlyMutation, []string, []string) {
	const base = "spec.headers.earlyRequestHeaders"
	e := &earlyMutation{}
	var errs, opaque []string
	added := func(name string) bool {
		return slices.ContainsFunc(e.ops, func(o earlyOp) bool { return strings.EqualFold(o.name, name) })
	}
	for _, list := range []struct {
		key     string
		kind    earlyKind
		entries []headerNameValue
	}{{"add", earlyAdd, f.Add}, {"set", earlySet, f.Set}, {"addIfAbsent", earlyAddIfAbsent, f.AddIfAbsent}} {
		for i, h := range list.entries {
			field := fmt.Sprintf("%s.%s[%d]", base, list.key, i)
			switch {
			case h.Name == "":
				errs = append(errs, field+": empty header name")
				continue
			case strings.ContainsAny(h.Name, "/:"):
				errs = append(errs, fmt.Sprintf("%s: header name %q has '/' or ':'", field, h.Name))
				continue
			case !headerValueRE.MatchString(h.Value):
				errs = append(errs, fmt.Sprintf("%s: header %s has an invalid value", field, h.Name))
				continue
			case added(h.Name):
				continue
			}
			v, from, why := earlyValue(h.Value, proxyProtocol)
			if why != "" {
				opaque = append(opaque, fmt.Sprintf("%s: header %s: %s", field, h.Name, why))
			}
			e.ops = append(e.ops, earlyOp{name: h.Name, kind: list.kind, value: v, from: from, field: field})
		}
	}
	removed := map[string]bool{}
	for i, name := range f.Remove {
		field := fmt.Sprintf("%s.remove[%d]", base, i)
		if name == "" {
			errs = append(errs, field+": empty header name")
			continue
		}
		if removed[strings.ToLower(name)] {
			continue
		}
		removed[strings.ToLower(name)] = true
		// The remove rules follow the add and set rules: a header both set and removed is removed.
		e.ops = slices.DeleteFunc(e.ops, func(o earlyOp) bool { return strings.EqualFold(o.name, name) })
		e.ops = append(e.ops, earlyOp{name: name, kind: earlyRemove, field: field})
	}
	for i, m := range f.RemoveOnMatch {
		field := fmt.Sprintf("%s.removeOnMatch[%d]", base, i)
		if m.Value == "" {
			errs = append(errs, field+": empty matcher value")
			continue
		}
		nm := nameMatcher{kind: "Exact", value: m.Value, field: field}
		if m.Type != nil {
			nm.kind = *m.Type
		}
		if nm.kind == "RegularExpression" {
			re, err := regexp.Compile(`^(?:` + m.Value + `)$`)
			if err != nil {
				opaque = append(opaque, fmt.Sprintf("%s: regular expression %q: %v", field, m.Value, err))
			}
			nm.re = re
		}
		e.matchers = append(e.matchers, nm)
	}
	if len(e.ops) == 0 && len(e.matchers) == 0 {
		errs = append(errs, base+": nothing valid to add, set or remove")
	}
	return e, errs, opaque
}

// earlyValue is what a header value configured early contributes. Envoy Gateway passes the
// value to Envoy unescaped (internal/xds/translator/header_mutation.go
// buildHeaderMutationRules: HeaderValue{Value: val}), and the early header mutation extension
// evaluates it with Envoy's substitution formatter, so a value that is exactly a command
// operator is computed per request. At that point the client address has not been derived
// from X-Forwarded-For yet: %DOWNSTREAM_REMOTE_ADDRESS(_WITHOUT_PORT)% is the peer (or the
// PROXY protocol address). %REQ(h)% copies the client's header h; the %DOWNSTREAM_PEER_*%
// certificate operators give facts of the verified client certificate. A value with any other
// operator is reported (why != "") and kept as a literal; "%%" is a literal percent sign.
func earlyValue(v string, proxyProtocol bool) (val model.HeaderValue, from, why string) {
	if !strings.Contains(strings.ReplaceAll(v, "%%", ""), "%") {
		return model.ValueLiteral, "", ""
	}
	switch v {
	case "%DOWNSTREAM_REMOTE_ADDRESS%", "%DOWNSTREAM_REMOTE_ADDRESS_WITHOUT_PORT%":
		return model.ValuePeerIP, "", ""
	case "%DOWNSTREAM_DIRECT_REMOTE_ADDRESS%", "%DOWNSTREAM_DIRECT_REMOTE_ADDRESS_WITHOUT_PORT%":
		if !proxyProtocol {
			return model.ValuePeerIP, "", ""
		}
		// Behind PROXY protocol the direct peer is the load balancer: not client-controlled.
		return model.ValueLiteral, "", ""
	}
	if h, ok := reqOperator(v); ok {
		return model.ValueCopy, h, ""
	}
	if certOperators[v] {
		return model.ValueClientCert, "", ""
	}
	return model.ValueLiteral, "", fmt.Sprintf("value %q uses Envoy command operators that are not modelled", v)
}

// certOperators are the Envoy command operators that give a fact of the client certificate
// of the connection (empty without one): the client cannot set them.
var certOperators = map[string]bool{
	"%DOWNSTREAM_PEER_SUBJECT%": true, "%DOWNSTREAM_PEER_ISSUER%": true, "%DOWNSTREAM_PEER_CERT%": true,
	"%DOWNSTREAM_PEER_FINGERPRINT_256%": true, "%DOWNSTREAM_PEER_FINGERPRINT_1%": true,
	"%DOWNSTREAM_PEER_SERIAL%": true, "%DOWNSTREAM_PEER_URI_SAN%": true, "%DOWNSTREAM_PEER_DNS_SAN%": true,
}

// reqOperator reads a value that is exactly %REQ(h)% or %REQ(h):N% (one header, no
// alternative) and returns h.
func reqOperator(v string) (string, bool) {
	rest, ok := strings.CutPrefix(v, "%REQ(")
	if !ok || !strings.HasSuffix(rest, "%") {
		return "", false
	}
	h, tail, ok := strings.Cut(strings.TrimSuffix(rest, "%"), ")")
	if !ok || h == "" || strings.ContainsAny(h, "?%() ") || tail != "" && !strings.HasPrefix(tail, ":") {
		return "", false
	}
	return h, true
}

// applyEarly returns headers (Envoy's own handling, sorted by name) with the early mutation
// e folded in: each header e changes, listed or not, gets the combined treatment, sourced at
// the early field. xfcc is the X-Forwarded-Client-Cert mode that applies when the listener
// validates client certificates (the header is then not in headers). p gives the sources.
func applyEarly(p *Policy, headers []model.IdentityHeader, e *earlyMutation, xfcc *model.XFCCMode) []model.IdentityHeader {
	out := slices.Clone(headers)
	names := make([]string, 0, len(out)+len(e.ops))
	for _, h := range out {
		names = append(names, h.Name)
	}
	for _, op := range e.ops {
		if !slices.ContainsFunc(names, func(n string) bool { return strings.EqualFold(n, op.name) }) {
			names = append(names, op.name)
		}
	}
	for _, name := range names {
		op, ok := e.op(name)
		if !ok {
			continue
		}
		i := slices.IndexFunc(out, func(h model.IdentityHeader) bool { return strings.EqualFold(h.Name, name) })
		d := model.IdentityHeader{Name: name, Action: model.HeaderPass}
		if i >= 0 {
			d = out[i]
		} else if xfcc != nil && strings.EqualFold(name, "X-Forwarded-Client-Cert") {
			d.Action = xfccAction(*xfcc)
		}
		h := combineEarly(op, d)
		if h.Action == d.Action && h.Value == d.Value && h.From == d.From {
			continue // Envoy's own treatment decides whatever came early
		}
		h.Source = p.Source(op.field)
		if i >= 0 {
			out[i] = h
		} else {
			out = append(out, h)
		}
	}
	slices.SortStableFunc(out, func(a, b model.IdentityHeader) int { return strings.Compare(a.Name, b.Name) })
	return out
}

// xfccAction is what Envoy does to a client's X-Forwarded-Client-Cert under mode m when the
// connection presents a certificate.
func xfccAction(m model.XFCCMode) model.HeaderAction {
	switch m {
	case model.XFCCForwardOnly, model.XFCCAlwaysForwardOnly:
		return model.HeaderPass
	case model.XFCCAppendForward:
		return model.HeaderAppend
	default:
		return model.HeaderStrip
	}
}

// combineEarly is the treatment of a header that the early mutation op changes before
// Envoy's own treatment d. Envoy's replace and strip come later and win. Otherwise:
//   - remove: the client's value is gone; an append then leaves only Envoy's value (replace),
//     a generate-if-absent always generates (replace), a pass passes nothing (strip);
//   - set: the client's value is gone (replace with the early value; an append adds Envoy's
//     value after it, which does not bring the client's back);
//   - add: the client's value stays, the early value follows (append);
//   - addIfAbsent: the client's value stays, the early value fills in for it when absent
//     (pass-or-generate; an append still appends).
func combineEarly(op earlyOp, d model.IdentityHeader) model.IdentityHeader {
	h := model.IdentityHeader{Name: d.Name}
	if d.Action == model.HeaderReplace || d.Action == model.HeaderStrip {
		h.Action, h.Value, h.From = d.Action, d.Value, d.From
		return h
	}
	switch op.kind {
	case earlyRemove:
		switch d.Action {
		case model.HeaderAppend, model.HeaderPassOrGenerate:
			h.Action, h.Value = model.HeaderReplace, d.Value
		default:
			h.Action = model.HeaderStrip
		}
	case earlySet:
		h.Action, h.Value, h.From = model.HeaderReplace, op.value, op.from
	case earlyAdd:
		h.Action, h.Value, h.From = model.HeaderAppend, op.value, op.from
		if d.Action == model.HeaderAppend && op.value != model.ValueCopy {
			h.Value = d.Value
		}
	case earlyAddIfAbsent:
		h.Action, h.Value, h.From = model.HeaderPassOrGenerate, op.value, op.from
		if d.Action == model.HeaderAppend {
			h.Action, h.Value, h.From = model.HeaderAppend, d.Value, ""
		}
	}
	return h
}

// credentialHeaders lists the request headers authentication a reads credentials from:
// Authorization for basic auth and JWT by default, the configured token and key headers, and
// Cookie for cookie sources and OIDC sessions. External authorization is left out: the
// service's answer is a class of its own whatever headers it sees.
func credentialHeaders(a *model.Auth) []string {
	if a == nil {
		return nil
	}
	var out []string
	fromSources := func(srcs []string) {
		for _, s := range srcs {
			kind, name, _ := strings.Cut(s, ":")
			switch kind {
			case "header":
				out = append(out, name)
			case "cookie":
				out = append(out, "Cookie")
			}
		}
	}
	if a.Basic != nil {
		out = append(out, "Authorization")
	}
	if a.JWT != nil {
		for _, p := range a.JWT.Providers {
			fromSources(p.TokenSources)
		}
	}
	if a.APIKey != nil {
		fromSources(a.APIKey.Extract)
	}
	if a.OIDC != nil {
		out = append(out, "Cookie", "Authorization")
	}
	return out
}
