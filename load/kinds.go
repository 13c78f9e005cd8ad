package load

import (
	"strings"

	corev1 "k8s.io/api/core/v1"
	networkingv1 "k8s.io/api/networking/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	gatewayv1 "sigs.k8s.io/gateway-api/apis/v1"
	gatewayv1beta1 "sigs.k8s.io/gateway-api/apis/v1beta1"
	sigsjson "sigs.k8s.io/json"

	"github.com/ingress-parity/ingress-parity/model"
)

// handler decodes one document, applies API server defaults, validates it and adds it to r.
type handler func(r *Resources, d *document) *Error

// problem is one API server validation failure: the field and the rule it breaks.
type problem struct {
	field string
	msg   string
}

// problems collects validation failures.
type problems []problem

func (p *problems) add(field, format string, args ...any) {
	msg := format
	if len(args) > 0 {
		msg = sprintf(format, args...)
	}
	*p = append(*p, problem{field: field, msg: msg})
}

// kindSpec says how to read one typed kind.
type kindSpec[T any] struct {
	list     func(*Resources) *[]Object[*T]
	defaults func(*T)
	validate func(*T) problems
}

// typed makes the handler of a typed kind: decode, default, validate, append.
func typed[T any, PT interface {
	*T
	metav1.Object
}](s kindSpec[T]) handler {
	return func(r *Resources, d *document) *Error {
		obj := PT(new(T))
		if err := d.decode(obj); err != nil {
			return err
		}
		if s.defaults != nil {
			s.defaults(obj)
		}
		var ps problems
		if obj.GetName() == "" && obj.GetGenerateName() == "" {
			ps.add("metadata.name", "name is required")
		}
		if s.validate != nil {
			ps = append(ps, s.validate(obj)...)
		}
		o := d.origin()
		if len(ps) > 0 {
			for _, p := range ps {
				r.Invalid = append(r.Invalid, Diagnostic{
					Source:  o.Source(d.kind, obj.GetNamespace(), obj.GetName(), p.field),
					Message: p.msg,
				})
			}
			return nil
		}
		l := s.list(r)
		*l = append(*l, Object[*T]{Obj: obj, Origin: o})
		return nil
	}
}

// other reads a kind that is kept loosely as unstructured.
func other(r *Resources, d *document) *Error {
	m := map[string]any{}
	strict, err := sigsjson.UnmarshalStrict(d.conv.json, &m, sigsjson.DisallowDuplicateFields)
	if err != nil {
		return d.decodeError(err, &m)
	}
	if len(strict) > 0 {
		return d.decode(&m) // reports the duplicate field with its line
	}
	r.Other = append(r.Other, Object[*unstructured.Unstructured]{Obj: &unstructured.Unstructured{Object: m}, Origin: d.origin()})
	return nil
}

var (
	ingressKind = typed(kindSpec[networkingv1.Ingress]{
		list: func(r *Resources) *[]Object[*networkingv1.Ingress] { return &r.Ingresses }, validate: validateIngress,
	})
	ingressClassKind = typed(kindSpec[networkingv1.IngressClass]{
		list: func(r *Resources) *[]Object[*networkingv1.IngressClass] { return &r.IngressClasses },
	})
	configMapKind = typed(kindSpec[corev1.ConfigMap]{
		list: func(r *Resources) *[]Object[*corev1.ConfigMap] { return &r.ConfigMaps },
	})
	serviceKind = typed(kindSpec[corev1.Service]{
		list: func(r *Resources) *[]Object[*corev1.Service] { return &r.Services },
	})
	secretKind = typed(kindSpec[corev1.Secret]{
		list: func(r *Resources) *[]Object[*corev1.Secret] { return &r.Secrets },
	})
	gatewayClassKind = typed(kindSpec[gatewayv1.GatewayClass]{
		list: func(r *Resources) *[]Object[*gatewayv1.GatewayClass] { return &r.GatewayClasses },
	})
	gatewayKind = typed(kindSpec[gatewayv1.Gateway]{
		list:     func(r *Resources) *[]Object[*gatewayv1.Gateway] { return &r.Gateways },
		defaults: defaultGateway, validate: validateGateway,
	})
	httpRouteKind = typed(kindSpec[gatewayv1.HTTPRoute]{
		list:     func(r *Resources) *[]Object[*gatewayv1.HTTPRoute] { return &r.HTTPRoutes },
		defaults: defaultHTTPRoute, validate: validateHTTPRoute,
	})
	grpcRouteKind = typed(kindSpec[gatewayv1.GRPCRoute]{
		list:     func(r *Resources) *[]Object[*gatewayv1.GRPCRoute] { return &r.GRPCRoutes },
		defaults: defaultGRPCRoute, validate: validateGRPCRoute,
	})
	referenceGrantKind = typed(kindSpec[gatewayv1beta1.ReferenceGrant]{
		list: func(r *Resources) *[]Object[*gatewayv1beta1.ReferenceGrant] { return &r.ReferenceGrants },
	})
)

// handlerFor returns the handler of apiVersion and kind, or nil for kinds that are skipped.
// v1beta1 Gateway, GatewayClass and HTTPRoute have the v1 schema and decode into the v1
// types; ReferenceGrant v1 has the v1beta1 schema (gateway-api apis/v1beta1/*_types.go).
func handlerFor(apiVersion, kind string) handler {
	group, version, ok := strings.Cut(apiVersion, "/")
	if !ok {
		group, version = "", apiVersion
	}
	switch group {
	case "":
		if version != "v1" {
			return nil
		}
		switch kind {
		case "ConfigMap":
			return configMapKind
		case "Service":
			return serviceKind
		case "Secret":
			return secretKind
		case "Namespace":
			// Namespace labels decide allowedRoutes with from: Selector; the gateway-api
			// frontend reads them from Other.
			return other
		}
	case "networking.k8s.io":
		if version != "v1" {
			return nil
		}
		switch kind {
		case "Ingress":
			return ingressKind
		case "IngressClass":
			return ingressClassKind
		}
	case "gateway.networking.k8s.io":
		v1 := version == "v1"
		v1beta1 := version == "v1beta1"
		switch {
		case kind == "GatewayClass" && (v1 || v1beta1):
			return gatewayClassKind
		case kind == "Gateway" && (v1 || v1beta1):
			return gatewayKind
		case kind == "HTTPRoute" && (v1 || v1beta1):
			return httpRouteKind
		case kind == "GRPCRoute" && v1:
			return grpcRouteKind
		case kind == "ReferenceGrant" && (v1 || v1beta1):
			return referenceGrantKind
		}
		return other
	case "gateway.networking.x-k8s.io":
		return other
	}
	if group == "gateway.envoyproxy.io" || strings.HasSuffix(group, ".gateway.envoyproxy.io") {
		return other
	}
	return nil
}

// srcAt is a model.Source for a whole document.
func srcAt(file string, line int) model.Source {
	return model.Source{File: file, Line: line}
}
