package load

import (
	"regexp"

	gatewayv1 "sigs.k8s.io/gateway-api/apis/v1"
)

// corsOriginRe is CORSOrigin (gateway.networking.k8s.io_httproutes.yaml, cors.allowOrigins).
var corsOriginRe = regexp.MustCompile(`(^\*$)|(^(http(s)?):\/\/(((\*\.)?([a-zA-Z0-9\-]+\.)*[a-zA-Z0-9-]+|\*)(:([0-9]{1,5}))?)$)`)

// validateCORS: allowOrigins pattern and maxItems 64, allowMethods enum (or "*") and
// maxItems 9, header names, and "'*' cannot be used alongside other values" for origins,
// methods and headers (httproutes.yaml, filters[].cors).
func validateCORS(ps *problems, f string, c *gatewayv1.HTTPCORSFilter) {
	maxItems(ps, f+".allowOrigins", len(c.AllowOrigins), 64)
	origins := make([]string, len(c.AllowOrigins))
	for i, o := range c.AllowOrigins {
		origins[i] = string(o)
		if len(o) < 1 || len(o) > 253 || !corsOriginRe.MatchString(string(o)) {
			ps.add(idx(f+".allowOrigins", i), "invalid origin %q", o)
		}
	}
	wildcardAlone(ps, f+".allowOrigins", "AllowOrigins", origins)
	maxItems(ps, f+".allowMethods", len(c.AllowMethods), 9)
	methods := make([]string, len(c.AllowMethods))
	for i, m := range c.AllowMethods {
		methods[i] = string(m)
		if m != "*" && !httpMethods[gatewayv1.HTTPMethod(m)] {
			ps.add(idx(f+".allowMethods", i), "unsupported method %q", m)
		}
	}
	wildcardAlone(ps, f+".allowMethods", "AllowMethods", methods)
	for _, l := range []struct {
		field, name string
		hs          []gatewayv1.HTTPHeaderName
	}{{"allowHeaders", "AllowHeaders", c.AllowHeaders}, {"exposeHeaders", "ExposeHeaders", c.ExposeHeaders}} {
		maxItems(ps, f+"."+l.field, len(l.hs), 64)
		names := make([]string, len(l.hs))
		for i, h := range l.hs {
			names[i] = string(h)
			validateHeaderName(ps, idx(f+"."+l.field, i), string(h))
		}
		if l.field == "allowHeaders" {
			wildcardAlone(ps, f+"."+l.field, l.name, names)
		}
	}
}

// wildcardAlone reports a "*" listed with other values.
func wildcardAlone(ps *problems, f, name string, vs []string) {
	if len(vs) < 2 {
		return
	}
	for _, v := range vs {
		if v == "*" {
			ps.add(f, "%s cannot contain '*' alongside other values", name)
			return
		}
	}
}

// validateFrontendTLS: caCertificateRefs required with at most 16 items, mode enum, and
// "Port for TLS configuration must be unique within the Gateway" (gateways.yaml,
// spec.tls.frontend).
func validateFrontendTLS(ps *problems, ft *gatewayv1.FrontendTLSConfig) {
	f := "spec.tls.frontend"
	validateTLSValidation(ps, f+".default.validation", ft.Default.Validation)
	maxItems(ps, f+".perPort", len(ft.PerPort), 64)
	seen := map[gatewayv1.PortNumber]bool{}
	for i, pp := range ft.PerPort {
		pf := idx(f+".perPort", i)
		if pp.Port < 1 || pp.Port > 65535 {
			ps.add(pf+".port", "port must be in 1..65535")
		}
		if seen[pp.Port] {
			ps.add(pf+".port", "Port for TLS configuration must be unique within the Gateway")
		}
		seen[pp.Port] = true
		validateTLSValidation(ps, pf+".tls.validation", pp.TLS.Validation)
	}
}

func validateTLSValidation(ps *problems, f string, v *gatewayv1.FrontendTLSValidation) {
	if v == nil {
		return
	}
	if len(v.CACertificateRefs) == 0 {
		ps.add(f+".caCertificateRefs", "caCertificateRefs is required (at least 1 item)")
	}
	maxItems(ps, f+".caCertificateRefs", len(v.CACertificateRefs), 16)
	for i, r := range v.CACertificateRefs {
		g, k, ns := r.Group, r.Kind, r.Namespace
		validateRefNames(ps, idx(f+".caCertificateRefs", i), &g, &k, string(r.Name), ns)
	}
	switch v.Mode {
	case "", gatewayv1.AllowValidOnly, gatewayv1.AllowInsecureFallback:
	default:
		ps.add(f+".mode", "unsupported mode %q: must be AllowValidOnly or AllowInsecureFallback", v.Mode)
	}
}
