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

// grpcContentType is the content-type a gRPC request carries ("application/grpc",
// "application/grpc+proto" ...), per the gRPC over HTTP/2 protocol.
const grpcContentType = `application/grpc(\+.*)?`

// grpcMatch converts one GRPCRouteMatch to an HTTP match: a gRPC call is a POST to
// "/<service>/<method>" with a gRPC content-type. Exact service and method give an Exact path;
// a service alone gives the string prefix "/<service>/"; a method alone, or any
// RegularExpression match, gives a path regex with "[^/]+" for the part left out (Envoy Gateway
// internal/gatewayapi/route.go processGRPCRouteMethodExact / ...RegularExpression build the
// same path languages). The POST method and the content-type header are added to the match so
// that plain HTTP requests on the same path are told apart; they do not change precedence.
func grpcMatch(m gatewayv1.GRPCRouteMatch) (model.Match, error) {
	out := model.Match{
		Path:    model.PathMatch{Kind: model.PathPrefix, Value: "/"},
		Method:  "POST",
		Headers: []model.ValueMatch{{Name: "content-type", Kind: model.MatchRegex, Value: grpcContentType}},
	}
	if mm := m.Method; mm != nil {
		regex := mm.Type != nil && *mm.Type == gatewayv1.GRPCMethodMatchRegularExpression
		svc, meth := deref(mm.Service), deref(mm.Method)
		switch {
		case regex:
			out.Path = model.PathMatch{Kind: model.PathRegex, Value: "/" + orAny(svc) + "/" + orAny(meth)}
			if _, err := out.Path.Pattern(); err != nil {
				return out, fmt.Errorf("method: %w", err)
			}
		case svc != "" && meth != "":
			out.Path = model.PathMatch{Kind: model.PathExact, Value: "/" + svc + "/" + meth}
		case svc != "":
			out.Path = model.PathMatch{Kind: model.PathPrefix, Value: "/" + svc + "/"}
		case meth != "":
			out.Path = model.PathMatch{Kind: model.PathRegex, Value: "/[^/]+/" + regexp.QuoteMeta(meth)}
		}
	}
	for i, h := range m.Headers {
		v, err := valueMatch(string(h.Name), h.Value, h.Type != nil && *h.Type == gatewayv1.GRPCHeaderMatchRegularExpression)
		if err != nil {
			return out, fmt.Errorf("headers[%d]: %w", i, err)
		}
		out.Headers = append(out.Headers, v)
	}
	return out, nil
}

func orAny(s string) string {
	if s == "" {
		return "[^/]+"
	}
	return s
}

func deref[T ~string](p *T) string {
	if p == nil {
		return ""
	}
	return string(*p)
}
