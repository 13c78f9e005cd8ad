package reach

import (
	"fmt"
	"net/netip"
	"strings"

	"github.com/ingress-parity/ingress-parity/cidrset"
	"github.com/ingress-parity/ingress-parity/model"
)

// Sources is the set of addresses an allow/deny list lets through, as canonical CIDR
// prefixes (the shortest list covering exactly the set, in address order).
type Sources struct {
	// Address is the address the list tests: "client" (derived, see ClientIP) or "peer".
	Address model.AddressKind `json:"address"`
	// Any is true when every address is allowed (no list, or a list that denies nothing).
	Any bool `json:"any"`
	// Allowed are the allowed prefixes; empty when nothing is allowed.
	Allowed []string `json:"allowed"`
	// Summary is the allowed set in its shortest readable form: "any", "none", a list of
	// prefixes, "10.0.0.0/8 except 10.1.0.0/16" (allowed ranges with denied holes), or
	// "any except 203.0.113.66/32".
	Summary string `json:"summary"`
	// Ignored are entries of the list that are not CIDRs or addresses; they match nothing.
	Ignored []string `json:"ignored,omitempty"`
}

// anySources is what a route without an allow/deny list lets through: everything.
func anySources() Sources {
	return Sources{Address: model.AddressClient, Any: true, Allowed: []string{"0.0.0.0/0", "::/0"}, Summary: "any"}
}

// allowedSources evaluates a first-match allow/deny list over the whole address space: each
// rule decides the addresses in its CIDRs that no earlier rule decided, Default decides the
// rest.
func allowedSources(a *model.IPAccess) Sources {
	s := Sources{Address: a.Address}
	if s.Address == "" {
		s.Address = model.AddressClient
	}
	undecided := cidrset.All()
	// cover is every address some allow rule names (or all with an allowing default): the
	// allowed set is cover with holes, which reads better than its canonical prefixes.
	var allowed, cover cidrset.Set
	for _, r := range a.Rules {
		set, ignored := parseCIDRs(r.CIDRs)
		s.Ignored = append(s.Ignored, ignored...)
		hit := set.Intersect(undecided)
		if r.Action == model.Allow {
			allowed = allowed.Union(hit)
			cover = cover.Union(set)
		}
		undecided = undecided.Minus(hit)
	}
	if a.Default == model.Allow {
		allowed = allowed.Union(undecided)
		cover = cidrset.All()
	}
	s.Any = allowed.Equal(cidrset.All())
	s.Allowed = prefixes(allowed)
	s.Summary = summarize(allowed, cover)
	return s
}

// summarize is the shortest of: the allowed prefixes, cover except its holes, any except
// the denied prefixes (fewest prefixes wins, in that order on a tie).
func summarize(allowed, cover cidrset.Set) string {
	switch {
	case allowed.Equal(cidrset.All()):
		return "any"
	case allowed.IsEmpty():
		return "none"
	}
	best := strings.Join(prefixes(allowed), ", ")
	n := len(allowed.Prefixes())
	if holes := cover.Minus(allowed); !holes.IsEmpty() && !cover.Equal(cidrset.All()) {
		if m := len(cover.Prefixes()) + len(holes.Prefixes()); m < n {
			best, n = strings.Join(prefixes(cover), ", ")+" except "+strings.Join(prefixes(holes), ", "), m
		}
	}
	if denied := allowed.Complement(); len(denied.Prefixes())+1 < n {
		best = "any except " + strings.Join(prefixes(denied), ", ")
	}
	return best
}

// parseCIDRs reads the entries the data plane can use; the others are returned as ignored
// (model.IPAccess.Decide matches nothing with them either).
func parseCIDRs(entries []string) (cidrset.Set, []string) {
	var ps []netip.Prefix
	var ignored []string
	for _, e := range entries {
		p, err := cidrset.ParsePrefix(e)
		if err != nil {
			ignored = append(ignored, fmt.Sprintf("%q: %v", e, err))
			continue
		}
		ps = append(ps, p)
	}
	return cidrset.FromPrefixes(ps...), ignored
}

// prefixes is s as canonical prefixes; never nil, so JSON shows [].
func prefixes(s cidrset.Set) []string {
	out := []string{}
	for _, p := range s.Prefixes() {
		out = append(out, p.String())
	}
	return out
}
