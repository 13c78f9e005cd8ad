package pathauto

import (
	"fmt"
	"regexp"
	"testing"
)

// hostPatterns returns n path patterns shaped like one busy host of an Ingress estate:
// exact paths, element-wise prefixes, nginx string prefixes and case-insensitive regex
// prefixes (use-regex), with shared leading segments.
func hostPatterns(n int) []string {
	out := make([]string, 0, n)
	for i := 0; len(out) < n; i++ {
		svc := fmt.Sprintf("/svc%d", i%7)
		switch i % 5 {
		case 0:
			out = append(out, regexp.QuoteMeta(fmt.Sprintf("%s/healthz%d", svc, i)))
		case 1:
			out = append(out, regexp.QuoteMeta(fmt.Sprintf("%s/v%d/items", svc, i))+`(?:/(?s:.*))?`)
		case 2:
			out = append(out, regexp.QuoteMeta(fmt.Sprintf("%s/static%d", svc, i))+`(?s:.*)`)
		case 3:
			out = append(out, fmt.Sprintf(`(?i:(?:/api/v[0-9]+/users%d/[^/]+)(?s:.*))`, i))
		default:
			out = append(out, fmt.Sprintf(`(?i:(?:%s/[a-z]+/%d)(?s:.*))`, svc, i))
		}
	}
	return out
}

// BenchmarkExplore explores a 20-pattern host and a 200-pattern one with Prefix "/". After
// the first iteration the programs come from the program cache, as for a host whose
// patterns were seen before; BenchmarkParse shows the uncached parse cost.
func BenchmarkExplore(b *testing.B) {
	for _, n := range []int{20, 200} {
		patterns := hostPatterns(n)
		b.Run(fmt.Sprintf("patterns=%d", n), func(b *testing.B) {
			b.ReportAllocs()
			var st Stats
			for b.Loop() {
				var err error
				st, err = Explore(patterns, Options{Prefix: "/"}, func(string, []int) bool { return true })
				if err != nil {
					b.Fatal(err)
				}
			}
			if !st.Complete {
				b.Fatalf("incomplete: %+v", st)
			}
			b.ReportMetric(float64(st.States), "states")
			b.ReportMetric(float64(st.Classes), "classes")
		})
	}
}

// BenchmarkAccepting matches one concrete path against a 20-pattern host.
func BenchmarkAccepting(b *testing.B) {
	m, err := Compile(hostPatterns(20), Options{})
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		m.Accepting("/api/v2/users13/alice/profile")
	}
}

// BenchmarkCompile measures compileMachine (cached programs plus the alphabet partition).
func BenchmarkCompile(b *testing.B) {
	patterns := hostPatterns(20)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := compileMachine(patterns, Options{}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkParse measures parsing and compiling the 20 patterns without the cache.
func BenchmarkParse(b *testing.B) {
	patterns := hostPatterns(20)
	b.ReportAllocs()
	for b.Loop() {
		for _, p := range patterns {
			if _, err := compileProg(p); err != nil {
				b.Fatal(err)
			}
		}
	}
}
