package cidrset

import (
	"net/netip"
	"slices"
	"strings"
)

// Range is an inclusive interval of addresses of one family.
type Range struct {
	From netip.Addr
	To   netip.Addr
}

// String is "from-to", or the prefix when the range is exactly one CIDR block.
func (r Range) String() string {
	if ps := r.Prefixes(); len(ps) == 1 {
		return ps[0].String()
	}
	return r.From.String() + "-" + r.To.String()
}

// Contains reports whether a is in r (same family, From <= a <= To).
func (r Range) Contains(a netip.Addr) bool {
	return a.Is4() == r.From.Is4() && r.From.Compare(a) <= 0 && a.Compare(r.To) <= 0
}

// Prefixes is the shortest list of CIDR blocks covering exactly r, in address order.
func (r Range) Prefixes() []netip.Prefix {
	var out []netip.Prefix
	start := r.From
	for {
		p := largestBlock(start, r.To)
		out = append(out, p)
		last := lastAddr(p)
		if last == r.To {
			return out
		}
		start = last.Next()
	}
}

// largestBlock is the largest CIDR block starting at start that ends at or before end.
func largestBlock(start, end netip.Addr) netip.Prefix {
	for bits := 0; bits <= start.BitLen(); bits++ {
		p := netip.PrefixFrom(start, bits)
		if p.Masked().Addr() == start && lastAddr(p).Compare(end) <= 0 {
			return p
		}
	}
	return netip.PrefixFrom(start, start.BitLen())
}

// lastAddr is the highest address of p.
func lastAddr(p netip.Prefix) netip.Addr {
	a := p.Masked().Addr()
	if a.Is4() {
		b := a.As4()
		for i := p.Bits(); i < 32; i++ {
			b[i/8] |= 1 << (7 - i%8)
		}
		return netip.AddrFrom4(b)
	}
	b := a.As16()
	for i := p.Bits(); i < 128; i++ {
		b[i/8] |= 1 << (7 - i%8)
	}
	return netip.AddrFrom16(b)
}

// Set is a set of addresses: sorted, disjoint, non-adjacent ranges (IPv4 before IPv6).
// The zero Set is empty.
type Set struct {
	ranges []Range
}

// FromPrefixes is the set of addresses in any of ps (each is masked; invalid ones are ignored).
func FromPrefixes(ps ...netip.Prefix) Set {
	rs := make([]Range, 0, len(ps))
	for _, p := range ps {
		if !p.IsValid() {
			continue
		}
		p = p.Masked()
		rs = append(rs, Range{From: p.Addr(), To: lastAddr(p)})
	}
	return normalize(rs)
}

// FromRanges is the set of addresses in any of rs. Zones are dropped; ranges with From > To
// or with ends of different families are ignored.
func FromRanges(rs ...Range) Set {
	ok := make([]Range, 0, len(rs))
	for _, r := range rs {
		from, to := r.From.WithZone(""), r.To.WithZone("")
		if from.IsValid() && to.IsValid() && from.Is4() == to.Is4() && from.Compare(to) <= 0 {
			ok = append(ok, Range{From: from, To: to})
		}
	}
	return normalize(ok)
}

// All is every IPv4 and IPv6 address.
func All() Set {
	return Set{ranges: []Range{family4(), family6()}}
}

func family4() Range {
	return Range{From: netip.IPv4Unspecified(), To: netip.AddrFrom4([4]byte{255, 255, 255, 255})}
}

func family6() Range {
	var max [16]byte
	for i := range max {
		max[i] = 0xff
	}
	return Range{From: netip.IPv6Unspecified(), To: netip.AddrFrom16(max)}
}

// normalize sorts rs and merges overlapping and adjacent ranges.
func normalize(rs []Range) Set {
	if len(rs) == 0 {
		return Set{}
	}
	slices.SortFunc(rs, func(a, b Range) int { return a.From.Compare(b.From) })
	out := []Range{rs[0]}
	for _, r := range rs[1:] {
		last := &out[len(out)-1]
		if last.From.Is4() == r.From.Is4() {
			if next := last.To.Next(); r.From.Compare(last.To) <= 0 || (next.IsValid() && next == r.From) {
				if r.To.Compare(last.To) > 0 {
					last.To = r.To
				}
				continue
			}
		}
		out = append(out, r)
	}
	return Set{ranges: out}
}

// Ranges returns the ranges of s in order (a copy).
func (s Set) Ranges() []Range { return slices.Clone(s.ranges) }

// IsEmpty reports whether s holds no address.
func (s Set) IsEmpty() bool { return len(s.ranges) == 0 }

// Equal reports whether s and t hold the same addresses.
func (s Set) Equal(t Set) bool { return slices.Equal(s.ranges, t.ranges) }

// Contains reports whether a is in s. An IPv4-mapped IPv6 address is looked up as IPv6.
func (s Set) Contains(a netip.Addr) bool {
	a = a.WithZone("")
	i, _ := slices.BinarySearchFunc(s.ranges, a, func(r Range, a netip.Addr) int {
		if r.To.Compare(a) < 0 {
			return -1
		}
		if r.From.Compare(a) > 0 {
			return 1
		}
		return 0
	})
	return i < len(s.ranges) && s.ranges[i].Contains(a)
}

// Union is the addresses in s or t.
func (s Set) Union(t Set) Set {
	return normalize(append(slices.Clone(s.ranges), t.ranges...))
}

// Intersect is the addresses in both s and t.
func (s Set) Intersect(t Set) Set {
	var out []Range
	i, j := 0, 0
	for i < len(s.ranges) && j < len(t.ranges) {
		a, b := s.ranges[i], t.ranges[j]
		from, to := maxAddr(a.From, b.From), minAddr(a.To, b.To)
		if a.From.Is4() == b.From.Is4() && from.Compare(to) <= 0 {
			out = append(out, Range{From: from, To: to})
		}
		if a.To.Compare(b.To) < 0 {
			i++
		} else {
			j++
		}
	}
	return Set{ranges: out}
}

// Complement is every address (IPv4 and IPv6) not in s.
func (s Set) Complement() Set {
	var out []Range
	for _, fam := range []Range{family4(), family6()} {
		cur := fam.From
		done := false
		for _, r := range s.ranges {
			if r.From.Is4() != fam.From.Is4() {
				continue
			}
			if cur.Compare(r.From) < 0 {
				out = append(out, Range{From: cur, To: r.From.Prev()})
			}
			if r.To == fam.To {
				done = true
				break
			}
			cur = r.To.Next()
		}
		if !done {
			out = append(out, Range{From: cur, To: fam.To})
		}
	}
	return Set{ranges: out}
}

// Minus is the addresses in s but not in t.
func (s Set) Minus(t Set) Set { return s.Intersect(t.Complement()) }

// Prefixes is the shortest CIDR list covering exactly s, in address order.
func (s Set) Prefixes() []netip.Prefix {
	var out []netip.Prefix
	for _, r := range s.ranges {
		out = append(out, r.Prefixes()...)
	}
	return out
}

// String is the comma-separated CIDR list of s ("" when empty).
func (s Set) String() string {
	ps := s.Prefixes()
	parts := make([]string, len(ps))
	for i, p := range ps {
		parts[i] = p.String()
	}
	return strings.Join(parts, ",")
}

func maxAddr(a, b netip.Addr) netip.Addr {
	if a.Compare(b) >= 0 {
		return a
	}
	return b
}

func minAddr(a, b netip.Addr) netip.Addr {
	if a.Compare(b) <= 0 {
		return a
	}
	return b
}
