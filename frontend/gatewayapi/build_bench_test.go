package gatewayapi

import (
	"fmt"
	"testing"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	gatewayv1 "sigs.k8s.io/gateway-api/apis/v1"

	"github.com/ingress-parity/ingress-parity/load"
)

// estate builds n HTTPRoutes of 5 rules with 2 matches each, over 50 hostnames, on one
// Gateway with an HTTP and an HTTPS listener.
func estate(n int) *load.Resources {
	res := &load.Resources{}
	res.Gateways = append(res.Gateways, load.Object[*gatewayv1.Gateway]{Obj: &gatewayv1.Gateway{
		ObjectMeta: metav1.ObjectMeta{Name: "gw", Namespace: "infra"},
		Spec: gatewayv1.GatewaySpec{GatewayClassName: "eg", Listeners: []gatewayv1.Listener{
			{Name: "http", Port: 80, Protocol: gatewayv1.HTTPProtocolType, AllowedRoutes: &gatewayv1.AllowedRoutes{Namespaces: &gatewayv1.RouteNamespaces{From: ptr(gatewayv1.NamespacesFromAll)}}},
			{Name: "https", Port: 443, Protocol: gatewayv1.HTTPSProtocolType, AllowedRoutes: &gatewayv1.AllowedRoutes{Namespaces: &gatewayv1.RouteNamespaces{From: ptr(gatewayv1.NamespacesFromAll)}}},
		}},
	}})
	for i := range n {
		ns := fmt.Sprintf("team-%d", i%20)
		svc := fmt.Sprintf("svc-%d", i)
		res.Services = append(res.Services, load.Object[*corev1.Service]{Obj: &corev1.Service{
			ObjectMeta: metav1.ObjectMeta{Name: svc, Namespace: ns},
			Spec:       corev1.ServiceSpec{Ports: []corev1.ServicePort{{Port: 80}}},
		}})
		hr := &gatewayv1.HTTPRoute{ObjectMeta: metav1.ObjectMeta{Name: fmt.Sprintf("r-%d", i), Namespace: ns}}
		hr.Spec.ParentRefs = []gatewayv1.ParentReference{{Name: "gw", Namespace: ptr(gatewayv1.Namespace("infra"))}}
		hr.Spec.Hostnames = []gatewayv1.Hostname{gatewayv1.Hostname(fmt.Sprintf("h%d.example.com", i%50))}
		for r := range 5 {
			rule := gatewayv1.HTTPRouteRule{BackendRefs: []gatewayv1.HTTPBackendRef{{BackendRef: gatewayv1.BackendRef{BackendObjectReference: gatewayv1.BackendObjectReference{Name: gatewayv1.ObjectName(svc), Port: ptr(gatewayv1.PortNumber(80))}}}}}
			for m := range 2 {
				rule.Matches = append(rule.Matches, gatewayv1.HTTPRouteMatch{
					Path:    &gatewayv1.HTTPPathMatch{Type: ptr(gatewayv1.PathMatchPathPrefix), Value: ptr(fmt.Sprintf("/r%d/rule%d/m%d", i, r, m))},
					Headers: []gatewayv1.HTTPHeaderMatch{{Name: "x-m", Value: fmt.Sprint(m)}},
				})
			}
			hr.Spec.Rules = append(hr.Spec.Rules, rule)
		}
		res.HTTPRoutes = append(res.HTTPRoutes, load.Object[*gatewayv1.HTTPRoute]{Obj: hr})
	}
	return res
}

func BenchmarkBuild(b *testing.B) {
	for _, n := range []int{100, 1000} {
		res := estate(n)
		b.Run(fmt.Sprint(n, "routes"), func(b *testing.B) {
			for b.Loop() {
				if _, err := Build(res, Options{}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
