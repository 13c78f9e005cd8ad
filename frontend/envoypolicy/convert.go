package envoypolicy

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"k8s.io/apimachinery/pkg/api/resource"

	"github.com/ingress-parity/ingress-parity/cidrset"
	"github.com/ingress-parity/ingress-parity/model"
)

// securityParts is what a SecurityPolicy contributes to a route's policy.
type securityParts struct {
	access *model.IPAccess
	auth   *model.Auth
	cors   *model.CORS
	// strip are headers removed before the upstream (API key sanitize).
	strip  []model.IdentityHeader
	opaque []string
}

// qualify renders a secret reference as "namespace/name" (the policy's namespace when unset).
func qualify(p *Policy, r secretRef) string {
	ns := p.Namespace
	if r.Namespace != nil && *r.Namespace != "" {
		ns = *r.Namespace
	}
	if r.Kind != nil && *r.Kind != "" && *r.Kind != "Secret" {
		return *r.Kind + " " + ns + "/" + r.Name
	}
	return ns + "/" + r.Name
}

// convertSecurity maps a SecurityPolicy spec to model values (api/v1alpha1/*_types.go,
// internal/gatewayapi/securitypolicy.go). Envoy's ext_authz and jwt_authn set an upstream
// header only when the auth answer or token supplies it, so a client's copy of such a header
// survives otherwise (ClientCopyKeptIfUnset).
func convertSecurity(p *Policy, s *securitySpec) securityParts {
	var out securityParts
	auth := &model.Auth{}
	if b := s.BasicAuth; b != nil {
		// "Right now, only SHA hash algorithm is supported" (api/v1alpha1/basic_auth_types.go).
		ba := &model.BasicAuth{Secret: qualify(p, b.Users), SecretKey: ".htpasswd", AcceptedSchemes: []string{"{SHA}"}, Source: p.Source("spec.basicAuth")}
		if b.ForwardUsernameHeader != nil {
			ba.ForwardUsername = *b.ForwardUsernameHeader
		}
		auth.Basic = ba
	}
	if e := s.ExtAuth; e != nil {
		ea := &model.ExternalAuth{ClientCopy: model.ClientCopyKeptIfUnset, RequestHeaders: e.HeadersToExtAuth, Source: p.Source("spec.extAuth")}
		// Envoy's ext_authz allows only a 200 answer (anything else is returned to the client).
		ea.SuccessCodes = []int{200}
		if e.FailOpen != nil {
			ea.FailOpen = *e.FailOpen
		}
		switch {
		case e.HTTP != nil:
			// The auth request's path: pathOverride replaces the request's path (as nginx's
			// auth-url does); path is prepended to it, and without either the request's own
			// path is sent (api/v1alpha1/ext_auth_types.go). "{path}" stands for the request's.
			ea.URL = "http://" + backendName(p, e.HTTP.backendCluster)
			switch {
			case e.HTTP.PathOverride != nil:
				ea.URL += *e.HTTP.PathOverride
			case e.HTTP.Path != nil:
				ea.URL += strings.TrimSuffix(*e.HTTP.Path, "/") + "{path}"
			default:
				ea.URL += "{path}"
			}
			ea.ResponseHeaders = e.HTTP.HeadersToBackend
		case e.GRPC != nil:
			ea.URL = "grpc://" + backendName(p, e.GRPC.backendCluster)
			out.opaque = append(out.opaque, p.ID()+": gRPC external authorization sets headers chosen by the service at run time")
		}
		auth.External = ea
	}
	if j := s.JWT; j != nil {
		ja := &model.JWTAuth{Source: p.Source("spec.jwt")}
		if j.Optional != nil {
			ja.Optional = *j.Optional
		}
		for _, pr := range j.Providers {
			mp := model.JWTProvider{Name: pr.Name, Issuer: pr.Issuer, Audiences: pr.Audiences, ClientCopy: model.ClientCopyKeptIfUnset}
			switch {
			case pr.RemoteJWKS != nil:
				mp.JWKS = pr.RemoteJWKS.URI
			case pr.LocalJWKS != nil && pr.LocalJWKS.ValueRef != nil:
				mp.JWKS = "configmap:" + p.Namespace + "/" + pr.LocalJWKS.ValueRef.Name
			case pr.LocalJWKS != nil:
				mp.JWKS = "inline"
			}
			for _, c := range pr.ClaimToHeaders {
				mp.ClaimHeaders = append(mp.ClaimHeaders, model.ClaimHeader{Claim: c.Claim, Header: c.Header})
			}
			mp.TokenSources = tokenSources(pr.ExtractFrom)
			ja.Providers = append(ja.Providers, mp)
		}
		auth.JWT = ja
	}
	if k := s.APIKeyAuth; k != nil {
		ka := &model.APIKeyAuth{Source: p.Source("spec.apiKeyAuth")}
		for _, r := range k.CredentialRefs {
			ka.Secrets = append(ka.Secrets, qualify(p, r))
		}
		for _, e := range k.ExtractFrom {
			for _, h := range e.Headers {
				ka.Extract = append(ka.Extract, "header:"+h)
			}
			for _, q := range e.Params {
				ka.Extract = append(ka.Extract, "query:"+q)
			}
			for _, c := range e.Cookies {
				ka.Extract = append(ka.Extract, "cookie:"+c)
			}
		}
		if k.ForwardClientIDHeader != nil {
			ka.ForwardClientID = *k.ForwardClientIDHeader
		}
		if k.Sanitize != nil && *k.Sanitize {
			// sanitize removes the key headers before the upstream.
			for _, e := range k.ExtractFrom {
				for _, h := range e.Headers {
					out.strip = append(out.strip, model.IdentityHeader{Name: h, Action: model.HeaderStrip, Source: p.Source("spec.apiKeyAuth.sanitize")})
				}
			}
		}
		auth.APIKey = ka
	}
	if o := s.OIDC; o != nil {
		oa := &model.OIDCAuth{Issuer: o.Provider.Issuer, ClientSecret: qualify(p, o.ClientSecret), Scopes: o.Scopes, Source: p.Source("spec.oidc")}
		if o.ClientID != nil {
			oa.ClientID = *o.ClientID
		} else if o.ClientIDRef != nil {
			oa.ClientID = "secret:" + qualify(p, *o.ClientIDRef)
		}
		if o.RedirectURL != nil {
			oa.RedirectURL = *o.RedirectURL
		}
		if o.ForwardAccessToken != nil {
			oa.ForwardAccessToken = *o.ForwardAccessToken
		}
		auth.OIDC = oa
	}
	if *auth != (model.Auth{}) {
		out.auth = auth
	}
	if s.Authorization != nil {
		acc, opaque := convertAuthorization(p, s)
		out.access = acc
		out.opaque = append(out.opaque, opaque...)
	}
	if c := s.CORS; c != nil {
		mc := &model.CORS{AllowOrigins: c.AllowOrigins, AllowMethods: c.AllowMethods, AllowHeaders: c.AllowHeaders, ExposeHeaders: c.ExposeHeaders, Source: p.Source("spec.cors")}
		if c.AllowCredentials != nil {
			mc.AllowCredentials = *c.AllowCredentials
		}
		if c.MaxAge != nil {
			if d, err := time.ParseDuration(*c.MaxAge); err == nil {
				mc.MaxAge = int(d / time.Second)
			} else {
				out.opaque = append(out.opaque, fmt.Sprintf("%s: spec.cors.maxAge %q is not a duration", p.ID(), *c.MaxAge))
			}
		}
		out.cors = mc
	}
	if s.CSRF != nil {
		out.opaque = append(out.opaque, p.ID()+": spec.csrf is not modelled")
	}
	return out
}

// tokenSources lists where a JWT is read; Envoy's default is the Authorization bearer token.
func tokenSources(e *struct {
	Headers []struct {
		Name        string  `json:"name"`
		ValuePrefix *string `json:"valuePrefix"`
	} `json:"headers"`
	Cookies []string `json:"cookies"`
	Params  []string `json:"params"`
}) []string {
	if e == nil {
		return []string{"header:Authorization"}
	}
	var out []string
	for _, h := range e.Headers {
		out = append(out, "header:"+h.Name)
	}
	for _, c := range e.Cookies {
		out = append(out, "cookie:"+c)
	}
	for _, q := range e.Params {
		out = append(out, "query:"+q)
	}
	return out
}

// backendName renders the first backendRef of an auth service as "name.namespace:port".
func backendName(p *Policy, b backendCluster) string {
	ref, _ := b.BackendRef.(map[string]any)
	if ref == nil {
		if refs, ok := b.BackendRefs.([]any); ok && len(refs) > 0 {
			ref, _ = refs[0].(map[string]any)
		}
	}
	if ref == nil {
		return "unknown-backend"
	}
	name, _ := ref["name"].(string)
	ns, _ := ref["namespace"].(string)
	if ns == "" {
		ns = p.Namespace
	}
	out := name + "." + ns
	if port, ok := ref["port"].(float64); ok {
		out += fmt.Sprintf(":%d", int(port))
	}
	return out
}

// convertAuthorization maps authorization rules that test only client CIDRs to an ordered
// IP access list (first matching rule wins; defaultAction Deny when unset:
// api/v1alpha1/authorization_types.go). Rules with other conditions are opaque.
func convertAuthorization(p *Policy, s *securitySpec) (*model.IPAccess, []string) {
	a := s.Authorization
	acc := &model.IPAccess{Address: model.AddressClient, Default: model.Deny, DenyStatus: 403, Source: p.Source("spec.authorization")}
	if a.DefaultAction != nil && *a.DefaultAction == "Allow" {
		acc.Default = model.Allow
	}
	var opaque []string
	for i, r := range a.Rules {
		field := fmt.Sprintf("spec.authorization.rules[%d]", i)
		if r.Operation != nil || r.CEL != nil || r.Principal == nil || r.Principal.JWT != nil || r.Principal.Headers != nil || r.Principal.ClientIPGeoLocations != nil {
			opaque = append(opaque, fmt.Sprintf("%s: %s matches more than client CIDRs; not modelled", p.ID(), field))
			continue
		}
		set, err := cidrset.ParseList(r.Principal.ClientCIDRs)
		if err != nil {
			opaque = append(opaque, fmt.Sprintf("%s: %s.principal.clientCIDRs: %v", p.ID(), field, err))
			continue
		}
		action := model.Allow
		if r.Action == "Deny" {
			action = model.Deny
		}
		var cidrs []string
		for _, pf := range set.Prefixes() {
			cidrs = append(cidrs, pf.String())
		}
		acc.Rules = append(acc.Rules, model.IPRule{Action: action, CIDRs: cidrs, Source: p.Source(field)})
	}
	return acc, opaque
}

// ListenerPolicy is what a ClientTrafficPolicy sets for one listener.
type ListenerPolicy struct {
	// ClientIP is how the client address is derived (TCP peer by default).
	ClientIP *model.ClientIPDerivation `json:"clientIP"`
	// ClientCert is the listener's client-certificate validation (nil: none).
	ClientCert *model.ClientCertAuth `json:"clientCert,omitempty"`
	// Headers are the identity headers Envoy sets for the upstream, sorted by name.
	Headers []model.IdentityHeader `json:"headers"`
	// Policy is the ClientTrafficPolicy applied ("" for Envoy Gateway's defaults).
	Policy string   `json:"policy,omitempty"`
	Opaque []string `json:"opaque,omitempty"`
	// early is the policy's earlyRequestHeaders (nil: none).
	early *earlyMutation
}

// convertClient maps a ClientTrafficPolicy (nil: none, Envoy Gateway defaults) to a
// ListenerPolicy. Defaults (internal/xds/translator/listener.go): use_remote_address on,
// the client address is the TCP peer, the peer is appended to X-Forwarded-For, X-Request-ID
// is generated for every request (Generate), X-Forwarded-Client-Cert is sanitized.
// tls.clientValidation is read only for a listener that terminates TLS (https).
func convertClient(p *Policy, https bool) ListenerPolicy {
	lp := ListenerPolicy{ClientIP: &model.ClientIPDerivation{From: model.ClientIPPeer}}
	xff := model.IdentityHeader{Name: "X-Forwarded-For", Action: model.HeaderAppend, Value: model.ValuePeerIP}
	rid := model.IdentityHeader{Name: "X-Request-ID", Action: model.HeaderReplace, Value: model.ValueRequestID}
	xfcc := model.XFCCSanitize
	var s *clientSpec
	if p != nil {
		s = p.client
		lp.Policy = p.ID()
		xff.Source, rid.Source = p.Source("spec"), p.Source("spec")
	}
	if s != nil {
		if s.EnableProxyProtocol != nil && *s.EnableProxyProtocol || s.ProxyProtocol != nil {
			lp.ClientIP.ProxyProtocol = true
			if s.ProxyProtocol != nil && s.ProxyProtocol.Optional != nil && *s.ProxyProtocol.Optional {
				lp.Opaque = append(lp.Opaque, p.ID()+": optional PROXY protocol (a client may connect with or without it)")
			}
		}
		if d := s.ClientIPDetection; d != nil {
			lp.ClientIP.Source = p.Source("spec.clientIPDetection")
			switch {
			case d.XForwardedFor != nil:
				x := d.XForwardedFor
				lp.ClientIP.From = model.ClientIPForwardedFor
				lp.ClientIP.Header = "X-Forwarded-For"
				if len(x.TrustedCIDRs) > 0 {
					set, err := cidrset.ParseList(x.TrustedCIDRs)
					if err != nil {
						lp.Opaque = append(lp.Opaque, fmt.Sprintf("%s: spec.clientIPDetection.xForwardedFor.trustedCIDRs: %v", p.ID(), err))
					}
					for _, pf := range set.Prefixes() {
						lp.ClientIP.TrustedCIDRs = append(lp.ClientIP.TrustedCIDRs, pf.String())
					}
					lp.ClientIP.Recursive = true
				} else if x.NumTrustedHops != nil {
					lp.ClientIP.TrustedHops = int(*x.NumTrustedHops)
				}
				if x.DisableXForwardedForAppend != nil && *x.DisableXForwardedForAppend {
					xff.Action, xff.Value = model.HeaderPass, model.ValueNone
				}
			case d.CustomHeader != nil:
				lp.ClientIP.From = model.ClientIPCustomHeader
				lp.ClientIP.Header = d.CustomHeader.Name
				lp.ClientIP.FailClosed = d.CustomHeader.FailClosed != nil && *d.CustomHeader.FailClosed
			}
		}
		if h := s.Headers; h != nil {
			switch {
			case h.RequestID != nil:
				switch *h.RequestID {
				case "PreserveOrGenerate":
					rid.Action = model.HeaderPassOrGenerate
				case "Preserve":
					rid.Action, rid.Value = model.HeaderPass, model.ValueNone
				case "Disable":
					rid.Action, rid.Value = model.HeaderStrip, model.ValueNone
				}
			case h.PreserveXRequestID != nil && *h.PreserveXRequestID:
				rid.Action = model.HeaderPassOrGenerate
			}
			if h.XForwardedClientCert != nil && h.XForwardedClientCert.Mode != nil {
				xfcc = model.XFCCMode(*h.XForwardedClientCert.Mode)
			}
		}
		if t := s.TLS; https && t != nil && t.ClientValidation != nil {
			lp.ClientCert = convertClientValidation(p, xfcc)
		}
	}
	lp.Headers = []model.IdentityHeader{
		xff, rid,
		{Name: "X-Envoy-External-Address", Action: model.HeaderReplace, Value: model.ValueClientIP, Source: xff.Source},
		{Name: "X-Forwarded-Proto", Action: model.HeaderReplace, Value: model.ValueScheme, Source: xff.Source},
		// Envoy leaves X-Real-IP alone: a client's value reaches the upstream.
		{Name: "X-Real-IP", Action: model.HeaderPass, Source: xff.Source},
	}
	if lp.ClientCert == nil {
		// Without mTLS every XFCC mode but AlwaysForwardOnly drops the client's header.
		act := model.HeaderStrip
		if xfcc == model.XFCCAlwaysForwardOnly {
			act = model.HeaderPass
		}
		lp.Headers = append(lp.Headers, model.IdentityHeader{Name: "X-Forwarded-Client-Cert", Action: act, Source: xff.Source})
	}
	slices.SortFunc(lp.Headers, func(a, b model.IdentityHeader) int { return strings.Compare(a.Name, b.Name) })
	if s != nil && s.Headers != nil && s.Headers.EarlyRequestHeaders != nil {
		lp.applyEarly(p, s.Headers.EarlyRequestHeaders, xfcc)
	}
	return lp
}

// applyEarly folds the policy's earlyRequestHeaders into the listener's identity headers and
// client-IP derivation (early.go). xfcc is the configured X-Forwarded-Client-Cert mode.
func (lp *ListenerPolicy) applyEarly(p *Policy, f *headerFilter, xfcc model.XFCCMode) {
	e, errs, opaque := decodeEarly(f, lp.ClientIP.ProxyProtocol)
	if len(errs) > 0 {
		lp.Opaque = append(lp.Opaque, fmt.Sprintf("%s: %s: Envoy Gateway does not apply the policy and answers 500 on every route of the listener", p.ID(), strings.Join(errs, "; ")))
		return
	}
	for _, o := range opaque {
		lp.Opaque = append(lp.Opaque, p.ID()+": "+o)
	}
	if len(e.matchers) > 0 {
		lp.Opaque = append(lp.Opaque, p.ID()+": spec.headers.earlyRequestHeaders.removeOnMatch removes headers by name pattern; only the identity headers listed here are tested against it")
	}
	var mtls *model.XFCCMode
	if lp.ClientCert != nil {
		mtls = &xfcc
	}
	lp.Headers = applyEarly(p, lp.Headers, e, mtls)
	lp.early = e
	d := lp.ClientIP
	if d.From == model.ClientIPPeer || !e.touches(d.Header) {
		return
	}
	op, _ := e.op(d.Header)
	switch {
	case op.kind != earlyRemove:
		lp.Opaque = append(lp.Opaque, fmt.Sprintf("%s: %s changes %s, which clientIPDetection reads: the derived client address is not modelled", p.ID(), op.field, d.Header))
	case d.From == model.ClientIPCustomHeader && d.FailClosed:
		lp.Opaque = append(lp.Opaque, fmt.Sprintf("%s: %s removes %s, which clientIPDetection reads with failClosed: Envoy refuses every request", p.ID(), op.field, d.Header))
	default:
		// Without the header Envoy falls back to the peer: fewer X-Forwarded-For entries than
		// trusted hops, or no custom header without failClosed (api/v1alpha1/
		// clienttrafficpolicy_types.go ClientIPDetectionSettings).
		lp.ClientIP = &model.ClientIPDerivation{From: model.ClientIPPeer, ProxyProtocol: d.ProxyProtocol, Source: p.Source(op.field)}
	}
}

// RewritesBeforeRouting reports whether the listener's earlyRequestHeaders changes header
// (any case) before Envoy routes the request: a route that matches on it sees Envoy's value,
// not the client's.
func (lp ListenerPolicy) RewritesBeforeRouting(header string) bool { return lp.early.touches(header) }

// convertClientValidation maps tls.clientValidation: mode defaults to RequireAndVerify; the
// deprecated optional: true means VerifyIfGiven (api/v1alpha1/tls_types.go).
func convertClientValidation(p *Policy, xfcc model.XFCCMode) *model.ClientCertAuth {
	cv := p.client.TLS.ClientValidation
	c := &model.ClientCertAuth{Mode: model.CertRequired, XFCC: xfcc, Source: p.Source("spec.tls.clientValidation")}
	if cv.Optional {
		c.Mode = model.CertOptional
	}
	if cv.Mode != nil {
		switch *cv.Mode {
		case "Request":
			c.Mode = model.CertOptionalNoCA
		case "RequireAny":
			c.Mode = model.CertRequireAny
		case "VerifyIfGiven":
			c.Mode = model.CertOptional
		case "RequireAndVerify":
			c.Mode = model.CertRequired
		}
	}
	for _, r := range cv.CACertificateRefs {
		c.CASecrets = append(c.CASecrets, qualify(p, r))
	}
	return c
}

// backendParts is what a BackendTrafficPolicy contributes to a route's policy.
type backendParts struct {
	rate   *model.RateLimit
	body   *model.BodyLimit
	opaque []string
}

// convertBackend maps rateLimit and requestBuffer. A local rate limit without client
// selectors is one token bucket per Envoy replica for all clients (Key "global"); one with a
// Distinct sourceCIDR selector counts per client address.
func convertBackend(p *Policy) backendParts {
	var out backendParts
	s := p.backend
	if rl := s.RateLimit; rl != nil {
		var rules []rateLimitRule
		kind := "local"
		switch {
		case rl.Local != nil:
			rules = rl.Local.Rules
		case rl.Global != nil:
			rules, kind = rl.Global.Rules, "global"
		}
		if len(rules) > 1 {
			out.opaque = append(out.opaque, fmt.Sprintf("%s: %d %s rate limit rules; only the first is modelled", p.ID(), len(rules), kind))
		}
		if len(rules) > 0 {
			r := rules[0]
			m := &model.RateLimit{Key: "global", Status: 429, Source: p.Source("spec.rateLimit")}
			for _, cs := range r.ClientSelectors {
				if cs.SourceCIDR != nil && cs.SourceCIDR.Type != nil && *cs.SourceCIDR.Type == "Distinct" && cs.Headers == nil && cs.Methods == nil && cs.Path == nil && cs.QueryParams == nil {
					m.Key = "client-ip"
					continue
				}
				out.opaque = append(out.opaque, p.ID()+": rate limit client selectors other than a Distinct sourceCIDR are not modelled")
			}
			switch r.Limit.Unit {
			case "Second":
				m.RequestsPerSecond = int(r.Limit.Requests)
			case "Minute":
				m.RequestsPerMinute = int(r.Limit.Requests)
			default:
				out.opaque = append(out.opaque, fmt.Sprintf("%s: rate limit unit %s is not modelled", p.ID(), r.Limit.Unit))
			}
			out.rate = m
		}
	}
	if rb := s.RequestBuffer; rb != nil && rb.Limit != nil {
		q, err := resource.ParseQuantity(fmt.Sprint(rb.Limit))
		if err != nil {
			out.opaque = append(out.opaque, fmt.Sprintf("%s: spec.requestBuffer.limit is not a quantity", p.ID()))
		} else {
			out.body = &model.BodyLimit{MaxBytes: q.Value(), Status: 413, Source: p.Source("spec.requestBuffer.limit")}
		}
	}
	return out
}
