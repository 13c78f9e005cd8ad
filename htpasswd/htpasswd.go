// Package htpasswd reads which password hash schemes an htpasswd file uses, and nothing
// else: a check needs to know whether a data plane can verify the entries (Envoy Gateway's
// basicAuth accepts only {SHA}), never the hashes or the user names.
package htpasswd

import (
	"encoding/base64"
	"strings"
)

// Schemes counts the lines of an htpasswd file by kind: a hash scheme ("{SHA}", "{SSHA}",
// "{PLAIN}", "apr1" ($apr1$, Apache MD5), "bcrypt" ($2a$, $2b$, $2y$), "md5-crypt" ($1$),
// "sha256-crypt" ($5$), "sha512-crypt" ($6$), "crypt" (13-character DES crypt),
// "{SHA} malformed" (not the base64 of a SHA-1), "unknown"), "comment" (# lines, which nginx
// skips) or "malformed" (no colon). Blank lines are skipped; CRLF line ends are read as LF.
func Schemes(data []byte) map[string]int {
	out := map[string]int{}
	for _, line := range strings.Split(string(data), "\n") {
		line = strings.TrimSpace(line)
		switch {
		case line == "":
			continue
		case strings.HasPrefix(line, "#"):
			out["comment"]++
			continue
		}
		_, hash, ok := strings.Cut(line, ":")
		if !ok {
			out["malformed"]++
			continue
		}
		out[Scheme(hash)]++
	}
	return out
}

// Scheme names the hash scheme of one htpasswd hash.
func Scheme(hash string) string {
	if sha, ok := strings.CutPrefix(hash, "{SHA}"); ok {
		if b, err := base64.StdEncoding.DecodeString(sha); err != nil || len(b) != 20 {
			return "{SHA} malformed"
		}
		return "{SHA}"
	}
	for _, p := range []struct{ prefix, name string }{
		{"{SSHA}", "{SSHA}"}, {"{PLAIN}", "{PLAIN}"},
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
