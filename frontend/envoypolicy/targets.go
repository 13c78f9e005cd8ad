package envoypolicy

import (
	"encoding/json"
	"fmt"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/labels"
	"k8s.io/apimachinery/pkg/types"

	"github.com/ingress-parity/ingress-parity/load"
	"github.com/ingress-parity/ingress-parity/model"
)

// gatewayGroup is the Gateway API group targetRefs name.
const gatewayGroup = "gateway.networking.k8s.io"

// Level is how specific an attachment point is; a higher level wins.
type Level int

const (
	LevelGateway Level = iota
	LevelListener
	LevelRoute
	LevelRule
)

func (l Level) String() string {
	return [...]string{"gateway", "listener", "route", "rule"}[l]
}

// Scope is one attachment point a policy targets.
type Scope struct {
	Level Level
	// Gateway and Listener are set for LevelGateway and LevelListener.
	Gateway  types.NamespacedName
	Listener string
	// RouteKind ("HTTPRoute", "GRPCRoute"), Route and Rule (a rule name) are set for
	// LevelRoute and LevelRule.
	RouteKind string
	Route     types.NamespacedName
	Rule      string
}

func (s Scope) String() string {
	switch s.Level {
	case LevelGateway:
		return "Gateway " + s.Gateway.String()
	case LevelListener:
		return "Gateway " + s.Gateway.String() + " listener " + s.Listener
	case LevelRoute:
		return s.RouteKind + " " + s.Route.String()
	default:
		return s.RouteKind + " " + s.Route.String() + " rule " + s.Rule
	}
}

// resolveTargets returns the scopes p attaches to among res, and notes for targets that do
// not exist or cannot be resolved. targetRefs and targetSelectors are local to the policy's
// namespace (PolicyTargetReferences); only targetRefs carry a sectionName.
// lk finds the objects targetRefs name.
func resolveTargets(p *Policy, res *load.Resources, lk *lookup) ([]Scope, []model.Note) {
	var scopes []Scope
	var notes []model.Note
	refs := p.target.TargetRefs
	field := "spec.targetRefs"
	if p.target.TargetRef != nil {
		refs, field = []targetRef{*p.target.TargetRef}, "spec.targetRef"
	}
	for i, ref := range refs {
		f := field
		if p.target.TargetRef == nil {
			f = fmt.Sprintf("%s[%d]", field, i)
		}
		s, err := resolveRef(p, ref, lk)
		if err != "" {
			notes = append(notes, model.Note{Level: model.NoteWarning, Code: "PolicyTargetNotFound", Message: p.ID() + ": " + err, Source: p.Source(f)})
			continue
		}
		scopes = append(scopes, s)
	}
	for i, sel := range p.target.TargetSelectors {
		f := fmt.Sprintf("spec.targetSelectors[%d]", i)
		got, err := resolveSelector(p, sel, res)
		if err != "" {
			notes = append(notes, model.Note{Level: model.NoteWarning, Code: "PolicyTargetUnsupported", Message: p.ID() + ": " + err, Source: p.Source(f)})
			continue
		}
		scopes = append(scopes, got...)
	}
	return dedupe(scopes), notes
}

// resolveRef resolves one targetRef, or says why it does not resolve.
func resolveRef(p *Policy, ref targetRef, lk *lookup) (Scope, string) {
	if ref.Group != gatewayGroup {
		return Scope{}, fmt.Sprintf("target group %q is not supported (ListenerSet and Service targets are not modelled)", ref.Group)
	}
	nn := types.NamespacedName{Namespace: p.Namespace, Name: ref.Name}
	section := ""
	if ref.SectionName != nil {
		section = *ref.SectionName
	}
	switch ref.Kind {
	case "Gateway":
		g, ok := lk.gateways[nn]
		if !ok {
			return Scope{}, fmt.Sprintf("Gateway %s not found", nn)
		}
		if section == "" {
			return Scope{Level: LevelGateway, Gateway: nn}, ""
		}
		for _, l := range g.Spec.Listeners {
			if string(l.Name) == section {
				return Scope{Level: LevelListener, Gateway: nn, Listener: section}, ""
			}
		}
		return Scope{}, fmt.Sprintf("Gateway %s has no listener %q", nn, section)
	case "HTTPRoute", "GRPCRoute":
		if p.Kind == KindClientTrafficPolicy {
			return Scope{}, "a ClientTrafficPolicy can only target Gateways"
		}
		found, named := lk.hasRule(ref.Kind, nn, section)
		switch {
		case !found:
			return Scope{}, fmt.Sprintf("%s %s not found", ref.Kind, nn)
		case section == "":
			return Scope{Level: LevelRoute, RouteKind: ref.Kind, Route: nn}, ""
		case named:
			return Scope{Level: LevelRule, RouteKind: ref.Kind, Route: nn, Rule: section}, ""
		}
		return Scope{}, fmt.Sprintf("%s %s has no rule named %q", ref.Kind, nn, section)
	}
	return Scope{}, fmt.Sprintf("target kind %q is not supported", ref.Kind)
}

// resolveSelector returns every Gateway or route whose labels match sel.
func resolveSelector(p *Policy, sel targetSelector, res *load.Resources) ([]Scope, string) {
	if sel.Group != nil && *sel.Group != gatewayGroup {
		return nil, fmt.Sprintf("targetSelector group %q is not supported", *sel.Group)
	}
	nsOK := func(ns string) bool { return ns == p.Namespace }
	if sel.Namespaces != nil {
		switch sel.Namespaces.From {
		case "", "Same":
		case "All":
			nsOK = func(string) bool { return true }
		case "Selector":
			matching, err := namespacesMatching(sel.Namespaces.Selector, res)
			if err != "" {
				return nil, err
			}
			nsOK = func(ns string) bool { return matching[ns] }
		default:
			return nil, fmt.Sprintf("targetSelector namespaces.from %q is not supported", sel.Namespaces.From)
		}
	}
	ls := &metav1.LabelSelector{MatchLabels: sel.MatchLabels}
	for _, e := range sel.MatchExpressions {
		ls.MatchExpressions = append(ls.MatchExpressions, metav1.LabelSelectorRequirement{Key: e.Key, Operator: metav1.LabelSelectorOperator(e.Operator), Values: e.Values})
	}
	selector, err := metav1.LabelSelectorAsSelector(ls)
	if err != nil {
		return nil, "invalid targetSelector: " + err.Error()
	}
	inScope := func(ns string, l map[string]string) bool {
		return nsOK(ns) && selector.Matches(labels.Set(l))
	}
	var out []Scope
	switch sel.Kind {
	case "Gateway":
		for _, g := range res.Gateways {
			if inScope(g.Obj.Namespace, g.Obj.Labels) {
				out = append(out, Scope{Level: LevelGateway, Gateway: types.NamespacedName{Namespace: g.Obj.Namespace, Name: g.Obj.Name}})
			}
		}
	case "HTTPRoute":
		if p.Kind == KindClientTrafficPolicy {
			return nil, "a ClientTrafficPolicy can only target Gateways"
		}
		for _, r := range res.HTTPRoutes {
			if inScope(r.Obj.Namespace, r.Obj.Labels) {
				out = append(out, Scope{Level: LevelRoute, RouteKind: "HTTPRoute", Route: types.NamespacedName{Namespace: r.Obj.Namespace, Name: r.Obj.Name}})
			}
		}
	case "GRPCRoute":
		if p.Kind == KindClientTrafficPolicy {
			return nil, "a ClientTrafficPolicy can only target Gateways"
		}
		for _, r := range res.GRPCRoutes {
			if inScope(r.Obj.Namespace, r.Obj.Labels) {
				out = append(out, Scope{Level: LevelRoute, RouteKind: "GRPCRoute", Route: types.NamespacedName{Namespace: r.Obj.Namespace, Name: r.Obj.Name}})
			}
		}
	default:
		return nil, fmt.Sprintf("targetSelector kind %q is not supported", sel.Kind)
	}
	return out, ""
}

func dedupe(s []Scope) []Scope {
	seen := map[Scope]bool{}
	out := s[:0]
	for _, x := range s {
		if !seen[x] {
			seen[x] = true
			out = append(out, x)
		}
	}
	return out
}

// namespacesMatching returns the names of the loaded Namespaces (v1 Namespace objects in
// res.Other) whose labels match the label selector raw. A namespace that was not loaded
// cannot match: its routes are left out, as its labels are unknown.
func namespacesMatching(raw any, res *load.Resources) (map[string]bool, string) {
	var ls metav1.LabelSelector
	b, err := json.Marshal(raw)
	if err == nil {
		err = json.Unmarshal(b, &ls)
	}
	if err != nil {
		return nil, "invalid targetSelector namespaces.selector"
	}
	selector, err := metav1.LabelSelectorAsSelector(&ls)
	if err != nil {
		return nil, "invalid targetSelector namespaces.selector: " + err.Error()
	}
	out := map[string]bool{}
	for _, o := range res.Other {
		if o.Obj == nil || o.Obj.GetKind() != "Namespace" || o.Obj.GetAPIVersion() != "v1" {
			continue
		}
		if selector.Matches(labels.Set(o.Obj.GetLabels())) {
			out[o.Obj.GetName()] = true
		}
	}
	return out, ""
}
