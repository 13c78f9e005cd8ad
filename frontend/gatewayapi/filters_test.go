package gatewayapi

import (
	"testing"

	gatewayv1 "sigs.k8s.io/gateway-api/apis/v1"

	"github.com/ingress-parity/ingress-parity/model"
)

// TestRedirectSpec covers the port derivation of gateway-api apis/v1/httproute_types.go
// (HTTPRequestRedirectFilter.Port) and the refusal of ReplacePrefixMatch without PathPrefix,
// which Build must handle even when the loader has not refused the object.
func TestRedirectSpec(t *testing.T) {
	prefix := model.PathMatch{Kind: model.PathSegmentPrefix, Value: "/a"}
	exact := model.PathMatch{Kind: model.PathExact, Value: "/a"}
	tests := []struct {
		name       string
		f          gatewayv1.HTTPRequestRedirectFilter
		path       model.PathMatch
		want       model.RedirectSpec
		wantStatus int
		wantErr    bool
	}{
		{name: "no scheme no port keeps listener port", f: gatewayv1.HTTPRequestRedirectFilter{}, path: prefix, want: model.RedirectSpec{KeepQuery: true, Port: 8080}, wantStatus: 302},
		{name: "scheme without port uses the scheme's port", f: gatewayv1.HTTPRequestRedirectFilter{Scheme: ptr("https")}, path: prefix, want: model.RedirectSpec{KeepQuery: true, Scheme: "https"}, wantStatus: 302},
		{name: "explicit port and status", f: gatewayv1.HTTPRequestRedirectFilter{Port: ptr(int32(8443)), StatusCode: ptr(301)}, path: prefix, want: model.RedirectSpec{KeepQuery: true, Port: 8443}, wantStatus: 301},
		{name: "replace prefix", f: gatewayv1.HTTPRequestRedirectFilter{Path: &gatewayv1.HTTPPathModifier{Type: gatewayv1.PrefixMatchHTTPPathModifier, ReplacePrefixMatch: ptr("/b")}}, path: prefix, want: model.RedirectSpec{KeepQuery: true, Port: 8080, Prefix: "/a", PrefixReplace: "/b"}, wantStatus: 302},
		{name: "replace prefix on exact match refused", f: gatewayv1.HTTPRequestRedirectFilter{Path: &gatewayv1.HTTPPathModifier{Type: gatewayv1.PrefixMatchHTTPPathModifier, ReplacePrefixMatch: ptr("/b")}}, path: exact, wantErr: true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			rs, status, err := redirectSpec(tc.f, decisionInput{path: tc.path, listenerPort: 8080})
			if (err != nil) != tc.wantErr {
				t.Fatalf("err = %v, wantErr %v", err, tc.wantErr)
			}
			if tc.wantErr {
				return
			}
			if *rs != tc.want || status != tc.wantStatus {
				t.Errorf("got %+v %d, want %+v %d", *rs, status, tc.want, tc.wantStatus)
			}
		})
	}
}
