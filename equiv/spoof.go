package equiv

import (
	"net/http"
	"slices"
	"strings"

	"github.com/ingress-parity/ingress-parity/model"
)

// identityHeaders are checked on every route pair, besides the headers the policies set
// from authentication (auth answers, JWT claims, ssl-client-*, user names) and the user's
// --identity-header names: the client-address headers and the client-certificate header.
var identityHeaders = []string{"X-Forwarded-For", "X-Real-IP", "X-Forwarded-Client-Cert"}

// spoofNames lists the identity-bearing header names to check for a route pair, in a
// stable order without duplicates (case-insensitive).
func spoofNames(oldP, newP *model.Policy, user []string) []string {
	var out []string
	add := func(n string) {
		if n != "" && !slices.ContainsFunc(out, func(x string) bool { return strings.EqualFold(x, n) }) {
			out = append(out, n)
		}
	}
	for _, n := range identityHeaders {
		add(n)
	}
	for _, p := range []*model.Policy{oldP, newP} {
		for _, n := range authHeaderNames(p) {
			add(http.CanonicalHeaderKey(n))
		}
		if p != nil && p.Auth != nil && p.Auth.Basic != nil && p.Auth.Basic.StripAuthorization {
			add("Authorization") // the caller's password, kept from the upstream
		}
	}
	for _, n := range user {
		add(n)
	}
	return out
}

// authHeaderNames are the identity headers a policy's authentication steps set for the
// upstream (IdentityHeaderNames without the data plane's generic forwarding headers such
// as X-Forwarded-Host, which carry no caller identity).
func authHeaderNames(p *model.Policy) []string {
	if p == nil || p.Auth == nil {
		return nil
	}
	generic := map[string]bool{}
	for _, h := range p.UpstreamHeaders {
		generic[strings.ToLower(h.Name)] = true
	}
	var out []string
	for _, n := range p.IdentityHeaderNames() {
		if !generic[n] {
			out = append(out, n)
		}
	}
	return out
}

// headerFate is what becomes of a client-supplied value of header name on a route: the
// policy's fate, unless the route's own request-header edits set or remove it (the
// client's value is then gone) or add to it (appended).
func headerFate(p *model.Policy, d *model.Decision, name string) model.Fate {
	f := p.ClientHeaderFate(name)
	if d == nil {
		return f
	}
	rh := d.RequestHeaders
	if hasFold(rh.Set, name) || slices.ContainsFunc(rh.Remove, func(x string) bool { return strings.EqualFold(x, name) }) {
		return model.FateDropped
	}
	if hasFold(rh.Add, name) && f != model.FateDropped {
		return model.FateAppended
	}
	return f
}

func hasFold(m map[string]string, name string) bool {
	for k := range m {
		if strings.EqualFold(k, name) {
			return true
		}
	}
	return false
}

// fateRank orders fates by how much of a forged value reaches the upstream.
func fateRank(f model.Fate) int {
	switch f {
	case model.FateDropped:
		return 0
	case model.FateAppended:
		return 1
	case model.FatePassesIfUnset:
		return 2
	default:
		return 3
	}
}

// certFacts reports whether the upstream learns about the client certificate: client
// certificates are requested, and ssl-client-* headers, the PEM certificate, an
// X-Forwarded-Client-Cert the proxy sets, or headers the proxy fills with certificate facts
// carry them (without a requested certificate those facts are empty).
func certFacts(p *model.Policy) bool {
	cc := clientCert(p)
	if cc == nil || cc.Mode == model.CertOff {
		return false
	}
	return len(certFactHeaders(p)) > 0
}

// certFactHeaders names the headers that carry client-certificate facts upstream under p.
func certFactHeaders(p *model.Policy) []string {
	cc := clientCert(p)
	if cc == nil {
		return nil
	}
	hs := slices.Clone(cc.Headers)
	if cc.XFCC == model.XFCCSanitizeSet || cc.XFCC == model.XFCCAppendForward {
		hs = append(hs, "X-Forwarded-Client-Cert")
	}
	if cc.PassCertificate && !slices.ContainsFunc(hs, func(h string) bool { return strings.EqualFold(h, "ssl-client-cert") }) {
		hs = append(hs, "ssl-client-cert")
	}
	for _, h := range p.UpstreamHeaders {
		if h.Value == model.ValueClientCert && h.Action != model.HeaderStrip {
			hs = append(hs, h.Name)
		}
	}
	return hs
}

// stripsHeader reports whether p removes header name for the upstream (a strip rule, or
// basic auth clearing Authorization), as opposed to overwriting it.
func stripsHeader(p *model.Policy, name string) bool {
	if p == nil {
		return false
	}
	for _, h := range p.UpstreamHeaders {
		if strings.EqualFold(h.Name, name) && h.Action == model.HeaderStrip {
			return true
		}
	}
	return strings.EqualFold(name, "Authorization") && p.Auth != nil && p.Auth.Basic != nil && p.Auth.Basic.StripAuthorization
}
