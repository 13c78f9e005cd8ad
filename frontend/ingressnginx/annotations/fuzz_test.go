package annotations

import (
	"errors"
	"strings"
	"testing"
)

// annotationNames are every annotation the parsers read.
var annotationNames = []string{
	"allowlist-source-range", "whitelist-source-range", "denylist-source-range",
	"auth-type", "auth-secret", "auth-secret-type", "auth-realm",
	"auth-url", "auth-method", "auth-signin", "auth-response-headers", "auth-proxy-set-headers", "enable-global-auth",
	"auth-tls-secret", "auth-tls-verify-client", "auth-tls-verify-depth", "auth-tls-pass-certificate-to-upstream",
	"auth-tls-match-cn", "auth-tls-error-page", "satisfy",
	"limit-rps", "limit-rpm", "limit-connections", "limit-burst-multiplier", "limit-allowlist", "limit-whitelist",
	"enable-cors", "cors-allow-origin", "cors-allow-headers", "cors-allow-methods", "cors-allow-credentials",
	"cors-expose-headers", "cors-max-age", "proxy-body-size",
}

// FuzzPolicy sets one annotation (chosen by index) to an arbitrary value next to a valid
// baseline: no panic, and every error is an *Error naming a key of the input.
func FuzzPolicy(f *testing.F) {
	f.Add(uint8(0), "10.0.0.0/8")
	f.Add(uint8(7), "https://user:pw@auth/x")
	f.Add(uint8(16), "CN=(")
	f.Add(uint8(29), "https://*.a.example:1")
	f.Add(uint8(33), "99999999999g")
	f.Fuzz(func(t *testing.T, which uint8, value string) {
		short := map[string]string{"auth-type": "basic", "auth-secret": "s", "auth-tls-secret": "ca", "enable-cors": "true", "limit-rps": "1"}
		short[annotationNames[int(which)%len(annotationNames)]] = value
		g := DefaultGlobal()
		res := reader(short).Policy(g)
		if res.Policy == nil {
			t.Fatal("nil policy")
		}
		for _, err := range res.Errors {
			var e *Error
			if !errors.As(err, &e) {
				t.Fatalf("error %v is %T, want *Error", err, err)
			}
			if !strings.HasPrefix(e.Key, DefaultPrefix+"/") {
				t.Fatalf("error key %q is not an annotation", e.Key)
			}
			if e.Effect == Denied && !res.Denied {
				t.Fatal("a denying error without Denied")
			}
			if e.Effect == Rejected && !res.Rejected {
				t.Fatal("a rejecting error without Rejected")
			}
		}
	})
}

func FuzzParseGlobal(f *testing.F) {
	keys := []string{"use-forwarded-headers", "proxy-real-ip-cidr", "global-auth-url", "global-auth-response-headers",
		"hsts-max-age", "proxy-body-size", "forwarded-for-header", "block-cidrs", "limit-req-status-code"}
	f.Add(uint8(1), "10.0.0.0/8,::/0")
	f.Add(uint8(2), "https://a:b@auth.example/x?y")
	f.Fuzz(func(t *testing.T, which uint8, value string) {
		key := keys[int(which)%len(keys)]
		g, errs := ParseGlobal(map[string]string{key: value}, GlobalOptions{})
		if len(errs) > 1 {
			t.Fatalf("one key, %d errors: %v", len(errs), errs)
		}
		for _, err := range errs {
			if !strings.HasPrefix(err.Error(), key+"=") {
				t.Fatalf("error does not name %s: %v", key, err)
			}
		}
		_ = g.ClientIP()
		_ = g.UpstreamHeaders()
	})
}

func FuzzParseSize(f *testing.F) {
	for _, s := range []string{"1m", "8k", "0", "10G", "1.5m", "9223372036854775807"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		n, err := ParseSize(s)
		if err == nil && n < 0 {
			t.Fatalf("ParseSize(%q) = %d", s, n)
		}
	})
}

func FuzzParseDuration(f *testing.F) {
	for _, s := range []string{"5s", "1h 30m", "500ms", "1M", "99999999999999y"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, err := ParseDuration(s)
		if err == nil && d < 0 {
			t.Fatalf("ParseDuration(%q) = %v", s, d)
		}
	})
}

func FuzzParseHeaderList(f *testing.F) {
	f.Add("X-User, X-Email")
	f.Fuzz(func(t *testing.T, s string) {
		hs, err := ParseHeaderList(s)
		if err != nil {
			return
		}
		for _, h := range hs {
			if h == "" || strings.ContainsAny(h, " ,:\r\n") {
				t.Fatalf("bad header %q accepted from %q", h, s)
			}
		}
	})
}
