package cidrset

import (
	"net/netip"
	"testing"

	"pgregory.net/rapid"
)

// genAddr draws addresses from a small neighbourhood (so prefixes overlap often): IPv4 in
// 10.0.0.0/16 or the edges of the space, IPv6 in 2001:db8::/112 or the edges.
func genAddr() *rapid.Generator[netip.Addr] {
	return rapid.Custom(func(t *rapid.T) netip.Addr {
		lo := rapid.Uint16().Draw(t, "lo")
		switch rapid.IntRange(0, 4).Draw(t, "family") {
		case 0, 1:
			return netip.AddrFrom4([4]byte{10, 0, byte(lo >> 8), byte(lo)})
		case 2:
			return netip.AddrFrom16([16]byte{0x20, 0x01, 0x0d, 0xb8, 14: byte(lo >> 8), 15: byte(lo)})
		case 3:
			return netip.AddrFrom4([4]byte{rapid.SampledFrom([]byte{0, 255}).Draw(t, "edge"), 255, 255, byte(lo)})
		default:
			return netip.AddrFrom16([16]byte{0: rapid.SampledFrom([]byte{0, 255}).Draw(t, "edge6"), 15: byte(lo)})
		}
	})
}

func genPrefix() *rapid.Generator[netip.Prefix] {
	return rapid.Custom(func(t *rapid.T) netip.Prefix {
		a := genAddr().Draw(t, "addr")
		min := 16
		if !a.Is4() {
			min = 104
		}
		if rapid.IntRange(0, 9).Draw(t, "wide") == 0 {
			min = 0
		}
		p := netip.PrefixFrom(a, rapid.IntRange(min, a.BitLen()).Draw(t, "bits")).Masked()
		if rapid.IntRange(0, 5).Draw(t, "edge-host") == 0 {
			return netip.PrefixFrom(lastAddr(p), p.Addr().BitLen()) // a host route at a block's end
		}
		return p
	})
}

func anyContains(ps []netip.Prefix, a netip.Addr) bool {
	for _, p := range ps {
		if p.Contains(a) {
			return true
		}
	}
	return false
}

func TestPropertyAgainstPrefixContains(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		ps := rapid.SliceOfN(genPrefix(), 0, 6).Draw(t, "a")
		qs := rapid.SliceOfN(genPrefix(), 0, 6).Draw(t, "b")
		a, b := FromPrefixes(ps...), FromPrefixes(qs...)
		probes := rapid.SliceOfN(genAddr(), 1, 20).Draw(t, "probes")
		// The boundaries are where bugs live: add each prefix's first and last address and
		// their neighbours.
		for _, p := range append(append([]netip.Prefix{}, ps...), qs...) {
			first, last := p.Addr(), lastAddr(p)
			probes = append(probes, first, last)
			if n := last.Next(); n.IsValid() {
				probes = append(probes, n)
			}
			if n := first.Prev(); n.IsValid() {
				probes = append(probes, n)
			}
		}
		for _, x := range probes {
			inA, inB := anyContains(ps, x), anyContains(qs, x)
			check := func(name string, got, want bool) {
				if got != want {
					t.Fatalf("%s.Contains(%s) = %v, want %v (a=%v b=%v)", name, x, got, want, ps, qs)
				}
			}
			check("a", a.Contains(x), inA)
			check("union", a.Union(b).Contains(x), inA || inB)
			check("intersect", a.Intersect(b).Contains(x), inA && inB)
			check("minus", a.Minus(b).Contains(x), inA && !inB)
			check("complement", a.Complement().Contains(x), !inA)
			check("prefixes", anyContains(a.Prefixes(), x), inA)
		}
		for name, s := range map[string]Set{"a": a, "union": a.Union(b), "intersect": a.Intersect(b), "minus": a.Minus(b), "complement": a.Complement()} {
			if err := invariant(s); err != "" {
				t.Fatalf("%s: %s (a=%v b=%v)", name, err, ps, qs)
			}
		}
		if !FromPrefixes(a.Prefixes()...).Equal(a) {
			t.Fatalf("Prefixes does not round-trip: %v -> %v", a, a.Prefixes())
		}
	})
}

func TestPropertyPartition(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		lists := rapid.SliceOfN(rapid.SliceOfN(genPrefix(), 0, 4), 0, 4).Draw(t, "lists")
		sets := make([]Set, len(lists))
		for i, l := range lists {
			sets[i] = FromPrefixes(l...)
		}
		classes := Partition(sets...)
		// The classes tile both families in order, with no gap and no overlap.
		want := family4().From
		for i, c := range classes {
			if c.From != want {
				t.Fatalf("class %d starts at %s, want %s", i, c.From, want)
			}
			if !c.Contains(c.Rep) {
				t.Fatalf("class %d representative %s outside %s", i, c.Rep, c.Range)
			}
			want = c.To.Next()
			if c.To == family4().To {
				want = family6().From
			}
			if i > 0 && classes[i-1].From.Is4() == c.From.Is4() && equalBools(classes[i-1].In, c.In) {
				t.Fatalf("classes %d and %d have the same membership: not the coarsest partition", i-1, i)
			}
		}
		if last := classes[len(classes)-1].To; last != family6().To {
			t.Fatalf("last class ends at %s", last)
		}
		// Every address of a class has the class's membership.
		for _, x := range rapid.SliceOfN(genAddr(), 1, 20).Draw(t, "probes") {
			c := classOf(classes, x)
			for k, l := range lists {
				if c.In[k] != anyContains(l, x) {
					t.Fatalf("%s in class %s: In[%d]=%v, prefixes say %v", x, c.Range, k, c.In[k], !c.In[k])
				}
			}
		}
	})
}

func classOf(cs []Class, a netip.Addr) Class {
	for _, c := range cs {
		if c.Contains(a) {
			return c
		}
	}
	panic("address in no class: " + a.String())
}

func equalBools(a, b []bool) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}
