package reach

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/ingress-parity/ingress-parity/model"
)

// describeAuth lists the credentials a request needs, readable, in the order basic,
// external, JWT, API key, OIDC, client certificate. Only references are printed: secret
// names, issuers, URLs; never a value (model.Secret fields are not read).
func describeAuth(a *model.Auth) []string {
	if a == nil {
		return nil
	}
	var out []string
	if b := a.Basic; b != nil {
		kind := "basic"
		if b.Digest {
			kind = "digest"
		}
		out = append(out, kind+" secret "+b.Secret)
	}
	if e := a.External; e != nil {
		s := fmt.Sprintf("external auth %s (success: %s)", e.URL, successCodes(e.SuccessCodes))
		if e.FailOpen {
			s += ", fail open"
		}
		out = append(out, s)
	}
	if j := a.JWT; j != nil {
		for _, p := range j.Providers {
			s := "jwt"
			if p.Issuer != "" {
				s += " issuer " + p.Issuer
			} else {
				s += " provider " + p.Name
			}
			if len(p.Audiences) > 0 {
				s += " audiences [" + strings.Join(p.Audiences, " ") + "]"
			}
			if j.Optional {
				s += " (optional)"
			}
			out = append(out, s)
		}
	}
	if k := a.APIKey; k != nil {
		s := "api key secrets [" + strings.Join(k.Secrets, " ") + "]"
		if len(k.Extract) > 0 {
			s += " from " + strings.Join(k.Extract, ", ")
		}
		out = append(out, s)
	}
	if o := a.OIDC; o != nil {
		out = append(out, "oidc issuer "+o.Issuer)
	}
	if c := a.ClientCert; c != nil && c.Mode != model.CertOff {
		s := "mTLS"
		if len(c.CASecrets) > 0 {
			s += " CA " + strings.Join(c.CASecrets, ", ")
		}
		s += " mode " + string(c.Mode)
		if c.MatchCN != "" {
			s += " CN ~ " + c.MatchCN
		}
		out = append(out, s)
	}
	return out
}

// successCodes is "2xx" for the default, else the codes.
func successCodes(codes []int) string {
	if len(codes) == 0 {
		return "2xx"
	}
	parts := make([]string, len(codes))
	for i, c := range codes {
		parts[i] = strconv.Itoa(c)
	}
	return strings.Join(parts, ", ")
}

// describeBodyLimit is the largest accepted body ("1 MiB", "64 KiB", "1000 bytes"), "" for
// none or unlimited.
func describeBodyLimit(b *model.BodyLimit) string {
	if b == nil || b.MaxBytes <= 0 {
		return ""
	}
	return byteSize(b.MaxBytes)
}

// byteSize is n in the largest binary unit that divides it.
func byteSize(n int64) string {
	for _, u := range []struct {
		size int64
		name string
	}{{1 << 30, "GiB"}, {1 << 20, "MiB"}, {1 << 10, "KiB"}} {
		if n%u.size == 0 {
			return fmt.Sprintf("%d %s", n/u.size, u.name)
		}
	}
	return fmt.Sprintf("%d bytes", n)
}
