package gatewayapi

import (
	"slices"
	"strings"
)

// intersectHost returns the hostnames that both a listener hostname and a route hostname
// accept, as one pattern: the more specific of the two when one contains the other.
// ok is false when they share no hostname. An empty pattern accepts every hostname.
//
// gateway-api apis/v1/httproute_types.go (HTTPRouteSpec.Hostnames): a listener
// "test.example.com" accepts route hostnames "test.example.com" and "*.example.com"; a
// listener "*.example.com" accepts "*.example.com", "test.example.com" and
// "foo.test.example.com" but not "example.com". Wildcards match any number of labels.
func intersectHost(listener, route string) (string, bool) {
	listener, route = strings.ToLower(listener), strings.ToLower(route)
	switch {
	case listener == "":
		return route, true
	case route == "":
		return listener, true
	case hostContains(listener, route):
		return route, true
	case hostContains(route, listener):
		return listener, true
	}
	return "", false
}

// hostContains reports whether every hostname matched by pattern inner is matched by outer.
func hostContains(outer, inner string) bool {
	if outer == inner || outer == "" {
		return true
	}
	if !strings.HasPrefix(outer, "*.") {
		return false
	}
	suffix := outer[1:] // ".example.com"
	if strings.HasPrefix(inner, "*.") {
		// "*.a.example.com" is inside "*.example.com"; "*.example.com" is inside itself only.
		return strings.HasSuffix(inner[1:], suffix) && len(inner)-1 > len(suffix)
	}
	return strings.HasSuffix(inner, suffix) && len(inner) > len(suffix)
}

// routeHostnames returns the virtual host patterns a route contributes to a listener, with
// the index of the route hostname each came from (-1: the route has no hostnames). It is
// empty when the route and listener hostnames do not intersect (the route is not accepted).
func routeHostnames(listener string, route []string) []hostFrom {
	if len(route) == 0 {
		return []hostFrom{{pattern: strings.ToLower(listener), index: -1}}
	}
	var out []hostFrom
	var seen map[string]bool // only for long lists: most routes have a few hostnames
	for i, h := range route {
		p, ok := intersectHost(listener, h)
		if !ok {
			continue
		}
		if len(route) > 16 {
			if seen == nil {
				seen = map[string]bool{}
			}
			if seen[p] {
				continue
			}
			seen[p] = true
		} else if slices.ContainsFunc(out, func(o hostFrom) bool { return o.pattern == p }) {
			continue
		}
		out = append(out, hostFrom{pattern: p, index: i})
	}
	return out
}

// hostFrom is one virtual host pattern and the route hostname index it came from.
type hostFrom struct {
	pattern string
	index   int
}
