package annotations

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/ingress-parity/ingress-parity/model"
)

var ignoreSource = cmpopts.IgnoreTypes(model.Source{})

func TestBasicAuth(t *testing.T) {
	crossNS := DefaultGlobal()
	crossNS.AllowCrossNamespaceResources = true
	tests := []struct {
		name    string
		ann     map[string]string
		global  Global
		want    *model.BasicAuth
		errKey  string
		errText string
		effect  Effect
	}{
		{"none", nil, DefaultGlobal(), nil, "", "", ""},
		{"basic", map[string]string{"auth-type": "basic", "auth-secret": "htpasswd", "auth-realm": "Staff only"}, DefaultGlobal(),
			&model.BasicAuth{Secret: "shop/htpasswd", SecretKey: "auth", Realm: "Staff only", StripAuthorization: true}, "", "", ""},
		{"digest", map[string]string{"auth-type": "digest", "auth-secret": "shop/htpasswd"}, DefaultGlobal(),
			&model.BasicAuth{Secret: "shop/htpasswd", SecretKey: "auth", Digest: true, StripAuthorization: true}, "", "", ""},
		{"unanchored type check turns xbasic into digest", map[string]string{"auth-type": "xbasic", "auth-secret": "s"}, DefaultGlobal(),
			&model.BasicAuth{Secret: "shop/s", SecretKey: "auth", Digest: true, StripAuthorization: true}, "", "", ""},
		{"auth-map", map[string]string{"auth-type": "basic", "auth-secret": "s", "auth-secret-type": "auth-map"}, DefaultGlobal(),
			&model.BasicAuth{Secret: "shop/s", StripAuthorization: true}, "", "", ""},
		{"bad type rejects the ingress", map[string]string{"auth-type": "bearer", "auth-secret": "s"}, DefaultGlobal(), nil, "auth-type", "invalid authentication type", Rejected},
		{"empty type is no auth", map[string]string{"auth-type": "", "auth-secret": "s"}, DefaultGlobal(), nil, "auth-type", "empty value", Ignored},
		{"missing secret", map[string]string{"auth-type": "basic"}, DefaultGlobal(), nil, "auth-secret", "auth-secret is missing", Denied},
		{"cross namespace refused", map[string]string{"auth-type": "basic", "auth-secret": "other/s"}, DefaultGlobal(), nil, "auth-secret", "cross-namespace", Denied},
		{"secret name with bad characters", map[string]string{"auth-type": "basic", "auth-secret": "s;evil"}, DefaultGlobal(), nil, "auth-secret", "invalid secret name", Denied},
		{"realm with bad characters rejects", map[string]string{"auth-type": "basic", "auth-secret": "s", "auth-realm": "Staff \"only\""}, DefaultGlobal(), nil, "auth-realm", "invalid characters", Rejected},
		{"cross namespace allowed", map[string]string{"auth-type": "basic", "auth-secret": "other/s"}, crossNS,
			&model.BasicAuth{Secret: "other/s", SecretKey: "auth", StripAuthorization: true}, "", "", ""},
		{"bad secret type rejects", map[string]string{"auth-type": "basic", "auth-secret": "s", "auth-secret-type": "ldap"}, DefaultGlobal(), nil, "auth-secret-type", "auth-file or auth-map", Rejected},
		{"secret type passing the unanchored validator denies", map[string]string{"auth-type": "basic", "auth-secret": "s", "auth-secret-type": "xauth-filex"}, DefaultGlobal(), nil, "auth-secret-type", "auth-file or auth-map", Denied},
		{"malformed ref", map[string]string{"auth-type": "basic", "auth-secret": "a/b/c"}, DefaultGlobal(), nil, "auth-secret", "not a name", Denied},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := reader(tt.ann).BasicAuth(tt.global)
			if tt.errKey != "" {
				wantError(t, err, tt.errKey, tt.effect, tt.errText)
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, got, ignoreSource); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}

func TestExternalAuth(t *testing.T) {
	withGlobal := DefaultGlobal()
	withGlobal.GlobalAuth = &model.ExternalAuth{URL: "https://auth.corp/check", ClientCopy: model.ClientCopyRemoved}
	tests := []struct {
		name    string
		ann     map[string]string
		global  Global
		want    *model.ExternalAuth
		errKey  string
		errText string
	}{
		{"none", nil, DefaultGlobal(), nil, "", ""},
		{"full", map[string]string{
			"auth-url": "http://oauth2.shop.svc/oauth2/auth", "auth-method": "POST", "auth-signin": "https://login.example.com/start",
			"auth-response-headers": "X-Auth-Request-User, X-Auth-Request-Email", "auth-proxy-set-headers": "auth-headers",
		}, DefaultGlobal(), &model.ExternalAuth{
			URL: "http://oauth2.shop.svc/oauth2/auth", Method: "POST", SigninURL: "https://login.example.com/start",
			ResponseHeaders: []string{"X-Auth-Request-User", "X-Auth-Request-Email"}, ClientCopy: model.ClientCopyRemoved, SetHeadersRef: "shop/auth-headers",
		}, "", ""},
		{"global applies without auth-url", nil, withGlobal, withGlobal.GlobalAuth, "", ""},
		{"enable-global-auth false", map[string]string{"enable-global-auth": "false"}, withGlobal, nil, "", ""},
		{"auth-url wins over global", map[string]string{"auth-url": "https://a.example/x"}, withGlobal,
			&model.ExternalAuth{URL: "https://a.example/x", ClientCopy: model.ClientCopyRemoved}, "", ""},
		{"relative url", map[string]string{"auth-url": "/auth"}, DefaultGlobal(), nil, "auth-url", "not http or https"},
		{"empty auth-url falls back to global", map[string]string{"auth-url": ""}, withGlobal, withGlobal.GlobalAuth, "", ""},
		{"bad method", map[string]string{"auth-url": "https://a.example/x", "auth-method": "FETCH"}, DefaultGlobal(), nil, "auth-method", "invalid HTTP method"},
		{"bad header list", map[string]string{"auth-url": "https://a.example/x", "auth-response-headers": "X-User:1"}, DefaultGlobal(), nil, "auth-response-headers", "invalid header name"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := reader(tt.ann).ExternalAuth(tt.global)
			if tt.errKey != "" {
				wantError(t, err, tt.errKey, Denied, tt.errText)
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, got, ignoreSource); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}

func TestErrorsNeverQuoteURLCredentials(t *testing.T) {
	_, err := reader(map[string]string{"auth-url": "ftp://admin:Sup3rSecret@auth.example/check?token=abc123"}).ExternalAuth(DefaultGlobal())
	if err == nil {
		t.Fatal("want an error for an ftp auth-url")
	}
	for _, leak := range []string{"Sup3rSecret", "abc123", "admin"} {
		if strings.Contains(err.Error(), leak) {
			t.Errorf("error leaks %q: %v", leak, err)
		}
	}
	if !strings.Contains(err.Error(), "auth.example") || !strings.Contains(err.Error(), DefaultPrefix+"/auth-url") {
		t.Errorf("error should still name the annotation and host: %v", err)
	}
}

func TestClientCert(t *testing.T) {
	tests := []struct {
		name     string
		ann      map[string]string
		want     *model.ClientCertAuth
		wantErrs []string
	}{
		{"none", nil, nil, nil},
		{"defaults", map[string]string{"auth-tls-secret": "shop/ca"}, &model.ClientCertAuth{
			CASecrets: []string{"shop/ca"}, Mode: model.CertRequired, VerifyDepth: 1,
			Headers: []string{"ssl-client-issuer-dn", "ssl-client-subject-dn", "ssl-client-verify"},
		}, nil},
		{"optional pass cert", map[string]string{"auth-tls-secret": "ca", "auth-tls-verify-client": "optional", "auth-tls-verify-depth": "3",
			"auth-tls-pass-certificate-to-upstream": "true", "auth-tls-match-cn": "CN=(api|web)\\.corp", "auth-tls-error-page": "https://e.example/cert"},
			&model.ClientCertAuth{
				CASecrets: []string{"shop/ca"}, Mode: model.CertOptional, VerifyDepth: 3, PassCertificate: true, MatchCN: "(api|web)\\.corp", ErrorPage: "https://e.example/cert",
				Headers: []string{"ssl-client-cert", "ssl-client-issuer-dn", "ssl-client-subject-dn", "ssl-client-verify"},
			}, nil},
		{"optional_no_ca", map[string]string{"auth-tls-secret": "ca", "auth-tls-verify-client": "optional_no_ca"}, &model.ClientCertAuth{
			CASecrets: []string{"shop/ca"}, Mode: model.CertOptionalNoCA, VerifyDepth: 1, Headers: []string{"ssl-client-issuer-dn", "ssl-client-subject-dn", "ssl-client-verify"},
		}, nil},
		{"off still sets headers", map[string]string{"auth-tls-secret": "ca", "auth-tls-verify-client": "off"}, &model.ClientCertAuth{
			CASecrets: []string{"shop/ca"}, Mode: model.CertOff, VerifyDepth: 1, Headers: []string{"ssl-client-issuer-dn", "ssl-client-subject-dn", "ssl-client-verify"},
		}, nil},
		{"bad verify-client becomes on, bad depth 1", map[string]string{"auth-tls-secret": "ca", "auth-tls-verify-client": "maybe", "auth-tls-verify-depth": "deep"}, &model.ClientCertAuth{
			CASecrets: []string{"shop/ca"}, Mode: model.CertRequired, VerifyDepth: 1, Headers: []string{"ssl-client-issuer-dn", "ssl-client-subject-dn", "ssl-client-verify"},
		}, []string{`auth-tls-verify-client="maybe"`, `auth-tls-verify-depth="deep"`}},
		{"zero depth is 1", map[string]string{"auth-tls-secret": "ca", "auth-tls-verify-depth": "0"}, &model.ClientCertAuth{
			CASecrets: []string{"shop/ca"}, Mode: model.CertRequired, VerifyDepth: 1, Headers: []string{"ssl-client-issuer-dn", "ssl-client-subject-dn", "ssl-client-verify"},
		}, nil},
		{"match-cn without prefix rejects", map[string]string{"auth-tls-secret": "ca", "auth-tls-match-cn": "api"}, nil, []string{"missing prefix CN=", "Ingress rejected"}},
		{"match-cn bad regex rejects", map[string]string{"auth-tls-secret": "ca", "auth-tls-match-cn": "CN=("}, nil, []string{"not a valid regular expression"}},
		{"bad pass-certificate rejects", map[string]string{"auth-tls-secret": "ca", "auth-tls-pass-certificate-to-upstream": "sure"}, nil, []string{"not a boolean"}},
		{"bad secret name rejects", map[string]string{"auth-tls-secret": "ca;x"}, nil, []string{"invalid secret name"}},
		{"bad error page rejects", map[string]string{"auth-tls-secret": "ca", "auth-tls-error-page": "javascript:alert(1)"}, nil, []string{"not a location or URL"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, errs := reader(tt.ann).ClientCert(DefaultGlobal())
			if len(errs) == 0 && len(tt.wantErrs) > 0 {
				t.Fatalf("no error, want %v", tt.wantErrs)
			}
			joined := ""
			for _, e := range errs {
				joined += e.Error() + "\n"
			}
			for _, w := range tt.wantErrs {
				if !strings.Contains(joined, w) {
					t.Errorf("errors %q do not contain %q", joined, w)
				}
			}
			if got == nil && len(errs) > 0 && !strings.Contains(joined, "Ingress rejected") && !strings.Contains(joined, "location denied") {
				t.Errorf("no policy but the errors neither reject nor deny: %s", joined)
			}
			if diff := cmp.Diff(tt.want, got, ignoreSource); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}

func TestSatisfy(t *testing.T) {
	if s, err := reader(map[string]string{"satisfy": "any"}).Satisfy(); err != nil || s != model.SatisfyAny {
		t.Errorf("any: %s %v", s, err)
	}
	if s, err := reader(nil).Satisfy(); err != nil || s != model.SatisfyAll {
		t.Errorf("default: %s %v", s, err)
	}
	s, err := reader(map[string]string{"satisfy": "some"}).Satisfy()
	if s != model.SatisfyAll {
		t.Errorf("bad value: %s", s)
	}
	wantError(t, err, "satisfy", Ignored, "must be any or all")
}

func TestExternalAuthRejected(t *testing.T) {
	_, err := reader(map[string]string{"auth-url": "https://auth.example/check|rm"}).ExternalAuth(DefaultGlobal())
	wantError(t, err, "auth-url", Rejected, "invalid characters")
}

func TestExternalAuthProxySetHeaders(t *testing.T) {
	cms := map[string]map[string]string{
		"shop/auth-headers": {"X-Api-Key": "s3cr3t-token", "X-Tenant": "shop"},
		"shop/bad-headers":  {"X Bad": "v"},
	}
	lookup := func(ref string) (map[string]string, bool) { d, ok := cms[ref]; return d, ok }
	read := func(ref string) (*model.ExternalAuth, error) {
		ann := map[string]string{DefaultPrefix + "/auth-url": "https://auth.example/check", DefaultPrefix + "/auth-proxy-set-headers": ref}
		return New(ann, Options{Namespace: "shop", ConfigMap: lookup}).ExternalAuth(DefaultGlobal())
	}
	a, err := read("auth-headers")
	if err != nil {
		t.Fatal(err)
	}
	if len(a.SetHeaders) != 2 || a.SetHeaders["X-Api-Key"].Reveal() != "s3cr3t-token" {
		t.Fatalf("SetHeaders = %v", a.SetHeaders)
	}
	b, _ := json.Marshal(a)
	if strings.Contains(string(b), "s3cr3t") || strings.Contains(fmt.Sprintf("%+v %v", a, a.SetHeaders), "s3cr3t") {
		t.Errorf("a header value sent to the auth service leaks: %s", b)
	}
	_, err = read("missing")
	wantError(t, err, "auth-proxy-set-headers", Denied, "ConfigMap shop/missing not found")
	_, err = read("bad-headers")
	wantError(t, err, "auth-proxy-set-headers", Denied, "invalid header name")
}
