package ingressnginx

import (
	"sort"
	"strings"
)

// finishServers orders each server's locations and adds the exact copies, in the
// controller's order of steps:
//  1. getBackendServers sorts locations by path, descending, then (stable) by path length,
//     descending; in a regex server that order IS nginx's first-match order;
//  2. getConfiguration then runs updateServerLocations (location.go): a Prefix location
//     without rewrite-target or use-regex gets a trailing "/" and, unless an Exact location
//     of the same path exists, an exact copy of the original path right after it;
//  3. the template renders every location `~* "^<path>"` when any location of the server
//     needs a rewrite or uses use-regex (template.go enforceRegexModifier).
func (b *builder) finishServers() {
	for _, srv := range b.servers {
		locs := srv.locations
		sort.SliceStable(locs, func(i, j int) bool { return locs[i].path > locs[j].path })
		sort.SliceStable(locs, func(i, j int) bool { return len(locs[i].path) > len(locs[j].path) })
		srv.locations = updateServerLocations(locs)
		for _, l := range srv.locations {
			if l.needsRewrite() || l.ann.UseRegex {
				srv.enforceRegex = true
			}
			l.src, l.hasSrc = locSource(l), true
			if l.ing != nil && l.field != "" {
				l.id = l.ing.id(l.field)
			}
		}
	}
}

// updateServerLocations is location.go updateServerLocations.
func updateServerLocations(locs []*location) []*location {
	exactPaths := map[string]bool{}
	for _, l := range locs {
		if l.exact {
			exactPaths[l.path] = true
		}
	}
	out := make([]*location, 0, len(locs))
	for _, l := range locs {
		if l.path == "/" || l.exact || l.needsRewrite() || l.ann.UseRegex {
			out = append(out, l)
			continue
		}
		if exactPaths[l.path] {
			l.path = withSlash(l.path)
			out = append(out, l)
			continue
		}
		copied := *l
		copied.exact, copied.derived = true, true
		l.path = withSlash(l.path)
		out = append(out, l, &copied)
	}
	return out
}

// withSlash is normalizePrefixPath: the path with one trailing "/".
func withSlash(p string) string {
	if strings.HasSuffix(p, "/") {
		return p
	}
	return p + "/"
}
