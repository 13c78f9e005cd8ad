package gatewayapi

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"pgregory.net/rapid"

	"github.com/ingress-parity/ingress-parity/model"
)

// hostSplitsByPairs is the definition noteHostSplits indexes: every pair of virtual hosts of
// different entry points on one port and scheme whose patterns intersect, in pair order.
func hostSplitsByPairs(m *model.Model) []string {
	type slot struct {
		port   int32
		scheme model.Scheme
		host   string
	}
	type claim struct {
		entry string
		slot  slot
	}
	var claims []claim
	for _, ep := range m.EntryPoints {
		for _, l := range ep.Listeners {
			for _, vh := range l.VirtualHosts {
				claims = append(claims, claim{ep.Name, slot{l.Port, l.Scheme, vh.Host.Pattern}})
			}
		}
	}
	owners := map[slot][]string{}
	var order []slot
	for i, a := range claims {
		for _, c := range claims[i+1:] {
			if a.entry == c.entry || a.slot.port != c.slot.port || a.slot.scheme != c.slot.scheme {
				continue
			}
			h, ok := intersectHost(a.slot.host, c.slot.host)
			if !ok {
				continue
			}
			s := slot{a.slot.port, a.slot.scheme, h}
			if len(owners[s]) == 0 {
				order = append(order, s)
			}
			for _, n := range []string{a.entry, c.entry} {
				if !slices.Contains(owners[s], n) {
					owners[s] = append(owners[s], n)
				}
			}
		}
	}
	var out []string
	for _, s := range order {
		out = append(out, fmt.Sprintf("%s %d %q %s", s.scheme, s.port, s.host, strings.Join(owners[s], ",")))
	}
	return out
}

// TestNoteHostSplitsMatchesPairs checks the indexed noteHostSplits against the pairwise
// definition on random models: few entry points, ports and hosts, so that exact hosts,
// wildcards, the catch-all, upper case and repeated entry point names all meet.
func TestNoteHostSplitsMatchesPairs(t *testing.T) {
	hosts := []string{"", "a.example.com", "A.example.com", "b.example.com", "*.example.com", "x.a.example.com", "*.a.example.com", "example.com"}
	rapid.Check(t, func(t *rapid.T) {
		m := &model.Model{}
		for e := range rapid.IntRange(0, 4).Draw(t, "entries") {
			ep := model.EntryPoint{Name: fmt.Sprint("gw-", rapid.IntRange(0, 3).Draw(t, fmt.Sprint("name", e)))}
			for range rapid.IntRange(0, 3).Draw(t, "listeners") {
				l := model.Listener{Port: int32(rapid.SampledFrom([]int{80, 443}).Draw(t, "port")), Scheme: rapid.SampledFrom([]model.Scheme{model.HTTP, model.HTTPS}).Draw(t, "scheme")}
				for range rapid.IntRange(0, 4).Draw(t, "vhosts") {
					l.VirtualHosts = append(l.VirtualHosts, model.VirtualHost{Host: model.Host{Pattern: rapid.SampledFrom(hosts).Draw(t, "host")}})
				}
				ep.Listeners = append(ep.Listeners, l)
			}
			m.EntryPoints = append(m.EntryPoints, ep)
		}
		b := &builder{}
		b.noteHostSplits(m)
		var got []string
		for _, n := range b.notes {
			got = append(got, n.Message)
		}
		want := hostSplitsByPairs(m)
		if len(got) != len(want) {
			t.Fatalf("got %d notes, want %d:\n%s", len(got), len(want), cmp.Diff(want, got))
		}
		for i := range want {
			// want is "scheme port host owners"; the note words the same facts.
			f := strings.SplitN(want[i], " ", 4)
			if !strings.Contains(got[i], " on "+f[0]+" port "+f[1]+" ") || !strings.Contains(got[i], "("+strings.ReplaceAll(f[3], ",", ", ")+")") {
				t.Fatalf("note %d is %q, want %s", i, got[i], want[i])
			}
			host := strings.Trim(f[2], `"`)
			if host == "" {
				host = "any host"
			}
			if !strings.HasPrefix(got[i], host+" on ") {
				t.Fatalf("note %d is %q, want host %s", i, got[i], host)
			}
		}
	})
}
