package ingressnginx

import (
	"fmt"
	"strconv"

	corev1 "k8s.io/api/core/v1"
	networkingv1 "k8s.io/api/networking/v1"

	"github.com/ingress-parity/ingress-parity/model"
)

// defaultUpstreamName is the controller's default backend (controller.go defUpstreamName).
const defaultUpstreamName = "upstream-default-backend"

// upstream is one nginx upstream: a service port of a namespace, shared by every location
// that names the same namespace, service and port (controller.go upstreamName).
type upstream struct {
	name      string
	namespace string
	service   string
	port      networkingv1.ServiceBackendPort
	// isDefault marks the controller's default backend (404 for everything).
	isDefault bool
	// noServer marks an upstream first created by a canary Ingress: never a location's backend.
	noServer bool
	// deleted: mergeAlternativeBackends removed it (its canary matched no location).
	deleted bool
	// alternatives are canary upstreams merged into this one; lua/balancer.lua only ever
	// uses the first.
	alternatives []*alternative
	source       model.Source
	// resolved is the backend of weight 1, made on the first call of builder.backend.
	resolved *model.Backend
	// sole is []{backend of weight 1}, shared by the decisions that forward only here.
	sole []model.Backend
}

// alternative is a canary upstream with the Ingress whose annotations shape its traffic.
type alternative struct {
	up  *upstream
	ing *ingressEntry
}

// upstreamName is "<ns>-<service>-<port number or name>".
func upstreamName(ns string, svc *networkingv1.IngressServiceBackend) string {
	port := svc.Port.Name
	if port == "" {
		port = strconv.Itoa(int(svc.Port.Number))
	}
	return ns + "-" + svc.Name + "-" + port
}

// createUpstreams mirrors controller.go createUpstreams: the first Ingress naming a
// service port creates its upstream; a canary Ingress creating it makes it serverless.
func (b *builder) createUpstreams() {
	b.upstreams[defaultUpstreamName] = &upstream{name: defaultUpstreamName, isDefault: true}
	// add creates the upstream of svc unless it exists; field names where, made only then.
	add := func(e *ingressEntry, svc *networkingv1.IngressServiceBackend, field func() string) {
		name := upstreamName(e.obj.Namespace, svc)
		if _, ok := b.upstreams[name]; ok {
			return
		}
		b.upstreams[name] = &upstream{name: name, namespace: e.obj.Namespace, service: svc.Name, port: svc.Port,
			noServer: e.ann.Canary.Enabled, source: e.source(field())}
	}
	for _, e := range b.ingresses {
		if db := e.obj.Spec.DefaultBackend; db != nil && db.Service != nil {
			add(e, db.Service, func() string { return "spec.defaultBackend" })
		}
		for i, rule := range e.obj.Spec.Rules {
			if rule.HTTP == nil {
				continue
			}
			for j, p := range rule.HTTP.Paths {
				if p.Backend.Service != nil {
					add(e, p.Backend.Service, func() string { return pathField(i, j) + ".backend.service" })
				}
			}
		}
	}
}

func pathField(i, j int) string {
	return "spec.rules[" + strconv.Itoa(i) + "].http.paths[" + strconv.Itoa(j) + "]"
}

// backend resolves an upstream to a model backend. When Services were read, a missing
// Service or port leaves the upstream without endpoints: ingress-nginx's Lua balancer then
// answers 503 (controller.go serviceEndpoints, lua/balancer.lua).
func (b *builder) backend(up *upstream, weight int32) model.Backend {
	if up.resolved == nil {
		be := b.resolveBackend(up)
		up.resolved = &be
	}
	be := *up.resolved
	be.Weight = weight
	return be
}

// soleBackend is the Backends of a decision forwarding all requests to up. Every such
// decision shares one slice (a large estate has a decision per location and listener);
// its capacity is its length, so that an append never writes into the shared array.
func (b *builder) soleBackend(up *upstream) []model.Backend {
	if up.sole == nil {
		up.sole = []model.Backend{b.backend(up, 1)} // length and capacity 1
	}
	return up.sole
}

// resolveBackend is backend(up, 1), computed.
func (b *builder) resolveBackend(up *upstream) model.Backend {
	const weight = 1
	be := model.Backend{Namespace: up.namespace, Service: up.service, Port: up.port.Number, PortName: up.port.Name, Weight: weight, Source: up.source}
	if b.services == nil {
		return be
	}
	svc, ok := b.services[up.namespace+"/"+up.service]
	if !ok {
		be.Invalid = "service not found"
		return be
	}
	if svc.Obj.Spec.Type == corev1.ServiceTypeExternalName {
		return be
	}
	want := up.port.Name
	if want == "" {
		want = strconv.Itoa(int(up.port.Number))
	}
	for _, sp := range svc.Obj.Spec.Ports {
		// serviceEndpoints: the port number, the targetPort or the port name may match.
		if strconv.Itoa(int(sp.Port)) == want || sp.TargetPort.String() == want || sp.Name == want {
			if be.Port == 0 {
				be.Port = sp.Port
			}
			return be
		}
	}
	be.Invalid = fmt.Sprintf("service has no port %s", want)
	return be
}
