package cidrset

import (
	"strings"
	"testing"
)

func FuzzParse(f *testing.F) {
	for _, s := range []string{"", "10.0.0.0/8", "10.1.2.3/8, ::1", "2001:db8::/32,0.0.0.0/0", "1.2.3.4/33", "fe80::1%eth0", ",", "::ffff:1.2.3.4/120"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, list string) {
		s, err := Parse(list)
		if err != nil {
			if !strings.HasPrefix(err.Error(), "entry ") {
				t.Fatalf("error does not name the entry: %v", err)
			}
			return
		}
		// Every entry that parsed is contained; the round trip through String is stable.
		for _, e := range SplitList(list) {
			p, err := ParsePrefix(e)
			if err != nil {
				t.Fatalf("Parse accepted %q but ParsePrefix refuses it: %v", e, err)
			}
			if !s.Contains(p.Addr()) {
				t.Fatalf("%s not in the set of %q", p.Addr(), list)
			}
			if p.Masked() != p {
				t.Fatalf("ParsePrefix(%q) = %s is not masked", e, p)
			}
		}
		again, err := Parse(s.String())
		if err != nil || !again.Equal(s) {
			t.Fatalf("String round trip: %q -> %q (%v)", list, s.String(), err)
		}
	})
}
