package load

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestSplitDocuments checks where a stream is cut into documents.
func TestSplitDocuments(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want []chunk
	}{
		{"no marker", "a: 1\nb: 2\n", []chunk{{[]byte("a: 1\nb: 2\n"), 1}}},
		{"leading marker", "---\na: 1\n", []chunk{{[]byte("---\na: 1\n"), 1}}},
		{"two documents", "a: 1\n---\nb: 2\n", []chunk{{[]byte("a: 1\n"), 1}, {[]byte("---\nb: 2\n"), 2}}},
		{"marker with content and CRLF", "a: 1\r\n--- {b: 2}\r\n---\r\n", []chunk{{[]byte("a: 1\r\n"), 1}, {[]byte("--- {b: 2}\r\n"), 2}, {[]byte("---\r\n"), 3}}},
		{"dashes that are not a marker", "a: |\n  ---\nb: ---x\n----\n", []chunk{{[]byte("a: |\n  ---\nb: ---x\n----\n"), 1}}},
		{"directive keeps the stream whole", "%YAML 1.2\n---\na: 1\n---\nb: 2\n", []chunk{{[]byte("%YAML 1.2\n---\na: 1\n---\nb: 2\n"), 1}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := splitDocuments([]byte(tt.in))
			if diff := cmp.Diff(tt.want, got, cmp.AllowUnexported(chunk{})); diff != "" {
				t.Errorf("chunks (-want +got):\n%s", diff)
			}
		})
	}
}
