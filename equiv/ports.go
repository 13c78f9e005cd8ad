package equiv

import (
	corev1 "k8s.io/api/core/v1"

	"github.com/ingress-parity/ingress-parity/load"
)

// ServicePorts returns an Options.ResolvePort function that maps a named service port to
// its number using the given Service objects (both sides' Services can be passed together:
// the first Service of a namespace/name wins).
func ServicePorts(services ...[]load.Object[*corev1.Service]) func(namespace, service, portName string) (int32, bool) {
	ports := map[[3]string]int32{}
	seen := map[[2]string]bool{}
	for _, list := range services {
		for _, o := range list {
			s := o.Obj
			if s == nil {
				continue
			}
			k := [2]string{s.Namespace, s.Name}
			if seen[k] {
				continue
			}
			seen[k] = true
			for _, p := range s.Spec.Ports {
				if p.Name != "" {
					ports[[3]string{s.Namespace, s.Name, p.Name}] = p.Port
				}
			}
		}
	}
	return func(namespace, service, portName string) (int32, bool) {
		p, ok := ports[[3]string{namespace, service, portName}]
		return p, ok
	}
}
