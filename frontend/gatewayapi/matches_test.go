package gatewayapi

import (
	"errors"
	"regexp"
	"testing"

	gatewayv1 "sigs.k8s.io/gateway-api/apis/v1"

	"github.com/ingress-parity/ingress-parity/model"
)

func ptr[T any](v T) *T { return &v }

func TestHTTPPath(t *testing.T) {
	tests := []struct {
		name    string
		in      *gatewayv1.HTTPPathMatch
		want    model.PathMatch
		wantErr bool
	}{
		{name: "nil is prefix slash", want: model.PathMatch{Kind: model.PathSegmentPrefix, Value: "/"}},
		{name: "type defaults to PathPrefix", in: &gatewayv1.HTTPPathMatch{Value: ptr("/a")}, want: model.PathMatch{Kind: model.PathSegmentPrefix, Value: "/a"}},
		{name: "exact", in: &gatewayv1.HTTPPathMatch{Type: ptr(gatewayv1.PathMatchExact), Value: ptr("/a")}, want: model.PathMatch{Kind: model.PathExact, Value: "/a"}},
		{name: "regex", in: &gatewayv1.HTTPPathMatch{Type: ptr(gatewayv1.PathMatchRegularExpression), Value: ptr("/a+")}, want: model.PathMatch{Kind: model.PathRegex, Value: "/a+"}},
		{name: "pcre lookahead refused", in: &gatewayv1.HTTPPathMatch{Type: ptr(gatewayv1.PathMatchRegularExpression), Value: ptr("/(?!a)")}, wantErr: true},
		{name: "unknown type", in: &gatewayv1.HTTPPathMatch{Type: ptr(gatewayv1.PathMatchType("Glob")), Value: ptr("/a")}, wantErr: true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := httpPath(tc.in)
			if (err != nil) != tc.wantErr {
				t.Fatalf("err = %v, wantErr %v", err, tc.wantErr)
			}
			if !tc.wantErr && got != tc.want {
				t.Errorf("got %+v, want %+v", got, tc.want)
			}
		})
	}
}

func TestGRPCMatchPaths(t *testing.T) {
	tests := []struct {
		name      string
		in        gatewayv1.GRPCMethodMatch
		suffix    bool
		match, no []string
	}{
		{name: "service and method", in: gatewayv1.GRPCMethodMatch{Service: ptr("echo.Echo"), Method: ptr("Say")}, match: []string{"/echo.Echo/Say"}, no: []string{"/echo.Echo/Sayx", "/echo.Echo/"}},
		{name: "service only is an element-wise prefix", in: gatewayv1.GRPCMethodMatch{Service: ptr("echo.Echo")}, match: []string{"/echo.Echo/Say", "/echo.Echo"}, no: []string{"/echo.EchoX/Say"}},
		{name: "method only is a path suffix", in: gatewayv1.GRPCMethodMatch{Method: ptr("Say")}, suffix: true, match: []string{"/a.B/Say", "//Say"}, no: []string{"/a.B/Sayx"}},
		{name: "regex service", in: gatewayv1.GRPCMethodMatch{Type: ptr(gatewayv1.GRPCMethodMatchRegularExpression), Service: ptr(`echo\..*`)}, match: []string{"/echo.Echo/Say"}, no: []string{"/other.Echo/Say", "/echo.Echo/"}},
		{name: "regex method: the service pattern's (?i) reaches the method", in: gatewayv1.GRPCMethodMatch{Type: ptr(gatewayv1.GRPCMethodMatchRegularExpression), Method: ptr("Get")}, match: []string{"/a.B/Get", "/A.b/get"}, no: []string{"/a.B/Put", "/1a/Get"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			m, suffix, err := grpcMatch(gatewayv1.GRPCRouteMatch{Method: &tc.in})
			if err != nil {
				t.Fatal(err)
			}
			if suffix != tc.suffix || m.Method != "" || len(m.Headers) != 0 {
				t.Errorf("want suffix %v and no method or header condition, got %+v suffix %v", tc.suffix, m, suffix)
			}
			for _, p := range tc.match {
				if !m.Path.Matches(p) {
					t.Errorf("%s should match %q", m.Path.Value, p)
				}
			}
			for _, p := range tc.no {
				if m.Path.Matches(p) {
					t.Errorf("%s should not match %q", m.Path.Value, p)
				}
			}
		})
	}
}

// FuzzPathRegex checks that a RegularExpression path match either is refused with a
// *model.RegexError or becomes a route that matches exactly what RE2 full-matches.
func FuzzPathRegex(f *testing.F) {
	for _, s := range []string{`/a.*`, `/(?!x)`, `/[a-z]+\.png`, `(`, `/\d{2,3}`, `/a|/b`, `^/x$`} {
		f.Add(s, "/a")
	}
	f.Fuzz(func(t *testing.T, re, path string) {
		pm, err := httpPath(&gatewayv1.HTTPPathMatch{Type: ptr(gatewayv1.PathMatchRegularExpression), Value: &re})
		var rerr *model.RegexError
		if err != nil {
			if !errors.As(err, &rerr) {
				t.Fatalf("error is not a *model.RegexError: %v", err)
			}
			return
		}
		full, cerr := regexp.Compile(`\A(?:` + re + `)\z`)
		if cerr != nil {
			t.Fatalf("accepted %q that regexp cannot compile: %v", re, cerr)
		}
		if got, want := pm.Matches(path), full.MatchString(path); got != want {
			t.Fatalf("%q on %q: model %v, regexp %v", re, path, got, want)
		}
	})
}
