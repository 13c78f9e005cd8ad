package equiv

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/ingress-parity/ingress-parity/finding"
	"github.com/ingress-parity/ingress-parity/model"
)

// title is one line: "GET http://shop.example.com/foobar: old forwards to shop/web:80, new returns 404".
func title(g *group) string {
	prefix := g.Req.Method + " " + g.Req.URL()
	o, n := describe(g.Req, g.Old), describe(g.Req, g.New)
	if o == n {
		verb := "differ"
		if len(g.Diff.Aspects) == 1 {
			verb = "differs"
		}
		return fmt.Sprintf("%s: %s on both sides, but the %s %s", prefix, o, strings.Join(g.Diff.Aspects, ", "), verb)
	}
	return fmt.Sprintf("%s: old %s, new %s", prefix, o, n)
}

// describe is a verb phrase for what one side does with req.
func describe(req model.Request, d decided) string {
	o := d.Res.Outcome
	switch {
	case d.Refused():
		return "refuses the connection (" + o.Reason + ")"
	case o.Kind == model.Forward:
		s := "forwards to " + backends(o.Backends)
		if o.UpstreamPath != req.Path {
			s += " as " + o.UpstreamPath
		}
		if o.UpstreamHost != req.Host {
			s += " with host " + o.UpstreamHost
		}
		return s
	case o.Kind == model.Redirect:
		return fmt.Sprintf("redirects %d to %s", o.Status, o.Location)
	case o.Status != 0:
		return fmt.Sprintf("returns %d", o.Status)
	default:
		return "rejects it"
	}
}

// backends lists backends, with their share when there are several.
func backends(bs []model.Backend) string {
	if len(bs) == 0 {
		return "no backend"
	}
	var total int64
	for _, b := range bs {
		total += int64(b.Weight)
	}
	var out []string
	for _, b := range bs {
		s := b.String()
		if len(bs) > 1 && total > 0 {
			s += fmt.Sprintf(" (%d%%)", int64(b.Weight)*100/total)
		}
		if b.Invalid != "" {
			s += " [invalid: " + b.Invalid + "]"
		}
		out = append(out, s)
	}
	return strings.Join(out, ", ")
}

// explanation is one paragraph: what each side does and why, the recognised semantic cause,
// and what to do.
func explanation(g *group) string {
	var parts []string
	parts = append(parts, fmt.Sprintf("For %s %s the old side %s; the new side %s.",
		g.Req.Method, g.Req.URL(), sideText(g.Req, g.Old), sideText(g.Req, g.New)))
	if len(g.Diff.Aspects) > 0 {
		parts = append(parts, "What differs: "+strings.Join(g.Diff.Aspects, ", ")+".")
	}
	parts = append(parts, causes(g)...)
	if g.Pair.Substituted {
		parts = append(parts, fmt.Sprintf("The new side has no listener for %s port %d, so it was compared on its %s listener on port %d; clients that keep using port %d are refused unless a Service or load balancer maps it there.",
			g.Pair.Old.Scheme, g.Pair.Old.Port, g.Pair.New.Scheme, g.Pair.New.Port, g.Pair.Old.Port))
	}
	if nt := normalizationNote(g); nt != "" {
		parts = append(parts, nt)
	}
	if n := len(g.Witnesses); n > 1 {
		parts = append(parts, fmt.Sprintf("%d distinct request classes show the same difference between these two rules.", n))
	}
	parts = append(parts, advice(g.Key.Category))
	return strings.Join(parts, " ")
}

// normalizationNote warns when the sides normalize paths differently and the witness path
// holds characters that normalization changes.
func normalizationNote(g *group) string {
	on, nn := g.Pair.Old.Model.Profile.Normalization, g.Pair.New.Model.Profile.Normalization
	p := g.NP
	dots := strings.Contains(p, "/./") || strings.Contains(p, "/../") || strings.HasSuffix(p, "/.") || strings.HasSuffix(p, "/..")
	if !(on.DecodePercent != nn.DecodePercent && strings.Contains(p, "%") ||
		on.MergeSlashes != nn.MergeSlashes && strings.Contains(p, "//") ||
		on.ResolveDotSegments != nn.ResolveDotSegments && dots) {
		return ""
	}
	return fmt.Sprintf("The witness path is compared as already normalized, but the sides normalize differently (old %s; new %s): a client sending it literally may see other decisions.", normWords(on), normWords(nn))
}

func normWords(n model.Normalization) string {
	var out []string
	if n.DecodePercent {
		out = append(out, "decodes %XX")
	}
	if n.MergeSlashes {
		out = append(out, "merges slashes")
	}
	if n.ResolveDotSegments {
		out = append(out, "resolves dot segments")
	}
	if len(out) == 0 {
		return "no normalization"
	}
	return strings.Join(out, ", ")
}

// sideText is what a side does and, unless it refused the connection, which rule decided.
func sideText(req model.Request, d decided) string {
	if d.Refused() {
		return describe(req, d)
	}
	return describe(req, d) + " (" + origin(d) + ")"
}

// origin names the rule that decided and where it was written.
func origin(d decided) string {
	switch {
	case d.Route != nil && d.Route.Source == (model.Source{}):
		return "route " + d.Route.ID
	case d.Route != nil:
		return "route " + d.Route.Source.String()
	case d.Side.VHost == nil:
		return "no virtual host, listener " + d.Side.Listener.Source.String()
	case d.Res.Outcome.Source == (model.Source{}):
		return "no route matched, default fallback"
	default:
		return "no route matched, fallback " + d.Res.Outcome.Source.String()
	}
}

// causes recognises the semantic changes that commonly explain a difference.
func causes(g *group) []string {
	var out []string
	req, o, n := g.Req, g.Old, g.New
	req.Path = g.NP
	if n.Refused() && !o.Refused() {
		out = append(out, fmt.Sprintf("The new side has no listener for %s port %d that accepts host %s.", n.Side.Scheme, n.Side.Port, req.Host))
	}
	if o.Refused() && !n.Refused() {
		out = append(out, fmt.Sprintf("The old side has no listener for %s port %d that accepts host %s: the new side opens it.", o.Side.Scheme, o.Side.Port, req.Host))
	}
	if o.Route != nil {
		pm := o.Route.Match.Path
		// ingress-nginx docs/user-guide/ingress-path-matching.md: ImplementationSpecific
		// without regex is an nginx prefix location, a plain string prefix.
		if pm.Kind == model.PathPrefix && !segmentPrefixMatches(pm.Value, req.Path) && newHasSegmentPrefix(n, pm.Value) {
			out = append(out, fmt.Sprintf("The old path %q is a plain string prefix (ingress-nginx pathType ImplementationSpecific without regex), so %s matched it; the new side's PathPrefix %q is element-wise and only matches %s and %s/... .", pm.Value, req.Path, pm.Value, strings.TrimRight(pm.Value, "/"), strings.TrimRight(pm.Value, "/")))
		}
		// ingress-nginx internal/ingress/controller/template/template.go (buildLocation):
		// with use-regex or any rewrite-target on a host, every location of the host
		// becomes `~* "^<path>"`.
		if pm.Kind == model.PathRegexPrefix && pm.CaseInsensitive {
			out = append(out, fmt.Sprintf("On the old side use-regex or a rewrite-target on some Ingress of this host turned every path of the host into a case-insensitive regex anchored only at the start (~* \"^%s\"), so %s matched it as a prefix, in any letter case; the new side matches paths case-sensitively as written.", pm.Value, req.Path))
		}
	}
	if w := wildcardCause(g); w != "" {
		out = append(out, w)
	}
	oo, no := o.Res.Outcome, n.Res.Outcome
	if lostHTTPSRedirect(req, oo, no) {
		out = append(out, "The old side redirected plain http to https: ingress-nginx does this by default for every host with TLS (ssl-redirect, 308 via the ConfigMap's http-redirect-code). Gateway API does nothing implicitly: add an HTTPRoute on the http listener with a RequestRedirect filter (scheme https, statusCode 308).")
	}
	if oo.Kind == model.Redirect && oo.Status == 301 && oo.Location != "" && strings.HasSuffix(oo.Location, req.Path+"/") && no.Kind != model.Redirect {
		out = append(out, "nginx answers a request for a prefix location without its trailing slash with a 301 to the slashed path; Gateway API implementations do not.")
	}
	if oo.Kind == model.Redirect && no.Kind == model.Redirect && oo.Location != no.Location &&
		(oo.Location+"/" == no.Location || no.Location+"/" == oo.Location) {
		// ingress-nginx rootfs/etc/nginx/lua/lua_ingress.lua: the ssl-redirect (and
		// from-to-www) Location drops one trailing slash unless preserve-trailing-slash is set.
		out = append(out, "The Locations differ only by a trailing slash: ingress-nginx's ssl-redirect and from-to-www-redirect drop one trailing slash unless the preserve-trailing-slash annotation is set; Gateway API redirects keep the path as it is.")
	}
	literal := n.Decision != nil && n.Decision.Rewrite != nil && literalGroup.MatchString(n.Decision.Rewrite.Replacement) && n.Decision.Rewrite.Kind != model.RewriteRegex
	if literal {
		out = append(out, fmt.Sprintf("The new side's rewrite %q is literal: Gateway API has no capture-group rewrite, so the upstream receives %q where ingress-nginx's rewrite-target substituted the regex groups (%q).", n.Decision.Rewrite.Replacement, no.UpstreamPath, oo.UpstreamPath))
	}
	if o.Decision != nil && o.Decision.Rewrite != nil && o.Decision.Rewrite.Kind == model.RewriteRegex && (n.Decision == nil || n.Decision.Rewrite == nil || n.Decision.Rewrite.Kind != model.RewriteRegex) && g.Key.Category == finding.RewriteDiff && !literal {
		out = append(out, "The old rewrite uses regex capture groups; the new side's rewrite is a fixed or prefix replacement and cannot reproduce it for every path.")
	}
	return out
}

var literalGroup = regexp.MustCompile(`\$\{?[0-9]`)

// segmentPrefixMatches reports whether path is in the element-wise prefix of value.
func segmentPrefixMatches(value, path string) bool {
	return model.PathMatch{Kind: model.PathSegmentPrefix, Value: value}.Matches(path)
}

// newHasSegmentPrefix reports whether the new side's virtual host has an element-wise
// prefix route for value.
func newHasSegmentPrefix(n decided, value string) bool {
	for _, r := range n.Side.Routes() {
		if r.Match.Path.Kind == model.PathSegmentPrefix && strings.TrimRight(r.Match.Path.Value, "/") == strings.TrimRight(value, "/") {
			return true
		}
	}
	return false
}

// wildcardCause explains a difference on a host two labels under a wildcard when the sides
// count wildcard labels differently.
func wildcardCause(g *group) string {
	h := g.Pair.Host
	om, nm := g.Pair.Old.Model.Profile.Wildcard, g.Pair.New.Model.Profile.Wildcard
	if h.Wildcard == "" || h.Depth < 2 || om == nm {
		return ""
	}
	return fmt.Sprintf("Host %s is %d labels below the wildcard %s: the old side's wildcards match %s, the new side's %s (Ingress \"*.\" hosts match exactly one label, Gateway API ones any number), so the two sides pick different virtual hosts for it.",
		h.Name, h.Depth, h.Wildcard, wildcardWords(om), wildcardWords(nm))
}

func wildcardWords(m model.WildcardMode) string {
	if m == model.WildcardOneLabel {
		return "exactly one label"
	}
	return "any number of labels"
}

// advice says what to do about a category.
func advice(c finding.Category) string {
	switch c {
	case finding.Misroute:
		return "Change the new side's matches (path type, order, host) so this request reaches the old backend, or confirm the new backend is intended."
	case finding.Breakage:
		return "Add a rule on the new side that serves this request, or confirm it should no longer be served."
	case finding.Exposure:
		return "The new side serves a request the old side refused: narrow the new match (path type, host, listener) or add a rule that rejects it."
	case finding.RedirectDiff:
		return "Reproduce the redirect on the new side with a RequestRedirect filter, or confirm the change is intended."
	case finding.RewriteDiff:
		return "Align the new side's URLRewrite filter so the upstream receives the same path and host."
	default:
		return "Check whether the upstream or client depends on this detail."
	}
}

// controls are the control ids a category bears on.
func controls(c finding.Category, sev finding.Severity) []string {
	switch c {
	case finding.Exposure:
		return []string{"CSF2:PR.AA-05", "CSF1.1:PR.AC-4", "CSF2:PR.IR-01", "CSF1.1:PR.AC-5"}
	case finding.Misroute:
		return []string{"CSF2:PR.AA-05", "CSF1.1:PR.AC-4", "CSF2:PR.PS-01", "CSF1.1:PR.IP-1"}
	case finding.Breakage:
		return []string{"CSF2:PR.IR-03", "CSF1.1:PR.PT-5", "CSF2:PR.PS-01", "CSF1.1:PR.IP-1"}
	case finding.RedirectDiff:
		if sev == finding.High {
			return []string{"CSF2:PR.DS-02", "CSF1.1:PR.DS-2", "CSF2:PR.PS-01", "CSF1.1:PR.IP-1"}
		}
		return []string{"CSF2:PR.PS-01", "CSF1.1:PR.IP-1"}
	default:
		return []string{"CSF2:PR.PS-01", "CSF1.1:PR.IP-1"}
	}
}

// oneLine collapses whitespace so a message fits a title.
func oneLine(s string) string {
	return strings.Join(strings.Fields(s), " ")
}
