package gatewayapi

import (
	"fmt"

	gatewayv1 "sigs.k8s.io/gateway-api/apis/v1"

	"github.com/ingress-parity/ingress-parity/model"
)

// decisionInput is what a rule's decision depends on beyond the rule itself.
type decisionInput struct {
	route *routeView
	rule  *ruleView
	// path is the path match of the match being built (ReplacePrefixMatch replaces it).
	path model.PathMatch
	// listenerPort is the port of the listener, used by redirects without scheme or port.
	listenerPort int32
}

// decision builds the decision of one match of a rule on one listener, and the opaque marks
// of filters that cannot be modelled. It fails for a rule the implementation refuses
// (RequestRedirect with URLRewrite, ReplacePrefixMatch without a PathPrefix match).
func (b *builder) decision(in decisionInput) (model.Decision, []string, error) {
	rv, rule := in.route, in.rule
	var (
		opaque   []string
		redirect *model.RedirectSpec
		status   = 302
		rewrite  *model.Rewrite
		reqH     model.HeaderChanges
		respH    model.HeaderChanges
		mirrors  []model.Backend
	)
	for k, f := range rule.filters {
		field := rule.filterFields[k]
		switch f.Type {
		case gatewayv1.HTTPRouteFilterRequestRedirect:
			if f.RequestRedirect == nil {
				return model.Decision{}, nil, fmt.Errorf("%s: requestRedirect is missing", field)
			}
			rs, code, err := redirectSpec(*f.RequestRedirect, in)
			if err != nil {
				return model.Decision{}, nil, fmt.Errorf("%s: %w", field, err)
			}
			redirect, status = rs, code
		case gatewayv1.HTTPRouteFilterURLRewrite:
			if f.URLRewrite == nil {
				return model.Decision{}, nil, fmt.Errorf("%s: urlRewrite is missing", field)
			}
			rw, err := rewriteSpec(*f.URLRewrite, in.path)
			if err != nil {
				return model.Decision{}, nil, fmt.Errorf("%s: %w", field, err)
			}
			rewrite = rw
		case gatewayv1.HTTPRouteFilterRequestHeaderModifier:
			if f.RequestHeaderModifier != nil {
				reqH = headerChanges(*f.RequestHeaderModifier)
			}
		case gatewayv1.HTTPRouteFilterResponseHeaderModifier:
			if f.ResponseHeaderModifier != nil {
				respH = headerChanges(*f.ResponseHeaderModifier)
			}
		case gatewayv1.HTTPRouteFilterRequestMirror:
			if f.RequestMirror != nil {
				mirrors = append(mirrors, b.backend(rv, f.RequestMirror.BackendRef, 1, field+".requestMirror.backendRef"))
			}
		case gatewayv1.HTTPRouteFilterExtensionRef:
			name := ""
			if f.ExtensionRef != nil {
				name = fmt.Sprintf(" %s/%s", f.ExtensionRef.Kind, f.ExtensionRef.Name)
			}
			opaque = append(opaque, fmt.Sprintf("%s: ExtensionRef filter%s is implementation-specific", field, name))
		default:
			// CORS and ExternalAuth touch identity and are modelled with the policies (policies.go).
			opaque = append(opaque, fmt.Sprintf("%s: %s filter is not modelled", field, f.Type))
		}
	}
	for _, bv := range rule.backends {
		if bv.hasFilters {
			opaque = append(opaque, bv.field+": per-backend filters are not modelled")
		}
	}
	if redirect != nil && rewrite != nil {
		return model.Decision{}, nil, fmt.Errorf("%s: RequestRedirect and URLRewrite cannot be used in one rule", rule.field)
	}
	var d model.Decision
	if redirect != nil {
		// A redirect answers without contacting any backend.
		d = model.Decision{Kind: model.Redirect, Status: status, Redirect: redirect, Source: rv.source(rule.field)}
	} else {
		d = b.forward(rv, rule)
		if d.Kind == model.Forward {
			d.Rewrite = rewrite
			d.Mirrors = mirrors
			d.RequestHeaders = reqH
		}
	}
	d.ResponseHeaders = respH
	return d, opaque, nil
}

// redirectSpec converts a RequestRedirect filter. Port derivation follows gateway-api
// apis/v1/httproute_types.go (HTTPRequestRedirectFilter.Port): without a port, a redirect
// with a scheme uses the scheme's well-known port, one without a scheme the listener port.
// The status code defaults to 302. The query string is kept (Envoy's redirect action keeps
// it unless strip_query is set).
func redirectSpec(f gatewayv1.HTTPRequestRedirectFilter, in decisionInput) (*model.RedirectSpec, int, error) {
	rs := &model.RedirectSpec{KeepQuery: true}
	status := 302
	if f.StatusCode != nil {
		status = *f.StatusCode
	}
	if f.Scheme != nil {
		rs.Scheme = *f.Scheme
	}
	if f.Hostname != nil {
		rs.Host = string(*f.Hostname)
	}
	switch {
	case f.Port != nil:
		rs.Port = *f.Port
	case f.Scheme == nil:
		rs.Port = in.listenerPort
	}
	if f.Path != nil {
		switch f.Path.Type {
		case gatewayv1.FullPathHTTPPathModifier:
			rs.Path = deref(f.Path.ReplaceFullPath)
			if rs.Path == "" {
				rs.Path = "/"
			}
		case gatewayv1.PrefixMatchHTTPPathModifier:
			if in.path.Kind != model.PathSegmentPrefix {
				return nil, 0, fmt.Errorf("ReplacePrefixMatch needs a PathPrefix match, the match is %s", in.path.Kind)
			}
			rs.Prefix, rs.PrefixReplace = in.path.Value, deref(f.Path.ReplacePrefixMatch)
		default:
			return nil, 0, fmt.Errorf("path: unsupported type %q", f.Path.Type)
		}
	}
	return rs, status, nil
}

// rewriteSpec converts a URLRewrite filter (hostname and path).
func rewriteSpec(f gatewayv1.HTTPURLRewriteFilter, path model.PathMatch) (*model.Rewrite, error) {
	rw := &model.Rewrite{}
	if f.Hostname != nil {
		rw.Host = string(*f.Hostname)
	}
	if f.Path != nil {
		switch f.Path.Type {
		case gatewayv1.FullPathHTTPPathModifier:
			rw.Kind, rw.Replacement = model.RewriteFullPath, deref(f.Path.ReplaceFullPath)
		case gatewayv1.PrefixMatchHTTPPathModifier:
			if path.Kind != model.PathSegmentPrefix {
				return nil, fmt.Errorf("ReplacePrefixMatch needs a PathPrefix match, the match is %s", path.Kind)
			}
			rw.Kind, rw.Prefix, rw.Replacement = model.RewritePrefix, path.Value, deref(f.Path.ReplacePrefixMatch)
		default:
			return nil, fmt.Errorf("path: unsupported type %q", f.Path.Type)
		}
	}
	return rw, nil
}

// headerChanges converts a header modifier filter.
func headerChanges(f gatewayv1.HTTPHeaderFilter) model.HeaderChanges {
	var hc model.HeaderChanges
	for _, h := range f.Set {
		if hc.Set == nil {
			hc.Set = map[string]string{}
		}
		hc.Set[string(h.Name)] = h.Value
	}
	for _, h := range f.Add {
		if hc.Add == nil {
			hc.Add = map[string]string{}
		}
		hc.Add[string(h.Name)] = h.Value
	}
	hc.Remove = append(hc.Remove, f.Remove...)
	return hc
}
