package gatewayapi

import (
	"fmt"
	"slices"
	"strings"

	gatewayv1 "sigs.k8s.io/gateway-api/apis/v1"

	"github.com/ingress-parity/ingress-parity/load"
	"github.com/ingress-parity/ingress-parity/model"
)

// entryState is one entry point being built: one Gateway, or the merged Gateways of a class.
type entryState struct {
	ep        model.EntryPoint
	merged    bool
	gateways  []string // "ns/name" of the member Gateways
	listeners []*listenerState
	// programmed indexes listeners by port, protocol and hostname (listenerKey), so merged
	// Gateways find an older duplicate without scanning every listener.
	programmed map[listenerID]*listenerState
}

// listenerID identifies a listener for the merged-duplicate check: port, protocol, hostname.
type listenerID struct {
	port     gatewayv1.PortNumber
	protocol gatewayv1.ProtocolType
	hostname string
}

// listenerKey identifies a listener for the merged-duplicate check.
func listenerKey(l *listenerState) listenerID {
	return listenerID{l.spec.Port, l.spec.Protocol, l.model.Hostname}
}

// listenerState is one accepted HTTP or HTTPS listener and the virtual hosts attached to it.
type listenerState struct {
	entry   *entryState
	gateway load.Object[*gatewayv1.Gateway]
	spec    gatewayv1.Listener
	field   string // "spec.listeners[i]"
	model   model.Listener
	vhosts  map[string]*vhostState
}

// vhostState collects the candidate routes of one host pattern on one listener.
type vhostState struct {
	pattern string
	source  model.Source
	cands   []*candidate
}

// selectGateways returns the Gateways to build in Envoy Gateway's order (creation timestamp,
// then namespace/name: internal/gatewayapi/resource/resource.go Sort). A Gateway named in
// Options.Gateways that is not in the inputs is an error.
func (b *builder) selectGateways(opts Options) ([]load.Object[*gatewayv1.Gateway], error) {
	want := map[string]bool{}
	for _, g := range opts.Gateways {
		if _, ok := b.ix.gateways[g]; !ok {
			return nil, fmt.Errorf("gateway %q is not in the inputs", g)
		}
		want[g] = true
	}
	var out []load.Object[*gatewayv1.Gateway]
	for _, g := range b.res.Gateways {
		k := key(g.Obj.Namespace, g.Obj.Name)
		if len(want) > 0 && !want[k] {
			continue
		}
		if opts.GatewayClass != "" && string(g.Obj.Spec.GatewayClassName) != opts.GatewayClass {
			continue
		}
		out = append(out, g)
	}
	b.noteControllers(out)
	slices.SortStableFunc(out, func(a, c load.Object[*gatewayv1.Gateway]) int {
		ta, tc := a.Obj.CreationTimestamp, c.Obj.CreationTimestamp
		if !ta.Equal(&tc) {
			if ta.Before(&tc) {
				return -1
			}
			return 1
		}
		return strings.Compare(key(a.Obj.Namespace, a.Obj.Name), key(c.Obj.Namespace, c.Obj.Name))
	})
	return out, nil
}

// controllerPrefixes are the controllerName prefixes of each implementation's GatewayClasses
// (Envoy Gateway: gateway.envoyproxy.io/gatewayclass-controller; Istio: istio.io/gateway-controller).
var controllerPrefixes = map[string]string{
	EnvoyGateway: "gateway.envoyproxy.io/",
	Istio:        "istio.io/",
}

// noteControllers adds a "profile-mismatch" Note for each GatewayClass of the selected
// Gateways whose controller is not the implementation the model is built for.
func (b *builder) noteControllers(gws []load.Object[*gatewayv1.Gateway]) {
	prefix, ok := controllerPrefixes[b.prof.name]
	if !ok {
		return
	}
	seen := map[string]bool{}
	for _, g := range gws {
		class := string(g.Obj.Spec.GatewayClassName)
		gc, found := b.ix.classes[class]
		if !found || seen[class] {
			continue
		}
		seen[class] = true
		if ctrl := string(gc.Obj.Spec.ControllerName); !strings.HasPrefix(ctrl, prefix) {
			b.note(model.NoteWarning, "profile-mismatch", fmt.Sprintf("GatewayClass %s is handled by controller %s, but the model is built with the %s profile", class, ctrl, b.prof.name), gc.Origin.Source("GatewayClass", "", class, "spec.controllerName"))
		}
	}
}

// mergeGateways reports whether Envoy Gateway merges the Gateways of class: the class's
// parametersRef names an EnvoyProxy with spec.mergeGateways true
// (api/v1alpha1/envoyproxy_types.go MergeGateways; internal/gatewayapi/helpers.go
// IsMergeGatewaysEnabled).
func (b *builder) mergeGateways(class string) bool {
	if b.prof.name != EnvoyGateway {
		return false
	}
	gc, ok := b.ix.classes[class]
	if !ok || gc.Obj.Spec.ParametersRef == nil {
		return false
	}
	ref := gc.Obj.Spec.ParametersRef
	if string(ref.Group) != envoyGatewayGroup || string(ref.Kind) != "EnvoyProxy" || ref.Namespace == nil {
		return false
	}
	ep, ok := b.ix.envoyProxies[key(string(*ref.Namespace), ref.Name)]
	if !ok {
		b.note(model.NoteWarning, "parameters-not-found", fmt.Sprintf("GatewayClass %s refers to EnvoyProxy %s/%s, which is not in the inputs: Gateways are not merged", class, *ref.Namespace, ref.Name), gc.Origin.Source("GatewayClass", "", class, "spec.parametersRef"))
		return false
	}
	v, found, err := unstructuredBool(ep.Obj.Object, "spec", "mergeGateways")
	if err != nil {
		b.note(model.NoteInvalid, "invalid-field", fmt.Sprintf("EnvoyProxy %s/%s spec.mergeGateways: %v", *ref.Namespace, ref.Name, err), ep.Origin.Source("EnvoyProxy", string(*ref.Namespace), ref.Name, "spec.mergeGateways"))
		return false
	}
	return found && v
}

// buildEntries groups the selected Gateways into entry points and builds their listeners.
func (b *builder) buildEntries(gws []load.Object[*gatewayv1.Gateway]) {
	mergedByClass := map[string]*entryState{}
	for _, g := range gws {
		gw := g.Obj
		gwKey := key(gw.Namespace, gw.Name)
		class := string(gw.Spec.GatewayClassName)
		var e *entryState
		if b.mergeGateways(class) {
			e = mergedByClass[class]
			if e == nil {
				e = &entryState{merged: true, ep: model.EntryPoint{
					Name:   "gatewayclass/" + class,
					Source: b.classSource(class),
				}}
				mergedByClass[class] = e
				b.entries = append(b.entries, e)
			}
		} else {
			e = &entryState{ep: model.EntryPoint{
				Name:   "gateway/" + gwKey,
				Source: g.Origin.Source("Gateway", gw.Namespace, gw.Name, ""),
			}}
			b.entries = append(b.entries, e)
		}
		e.gateways = append(e.gateways, gwKey)
		var all []*listenerState
		for i := range gw.Spec.Listeners {
			all = append(all, b.newListener(e, g, i))
		}
		for _, l := range b.dropConflicts(e, all) {
			switch {
			case l.model.TLS != nil && l.model.TLS.Mode == string(gatewayv1.TLSModePassthrough):
				// Kept so that analyses see the port; its TLSRoutes are not modelled.
				b.note(model.NoteWarning, "listener-not-modelled", fmt.Sprintf("listener %s (TLS passthrough, port %d) forwards TLS by SNI to TLSRoute backends, which are not modelled: the model has no virtual hosts for it", l.spec.Name, l.spec.Port), l.model.Source)
			case l.model.Scheme == "":
				// TCP, UDP and TLS termination to TCPRoutes carry no HTTP routing.
				b.note(model.NoteInfo, "listener-not-modelled", fmt.Sprintf("listener %s (protocol %s, port %d) carries no HTTP routing and is not modelled", l.spec.Name, l.spec.Protocol, l.spec.Port), l.model.Source)
				continue
			}
			e.listeners = append(e.listeners, l)
			if e.programmed == nil {
				e.programmed = map[listenerID]*listenerState{}
			}
			if _, dup := e.programmed[listenerKey(l)]; !dup {
				e.programmed[listenerKey(l)] = l
			}
		}
	}
}

// classSource is the source of a merged entry point: its GatewayClass when known.
func (b *builder) classSource(class string) model.Source {
	if gc, ok := b.ix.classes[class]; ok {
		return gc.Origin.Source("GatewayClass", "", class, "")
	}
	return model.Source{Kind: "GatewayClass", Name: class}
}

// newListener converts listener i of g; a listener that is not HTTP or HTTPS has no Scheme.
func (b *builder) newListener(e *entryState, g load.Object[*gatewayv1.Gateway], i int) *listenerState {
	gw, spec := g.Obj, g.Obj.Spec.Listeners[i]
	field := indexed("spec.listeners", i)
	l := model.Listener{
		Name: string(spec.Name), Port: spec.Port, Hostname: strings.ToLower(deref(spec.Hostname)),
		Source: g.Origin.Source("Gateway", gw.Namespace, gw.Name, field),
	}
	if e.merged {
		l.Name = key(gw.Namespace, gw.Name) + "/" + string(spec.Name)
	}
	switch spec.Protocol {
	case gatewayv1.HTTPProtocolType:
		l.Scheme = model.HTTP
	case gatewayv1.TLSProtocolType:
		if spec.TLS != nil && spec.TLS.Mode != nil && *spec.TLS.Mode == gatewayv1.TLSModePassthrough {
			l.Scheme = model.HTTPS
			l.TLS = &model.TLS{Mode: string(gatewayv1.TLSModePassthrough)}
		}
	case gatewayv1.HTTPSProtocolType:
		l.Scheme = model.HTTPS
		l.TLS = &model.TLS{Mode: string(gatewayv1.TLSModeTerminate)}
		if spec.TLS != nil {
			if spec.TLS.Mode != nil {
				l.TLS.Mode = string(*spec.TLS.Mode)
			}
			for _, c := range spec.TLS.CertificateRefs {
				ns := gw.Namespace
				if c.Namespace != nil {
					ns = string(*c.Namespace)
				}
				l.TLS.Certificates = append(l.TLS.Certificates, key(ns, string(c.Name)))
			}
		}
	}
	return &listenerState{entry: e, gateway: g, spec: spec, field: field, model: l, vhosts: map[string]*vhostState{}}
}

// protocolFamily groups protocols that may share a port: HTTPS and TLS are compatible
// (Envoy Gateway internal/gatewayapi/validate.go getProtocolForListener).
func protocolFamily(p gatewayv1.ProtocolType) string {
	if p == gatewayv1.TLSProtocolType {
		return string(gatewayv1.HTTPSProtocolType)
	}
	return string(p)
}

// dropConflicts returns the listeners of one Gateway (all, in order) that are not
// conflicted, with a Note for each conflicted one. Envoy Gateway
// internal/gatewayapi/validate.go: listeners of one Gateway on one port with incompatible
// protocols are all conflicted (validateConflictedProtocolsListeners); listeners of one
// Gateway with the same port and hostname are all conflicted (validateConflictedHostnameListeners);
// on merged Gateways a listener repeating the protocol, hostname and port of a listener of an
// older Gateway is conflicted (validateConflictedMergedListeners). Conflicted listeners are
// not programmed. UDP listeners never conflict.
func (b *builder) dropConflicts(e *entryState, all []*listenerState) []*listenerState {
	families := map[int32]map[string]bool{}
	type portHost struct {
		port gatewayv1.PortNumber
		host string
	}
	hostnames := map[portHost]int{}
	for _, l := range all {
		if l.spec.Protocol == gatewayv1.UDPProtocolType {
			continue
		}
		if families[l.spec.Port] == nil {
			families[l.spec.Port] = map[string]bool{}
		}
		families[l.spec.Port][protocolFamily(l.spec.Protocol)] = true
		if l.spec.Protocol != gatewayv1.TCPProtocolType {
			hostnames[portHost{l.spec.Port, l.model.Hostname}]++
		}
	}
	var out []*listenerState
	for _, l := range all {
		why := ""
		switch {
		case l.spec.Protocol == gatewayv1.UDPProtocolType:
		case len(families[l.spec.Port]) > 1:
			why = fmt.Sprintf("listeners on port %d use incompatible protocols", l.spec.Port)
		case l.spec.Protocol != gatewayv1.TCPProtocolType && hostnames[portHost{l.spec.Port, l.model.Hostname}] > 1:
			why = fmt.Sprintf("several listeners on port %d have hostname %q", l.spec.Port, l.model.Hostname)
		case e.merged && e.programmed[listenerKey(l)] != nil:
			o := e.programmed[listenerKey(l)]
			why = fmt.Sprintf("listener %s of the older merged Gateway %s has the same port, protocol and hostname", o.spec.Name, key(o.gateway.Obj.Namespace, o.gateway.Obj.Name))
		}
		if why != "" {
			b.note(model.NoteInvalid, "listener-conflict", fmt.Sprintf("listener %s is conflicted (%s): it is not programmed", l.spec.Name, why), l.model.Source)
			continue
		}
		out = append(out, l)
	}
	return out
}

// unstructuredBool reads a bool at path in an unstructured object.
func unstructuredBool(obj map[string]any, path ...string) (bool, bool, error) {
	var cur any = obj
	for _, p := range path {
		m, ok := cur.(map[string]any)
		if !ok {
			return false, false, nil
		}
		cur, ok = m[p]
		if !ok {
			return false, false, nil
		}
	}
	v, ok := cur.(bool)
	if !ok {
		return false, true, fmt.Errorf("want a bool, got %T", cur)
	}
	return v, true, nil
}
