package gatewayapi

import (
	"fmt"
	"strconv"
	"strings"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/labels"
	gatewayv1 "sigs.k8s.io/gateway-api/apis/v1"

	"github.com/ingress-parity/ingress-parity/model"
)

// attachment is one listener a route is attached to and the host patterns it serves there.
type attachment struct {
	listener *listenerState
	hosts    []hostFrom
}

// attach returns the listeners route rv attaches to through its parentRefs, adding a Note
// for every parentRef that attaches nowhere ("not-accepted"). Parents that are Gateways left
// out by Options are skipped silently.
func (b *builder) attach(rv *routeView) []attachment {
	var out []attachment
	var seen map[*listenerState]int
	for p, ref := range rv.parents {
		field := "spec.parentRefs[" + strconv.Itoa(p) + "]"
		group, kind := gatewayv1.GroupName, "Gateway"
		if ref.Group != nil {
			group = string(*ref.Group)
		}
		if ref.Kind != nil {
			kind = string(*ref.Kind)
		}
		if group != gatewayv1.GroupName || kind != "Gateway" {
			b.note(model.NoteWarning, "parent-not-modelled", fmt.Sprintf("%s %s/%s: parent %s/%s %s is not a Gateway and is not modelled", rv.kind, rv.namespace, rv.name, group, kind, ref.Name), rv.source(field))
			continue
		}
		ns := rv.namespace
		if ref.Namespace != nil {
			ns = string(*ref.Namespace)
		}
		gwKey := key(ns, string(ref.Name))
		if _, ok := b.ix.gateways[gwKey]; !ok {
			b.note(model.NoteWarning, "not-accepted", fmt.Sprintf("%s %s/%s: parent Gateway %s is not in the inputs", rv.kind, rv.namespace, rv.name, gwKey), rv.source(field))
			continue
		}
		listeners, selected := b.byGateway[gwKey]
		if !selected {
			continue
		}
		attached := false
		for _, l := range listeners {
			hosts, ok := b.accepts(rv, ref, l, nil)
			if !ok {
				continue
			}
			attached = true
			if i, ok := seen[l]; ok {
				out[i].hosts = mergeHosts(out[i].hosts, hosts)
				continue
			}
			if seen == nil {
				seen = map[*listenerState]int{}
			}
			seen[l] = len(out)
			out = append(out, attachment{listener: l, hosts: hosts})
		}
		if !attached {
			// The reasons are worded only now: most routes name one listener of many.
			var reasons []string
			for _, l := range listeners {
				var why string
				b.accepts(rv, ref, l, &why)
				reasons = append(reasons, fmt.Sprintf("listener %s: %s", l.spec.Name, why))
			}
			if len(reasons) == 0 {
				reasons = append(reasons, "the Gateway has no HTTP or HTTPS listener")
			}
			b.note(model.NoteWarning, "not-accepted", fmt.Sprintf("%s %s/%s is not accepted by Gateway %s: %s", rv.kind, rv.namespace, rv.name, gwKey, strings.Join(reasons, "; ")), rv.source(field))
		}
	}
	return out
}

// accepts returns the host patterns listener l serves for route rv through parentRef ref,
// and whether l accepts it at all: sectionName, port, allowedRoutes (namespaces, kinds) and
// hostname intersection (gateway-api apis/v1/shared_types.go ParentReference,
// apis/v1/gateway_types.go AllowedRoutes, apis/v1/httproute_types.go Hostnames). When l
// does not accept it and why is not nil, *why says why.
func (b *builder) accepts(rv *routeView, ref gatewayv1.ParentReference, l *listenerState, why *string) ([]hostFrom, bool) {
	// explain words the refusal; it runs only when asked, so that the common refusal
	// (a sectionName naming another listener) costs no formatting.
	explain := func(reason func() string) ([]hostFrom, bool) {
		if why != nil {
			*why = reason()
		}
		return nil, false
	}
	if l.spec.Protocol != gatewayv1.HTTPProtocolType && l.spec.Protocol != gatewayv1.HTTPSProtocolType {
		return explain(func() string { return fmt.Sprintf("protocol %s does not carry %s", l.spec.Protocol, rv.kind) })
	}
	if ref.SectionName != nil && string(*ref.SectionName) != string(l.spec.Name) {
		return explain(func() string { return fmt.Sprintf("sectionName %q does not name it", *ref.SectionName) })
	}
	if ref.Port != nil && *ref.Port != l.spec.Port {
		return explain(func() string { return fmt.Sprintf("port %d is not its port %d", *ref.Port, l.spec.Port) })
	}
	if w := b.allowedNamespace(rv, l); w != "" {
		return explain(func() string { return w })
	}
	if !allowedKind(rv.kind, l) {
		return explain(func() string { return fmt.Sprintf("allowedRoutes.kinds does not include %s", rv.kind) })
	}
	hosts := routeHostnames(l.model.Hostname, rv.hostnames)
	if len(hosts) == 0 {
		return explain(func() string {
			return fmt.Sprintf("no route hostname %v intersects the listener hostname %q", rv.hostnames, l.model.Hostname)
		})
	}
	return hosts, true
}

// allowedNamespace checks allowedRoutes.namespaces (default From: Same). A Selector needs
// Namespace objects in the inputs to read their labels; without them it matches nothing.
func (b *builder) allowedNamespace(rv *routeView, l *listenerState) string {
	gwNS := l.gateway.Obj.Namespace
	from := gatewayv1.NamespacesFromSame
	var sel *metav1.LabelSelector
	if ar := l.spec.AllowedRoutes; ar != nil && ar.Namespaces != nil {
		if ar.Namespaces.From != nil {
			from = *ar.Namespaces.From
		}
		sel = ar.Namespaces.Selector
	}
	switch from {
	case gatewayv1.NamespacesFromAll:
		return ""
	case gatewayv1.NamespacesFromSame:
		if rv.namespace == gwNS {
			return ""
		}
		return fmt.Sprintf("allowedRoutes admits only namespace %s", gwNS)
	case gatewayv1.NamespacesFromSelector:
		if sel == nil {
			return "allowedRoutes.namespaces.selector is missing"
		}
		s, err := metav1.LabelSelectorAsSelector(sel)
		if err != nil {
			return fmt.Sprintf("allowedRoutes.namespaces.selector is invalid: %v", err)
		}
		nsLabels, ok := b.ix.namespaces[rv.namespace]
		if !ok {
			if !b.ix.haveNamespaces {
				return fmt.Sprintf("allowedRoutes selects namespaces by label and no Namespace objects are in the inputs, so namespace %s matches nothing (add the Namespace objects)", rv.namespace)
			}
			return fmt.Sprintf("Namespace %s is not in the inputs, so the allowedRoutes selector matches nothing", rv.namespace)
		}
		if s.Matches(labels.Set(nsLabels)) {
			return ""
		}
		return fmt.Sprintf("namespace %s does not match the allowedRoutes selector %s", rv.namespace, s)
	}
	return fmt.Sprintf("allowedRoutes.namespaces.from is %s", from)
}

// allowedKind checks allowedRoutes.kinds. Without kinds, HTTP and HTTPS listeners accept
// HTTPRoute and GRPCRoute (gateway-api apis/v1/gateway_types.go AllowedRoutes.Kinds: the
// default depends on the protocol; Envoy Gateway accepts GRPCRoute on both).
func allowedKind(kind string, l *listenerState) bool {
	ar := l.spec.AllowedRoutes
	if ar == nil || len(ar.Kinds) == 0 {
		return kind == "HTTPRoute" || kind == "GRPCRoute"
	}
	for _, k := range ar.Kinds {
		group := gatewayv1.GroupName
		if k.Group != nil {
			group = string(*k.Group)
		}
		if group == gatewayv1.GroupName && string(k.Kind) == kind {
			return true
		}
	}
	return false
}

// mergeHosts adds the host patterns of add not yet in hosts.
func mergeHosts(hosts, add []hostFrom) []hostFrom {
	for _, h := range add {
		dup := false
		for _, o := range hosts {
			dup = dup || o.pattern == h.pattern
		}
		if !dup {
			hosts = append(hosts, h)
		}
	}
	return hosts
}
