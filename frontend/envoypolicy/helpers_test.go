package envoypolicy

import (
	"github.com/google/go-cmp/cmp/cmpopts"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	gatewayv1 "sigs.k8s.io/gateway-api/apis/v1"

	"github.com/ingress-parity/ingress-parity/load"
	"github.com/ingress-parity/ingress-parity/model"
)

// gateway builds a Gateway with HTTP listeners named listeners.
func gateway(ns, name string, listeners ...string) load.Object[*gatewayv1.Gateway] {
	g := &gatewayv1.Gateway{ObjectMeta: metav1.ObjectMeta{Namespace: ns, Name: name}}
	for i, l := range listeners {
		g.Spec.Listeners = append(g.Spec.Listeners, gatewayv1.Listener{Name: gatewayv1.SectionName(l), Port: gatewayv1.PortNumber(80 + i), Protocol: gatewayv1.HTTPProtocolType})
	}
	return load.Object[*gatewayv1.Gateway]{Obj: g}
}

var ignoreSource = cmpopts.IgnoreTypes(model.Source{})

// route builds an HTTPRoute with one unnamed rule.
func route(ns, name string) load.Object[*gatewayv1.HTTPRoute] {
	r := &gatewayv1.HTTPRoute{ObjectMeta: metav1.ObjectMeta{Namespace: ns, Name: name}}
	r.Spec.Rules = []gatewayv1.HTTPRouteRule{{}}
	return load.Object[*gatewayv1.HTTPRoute]{Obj: r}
}
