package plan

import (
	"fmt"
	"net/netip"
	"strings"
	"unicode"

	"github.com/ingress-parity/ingress-parity/model"
	"github.com/ingress-parity/ingress-parity/probe"
)

// addBoundaries plans the variants of a route's sample that data planes disagree on:
// the prefix boundary, a trailing slash, letter case, percent-encoding (%2F too), a double
// slash and dot segments. The model predicts each with the side's own normalization.
func (b *builder) addBoundaries(rs routeSample) {
	p := rs.req.Path
	variant := func(kind, path string) {
		if path == "" || path == p {
			return
		}
		r := rs.req
		r.Path = path
		b.add("boundary/"+kind, kind+" variant of "+rs.route.ID+" ("+rs.side+")", r, nil)
	}
	pm := rs.route.Match.Path
	if v := strings.TrimRight(pm.Value, "/"); v != "" && (pm.Kind == model.PathPrefix || pm.Kind == model.PathSegmentPrefix) {
		variant("prefix-boundary", v+"x")
		variant("prefix-exact", v)
		variant("prefix-slash", v+"/")
		variant("encoded-slash", v+"%2Fx")
	}
	switch {
	case p == "/":
	case strings.HasSuffix(p, "/"):
		variant("trailing-slash", strings.TrimSuffix(p, "/"))
	default:
		variant("trailing-slash", p+"/")
	}
	variant("letter-case", swapCase(p))
	variant("percent-encoded", encodeFirstLetter(p))
	if i := strings.LastIndexByte(p, '/'); i > 0 {
		variant("encoded-slash", p[:i]+"%2F"+p[i+1:])
	}
	variant("double-slash", "/"+p)
	variant("dot-segment", "/ingress-parity/.."+p)
}

// swapCase flips the case of every letter ("" when the path has none).
func swapCase(p string) string {
	changed := false
	out := strings.Map(func(r rune) rune {
		switch {
		case unicode.IsUpper(r):
			changed = true
			return unicode.ToLower(r)
		case unicode.IsLower(r):
			changed = true
			return unicode.ToUpper(r)
		}
		return r
	}, p)
	if !changed {
		return ""
	}
	return out
}

// encodeFirstLetter percent-encodes the first ASCII letter or digit ("/api" -> "/%61pi").
func encodeFirstLetter(p string) string {
	for i := 0; i < len(p); i++ {
		c := p[i]
		if c < 0x80 && (unicode.IsLetter(rune(c)) || unicode.IsDigit(rune(c))) {
			return p[:i] + fmt.Sprintf("%%%02X", c) + p[i+1:]
		}
	}
	return ""
}

// addUnknownHosts plans a request for a host no virtual host names, on every listener
// scheme and port of both sides.
func (b *builder) addUnknownHosts() {
	for _, m := range []*model.Model{b.old, b.new} {
		for _, ep := range m.EntryPoints {
			for _, l := range ep.Listeners {
				r := model.Request{Method: "GET", Scheme: l.Scheme, Port: l.Port, Host: "unknown.ingress-parity.invalid", Path: "/"}
				b.add("unknown-host", fmt.Sprintf("host no route names, %s port %d", l.Scheme, l.Port), r, nil)
			}
		}
	}
}

// forgedIdentity is the value sent in client copies of identity headers.
const forgedIdentity = "forged-by-ingress-parity"

// addIdentity plans identity variants of a route's sample: forged X-Forwarded-For and
// X-Real-IP always; one PROXY source per address class of the route's access list on a
// listener that expects PROXY protocol (addProxySources); no, wrong and (when supplied)
// valid credentials, client certificates and forged identity headers where the route's
// policy configures them.
func (b *builder) addIdentity(rs routeSample) {
	pol := rs.route.Policy
	ip := b.opts.ForgedClientIP
	if pol != nil && pol.IPAccess != nil {
		if a, ok := allowedAddress(pol.IPAccess); ok {
			ip = a
		}
	}
	forged := rs.req
	forged.Headers = forged.Headers.Clone()
	if forged.Headers == nil {
		forged.Headers = map[string][]string{}
	}
	forged.Headers.Set("X-Forwarded-For", ip)
	forged.Headers.Set("X-Real-IP", ip)
	b.add("identity/forged-xff", "client-supplied X-Forwarded-For and X-Real-IP on "+rs.route.ID+" ("+rs.side+")", forged, nil)
	b.addProxySources(rs)
	if pol == nil {
		return
	}
	why := func(what string) string { return what + " on " + rs.route.ID + " (" + rs.side + ")" }
	idm := b.opts.Identity
	if a := pol.Auth; a != nil {
		if a.Basic != nil || a.JWT != nil || a.ClientCert != nil || a.External != nil || a.APIKey != nil || a.OIDC != nil {
			b.add("identity/none", why("no credentials"), rs.req, &probe.Identity{Kind: "none"})
		}
		if a.Basic != nil {
			b.add("identity/basic-wrong", why("wrong basic credentials"), rs.req, &probe.Identity{Kind: "basic", BasicUser: "ingress-parity", Invalid: true})
			if idm.BasicUser != "" {
				b.add("identity/basic", why("basic credentials"), rs.req, &probe.Identity{Kind: "basic", BasicUser: idm.BasicUser, BasicPasswordEnv: idm.BasicPasswordEnv})
			}
		}
		if a.JWT != nil {
			b.add("identity/jwt-wrong", why("JWT signed by nobody"), rs.req, &probe.Identity{Kind: "jwt", Invalid: true})
			if idm.JWTFile != "" {
				b.add("identity/jwt", why("supplied JWT"), rs.req, &probe.Identity{Kind: "jwt", BearerTokenFile: idm.JWTFile})
			}
			if idm.JWTKeyFile != "" {
				for _, p := range a.JWT.Providers {
					spec := &probe.JWTSpec{KeyFile: idm.JWTKeyFile, KeyID: idm.JWTKeyID, Issuer: p.Issuer, Audience: p.Audiences, Subject: idm.JWTSubject}
					b.add("identity/jwt-signed", why("JWT for provider "+p.Name+" signed with the supplied key"), rs.req, &probe.Identity{Kind: "jwt", JWT: spec})
				}
			}
		}
		if a.ClientCert != nil && idm.ClientCertFile != "" {
			b.add("identity/client-cert", why("supplied client certificate"), rs.req, &probe.Identity{Kind: "client-cert", ClientCertFile: idm.ClientCertFile, ClientKeyFile: idm.ClientKeyFile})
		}
	}
	if names := identityHeaderNames(pol); len(names) > 0 {
		r := rs.req
		r.Headers = r.Headers.Clone()
		if r.Headers == nil {
			r.Headers = map[string][]string{}
		}
		for _, n := range names {
			r.Headers.Set(n, forgedIdentity)
		}
		b.add("identity/forged-header", why("client-supplied identity headers "+strings.Join(names, ", ")), r, &probe.Identity{Kind: "forged"})
	}
}

// identityHeaderNames are the headers an auth step or the data plane sets for the upstream:
// a client copy of them is a spoofing attempt.
func identityHeaderNames(pol *model.Policy) []string {
	seen := map[string]bool{}
	var out []string
	add := func(n string) {
		if n == "" || seen[strings.ToLower(n)] || strings.EqualFold(n, "X-Forwarded-For") || strings.EqualFold(n, "X-Real-IP") || strings.EqualFold(n, "X-Request-ID") {
			return
		}
		seen[strings.ToLower(n)] = true
		out = append(out, n)
	}
	if a := pol.Auth; a != nil {
		if a.External != nil {
			for _, h := range a.External.ResponseHeaders {
				add(h)
			}
		}
		if a.JWT != nil {
			for _, p := range a.JWT.Providers {
				for _, c := range p.ClaimHeaders {
					add(c.Header)
				}
			}
		}
		if a.Basic != nil {
			add(a.Basic.ForwardUsername)
		}
		if a.ClientCert != nil {
			for _, h := range a.ClientCert.Headers {
				add(h)
			}
		}
	}
	for _, h := range pol.UpstreamHeaders {
		add(h.Name)
	}
	return out
}

// allowedAddress is the first address of the first allow rule: the value an attacker would
// forge to pass the list if the proxy believed client headers.
func allowedAddress(acc *model.IPAccess) (string, bool) {
	for _, r := range acc.Rules {
		if r.Action != model.Allow {
			continue
		}
		for _, c := range r.CIDRs {
			if p, err := netip.ParsePrefix(c); err == nil {
				a := p.Masked().Addr()
				if p.Bits() < a.BitLen() {
					a = a.Next()
				}
				return a.String(), true
			}
		}
	}
	return "", false
}
