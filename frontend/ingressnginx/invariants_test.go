package ingressnginx

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/ingress-parity/ingress-parity/model"
)

// TestInvariants checks properties every ingress-nginx model has, over all golden inputs:
// route IDs are unique within a virtual host; a path match that is not RE2 is marked
// opaque; every virtual host ends with a route that takes any path (nginx always has a
// location for "/", so the fallback is never used); both listeners serve the same hosts.
func TestInvariants(t *testing.T) {
	inputs, err := filepath.Glob("testdata/*.yaml")
	if err != nil {
		t.Fatal(err)
	}
	for _, in := range inputs {
		if strings.HasSuffix(in, ".model.yaml") {
			continue
		}
		name := strings.TrimSuffix(filepath.Base(in), ".yaml")
		t.Run(name, func(t *testing.T) {
			m := buildFile(t, in, caseOptions[name])
			ls := m.EntryPoints[0].Listeners
			if len(ls) != 2 || len(ls[0].VirtualHosts) != len(ls[1].VirtualHosts) {
				t.Fatalf("want http and https listeners with the same hosts")
			}
			for _, l := range ls {
				for i, v := range l.VirtualHosts {
					if ls[0].VirtualHosts[i].Host != v.Host {
						t.Errorf("%s: host %d is %q, on http %q", l.Name, i, v.Host.Pattern, ls[0].VirtualHosts[i].Host.Pattern)
					}
					checkVHost(t, l.Name, v)
				}
			}
		})
	}
}

func checkVHost(t *testing.T, listener string, v model.VirtualHost) {
	t.Helper()
	ids := map[string]bool{}
	for _, r := range v.Routes {
		if r.ID == "" || ids[r.ID] {
			t.Errorf("%s %q: route ID %q empty or repeated", listener, v.Host.Pattern, r.ID)
		}
		ids[r.ID] = true
		if _, err := r.Match.Path.Pattern(); err != nil && len(r.Opaque) == 0 {
			t.Errorf("%s %q: route %s has an unparsable path match and is not opaque: %v", listener, v.Host.Pattern, r.ID, err)
		}
	}
	if len(v.Routes) == 0 {
		t.Fatalf("%s %q: no routes", listener, v.Host.Pattern)
	}
	last := v.Routes[len(v.Routes)-1]
	for _, p := range []string{"/", "/any/thing", "/%"} {
		if !last.Match.Path.Matches(p) || len(last.Match.Headers)+len(last.Match.Cookies) > 0 {
			t.Errorf("%s %q: last route %s does not take every request (path %s)", listener, v.Host.Pattern, last.ID, p)
		}
	}
}
