package cidrset

import (
	"net/netip"
	"slices"
)

// Class is one cell of a Partition: a range of addresses that every input set either wholly
// contains or wholly excludes.
type Class struct {
	Range
	// Rep is the address a checker sends for the class: the first address of the range,
	// or the second when the first is an unspecified address (0.0.0.0, ::) and there is one.
	Rep netip.Addr
	// In[i] reports whether the i-th input set contains the class.
	In []bool
}

// Partition cuts all of IPv4 and IPv6 into the coarsest ranges that no input set splits:
// every set is a union of classes, and neighbouring classes differ in some set's
// membership. With no sets it returns the two families, one class each.
func Partition(sets ...Set) []Class {
	cuts := []netip.Addr{family4().From, family6().From}
	for _, s := range sets {
		for _, r := range s.ranges {
			cuts = append(cuts, r.From)
			if n := r.To.Next(); n.IsValid() && n.Is4() == r.To.Is4() {
				cuts = append(cuts, n)
			}
		}
	}
	slices.SortFunc(cuts, netip.Addr.Compare)
	cuts = slices.Compact(cuts)
	var out []Class
	for i, from := range cuts {
		to := family4().To
		if !from.Is4() {
			to = family6().To
		}
		if i+1 < len(cuts) && cuts[i+1].Is4() == from.Is4() {
			to = cuts[i+1].Prev()
		}
		c := Class{Range: Range{From: from, To: to}, Rep: from, In: make([]bool, len(sets))}
		if from.IsUnspecified() && from != to {
			c.Rep = from.Next()
		}
		for k, s := range sets {
			c.In[k] = s.Contains(from)
		}
		if n := len(out); n > 0 && out[n-1].From.Is4() == from.Is4() && slices.Equal(out[n-1].In, c.In) {
			out[n-1].To = to // a cut from an adjacent range of one set does not separate anything
			continue
		}
		out = append(out, c)
	}
	return out
}
