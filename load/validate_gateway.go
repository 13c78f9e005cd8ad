package load

import (
	"net"
	"regexp"

	gatewayv1 "sigs.k8s.io/gateway-api/apis/v1"
)

// protocolRe is ProtocolType (gateway.networking.k8s.io_gateways.yaml).
var protocolRe = regexp.MustCompile(`^[a-zA-Z0-9]([-a-zA-Z0-9]*[a-zA-Z0-9])?$|[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\/[A-Za-z0-9]+$`)

// validateGateway applies the listener and address rules of the gateway-api v1.6.3
// standard-channel CRD config/crd/standard/gateway.networking.k8s.io_gateways.yaml.
func validateGateway(g *gatewayv1.Gateway) problems {
	var ps problems
	if n := len(g.Spec.GatewayClassName); n < 1 || n > 253 {
		ps.add("spec.gatewayClassName", "gatewayClassName is required (1..253 characters)")
	}
	maxItems(&ps, "spec.addresses", len(g.Spec.Addresses), 16)
	for i, a := range g.Spec.Addresses {
		f := idx("spec.addresses", i)
		switch {
		case a.Type == nil || *a.Type == gatewayv1.IPAddressType:
			if net.ParseIP(a.Value) == nil {
				ps.add(f+".value", "IPAddress value must be an IPv4 or IPv6 address")
			}
		case *a.Type == gatewayv1.HostnameAddressType:
			if a.Value != "" && !hostnameRe.MatchString(a.Value) {
				ps.add(f+".value", "Hostname value must be empty or contain only valid characters")
			}
		}
	}
	if g.Spec.TLS != nil && g.Spec.TLS.Frontend != nil {
		validateFrontendTLS(&ps, g.Spec.TLS.Frontend)
	}
	ls := g.Spec.Listeners
	if len(ls) == 0 {
		ps.add("spec.listeners", "must have at least 1 item")
	}
	maxItems(&ps, "spec.listeners", len(ls), 64)
	for i := range ls {
		validateListener(&ps, idx("spec.listeners", i), &ls[i])
	}
	for i := range ls {
		for j := 0; j < i; j++ {
			if ls[i].Name == ls[j].Name {
				ps.add(idx("spec.listeners", i)+".name", "Listener name must be unique within the Gateway")
			}
			if ls[i].Port == ls[j].Port && ls[i].Protocol == ls[j].Protocol && deref(ls[i].Hostname) == deref(ls[j].Hostname) &&
				(ls[i].Hostname == nil) == (ls[j].Hostname == nil) {
				ps.add(idx("spec.listeners", i), "Combination of port, protocol and hostname must be unique for each listener")
			}
		}
	}
	return ps
}

func validateListener(ps *problems, f string, l *gatewayv1.Listener) {
	if len(l.Name) < 1 || len(l.Name) > 253 || !sectionNameRe.MatchString(string(l.Name)) {
		ps.add(f+".name", "invalid listener name %q", l.Name)
	}
	if l.Port < 1 || l.Port > 65535 {
		ps.add(f+".port", "port must be in 1..65535")
	}
	if len(l.Protocol) < 1 || len(l.Protocol) > 255 || !protocolRe.MatchString(string(l.Protocol)) {
		ps.add(f+".protocol", "invalid protocol %q", l.Protocol)
	}
	if l.Hostname != nil {
		validateHostname(ps, f+".hostname", string(*l.Hostname), hostnameRe)
	}
	switch l.Protocol {
	case gatewayv1.HTTPProtocolType, gatewayv1.TCPProtocolType, gatewayv1.UDPProtocolType:
		if l.TLS != nil {
			ps.add(f+".tls", "tls must not be specified for protocols ['HTTP', 'TCP', 'UDP']")
		}
	case gatewayv1.HTTPSProtocolType:
		if l.TLS != nil && l.TLS.Mode != nil && *l.TLS.Mode != "" && *l.TLS.Mode != gatewayv1.TLSModeTerminate {
			ps.add(f+".tls.mode", "tls mode must be Terminate for protocol HTTPS")
		}
	case gatewayv1.TLSProtocolType:
		if l.TLS == nil || l.TLS.Mode == nil || *l.TLS.Mode == "" {
			ps.add(f+".tls", "tls mode must be set for protocol TLS")
		}
	}
	if (l.Protocol == gatewayv1.TCPProtocolType || l.Protocol == gatewayv1.UDPProtocolType) && deref(l.Hostname) != "" {
		ps.add(f+".hostname", "hostname must not be specified for protocols ['TCP', 'UDP']")
	}
	if t := l.TLS; t != nil {
		if t.Mode != nil && *t.Mode != gatewayv1.TLSModeTerminate && *t.Mode != gatewayv1.TLSModePassthrough {
			ps.add(f+".tls.mode", "unsupported tls mode %q: must be Terminate or Passthrough", *t.Mode)
		}
		if t.Mode != nil && *t.Mode == gatewayv1.TLSModeTerminate && len(t.CertificateRefs) == 0 && len(t.Options) == 0 {
			ps.add(f+".tls", "certificateRefs or options must be specified when mode is Terminate")
		}
		maxItems(ps, f+".tls.certificateRefs", len(t.CertificateRefs), 64)
		for k, c := range t.CertificateRefs {
			validateRefNames(ps, idx(f+".tls.certificateRefs", k), c.Group, c.Kind, string(c.Name), c.Namespace)
		}
	}
	if ar := l.AllowedRoutes; ar != nil {
		maxItems(ps, f+".allowedRoutes.kinds", len(ar.Kinds), 8)
		for k, rk := range ar.Kinds {
			kind := rk.Kind
			validateRefNames(ps, idx(f+".allowedRoutes.kinds", k), rk.Group, &kind, "-", nil)
		}
		if ns := ar.Namespaces; ns != nil && ns.From != nil {
			switch *ns.From {
			case gatewayv1.NamespacesFromAll, gatewayv1.NamespacesFromSame, gatewayv1.NamespacesFromSelector:
			default:
				ps.add(f+".allowedRoutes.namespaces.from", "unsupported value %q: must be All, Selector or Same", *ns.From)
			}
		}
	}
}
