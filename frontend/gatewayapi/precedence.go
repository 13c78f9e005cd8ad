package gatewayapi

import (
	"cmp"
	"strings"

	"github.com/ingress-parity/ingress-parity/model"
)

// candidate is one model route with the facts its precedence is decided on.
type candidate struct {
	route model.Route
	// order is the position in which routes were generated: routes sorted by creation
	// timestamp then namespace/name, then rule order, then match order. It breaks all ties.
	order int
	// prefixSlash is true for PathPrefix "/" (Envoy Gateway counts it as zero characters).
	prefixSlash bool
	// pathAsHeader is true for a GRPCRoute method-only match: for precedence it has no path
	// match (ranked as PathPrefix "/") and one more, non-Exact, header match.
	pathAsHeader bool
	// rv and rule are the route and rule the candidate was built from (for policies).
	rv   *routeView
	rule *ruleView
}

// kind is the path kind precedence sees.
func (c *candidate) kind() model.PathKind {
	if c.pathAsHeader {
		return model.PathSegmentPrefix
	}
	return c.route.Match.Path.Kind
}

// headers is the number of header matches precedence sees.
func (c *candidate) headers() int {
	if c.pathAsHeader {
		return len(c.route.Match.Headers) + 1
	}
	return len(c.route.Match.Headers)
}

// pathRank orders path kinds for the profiles: higher wins.
func pathRank(k model.PathKind, regexAbovePrefix bool) int {
	switch k {
	case model.PathExact:
		return 3
	case model.PathRegex:
		if regexAbovePrefix {
			return 2
		}
		return 0
	default:
		return 1
	}
}

// pathChars is the number of characters in the path value that precedence counts.
func (c *candidate) pathChars() int {
	if c.prefixSlash || c.pathAsHeader {
		return 0
	}
	return len(c.route.Match.Path.Value)
}

func exactCount(vs []model.ValueMatch) int {
	n := 0
	for _, v := range vs {
		if v.Kind == model.MatchExact {
			n++
		}
	}
	return n
}

// compareEnvoyGateway orders as Envoy Gateway internal/gatewayapi/sort.go (XdsIRRoutes.Less,
// applied with sort.Stable(sort.Reverse(...)) over routes in generation order):
//  1. path kind: Exact > RegularExpression > PathPrefix;
//  2. more characters in the path value (a regex counts its pattern length; PathPrefix "/" is 0);
//  3. more header matches, then more Exact header matches, where the HTTP method is one more
//     Exact header match on ":method" (internal/gatewayapi/route.go processHTTPRouteRule):
//     unlike the spec, a method match does NOT outrank header matches;
//  4. more cookie matches (none from Gateway API), then more query matches, then more Exact ones;
//  5. generation order (oldest route, namespace/name, rule, match).
func compareEnvoyGateway(a, b *candidate) int {
	ma, mb := a.route.Match, b.route.Match
	if c := cmp.Compare(pathRank(b.kind(), true), pathRank(a.kind(), true)); c != 0 {
		return c
	}
	if c := cmp.Compare(b.pathChars(), a.pathChars()); c != 0 {
		return c
	}
	ha, hb := a.headers()+methodCount(ma), b.headers()+methodCount(mb)
	if c := cmp.Compare(hb, ha); c != 0 {
		return c
	}
	if c := cmp.Compare(exactCount(mb.Headers)+methodCount(mb), exactCount(ma.Headers)+methodCount(ma)); c != 0 {
		return c
	}
	if c := cmp.Compare(len(mb.Query), len(ma.Query)); c != 0 {
		return c
	}
	if c := cmp.Compare(exactCount(mb.Query), exactCount(ma.Query)); c != 0 {
		return c
	}
	return cmp.Compare(a.order, b.order)
}

// compareSpec orders as the Gateway API spec (apis/v1/httproute_types.go HTTPRouteRule.Matches):
// Exact, then the longest PathPrefix, then a method match, then more header matches, then
// more query matches, then generation order. RegularExpression placement is
// implementation-specific; this places it as Envoy Gateway does (between Exact and PathPrefix,
// longer pattern first) and the generic profile marks those routes opaque.
func compareSpec(a, b *candidate) int {
	if c := cmp.Compare(pathRank(b.kind(), true), pathRank(a.kind(), true)); c != 0 {
		return c
	}
	return compareAfterKind(a, b)
}

// compareIstio orders as Istio's Gateway API conversion (istio/istio
// pilot/pkg/config/kube/gateway/conversion.go sortHTTPRoutes and getURIRank, "Exact > Prefix >
// Regex", read from the stored source): path kind, then path length (a regex's pattern
// length), then a method match, header count, query count; a stable sort keeps generation
// order last.
func compareIstio(a, b *candidate) int {
	if c := cmp.Compare(pathRank(b.kind(), false), pathRank(a.kind(), false)); c != 0 {
		return c
	}
	return compareAfterKind(a, b)
}

// compareAfterKind is the spec order once path kinds tie.
func compareAfterKind(a, b *candidate) int {
	ma, mb := a.route.Match, b.route.Match
	if c := cmp.Compare(b.pathChars(), a.pathChars()); c != 0 {
		return c
	}
	if c := cmp.Compare(methodCount(mb), methodCount(ma)); c != 0 {
		return c
	}
	if c := cmp.Compare(b.headers(), a.headers()); c != 0 {
		return c
	}
	if c := cmp.Compare(len(mb.Query), len(ma.Query)); c != 0 {
		return c
	}
	return cmp.Compare(a.order, b.order)
}

func methodCount(m model.Match) int {
	if m.Method != "" {
		return 1
	}
	return 0
}

// compareHosts orders virtual hosts: exact before wildcard, longer first, catch-all last,
// then alphabetically so that output is deterministic.
func compareHosts(a, b string) int {
	if c := cmp.Compare(model.HostSpecificity(b), model.HostSpecificity(a)); c != 0 {
		return c
	}
	return strings.Compare(a, b)
}
