package load

import (
	"fmt"
	"strings"
	"testing"
)

// TestFastPathErrors checks that documents read by the fast path fail exactly as on the
// go.yaml.in/yaml/v3 path: the same stream with a comment on every apiVersion line (which
// changes no value and no line, but sends every document to yaml.v3) gives the same error.
func TestFastPathErrors(t *testing.T) {
	const doc = 70 // in the parallel part of a 100-document stream
	line := func(l int) int { return doc*32 + l }
	cases := []struct {
		name      string
		old, new  string
		wantError string
	}{
		{"unknown field", "  name: web-70\n", "  name: web-70\n  nam: x\n",
			fmt.Sprintf("many.yaml:%d: metadata.nam: unknown field", line(6))},
		{"duplicate field", "  name: web-70\n", "  name: web-70\n  name: x\n",
			fmt.Sprintf("many.yaml:%d: metadata.name: duplicate field", line(6))},
		{"wrong type", "    secretName: tls-70\n", "    secretName:\n    - a\n",
			fmt.Sprintf("many.yaml:%d: spec.tls[0].secretName: wrong type: got array, want string", line(14))},
		{"unknown field in a list item", "  - host: h70.example.com\n", "  - host: h70.example.com\n    x: 1\n",
			fmt.Sprintf("many.yaml:%d: spec.rules[0].x: unknown field", line(17))},
		{"merge key", "  name: web-70\n", "  name: web-70\n  <<: x\n",
			fmt.Sprintf("many.yaml:%d: metadata: merge keys (<<) are not supported", line(6))},
		{"port number not an integer", "              number: 8080\n", "              number: 80.5\n",
			fmt.Sprintf("many.yaml:%d: spec.rules[0].http.paths[0].backend.service.port.number: wrong type: got a number that is not a 32-bit integer, want integer", line(25))},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			data := string(blockIngresses(100))
			marker := fmt.Sprintf("  name: web-%d\n", doc)
			at := strings.Index(data, marker)
			if at < 0 || !strings.Contains(data[at:], c.old) {
				t.Fatalf("%q not in document %d", c.old, doc)
			}
			data = data[:at] + strings.Replace(data[at:], c.old, c.new, 1)
			_, fastErr := LoadBytes("many.yaml", []byte(data))
			slow := strings.ReplaceAll(data, "apiVersion: networking.k8s.io/v1\n", "apiVersion: networking.k8s.io/v1 # c\n")
			_, slowErr := LoadBytes("many.yaml", []byte(slow))
			if fastErr == nil || slowErr == nil {
				t.Fatalf("errors: fast %v, yaml.v3 %v", fastErr, slowErr)
			}
			if fastErr.Error() != slowErr.Error() {
				t.Errorf("fast path error %q, yaml.v3 path error %q", fastErr, slowErr)
			}
			if fastErr.Error() != c.wantError {
				t.Errorf("error %q, want %q", fastErr, c.wantError)
			}
		})
	}
}
