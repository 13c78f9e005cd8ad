package gatewayapi

import (
	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	gatewayv1 "sigs.k8s.io/gateway-api/apis/v1"
	gatewayv1beta1 "sigs.k8s.io/gateway-api/apis/v1beta1"

	"github.com/ingress-parity/ingress-parity/load"
)

// index gives lookups over the objects of load.Resources.
type index struct {
	services   map[string]load.Object[*corev1.Service]
	grants     map[string][]load.Object[*gatewayv1beta1.ReferenceGrant] // by namespace
	classes    map[string]load.Object[*gatewayv1.GatewayClass]
	gateways   map[string]load.Object[*gatewayv1.Gateway]
	namespaces map[string]map[string]string // labels, from Namespace objects in Resources.Other
	// haveNamespaces is true when at least one Namespace object was given.
	haveNamespaces bool
	envoyProxies   map[string]load.Object[*unstructured.Unstructured]
}

func key(ns, name string) string { return ns + "/" + name }

func newIndex(res *load.Resources) *index {
	ix := &index{
		services:     map[string]load.Object[*corev1.Service]{},
		grants:       map[string][]load.Object[*gatewayv1beta1.ReferenceGrant]{},
		classes:      map[string]load.Object[*gatewayv1.GatewayClass]{},
		gateways:     map[string]load.Object[*gatewayv1.Gateway]{},
		namespaces:   map[string]map[string]string{},
		envoyProxies: map[string]load.Object[*unstructured.Unstructured]{},
	}
	for _, s := range res.Services {
		ix.services[key(s.Obj.Namespace, s.Obj.Name)] = s
	}
	for _, g := range res.ReferenceGrants {
		ix.grants[g.Obj.Namespace] = append(ix.grants[g.Obj.Namespace], g)
	}
	for _, c := range res.GatewayClasses {
		ix.classes[c.Obj.Name] = c
	}
	for _, g := range res.Gateways {
		ix.gateways[key(g.Obj.Namespace, g.Obj.Name)] = g
	}
	for _, o := range res.Other {
		u := o.Obj
		switch {
		case u.GetKind() == "Namespace" && u.GroupVersionKind().Group == "":
			ix.haveNamespaces = true
			labels := u.GetLabels()
			if labels == nil {
				labels = map[string]string{}
			}
			// The API server sets kubernetes.io/metadata.name on every namespace.
			labels["kubernetes.io/metadata.name"] = u.GetName()
			ix.namespaces[u.GetName()] = labels
		case u.GetKind() == "EnvoyProxy" && u.GroupVersionKind().Group == "gateway.envoyproxy.io":
			ix.envoyProxies[key(u.GetNamespace(), u.GetName())] = o
		}
	}
	return ix
}

// granted reports whether a ReferenceGrant in toNS lets fromKind objects in fromNS refer to
// the object toGroup/toKind/toName (gateway-api apis/v1beta1/referencegrant_types.go).
func (ix *index) granted(fromKind, fromNS, toNS, toGroup, toKind, toName string) bool {
	for _, g := range ix.grants[toNS] {
		from, to := false, false
		for _, f := range g.Obj.Spec.From {
			if string(f.Group) == gatewayv1.GroupName && string(f.Kind) == fromKind && string(f.Namespace) == fromNS {
				from = true
			}
		}
		for _, t := range g.Obj.Spec.To {
			if string(t.Group) == toGroup && string(t.Kind) == toKind && (t.Name == nil || string(*t.Name) == toName) {
				to = true
			}
		}
		if from && to {
			return true
		}
	}
	return false
}
