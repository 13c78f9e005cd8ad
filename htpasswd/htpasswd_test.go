package htpasswd

import (
	"maps"
	"strings"
	"testing"
)

func TestSchemes(t *testing.T) {
	tests := []struct {
		name string
		data string
		want map[string]int
	}{
		{"empty", "", map[string]int{}},
		{"sha and bcrypt", "alice:{SHA}W6ph5Mm5Pz8GgiULbPgzG37mj9g=\nbob:$2y$05$abcdefghijklmnopqrstuv\n", map[string]int{"{SHA}": 1, "bcrypt": 1}},
		{"comments, blanks and junk", "# team\n\n  carol:$apr1$salt$hash  \nno-colon-here\n", map[string]int{"comment": 1, "apr1": 1, "malformed": 1}},
		{"sha that is no SHA-1", "ivan:{SHA}c2hvcnQ=\njoe:{SHA}not base64!\n", map[string]int{"{SHA} malformed": 2}},
		{"a long line does not hide the next", "a:{SHA}W6ph5Mm5Pz8GgiULbPgzG37mj9g=\n#" + strings.Repeat("x", 2<<20) + "\nb:$2y$05$x\n", map[string]int{"{SHA}": 1, "comment": 1, "bcrypt": 1}},
		{"crypt and sha512", "dave:abJnggxhB/yWI\neve:$6$salt$hash\n", map[string]int{"crypt": 1, "sha512-crypt": 1}},
		{"unknown", "frank:something-else\n", map[string]int{"unknown": 1}},
		{"windows line ends", "gina:{SHA}W6ph5Mm5Pz8GgiULbPgzG37mj9g=\r\nhank:{SHA}W6ph5Mm5Pz8GgiULbPgzG37mj9g=\r\n", map[string]int{"{SHA}": 2}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Schemes([]byte(tt.data)); !maps.Equal(got, tt.want) {
				t.Errorf("Schemes = %v, want %v", got, tt.want)
			}
		})
	}
}

// FuzzSchemes checks that any input is read without a panic, that every entry is counted
// once, and that no scheme name carries text of the input.
func FuzzSchemes(f *testing.F) {
	f.Add([]byte("alice:{SHA}abc=\nbob:$2y$05$x\n"))
	f.Add([]byte("::\n#\n\x00:\xff"))
	f.Fuzz(func(t *testing.T, data []byte) {
		total := 0
		for name, n := range Schemes(data) {
			total += n
			if !strings.Contains("{SHA} {SHA} malformed {SSHA} {PLAIN} apr1 bcrypt md5-crypt sha256-crypt sha512-crypt crypt unknown comment malformed", name) {
				t.Fatalf("scheme %q is not a scheme name", name)
			}
		}
		if lines := strings.Count(string(data), "\n") + 1; total > lines {
			t.Fatalf("%d entries from %d lines", total, lines)
		}
	})
}
