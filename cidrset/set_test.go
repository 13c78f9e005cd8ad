package cidrset

import (
	"errors"
	"net/netip"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func mustParse(t *testing.T, s string) Set {
	t.Helper()
	set, err := Parse(s)
	if err != nil {
		t.Fatalf("Parse(%q): %v", s, err)
	}
	return set
}

func TestParse(t *testing.T) {
	tests := []struct {
		name    string
		in      string
		want    string
		wantErr string
	}{
		{"empty", "", "", ""},
		{"single cidr", "10.0.0.0/8", "10.0.0.0/8", ""},
		{"spaces and address", " 10.0.0.0/8 , 192.168.1.1", "10.0.0.0/8,192.168.1.1/32", ""},
		{"host bits masked like net.ParseCIDR", "10.1.2.3/8", "10.0.0.0/8", ""},
		{"overlap merged", "10.0.0.0/8,10.1.0.0/16", "10.0.0.0/8", ""},
		{"adjacent merged", "10.0.0.0/9,10.128.0.0/9", "10.0.0.0/8", ""},
		{"last address of a block merged", "10.0.0.0/8,10.255.255.255", "10.0.0.0/8", ""},
		{"first address of a block merged", "10.0.0.0,10.0.0.0/8", "10.0.0.0/8", ""},
		{"ipv6", "2001:db8::/32,::1", "::1/128,2001:db8::/32", ""},
		{"both families", "0.0.0.0/0,::/0", "0.0.0.0/0,::/0", ""},
		{"bad octet", "10.0.0.0/8,10.0.0.300", "", `entry 2 "10.0.0.300": not an IP address or CIDR block`},
		{"bad bits", "10.0.0.0/33", "", `entry 1 "10.0.0.0/33": not a CIDR block`},
		{"empty entry", "10.0.0.0/8,,", "", `entry 2 "": empty entry`},
		{"zone", "fe80::1%eth0", "", `entry 1 "fe80::1%eth0": zoned addresses are not allowed`},
		{"hostname", "example.com", "", `entry 1 "example.com": not an IP address`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Parse(tt.in)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("err = %v, want containing %q", err, tt.wantErr)
				}
				var pe *ParseError
				if !errors.As(err, &pe) {
					t.Errorf("err is %T, want *ParseError", err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if got.String() != tt.want {
				t.Errorf("got %q, want %q", got.String(), tt.want)
			}
			if err := invariant(got); err != "" {
				t.Error(err)
			}
		})
	}
}

// invariant checks that s's ranges are valid, sorted, disjoint and not adjacent ("" if so).
func invariant(s Set) string {
	for i, r := range s.ranges {
		if !r.From.IsValid() || r.From.Is4() != r.To.Is4() || r.From.Compare(r.To) > 0 {
			return "bad range " + r.From.String() + "-" + r.To.String()
		}
		if i == 0 {
			continue
		}
		prev := s.ranges[i-1]
		if prev.To.Compare(r.From) >= 0 {
			return "overlapping or unsorted ranges at " + r.From.String()
		}
		if n := prev.To.Next(); n.IsValid() && n == r.From {
			return "adjacent ranges not merged at " + r.From.String()
		}
	}
	return ""
}

func TestSetOperations(t *testing.T) {
	a := mustParse(t, "10.0.0.0/8,2001:db8::/32")
	b := mustParse(t, "10.1.0.0/16,192.168.0.0/16")
	tests := []struct {
		name string
		got  Set
		want string
	}{
		{"union", a.Union(b), "10.0.0.0/8,192.168.0.0/16,2001:db8::/32"},
		{"intersect", a.Intersect(b), "10.1.0.0/16"},
		{"minus", a.Minus(b), "10.0.0.0/16,10.2.0.0/15,10.4.0.0/14,10.8.0.0/13,10.16.0.0/12,10.32.0.0/11,10.64.0.0/10,10.128.0.0/9,2001:db8::/32"},
		{"complement of all", All().Complement(), ""},
		{"complement of empty", Set{}.Complement(), "0.0.0.0/0,::/0"},
		{"complement of v4 default", mustParse(t, "0.0.0.0/0").Complement(), "::/0"},
		{"complement of top address", mustParse(t, "255.255.255.255").Complement(), "0.0.0.0/1,128.0.0.0/2,192.0.0.0/3,224.0.0.0/4,240.0.0.0/5,248.0.0.0/6,252.0.0.0/7,254.0.0.0/8,255.0.0.0/9,255.128.0.0/10,255.192.0.0/11,255.224.0.0/12,255.240.0.0/13,255.248.0.0/14,255.252.0.0/15,255.254.0.0/16,255.255.0.0/17,255.255.128.0/18,255.255.192.0/19,255.255.224.0/20,255.255.240.0/21,255.255.248.0/22,255.255.252.0/23,255.255.254.0/24,255.255.255.0/25,255.255.255.128/26,255.255.255.192/27,255.255.255.224/28,255.255.255.240/29,255.255.255.248/30,255.255.255.252/31,255.255.255.254/32,::/0"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.got.String() != tt.want {
				t.Errorf("got %q\nwant %q", tt.got.String(), tt.want)
			}
		})
	}
}

func TestContains(t *testing.T) {
	s := mustParse(t, "10.0.0.0/8,192.168.1.1,2001:db8::/32")
	tests := []struct {
		addr string
		want bool
	}{
		{"10.0.0.0", true},
		{"10.255.255.255", true},
		{"11.0.0.0", false},
		{"9.255.255.255", false},
		{"192.168.1.1", true},
		{"192.168.1.2", false},
		{"2001:db8::1", true},
		{"2001:db9::", false},
		{"::ffff:10.0.0.1", false}, // IPv4-mapped is IPv6 here
	}
	for _, tt := range tests {
		t.Run(tt.addr, func(t *testing.T) {
			if got := s.Contains(netip.MustParseAddr(tt.addr)); got != tt.want {
				t.Errorf("Contains(%s) = %v", tt.addr, got)
			}
		})
	}
}

func TestPartition(t *testing.T) {
	allow := mustParse(t, "10.0.0.0/8")
	deny := mustParse(t, "10.1.0.0/16,::1")
	got := Partition(allow, deny)
	type row struct {
		Range string
		Rep   string
		In    []bool
	}
	var rows []row
	for _, c := range got {
		rows = append(rows, row{c.From.String() + "-" + c.To.String(), c.Rep.String(), c.In})
	}
	want := []row{
		{"0.0.0.0-9.255.255.255", "0.0.0.1", []bool{false, false}},
		{"10.0.0.0-10.0.255.255", "10.0.0.0", []bool{true, false}},
		{"10.1.0.0-10.1.255.255", "10.1.0.0", []bool{true, true}},
		{"10.2.0.0-10.255.255.255", "10.2.0.0", []bool{true, false}},
		{"11.0.0.0-255.255.255.255", "11.0.0.0", []bool{false, false}},
		{"::-::", "::", []bool{false, false}},
		{"::1-::1", "::1", []bool{false, true}},
		{"::2-ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff", "::2", []bool{false, false}},
	}
	if diff := cmp.Diff(want, rows); diff != "" {
		t.Errorf("Partition (-want +got):\n%s", diff)
	}
	if n := len(Partition()); n != 2 {
		t.Errorf("Partition() has %d classes, want one per family", n)
	}
}

func BenchmarkPartition(b *testing.B) {
	var sets []Set
	for i := 0; i < 50; i++ {
		v4 := netip.PrefixFrom(netip.AddrFrom4([4]byte{10, byte(i), 0, 0}), 16)
		v6 := netip.PrefixFrom(netip.AddrFrom16([16]byte{0x20, 0x01, 0x0d, 0xb8, byte(i)}), 40)
		sets = append(sets, FromPrefixes(v4, v6))
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		Partition(sets...)
	}
}
