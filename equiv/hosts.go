package equiv

import (
	"sort"
	"strings"

	"github.com/ingress-parity/ingress-parity/model"
)

// UnknownHost is the host class standing for every name no pattern of either side mentions.
const UnknownHost = "unknown.invalid"

// hostClass is one representative host: a name that every host of its class shares a
// decision with, as far as the host patterns of both sides can tell.
type hostClass struct {
	Name string
	// Wildcard is the "*.suffix" pattern the name was derived from ("" for exact names).
	Wildcard string
	// Depth is the number of labels the name has below Wildcard (1 or 2).
	Depth int
}

// hostClasses returns the host classes of both models, sorted by name: each exact host,
// one and two labels under each wildcard (Ingress wildcards match one label, Gateway API
// wildcards any number), and UnknownHost.
func hostClasses(models ...*model.Model) []hostClass {
	var patterns []string
	for _, m := range models {
		for _, ep := range m.EntryPoints {
			for _, l := range ep.Listeners {
				patterns = append(patterns, l.Hostname)
				for _, vh := range l.VirtualHosts {
					patterns = append(patterns, vh.Host.Pattern)
				}
			}
		}
	}
	exact := map[string]bool{}
	var wildcards []string
	for _, p := range patterns {
		p = strings.ToLower(strings.TrimSpace(p))
		switch {
		case p == "" || p == "*":
		case strings.HasPrefix(p, "*."):
			wildcards = append(wildcards, p)
		default:
			exact[p] = true
		}
	}
	seen := map[string]bool{}
	var out []hostClass
	add := func(c hostClass) {
		if !seen[c.Name] {
			seen[c.Name] = true
			out = append(out, c)
		}
	}
	for h := range exact {
		add(hostClass{Name: h})
	}
	sort.Strings(wildcards)
	for _, w := range wildcards {
		suffix := w[1:] // ".x.com"
		add(hostClass{Name: freshName(suffix, 1, exact), Wildcard: w, Depth: 1})
		add(hostClass{Name: freshName(suffix, 2, exact), Wildcard: w, Depth: 2})
	}
	add(hostClass{Name: UnknownHost})
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out
}

// freshName returns a name with depth labels before suffix that is no exact host.
func freshName(suffix string, depth int, exact map[string]bool) string {
	for c := 'a'; c <= 'z'; c++ {
		name := string(c) + suffix
		if depth == 2 {
			name = string(c) + "." + string(c) + suffix
		}
		if !exact[name] {
			return name
		}
	}
	if depth == 2 {
		return "parity.parity" + suffix
	}
	return "parity" + suffix
}
