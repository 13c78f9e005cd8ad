package equiv

import (
	"regexp"
	"strings"

	"github.com/ingress-parity/ingress-parity/model"
)

// Capture-group rewrites can only be tested on paths, not compared structurally, unless
// they have one of the shapes below, for which equality with a Gateway API rewrite holds
// for EVERY path both routes win. Each lemma is argued in its comment; anything else stays a
// tested-not-proven gap.

// literalPath is a path literal with no regex metacharacter but '.', which QuoteMeta escapes.
var literalPath = regexp.MustCompile(`^/[A-Za-z0-9_~/-]*$`)

// rewritesProvenEqual reports whether the rewrites of the routes that won od and nd give
// the same upstream path for every path both routes win.
func rewritesProvenEqual(od, nd decided) bool {
	if od.Route == nil || nd.Route == nil || od.Decision == nil || nd.Decision == nil {
		return false
	}
	ro, rn := od.Decision.Rewrite, nd.Decision.Rewrite
	if ro == nil || rn == nil || ro.Host != rn.Host {
		return false
	}
	return constantRegexRewrite(od.Route, ro, rn) || constantRegexRewrite(nd.Route, rn, ro) ||
		prefixCaptureRewrite(ro, nd.Route, rn) || prefixCaptureRewrite(rn, od.Route, ro)
}

// constantRegexRewrite: nginx `rewrite "(?i)<P>" <R> break;` where R has no $N reference
// replaces the whole URI with R whenever P matches somewhere in it. When P is the route's own
// path regex (ingress-nginx renders the location path as the rewrite pattern, template.go
// buildProxyPass), every path the route wins contains a match of P, so the upstream path is
// always R: the same as ReplaceFullPath R.
func constantRegexRewrite(r *model.Route, rx, other *model.Rewrite) bool {
	if rx.Kind != model.RewriteRegex || strings.Contains(rx.Replacement, "$") {
		return false
	}
	pm := r.Match.Path
	if pm.Kind != model.PathRegexPrefix && pm.Kind != model.PathRegex || pm.Value != rx.Pattern || pm.CaseInsensitive != rx.CaseInsensitive {
		return false
	}
	return other.Kind == model.RewriteFullPath && other.Replacement == rx.Replacement
}

// prefixCaptureRewrite: the ingress-nginx rewrite idiom `<L>(/|$)(.*)` -> `/$2`, with L a
// literal, against ReplacePrefixMatch L -> "/" on a PathPrefix L route. Every path p the
// Gateway route wins is L, or L followed by "/" and a rest s (element-wise prefix, exact
// case). The nginx search then matches at offset 0 (leftmost; L matches itself also under
// (?i)), (/|$) takes the "/" when there is one, and (.*) takes s (paths hold no newline),
// so nginx sends "/"+s, or "/" for p = L; ReplacePrefixMatch sends "" + "/s", or "/" for an
// empty result (model.ReplacePrefix). Any other replacement than "/" differs on p = L or on
// L+"/s" (a trailing-slash difference), which the path trials then show.
func prefixCaptureRewrite(rx *model.Rewrite, gw *model.Route, prefix *model.Rewrite) bool {
	if rx.Kind != model.RewriteRegex || prefix.Kind != model.RewritePrefix || rx.Replacement != "/$2" {
		return false
	}
	lit, ok := strings.CutSuffix(rx.Pattern, "(/|$)(.*)")
	lit = strings.TrimPrefix(lit, "^")
	if !ok || !literalPath.MatchString(lit) || strings.HasSuffix(lit, "/") {
		return false
	}
	pm := gw.Match.Path
	return pm.Kind == model.PathSegmentPrefix && !pm.CaseInsensitive &&
		strings.TrimRight(pm.Value, "/") == lit && strings.TrimRight(prefix.Prefix, "/") == lit &&
		strings.Trim(prefix.Replacement, "/") == ""
}
