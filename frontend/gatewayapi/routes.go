package gatewayapi

import (
	"fmt"
	"strconv"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	gatewayv1 "sigs.k8s.io/gateway-api/apis/v1"

	"github.com/ingress-parity/ingress-parity/load"
	"github.com/ingress-parity/ingress-parity/model"
)

// routeView is an HTTPRoute or GRPCRoute reduced to what building needs, so that both kinds
// share attachment, precedence and decision code.
type routeView struct {
	kind      string // "HTTPRoute" or "GRPCRoute"
	namespace string
	name      string
	created   metav1.Time
	origin    load.Origin
	hostnames []string
	parents   []gatewayv1.ParentReference
	rules     []ruleView
	// protocol is the upstream protocol of forwarded requests ("GRPC" for GRPCRoutes).
	protocol string
}

// ruleView is one rule: its matches (ORed), filters and backends.
type ruleView struct {
	field string // "spec.rules[i]"
	// name is the rule's sectionName ("" when unnamed), which policies may target.
	name    string
	matches []matchView
	filters []gatewayv1.HTTPRouteFilter
	// filterFields are the field paths of filters, index for index.
	filterFields []string
	backends     []backendView
	// err is set when the whole rule is refused (e.g. a match regex RE2 cannot parse);
	// Envoy Gateway drops such a rule and keeps the route's other rules.
	err error
}

// matchView is one match of a rule with its field path.
type matchView struct {
	field string // "spec.rules[i].matches[j]" or, for a rule without matches, "spec.rules[i]"
	match model.Match
	// pathAsHeader marks a GRPCRoute method-only match, which Envoy Gateway programs as a
	// ":path" suffix header match without a path match.
	pathAsHeader bool
	// id and src are the route ID and Source of the match, made on first use (idSource).
	id  string
	src model.Source
}

// idSource returns the route ID and Source of the match of rv, the same on every listener
// and host the route attaches to.
func (m *matchView) idSource(rv *routeView) (string, model.Source) {
	if m.id == "" {
		m.id, m.src = rv.id(m.field), rv.source(m.field)
	}
	return m.id, m.src
}

// backendView is one backendRef of a rule.
type backendView struct {
	field string
	ref   gatewayv1.BackendRef
	// hasFilters is true when the backendRef carries its own filters.
	hasFilters bool
}

// source returns the model.Source of a field of the route.
func (r *routeView) source(field string) model.Source {
	return r.origin.Source(r.kind, r.namespace, r.name, field)
}

// id returns the stable route id of a field: "HTTPRoute/<ns>/<name> <field>".
func (r *routeView) id(field string) string {
	return r.kind + "/" + r.namespace + "/" + r.name + " " + field
}

// indexed is the field path of element i of the list at field: "<field>[i]".
func indexed(field string, i int) string {
	return field + "[" + strconv.Itoa(i) + "]"
}

// httpRouteView converts an HTTPRoute.
func httpRouteView(o load.Object[*gatewayv1.HTTPRoute]) *routeView {
	hr := o.Obj
	rv := &routeView{
		kind: "HTTPRoute", namespace: hr.Namespace, name: hr.Name, created: hr.CreationTimestamp,
		origin: o.Origin, parents: hr.Spec.ParentRefs,
	}
	for _, h := range hr.Spec.Hostnames {
		rv.hostnames = append(rv.hostnames, string(h))
	}
	if len(hr.Spec.Rules) > 0 {
		rv.rules = make([]ruleView, 0, len(hr.Spec.Rules))
	}
	for i := range hr.Spec.Rules {
		rule := &hr.Spec.Rules[i]
		rf := indexed("spec.rules", i)
		r := ruleView{field: rf, filters: rule.Filters, name: sectionName(rule.Name)}
		for k := range rule.Filters {
			r.filterFields = append(r.filterFields, indexed(rf+".filters", k))
		}
		if len(rule.Matches) > 0 {
			r.matches = make([]matchView, 0, len(rule.Matches))
		}
		if len(rule.BackendRefs) > 0 {
			r.backends = make([]backendView, 0, len(rule.BackendRefs))
		}
		for j, m := range rule.Matches {
			mf := indexed(rf+".matches", j)
			mm, err := httpMatch(m)
			if err != nil && r.err == nil {
				r.err = fmt.Errorf("%s: %w", mf, err)
			}
			r.matches = append(r.matches, matchView{field: mf, match: mm})
		}
		if len(rule.Matches) == 0 {
			// No matches: the rule matches every request (CRD default PathPrefix "/").
			r.matches = []matchView{{field: rf, match: model.Match{Path: model.PathMatch{Kind: model.PathSegmentPrefix, Value: "/"}}}}
		}
		for k, br := range rule.BackendRefs {
			r.backends = append(r.backends, backendView{field: indexed(rf+".backendRefs", k), ref: br.BackendRef, hasFilters: len(br.Filters) > 0})
		}
		rv.rules = append(rv.rules, r)
	}
	return rv
}

// grpcRouteView converts a GRPCRoute; its filters are a subset of HTTPRoute's.
func grpcRouteView(o load.Object[*gatewayv1.GRPCRoute]) *routeView {
	gr := o.Obj
	rv := &routeView{
		kind: "GRPCRoute", namespace: gr.Namespace, name: gr.Name, created: gr.CreationTimestamp,
		origin: o.Origin, parents: gr.Spec.ParentRefs, protocol: "GRPC",
	}
	for _, h := range gr.Spec.Hostnames {
		rv.hostnames = append(rv.hostnames, string(h))
	}
	for i, rule := range gr.Spec.Rules {
		rf := indexed("spec.rules", i)
		r := ruleView{field: rf, name: sectionName(rule.Name)}
		for k, f := range rule.Filters {
			r.filters = append(r.filters, gatewayv1.HTTPRouteFilter{
				Type:                   gatewayv1.HTTPRouteFilterType(f.Type),
				RequestHeaderModifier:  f.RequestHeaderModifier,
				ResponseHeaderModifier: f.ResponseHeaderModifier,
				RequestMirror:          f.RequestMirror,
				ExtensionRef:           f.ExtensionRef,
			})
			r.filterFields = append(r.filterFields, indexed(rf+".filters", k))
		}
		for j, m := range rule.Matches {
			mf := indexed(rf+".matches", j)
			mm, suffix, err := grpcMatch(m)
			if err != nil && r.err == nil {
				r.err = fmt.Errorf("%s: %w", mf, err)
			}
			r.matches = append(r.matches, matchView{field: mf, match: mm, pathAsHeader: suffix})
		}
		if len(rule.Matches) == 0 {
			mm, _, _ := grpcMatch(gatewayv1.GRPCRouteMatch{})
			r.matches = []matchView{{field: rf, match: mm}}
		}
		for k, br := range rule.BackendRefs {
			r.backends = append(r.backends, backendView{field: indexed(rf+".backendRefs", k), ref: br.BackendRef, hasFilters: len(br.Filters) > 0})
		}
		rv.rules = append(rv.rules, r)
	}
	return rv
}

// sectionName is the value of an optional rule name ("" when unset).
func sectionName(n *gatewayv1.SectionName) string {
	if n == nil {
		return ""
	}
	return string(*n)
}

// routeOrder sorts routes oldest first, then by namespace/name (gateway-api
// apis/v1/httproute_types.go; Envoy Gateway internal/gatewayapi/resource/resource.go Sort).
func routeOrder(a, b *routeView) int {
	if !a.created.Equal(&b.created) {
		if a.created.Before(&b.created) {
			return -1
		}
		return 1
	}
	if a.namespace != b.namespace {
		if a.namespace < b.namespace {
			return -1
		}
		return 1
	}
	switch {
	case a.name < b.name:
		return -1
	case a.name > b.name:
		return 1
	}
	return 0
}
