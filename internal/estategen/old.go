package estategen

import (
	"io"
	"strconv"

	corev1 "k8s.io/api/core/v1"
	networkingv1 "k8s.io/api/networking/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/util/intstr"
)

// annotation is the ingress-nginx annotation prefix.
const annotation = "nginx.ingress.kubernetes.io/"

// ingressClass is the IngressClass every generated Ingress uses.
const ingressClass = "nginx"

// writeOld writes the ingress-nginx side: IngressClass, controller ConfigMap, Services, Ingresses.
func writeOld(w io.Writer, e *estate) {
	enc := newEncoder(w)
	enc.object(&networkingv1.IngressClass{
		TypeMeta:   metav1.TypeMeta{APIVersion: "networking.k8s.io/v1", Kind: "IngressClass"},
		ObjectMeta: metav1.ObjectMeta{Name: ingressClass},
		Spec:       networkingv1.IngressClassSpec{Controller: "k8s.io/ingress-nginx"},
	})
	enc.object(controllerConfigMap())
	for _, ing := range e.ingresses {
		for _, s := range ing.services() {
			enc.object(service(ing.host.namespace, s))
		}
	}
	for _, ing := range e.ingresses {
		enc.object(ingressObject(ing))
	}
}

// controllerConfigMap is the controller ConfigMap. HSTS and the body-size limit are switched off
// because the Gateway side has neither; everything else keeps ingress-nginx defaults.
func controllerConfigMap() *corev1.ConfigMap {
	return &corev1.ConfigMap{
		TypeMeta:   metav1.TypeMeta{APIVersion: "v1", Kind: "ConfigMap"},
		ObjectMeta: metav1.ObjectMeta{Name: "ingress-nginx-controller", Namespace: "ingress-nginx"},
		Data: map[string]string{
			"hsts":            "false",
			"proxy-body-size": "0",
		},
	}
}

// services lists the backend Services an Ingress uses, without repeats.
func (ing *ingressPlan) services() []string {
	var out []string
	seen := map[string]bool{}
	for _, p := range ing.paths {
		if !seen[p.service] {
			seen[p.service] = true
			out = append(out, p.service)
		}
	}
	return out
}

// service is a plain ClusterIP Service with port 80 named http.
func service(namespace, name string) *corev1.Service {
	return &corev1.Service{
		TypeMeta:   metav1.TypeMeta{APIVersion: "v1", Kind: "Service"},
		ObjectMeta: metav1.ObjectMeta{Name: name, Namespace: namespace},
		Spec: corev1.ServiceSpec{
			Selector: map[string]string{"app": name},
			Ports: []corev1.ServicePort{{
				Name: "http", Port: 80, TargetPort: intstr.FromInt32(8080), Protocol: corev1.ProtocolTCP,
			}},
		},
	}
}

// ingressObject builds the Ingress for ing.
func ingressObject(ing *ingressPlan) *networkingv1.Ingress {
	hp := ing.host
	obj := &networkingv1.Ingress{
		TypeMeta:   metav1.TypeMeta{APIVersion: "networking.k8s.io/v1", Kind: "Ingress"},
		ObjectMeta: metav1.ObjectMeta{Name: ing.name, Namespace: hp.namespace, Annotations: ing.annotations()},
		Spec:       networkingv1.IngressSpec{IngressClassName: ptr(ingressClass)},
	}
	if hp.tls && ing.canary == canaryNone {
		obj.Spec.TLS = []networkingv1.IngressTLS{{Hosts: []string{hp.name}, SecretName: hp.label + "-tls"}}
	}
	rule := networkingv1.IngressRule{Host: hp.name, IngressRuleValue: networkingv1.IngressRuleValue{HTTP: &networkingv1.HTTPIngressRuleValue{}}}
	for _, p := range ing.paths {
		rule.HTTP.Paths = append(rule.HTTP.Paths, networkingv1.HTTPIngressPath{
			Path:     p.value,
			PathType: ptr(p.kind.ingressType()),
			Backend: networkingv1.IngressBackend{Service: &networkingv1.IngressServiceBackend{
				Name: p.service, Port: networkingv1.ServiceBackendPort{Number: 80},
			}},
		})
	}
	obj.Spec.Rules = []networkingv1.IngressRule{rule}
	return obj
}

// ingressType is the Ingress pathType of k.
func (k pathKind) ingressType() networkingv1.PathType {
	switch k {
	case kindExact:
		return networkingv1.PathTypeExact
	case kindImplSpecific:
		return networkingv1.PathTypeImplementationSpecific
	default:
		return networkingv1.PathTypePrefix
	}
}

// annotations are the ingress-nginx annotations of ing (nil when it has none).
func (ing *ingressPlan) annotations() map[string]string {
	a := map[string]string{}
	hp := ing.host
	if hp.regex || hp.drift && ing == hp.ingresses[0] {
		a[annotation+"use-regex"] = "true"
	}
	if hp.tls && ing.canary == canaryNone {
		// ssl-redirect drops one trailing slash from the URI unless this is set; Gateway
		// API redirects keep it (ingress-nginx rootfs/etc/nginx/lua/lua_ingress.lua, rewrite).
		a[annotation+"preserve-trailing-slash"] = "true"
	}
	if hp.rewrite && ing == hp.ingresses[0] {
		a[annotation+"rewrite-target"] = "/"
	}
	switch ing.canary {
	case canaryWeight:
		a[annotation+"canary"] = "true"
		a[annotation+"canary-weight"] = strconv.Itoa(canaryWeightPercent)
	case canaryHeader:
		a[annotation+"canary"] = "true"
		a[annotation+"canary-by-header"] = canaryHeaderName
		a[annotation+"canary-by-header-value"] = canaryHeaderValue
	}
	for k, v := range identityAnnotations(ing) {
		a[k] = v
	}
	if len(a) == 0 {
		return nil
	}
	return a
}

// ptr returns a pointer to v.
func ptr[T any](v T) *T { return &v }
