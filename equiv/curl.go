package equiv

import (
	"fmt"
	"sort"
	"strings"

	"github.com/ingress-parity/ingress-parity/model"
)

// curlCommand returns a shell command that replays r against addr: the host resolves to
// addr through --resolve, so SNI and the Host header stay those of the witness.
func curlCommand(r model.Request, addr string) string {
	if strings.Contains(addr, ":") && !strings.HasPrefix(addr, "[") {
		addr = "[" + addr + "]"
	}
	parts := []string{"curl", "-sS", "-i"}
	switch r.Method {
	case "", "GET":
	case "HEAD":
		parts = append(parts, "-I")
	default:
		parts = append(parts, "-X", shellQuote(r.Method))
	}
	parts = append(parts, "--resolve", shellQuote(fmt.Sprintf("%s:%d:%s", r.Host, r.Port, addr)))
	parts = append(parts, "'"+strings.ReplaceAll(r.URL(), "'", `'\''`)+"'")
	names := make([]string, 0, len(r.Headers))
	for n := range r.Headers {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		for _, v := range r.Headers[n] {
			parts = append(parts, "-H", shellQuote(n+": "+v))
		}
	}
	return strings.Join(parts, " ")
}

// shellQuote quotes s for a POSIX shell unless it only holds safe characters.
func shellQuote(s string) string {
	safe := s != ""
	for _, r := range s {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || strings.ContainsRune("_./:=@%+,-", r)) {
			safe = false
			break
		}
	}
	if safe {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}
