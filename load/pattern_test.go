package load

import "testing"

// matchedPatterns are the patterns that have a hand-written matcher.
var matchedPatterns = map[string]*pattern{
	"hostname": hostnameRe, "preciseHostname": preciseHostnameRe, "pathChars": pathCharsRe,
	"sectionName": sectionNameRe, "kind": kindRe, "group": groupRe, "namespace": namespaceRe,
}

// checkPatterns fails when a matcher and its regular expression disagree on s.
func checkPatterns(t *testing.T, s string) {
	t.Helper()
	for name, p := range matchedPatterns {
		if got, want := p.match(s), p.re.MatchString(s); got != want {
			t.Fatalf("%s matcher on %q = %v, regular expression says %v", name, s, got, want)
		}
	}
}

// TestPatternMatchers compares every matcher with its regular expression on named cases
// and on every string of up to four characters over an alphabet of the interesting ones.
func TestPatternMatchers(t *testing.T) {
	for _, s := range []string{
		"", "a", "-", "a-", "-a", "a.b", "a..b", ".a", "a.", "*.a", "*", "*.", "*.*.a", "A", "aB",
		"a\n", "web.example.com", "/", "/a%2Fb", "/%", "/%2", "/%zz", "/a b", "/(x)@:=", "HTTPRoute",
		"gateway.networking.k8s.io", "x-1", "1x",
	} {
		checkPatterns(t, s)
	}
	const alphabet = "aZ0-.*%fG/:\n "
	var gen func(prefix string, n int)
	gen = func(prefix string, n int) {
		checkPatterns(t, prefix)
		if n == 0 {
			return
		}
		for i := 0; i < len(alphabet); i++ {
			gen(prefix+alphabet[i:i+1], n-1)
		}
	}
	gen("", 4)
}

// FuzzPatternMatchers compares every matcher with its regular expression.
func FuzzPatternMatchers(f *testing.F) {
	f.Add("web.example.com")
	f.Add("/a%2Fb")
	f.Add("*.a-b.c")
	f.Fuzz(func(t *testing.T, s string) { checkPatterns(t, s) })
}
