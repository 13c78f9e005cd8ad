package model

import "strings"

// Fate is what becomes of a client-supplied value of a header on its way to the upstream.
type Fate string

const (
	// FateDropped: the client's value never reaches the upstream.
	FateDropped Fate = "dropped"
	// FatePasses: the client's value reaches the upstream unchanged.
	FatePasses Fate = "passes"
	// FatePassesIfUnset: the value passes unless an authentication step sets the header
	// (a forged value survives whenever the step supplies none).
	FatePassesIfUnset Fate = "passes-if-unset"
	// FateAppended: the value reaches the upstream with the data plane's value appended.
	FateAppended Fate = "appended"
)

// Reaches reports whether any client-supplied part of the header can reach the upstream.
func (f Fate) Reaches() bool { return f != FateDropped }

// ClientHeaderFate reports what happens to a client-supplied value of header name on a
// route with policy p (nil: no policy, everything passes). A step that drops the header
// wins over any other; then appending; then an auth step that only sets it when it has a
// value. Header names compare case-insensitively.
func (p *Policy) ClientHeaderFate(name string) Fate {
	fates := []Fate{FatePasses}
	if p != nil {
		for _, h := range p.UpstreamHeaders {
			if strings.EqualFold(h.Name, name) {
				fates = append(fates, h.Action.fate())
			}
		}
		if p.Auth != nil {
			fates = append(fates, p.Auth.headerFates(name)...)
		}
	}
	return worst(fates)
}

// fate is the client-value fate of one header action.
func (a HeaderAction) fate() Fate {
	switch a {
	case HeaderReplace, HeaderStrip:
		return FateDropped
	case HeaderAppend:
		return FateAppended
	default:
		return FatePasses
	}
}

// fate is the client-value fate of a header an auth step sets.
func (c ClientCopy) fate() Fate {
	switch c {
	case ClientCopyKeptIfUnset:
		return FatePassesIfUnset
	case ClientCopyAppended:
		return FateAppended
	default:
		return FateDropped
	}
}

// headerFates lists the fates the authentication steps give header name.
func (a *Auth) headerFates(name string) []Fate {
	var out []Fate
	if e := a.External; e != nil && containsFold(e.ResponseHeaders, name) {
		out = append(out, e.ClientCopy.fate())
	}
	if j := a.JWT; j != nil {
		for _, p := range j.Providers {
			for _, c := range p.ClaimHeaders {
				if strings.EqualFold(c.Header, name) {
					out = append(out, p.ClientCopy.fate())
				}
			}
		}
	}
	if c := a.ClientCert; c != nil {
		// The ssl-client-* headers are set whenever a CA is configured, even with
		// verification off (ingress-nginx rootfs/etc/nginx/template/nginx.tmpl).
		if containsFold(c.Headers, name) {
			out = append(out, FateDropped)
		}
		if strings.EqualFold(name, "X-Forwarded-Client-Cert") && c.XFCC != "" {
			out = append(out, c.XFCC.fate())
		}
	}
	if b := a.Basic; b != nil {
		if b.ForwardUsername != "" && strings.EqualFold(b.ForwardUsername, name) {
			out = append(out, FateDropped)
		}
		if b.StripAuthorization && strings.EqualFold(name, "Authorization") {
			out = append(out, FateDropped)
		}
	}
	if k := a.APIKey; k != nil && k.ForwardClientID != "" && strings.EqualFold(k.ForwardClientID, name) {
		out = append(out, FateDropped)
	}
	return out
}

// fate is the client-value fate of X-Forwarded-Client-Cert under an Envoy XFCC mode.
func (m XFCCMode) fate() Fate {
	switch m {
	case XFCCForwardOnly, XFCCAlwaysForwardOnly:
		return FatePasses
	case XFCCAppendForward:
		return FateAppended
	default: // Sanitize, SanitizeSet
		return FateDropped
	}
}

// worst combines fates: dropped beats appended beats passes-if-unset beats passes.
func worst(fates []Fate) Fate {
	rank := map[Fate]int{FatePasses: 0, FatePassesIfUnset: 1, FateAppended: 2, FateDropped: 3}
	best := FatePasses
	for _, f := range fates {
		if rank[f] > rank[best] {
			best = f
		}
	}
	return best
}

// IdentityHeaderNames lists the identity-bearing header names a policy mentions (upstream
// identity headers, auth response headers, JWT claim headers, client-certificate headers),
// lower-cased and without duplicates, in first-mention order. Spoofing checks try a forged
// value for each of them, from both sides.
func (p *Policy) IdentityHeaderNames() []string {
	if p == nil {
		return nil
	}
	var names []string
	seen := map[string]bool{}
	add := func(n string) {
		k := strings.ToLower(n)
		if k != "" && !seen[k] {
			seen[k] = true
			names = append(names, k)
		}
	}
	for _, h := range p.UpstreamHeaders {
		add(h.Name)
	}
	if a := p.Auth; a != nil {
		if a.External != nil {
			for _, h := range a.External.ResponseHeaders {
				add(h)
			}
		}
		if a.JWT != nil {
			for _, pr := range a.JWT.Providers {
				for _, c := range pr.ClaimHeaders {
					add(c.Header)
				}
			}
		}
		if c := a.ClientCert; c != nil {
			for _, h := range c.Headers {
				add(h)
			}
			if c.XFCC != "" {
				add("X-Forwarded-Client-Cert")
			}
		}
		if a.Basic != nil {
			add(a.Basic.ForwardUsername)
		}
		if a.APIKey != nil {
			add(a.APIKey.ForwardClientID)
		}
	}
	return names
}

func containsFold(list []string, s string) bool {
	for _, x := range list {
		if strings.EqualFold(x, s) {
			return true
		}
	}
	return false
}

// CIDRLists returns every CIDR list a policy tests addresses against (allow/deny rules,
// rate-limit exemptions), one list per rule, in order. The address classes of a check are
// the partition of all lists of both sides (cidrset.Partition).
func (p *Policy) CIDRLists() [][]string {
	if p == nil {
		return nil
	}
	var out [][]string
	if p.IPAccess != nil {
		for _, r := range p.IPAccess.Rules {
			out = append(out, r.CIDRs)
		}
	}
	if p.RateLimit != nil && len(p.RateLimit.Exempt) > 0 {
		out = append(out, p.RateLimit.Exempt)
	}
	return out
}

// CIDRLists returns the trusted-peer list of a derivation (nil when none).
func (d *ClientIPDerivation) CIDRLists() [][]string {
	if d == nil || len(d.TrustedCIDRs) == 0 {
		return nil
	}
	return [][]string{d.TrustedCIDRs}
}

// ClientValueCarriers lists the upstream headers through which a client-supplied value of
// header name can reach the upstream: name itself when its fate reaches, and every header
// the data plane fills with a copy of it (ingress-nginx X-Original-Forwarded-For carries
// the client's X-Forwarded-For). Names are as configured; nil when the value never arrives.
func (p *Policy) ClientValueCarriers(name string) []string {
	var out []string
	if p.ClientHeaderFate(name).Reaches() {
		out = append(out, name)
	}
	if p == nil {
		return out
	}
	for _, h := range p.UpstreamHeaders {
		if h.Value == ValueCopy && strings.EqualFold(h.From, name) && h.Action != HeaderStrip {
			out = append(out, h.Name)
		}
	}
	return out
}
