package load

import (
	"net"
	"strconv"
	"strings"

	networkingv1 "k8s.io/api/networking/v1"
	"k8s.io/apimachinery/pkg/util/validation"
)

// validateIngress applies the API server's core validation of networking.k8s.io/v1 Ingress
// rules that bear on routing (kubernetes pkg/apis/networking/validation/validation.go:
// ValidateIngressSpec, validateIngressRules, validateHTTPIngressPath,
// validateIngressBackend).
func validateIngress(ing *networkingv1.Ingress) problems {
	var ps problems
	spec := &ing.Spec
	if spec.DefaultBackend == nil && len(spec.Rules) == 0 {
		ps.add("spec", "either defaultBackend or rules must be specified")
	}
	if spec.DefaultBackend != nil {
		validateIngressBackend(&ps, spec.DefaultBackend, "spec.defaultBackend")
	}
	for i, rule := range spec.Rules {
		f := "spec.rules[" + strconv.Itoa(i) + "]"
		if rule.Host != "" {
			validateIngressHost(&ps, rule.Host, f+".host")
		}
		if rule.HTTP == nil {
			continue
		}
		if len(rule.HTTP.Paths) == 0 {
			ps.add(f+".http.paths", "paths is required")
		}
		for j := range rule.HTTP.Paths {
			validateIngressPath(&ps, &rule.HTTP.Paths[j], f+".http.paths["+strconv.Itoa(j)+"]")
		}
	}
	for i, t := range spec.TLS {
		for j, h := range t.Hosts {
			validateIngressHost(&ps, h, "spec.tls["+strconv.Itoa(i)+"].hosts["+strconv.Itoa(j)+"]")
		}
	}
	if spec.IngressClassName != nil {
		for _, msg := range dns1123Subdomain(*spec.IngressClassName) {
			ps.add("spec.ingressClassName", "invalid ingressClassName: %s", msg)
		}
	}
	return ps
}

// validateIngressHost: a DNS-1123 subdomain, or a wildcard "*." followed by one, and never
// an IP address.
func validateIngressHost(ps *problems, host, field string) {
	if net.ParseIP(host) != nil {
		ps.add(field, "invalid host: must be a DNS name, not an IP address")
	}
	check := dns1123Subdomain
	if strings.Contains(host, "*") {
		check = validation.IsWildcardDNS1123Subdomain
	}
	for _, msg := range check(host) {
		ps.add(field, "invalid host: %s", msg)
	}
}

// invalidPathSequences and invalidPathSuffixes are refused in Exact and Prefix paths
// (kubernetes pkg/apis/networking/validation/validation.go).
var (
	invalidPathSequences = []string{"//", "/./", "/../", "%2f", "%2F"}
	invalidPathSuffixes  = []string{"/..", "/."}
)

func validateIngressPath(ps *problems, p *networkingv1.HTTPIngressPath, field string) {
	if p.PathType == nil {
		ps.add(field+".pathType", "pathType must be specified")
		return
	}
	switch *p.PathType {
	case networkingv1.PathTypeExact, networkingv1.PathTypePrefix:
		if !strings.HasPrefix(p.Path, "/") {
			ps.add(field+".path", "path must be an absolute path for pathType %s", *p.PathType)
		}
		for _, s := range invalidPathSequences {
			if strings.Contains(p.Path, s) {
				ps.add(field+".path", "path must not contain '%s' for pathType %s", s, *p.PathType)
			}
		}
		for _, s := range invalidPathSuffixes {
			if strings.HasSuffix(p.Path, s) {
				ps.add(field+".path", "path cannot end with '%s' for pathType %s", s, *p.PathType)
			}
		}
	case networkingv1.PathTypeImplementationSpecific:
		if p.Path != "" && !strings.HasPrefix(p.Path, "/") {
			ps.add(field+".path", "path must be an absolute path")
		}
	default:
		ps.add(field+".pathType", "unsupported pathType %q: must be Exact, Prefix or ImplementationSpecific", *p.PathType)
	}
	validateIngressBackend(ps, &p.Backend, field+".backend")
}

func validateIngressBackend(ps *problems, b *networkingv1.IngressBackend, field string) {
	switch {
	case b.Resource != nil && b.Service != nil:
		ps.add(field, "cannot set both resource and service backends")
	case b.Resource != nil:
		if b.Resource.Kind == "" || b.Resource.Name == "" {
			ps.add(field+".resource", "resource backend needs kind and name")
		}
	case b.Service != nil:
		s := b.Service
		if s.Name == "" {
			ps.add(field+".service.name", "service name is required")
		} else {
			for _, msg := range dns1035Label(s.Name) {
				ps.add(field+".service.name", "invalid service name: %s", msg)
			}
		}
		switch {
		case s.Port.Name != "" && s.Port.Number != 0:
			ps.add(field+".service.port", "cannot set both port name & port number")
		case s.Port.Name != "":
			for _, msg := range validation.IsValidPortName(s.Port.Name) {
				ps.add(field+".service.port.name", "invalid port name: %s", msg)
			}
		case s.Port.Number != 0:
			for _, msg := range validation.IsValidPortNum(int(s.Port.Number)) {
				ps.add(field+".service.port.number", "invalid port number: %s", msg)
			}
		default:
			ps.add(field+".service.port", "port name or number is required")
		}
	default:
		ps.add(field, "resource or service backend is required")
	}
}
