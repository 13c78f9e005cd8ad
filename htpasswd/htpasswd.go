// Package htpasswd reads which password hash schemes an htpasswd file uses, and nothing
// else: a check needs to know whether a data plane can verify the entries (Envoy's
// basic_auth checks only {SHA}), never the hashes or the user names.
package htpasswd

import (
	"bufio"
	"bytes"
	"strings"
)

// Schemes counts the entries of an htpasswd file by hash scheme: "{SHA}", "{SSHA}",
// "{PLAIN}", "apr1" ($apr1$, Apache MD5), "bcrypt" ($2a$, $2b$, $2y$), "md5-crypt" ($1$),
// "sha256-crypt" ($5$), "sha512-crypt" ($6$), "crypt" (13-character DES crypt), or
// "unknown". Blank lines, comments and lines without a colon are skipped.
func Schemes(data []byte) map[string]int {
	out := map[string]int{}
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(make([]byte, 0, 4096), 1<<20)
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		_, hash, ok := strings.Cut(line, ":")
		if !ok {
			continue
		}
		if i := strings.IndexByte(hash, ':'); i >= 0 { // trailing fields (htdigest style)
			hash = hash[:i]
		}
		out[Scheme(hash)]++
	}
	return out
}

// Scheme names the hash scheme of one htpasswd hash.
func Scheme(hash string) string {
	for _, p := range []struct{ prefix, name string }{
		{"{SHA}", "{SHA}"}, {"{SSHA}", "{SSHA}"}, {"{PLAIN}", "{PLAIN}"},
		{"$apr1$", "apr1"}, {"$2a$", "bcrypt"}, {"$2b$", "bcrypt"}, {"$2y$", "bcrypt"},
		{"$1$", "md5-crypt"}, {"$5$", "sha256-crypt"}, {"$6$", "sha512-crypt"},
	} {
		if strings.HasPrefix(hash, p.prefix) {
			return p.name
		}
	}
	if len(hash) == 13 && !strings.ContainsAny(hash, "$:{}") {
		return "crypt"
	}
	return "unknown"
}
