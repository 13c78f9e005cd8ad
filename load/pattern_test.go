package load

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"k8s.io/apimachinery/pkg/util/validation"
)

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

// TestDNSChecks compares the shortcut DNS checks with the apimachinery ones they stand
// for, on named cases and every string of up to four characters over an alphabet of the
// interesting ones.
func TestDNSChecks(t *testing.T) {
	check := func(s string) {
		t.Helper()
		if diff := cmp.Diff(validation.IsDNS1123Subdomain(s), dns1123Subdomain(s)); diff != "" {
			t.Fatalf("dns1123Subdomain(%q) (-want +got):\n%s", s, diff)
		}
		if diff := cmp.Diff(validation.IsDNS1035Label(s), dns1035Label(s)); diff != "" {
			t.Fatalf("dns1035Label(%q) (-want +got):\n%s", s, diff)
		}
	}
	for _, s := range []string{"", "a", "1a", "a-1", "web.example.com", strings.Repeat("a", 63), strings.Repeat("a", 64),
		strings.Repeat("a.", 126) + "a", strings.Repeat("a.", 127) + "a", "A", "a_b", "*.a"} {
		check(s)
	}
	const alphabet = "a0-.A*"
	var gen func(prefix string, n int)
	gen = func(prefix string, n int) {
		check(prefix)
		if n == 0 {
			return
		}
		for i := 0; i < len(alphabet); i++ {
			gen(prefix+alphabet[i:i+1], n-1)
		}
	}
	gen("", 4)
}
