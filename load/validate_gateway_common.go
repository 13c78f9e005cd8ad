package load

import (
	"regexp"
	"strconv"

	gatewayv1 "sigs.k8s.io/gateway-api/apis/v1"
)

// Patterns of the gateway-api v1.6.3 standard-channel CRDs
// (config/crd/standard/gateway.networking.k8s.io_*.yaml, from apis/v1/shared_types.go).
var (
	// hostnameRe is Hostname: a precise or wildcard DNS name, lowercase.
	hostnameRe = newPattern(`^(\*\.)?[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$`, isHostname)
	// preciseHostnameRe is PreciseHostname (redirect and rewrite targets): no wildcard.
	preciseHostnameRe = newPattern(`^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$`, isLabels)
	// headerNameRe is HTTPHeaderName / HeaderName (RFC 7230 token).
	headerNameRe = regexp.MustCompile("^[A-Za-z0-9!#$%&'*+\\-.^_`|~]+$")
	// pathCharsRe is the character rule of Exact and PathPrefix path values (RFC 3986 pchar).
	pathCharsRe = newPattern(`^(?:[-A-Za-z0-9/._~!$&'()*+,;=:@]|[%][0-9a-fA-F]{2})+$`, isPathChars)
	// sectionNameRe is SectionName (also listener names and rule names).
	sectionNameRe = newPattern(`^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$`, isLabels)
	// durationRe is Duration (GEP-2257).
	durationRe = regexp.MustCompile(`^([0-9]{1,5}(h|m|s|ms)){1,4}$`)
	// kindRe is Kind.
	kindRe = newPattern(`^[a-zA-Z]([-a-zA-Z0-9]*[a-zA-Z0-9])?$`, isKind)
	// groupRe is Group.
	groupRe = newPattern(`^$|^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$`, isGroup)
	// namespaceRe is Namespace (a DNS label).
	namespaceRe = newPattern(`^[a-z0-9]([-a-z0-9]*[a-z0-9])?$`, isLabel)
)

func idx(field string, i int) string { return field + "[" + strconv.Itoa(i) + "]" }

// maxItems reports a list longer than the CRD allows.
func maxItems(ps *problems, field string, n, limit int) {
	if n > limit {
		ps.add(field, "must have at most %d items (has %d)", limit, n)
	}
}

// validateHostnames: spec.hostnames maxItems 16, each a Hostname (maxLength 253).
func validateHostnames(ps *problems, hs []gatewayv1.Hostname) {
	maxItems(ps, "spec.hostnames", len(hs), 16)
	for i, h := range hs {
		validateHostname(ps, idx("spec.hostnames", i), string(h), hostnameRe)
	}
}

func validateHostname(ps *problems, field, h string, re *pattern) {
	if len(h) < 1 || len(h) > 253 || !re.MatchString(h) {
		ps.add(field, "invalid hostname %q: must match %s (maxLength 253)", h, re)
	}
}

// validateParentRefs: maxItems 32, the reference patterns and the two sectionName rules of
// spec.parentRefs (httproutes.yaml / grpcroutes.yaml x-kubernetes-validations).
func validateParentRefs(ps *problems, refs []gatewayv1.ParentReference) {
	maxItems(ps, "spec.parentRefs", len(refs), 32)
	for i, r := range refs {
		f := idx("spec.parentRefs", i)
		validateRefNames(ps, f, r.Group, r.Kind, string(r.Name), r.Namespace)
		if r.SectionName != nil && !sectionNameRe.MatchString(string(*r.SectionName)) {
			ps.add(f+".sectionName", "invalid sectionName %q", *r.SectionName)
		}
		if r.Port != nil && (*r.Port < 1 || *r.Port > 65535) {
			ps.add(f+".port", "port must be in 1..65535")
		}
	}
	samePair := func(a, b gatewayv1.ParentReference) bool {
		return deref(a.Group) == deref(b.Group) && deref(a.Kind) == deref(b.Kind) &&
			a.Name == b.Name && deref(a.Namespace) == deref(b.Namespace)
	}
	for i := range refs {
		for j := i + 1; j < len(refs); j++ {
			if !samePair(refs[i], refs[j]) {
				continue
			}
			si, sj := deref(refs[i].SectionName), deref(refs[j].SectionName)
			switch {
			case (si == "") != (sj == ""):
				ps.add(idx("spec.parentRefs", j), "sectionName must be specified when parentRefs includes 2 or more references to the same parent")
			case si == sj:
				ps.add(idx("spec.parentRefs", j), "sectionName must be unique when parentRefs includes 2 or more references to the same parent")
			}
		}
	}
}

func deref[T ~string](p *T) string {
	if p == nil {
		return ""
	}
	return string(*p)
}

// validateRefNames checks group, kind, name and namespace of an object reference.
func validateRefNames(ps *problems, f string, group *gatewayv1.Group, kind *gatewayv1.Kind, name string, ns *gatewayv1.Namespace) {
	if group != nil && (len(*group) > 253 || !groupRe.MatchString(string(*group))) {
		ps.add(f+".group", "invalid group %q", *group)
	}
	if kind != nil && (len(*kind) > 63 || !kindRe.MatchString(string(*kind))) {
		ps.add(f+".kind", "invalid kind %q", *kind)
	}
	if name == "" || len(name) > 253 {
		ps.add(f+".name", "name is required (1..253 characters)")
	}
	if ns != nil && (len(*ns) > 63 || !namespaceRe.MatchString(string(*ns))) {
		ps.add(f+".namespace", "invalid namespace %q", *ns)
	}
}

// validateBackendObjectRef: the reference patterns, port 1..65535, and "Must have port for
// Service reference" (a core-group Service needs a port).
func validateBackendObjectRef(ps *problems, f string, b *gatewayv1.BackendObjectReference) {
	validateRefNames(ps, f, b.Group, b.Kind, string(b.Name), b.Namespace)
	if b.Port == nil {
		if deref(b.Group) == "" && deref(b.Kind) == "Service" {
			ps.add(f, "Must have port for Service reference")
		}
	} else if *b.Port < 1 || *b.Port > 65535 {
		ps.add(f+".port", "port must be in 1..65535")
	}
}

// validateBackendRef adds weight 0..1000000 to validateBackendObjectRef.
func validateBackendRef(ps *problems, f string, b *gatewayv1.BackendRef) {
	validateBackendObjectRef(ps, f, &b.BackendObjectReference)
	if b.Weight != nil && (*b.Weight < 0 || *b.Weight > 1000000) {
		ps.add(f+".weight", "weight must be in 0..1000000")
	}
}

// validateHeaderModifier: add/set/remove maxItems 16, header names, values 1..4096, and
// names unique in add and in set (x-kubernetes-list-map-keys: name).
func validateHeaderModifier(ps *problems, f string, m *gatewayv1.HTTPHeaderFilter) {
	for _, l := range []struct {
		name string
		hs   []gatewayv1.HTTPHeader
	}{{"set", m.Set}, {"add", m.Add}} {
		lf := f + "." + l.name
		maxItems(ps, lf, len(l.hs), 16)
		seen := map[gatewayv1.HTTPHeaderName]bool{}
		for i, h := range l.hs {
			validateHeaderName(ps, idx(lf, i)+".name", string(h.Name))
			if len(h.Value) < 1 || len(h.Value) > 4096 {
				ps.add(idx(lf, i)+".value", "value must have 1..4096 characters")
			}
			if seen[h.Name] {
				ps.add(idx(lf, i)+".name", "duplicate header name %q", h.Name)
			}
			seen[h.Name] = true
		}
	}
	maxItems(ps, f+".remove", len(m.Remove), 16)
	for i, n := range m.Remove {
		validateHeaderName(ps, idx(f+".remove", i), n)
	}
}

func validateHeaderName(ps *problems, f, name string) {
	if len(name) < 1 || len(name) > 256 || !headerNameRe.MatchString(name) {
		ps.add(f, "invalid header name %q: must match %s (maxLength 256)", name, headerNameRe)
	}
}

// validateMirror: backendRef, percent 0..100, fraction numerator <= denominator (>= 1),
// and not both percent and fraction.
func validateMirror(ps *problems, f string, m *gatewayv1.HTTPRequestMirrorFilter) {
	validateBackendObjectRef(ps, f+".backendRef", &m.BackendRef)
	if m.Percent != nil && (*m.Percent < 0 || *m.Percent > 100) {
		ps.add(f+".percent", "percent must be in 0..100")
	}
	if m.Fraction != nil {
		d := int32(100)
		if m.Fraction.Denominator != nil {
			d = *m.Fraction.Denominator
		}
		if d < 1 {
			ps.add(f+".fraction.denominator", "denominator must be at least 1")
		}
		if m.Fraction.Numerator < 0 || m.Fraction.Numerator > d {
			ps.add(f+".fraction", "numerator must be less than or equal to denominator")
		}
	}
	if m.Percent != nil && m.Fraction != nil {
		ps.add(f, "Only one of percent or fraction may be specified in HTTPRequestMirrorFilter")
	}
}
