package gatewayapi

import (
	"cmp"
	"fmt"
	"slices"

	"k8s.io/apimachinery/pkg/runtime"
	gatewayv1 "sigs.k8s.io/gateway-api/apis/v1"

	"github.com/ingress-parity/ingress-parity/load"
	"github.com/ingress-parity/ingress-parity/model"
)

// backendTLSPolicy is one decoded BackendTLSPolicy with where it came from.
type backendTLSPolicy struct {
	obj    *gatewayv1.BackendTLSPolicy
	origin load.Origin
}

func (p backendTLSPolicy) source(field string) model.Source {
	return p.origin.Source("BackendTLSPolicy", p.obj.Namespace, p.obj.Name, field)
}

// backendTLSKey names a BackendTLSPolicy target: a Service, and a port name ("" for the
// whole Service).
func backendTLSKey(ns, service, section string) string { return ns + "/" + service + "/" + section }

// buildBackendTLS reads the BackendTLSPolicies of Resources.Other (gateway-api
// apis/v1/backendtlspolicy_types.go) into the upstream TLS of each targeted Service or
// Service port. Oldest first (creationTimestamp, then namespace/name) claims a target; a
// later policy on the same target is Conflicted and has no effect (BackendTLSPolicySpec
// TargetRefs; Envoy Gateway internal/gatewayapi/backendtlspolicy.go). A policy the API server
// would refuse (both or neither of caCertificateRefs and wellKnownCACertificates, no
// hostname) is left out with a note. Whether the CA references resolve is not checked.
func (b *builder) buildBackendTLS() map[string]*model.UpstreamTLS {
	var pols []backendTLSPolicy
	for _, o := range b.res.Other {
		u := o.Obj
		if u.GetKind() != "BackendTLSPolicy" || u.GroupVersionKind().Group != gatewayv1.GroupName {
			continue
		}
		p := &gatewayv1.BackendTLSPolicy{}
		if err := runtime.DefaultUnstructuredConverter.FromUnstructured(u.Object, p); err != nil {
			b.note(model.NoteInvalid, "invalid-field", fmt.Sprintf("BackendTLSPolicy %s/%s does not decode: %v", u.GetNamespace(), u.GetName(), err), o.Origin.Source("BackendTLSPolicy", u.GetNamespace(), u.GetName(), "spec"))
			continue
		}
		if p.Namespace == "" {
			p.Namespace = "default"
		}
		pols = append(pols, backendTLSPolicy{obj: p, origin: o.Origin})
	}
	if len(pols) == 0 {
		return nil
	}
	slices.SortStableFunc(pols, func(x, y backendTLSPolicy) int {
		if c := x.obj.CreationTimestamp.Compare(y.obj.CreationTimestamp.Time); c != 0 {
			return c
		}
		return cmp.Compare(key(x.obj.Namespace, x.obj.Name), key(y.obj.Namespace, y.obj.Name))
	})
	out := map[string]*model.UpstreamTLS{}
	owner := map[string]string{}
	for _, p := range pols {
		tls, why := upstreamTLS(p)
		if why != "" {
			b.note(model.NoteInvalid, "invalid-field", fmt.Sprintf("BackendTLSPolicy %s/%s: %s: the API server refuses it", p.obj.Namespace, p.obj.Name, why), p.source("spec.validation"))
			continue
		}
		for i, t := range p.obj.Spec.TargetRefs {
			field := fmt.Sprintf("spec.targetRefs[%d]", i)
			if t.Group != "" || t.Kind != "Service" {
				b.note(model.NoteWarning, "policy-not-modelled", fmt.Sprintf("BackendTLSPolicy %s/%s targets %s %s: only Service targets are modelled", p.obj.Namespace, p.obj.Name, t.Kind, t.Name), p.source(field))
				continue
			}
			section := ""
			if t.SectionName != nil {
				section = string(*t.SectionName)
			}
			k := backendTLSKey(p.obj.Namespace, string(t.Name), section)
			if first, ok := owner[k]; ok {
				b.note(model.NoteWarning, "policy-conflicted", fmt.Sprintf("BackendTLSPolicy %s/%s is ignored on Service %s/%s: %s is older and wins", p.obj.Namespace, p.obj.Name, p.obj.Namespace, t.Name, first), p.source(field))
				continue
			}
			owner[k] = key(p.obj.Namespace, p.obj.Name)
			out[k] = tls
		}
	}
	return out
}

// upstreamTLS is the upstream TLS a valid policy asks for, or why the policy is invalid.
// The backend's certificate is always verified: BackendTLSPolicy has no way to skip it.
// wellKnownCACertificates "System" is the data plane's trust store ("system"); another
// value is implementation-specific and kept as written.
func upstreamTLS(p backendTLSPolicy) (*model.UpstreamTLS, string) {
	v := p.obj.Spec.Validation
	wk := ""
	if v.WellKnownCACertificates != nil {
		wk = string(*v.WellKnownCACertificates)
	}
	switch {
	case len(v.CACertificateRefs) > 0 && wk != "":
		return nil, "both caCertificateRefs and wellKnownCACertificates are set"
	case len(v.CACertificateRefs) == 0 && wk == "":
		return nil, "neither caCertificateRefs nor wellKnownCACertificates is set"
	case v.Hostname == "":
		return nil, "hostname is required"
	}
	tls := &model.UpstreamTLS{Verify: true, Hostname: string(v.Hostname), Source: p.source("spec.validation")}
	if wk == string(gatewayv1.WellKnownCACertificatesSystem) {
		tls.CACertificates = []string{"system"}
	} else if wk != "" {
		tls.CACertificates = []string{wk}
	}
	for _, r := range v.CACertificateRefs {
		kind := string(r.Kind)
		if kind == "" {
			kind = "ConfigMap"
		}
		tls.CACertificates = append(tls.CACertificates, kind+" "+p.obj.Namespace+"/"+string(r.Name))
	}
	for _, s := range v.SubjectAltNames {
		switch s.Type {
		case gatewayv1.HostnameSubjectAltNameType:
			tls.SubjectAltNames = append(tls.SubjectAltNames, "DNS:"+string(s.Hostname))
		case gatewayv1.URISubjectAltNameType:
			tls.SubjectAltNames = append(tls.SubjectAltNames, "URI:"+string(s.URI))
		}
	}
	return tls, ""
}

// backendTLSFor is the upstream TLS of a Service backend: a policy naming its port (by the
// Service port's name) wins over one on the whole Service (Envoy Gateway
// internal/gatewayapi/backendtlspolicy.go getBackendTLSPolicy, route.go
// getTargetBackendReference). Without Service objects the port name is unknown and only
// whole-Service policies apply. Other backend kinds get none here.
func (b *builder) backendTLSFor(be model.Backend) *model.UpstreamTLS {
	if len(b.backendTLS) == 0 || be.Kind != "" || be.Invalid != "" {
		return nil
	}
	if be.PortName != "" {
		if t, ok := b.backendTLS[backendTLSKey(be.Namespace, be.Service, be.PortName)]; ok {
			return t
		}
	}
	return b.backendTLS[backendTLSKey(be.Namespace, be.Service, "")]
}
