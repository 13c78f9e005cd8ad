package gatewayapi

import (
	"fmt"
	"regexp"

	gatewayv1 "sigs.k8s.io/gateway-api/apis/v1"

	"github.com/ingress-parity/ingress-parity/model"
)

// httpMatch converts one HTTPRouteMatch. A nil path is PathPrefix "/" (the CRD default).
// It fails on a regex that RE2 cannot parse: Envoy Gateway refuses such a rule
// (internal/gatewayapi/route.go processHTTPRouteRule, regex.Validate).
func httpMatch(m gatewayv1.HTTPRouteMatch) (model.Match, error) {
	var out model.Match
	path, err := httpPath(m.Path)
	if err != nil {
		return out, err
	}
	out.Path = path
	for i, h := range m.Headers {
		v, err := valueMatch(string(h.Name), h.Value, h.Type != nil && *h.Type == gatewayv1.HeaderMatchRegularExpression)
		if err != nil {
			return out, fmt.Errorf("headers[%d]: %w", i, err)
		}
		out.Headers = append(out.Headers, v)
	}
	for i, q := range m.QueryParams {
		v, err := valueMatch(string(q.Name), q.Value, q.Type != nil && *q.Type == gatewayv1.QueryParamMatchRegularExpression)
		if err != nil {
			return out, fmt.Errorf("queryParams[%d]: %w", i, err)
		}
		out.Query = append(out.Query, v)
	}
	if m.Method != nil {
		out.Method = string(*m.Method)
	}
	return out, nil
}

// httpPath converts a path match; PathPrefix is element-wise (trailing "/" ignored).
func httpPath(p *gatewayv1.HTTPPathMatch) (model.PathMatch, error) {
	if p == nil {
		return model.PathMatch{Kind: model.PathSegmentPrefix, Value: "/"}, nil
	}
	value := "/"
	if p.Value != nil {
		value = *p.Value
	}
	kind := gatewayv1.PathMatchPathPrefix
	if p.Type != nil {
		kind = *p.Type
	}
	switch kind {
	case gatewayv1.PathMatchExact:
		return model.PathMatch{Kind: model.PathExact, Value: value}, nil
	case gatewayv1.PathMatchPathPrefix:
		return model.PathMatch{Kind: model.PathSegmentPrefix, Value: value}, nil
	case gatewayv1.PathMatchRegularExpression:
		pm := model.PathMatch{Kind: model.PathRegex, Value: value}
		if _, err := pm.Pattern(); err != nil {
			return pm, fmt.Errorf("path: %w", err)
		}
		return pm, nil
	}
	return model.PathMatch{}, fmt.Errorf("path: unsupported type %q", kind)
}

// valueMatch converts a header or query parameter match (Exact unless regex).
func valueMatch(name, value string, regex bool) (model.ValueMatch, error) {
	if !regex {
		return model.ValueMatch{Name: name, Kind: model.MatchExact, Value: value}, nil
	}
	if _, err := regexp.Compile(value); err != nil {
		return model.ValueMatch{}, &model.RegexError{Value: value, Err: err}
	}
	return model.ValueMatch{Name: name, Kind: model.MatchRegex, Value: value}, nil
}

// grpcMatch converts one GRPCRouteMatch to an HTTP match on the path "/<service>/<method>",
// as Envoy Gateway does (internal/gatewayapi/route.go processGRPCRouteRule,
// processGRPCRouteMethodExact, processGRPCRouteMethodRegularExpression):
//   - Exact service and method: Exact path "/<service>/<method>";
//   - Exact service only: PathPrefix "/<service>" (element-wise);
//   - Exact method only: a suffix match "/<method>" on the ":path" header, no path match; the
//     model holds it as a path regex, and suffix reports it so that precedence counts it as a
//     header match (see candidate.pathAsHeader);
//   - RegularExpression: a path regex "/<service>/<method>" where a missing part is Envoy
//     Gateway's validServiceName or validMethodName pattern; its "(?i)" flag, written
//     mid-pattern, makes the rest of the regex case-insensitive, and is kept as is.
//
// Envoy Gateway adds no method or content-type condition: a plain HTTP request on the same
// path reaches the gRPC backend, and so it does in the model.
func grpcMatch(m gatewayv1.GRPCRouteMatch) (out model.Match, suffix bool, err error) {
	out.Path = model.PathMatch{Kind: model.PathSegmentPrefix, Value: "/"}
	if mm := m.Method; mm != nil {
		regex := mm.Type != nil && *mm.Type == gatewayv1.GRPCMethodMatchRegularExpression
		svc, meth := deref(mm.Service), deref(mm.Method)
		switch {
		case regex && (svc != "" || meth != ""):
			out.Path = model.PathMatch{Kind: model.PathRegex, Value: "/" + or(svc, grpcServiceName) + "/" + or(meth, grpcMethodName)}
			if _, err := out.Path.Pattern(); err != nil {
				return out, false, fmt.Errorf("method: %w", err)
			}
		case svc != "" && meth != "":
			out.Path = model.PathMatch{Kind: model.PathExact, Value: "/" + svc + "/" + meth}
		case svc != "":
			out.Path = model.PathMatch{Kind: model.PathSegmentPrefix, Value: "/" + svc}
		case meth != "":
			out.Path = model.PathMatch{Kind: model.PathRegex, Value: `(?s:.*)/` + regexp.QuoteMeta(meth)}
			suffix = true
		}
	}
	for i, h := range m.Headers {
		v, err := valueMatch(string(h.Name), h.Value, h.Type != nil && *h.Type == gatewayv1.GRPCHeaderMatchRegularExpression)
		if err != nil {
			return out, false, fmt.Errorf("headers[%d]: %w", i, err)
		}
		out.Headers = append(out.Headers, v)
	}
	return out, suffix, nil
}

// Envoy Gateway's patterns for a missing service or method in a RegularExpression method
// match (internal/gatewayapi/route.go validServiceName, validMethodName).
const (
	grpcServiceName = `(?i)\.?[a-z_][a-z_0-9]*(\.[a-z_][a-z_0-9]*)*`
	grpcMethodName  = `[A-Za-z_][A-Za-z_0-9]*`
)

func or(s, dflt string) string {
	if s == "" {
		return dflt
	}
	return s
}

func deref[T ~string](p *T) string {
	if p == nil {
		return ""
	}
	return string(*p)
}
