package annotations

import (
	"regexp"
	"strings"

	"github.com/ingress-parity/ingress-parity/model"
)

// ClientCert reads auth-tls-secret, auth-tls-verify-client, auth-tls-verify-depth,
// auth-tls-pass-certificate-to-upstream, auth-tls-match-cn and auth-tls-error-page
// (authtls/main.go). It returns nil without auth-tls-secret. A bad verify-client becomes
// "on" (required) and a bad or zero depth becomes 1, both silently; the error is returned
// with Effect Ignored. Bad secret names, pass-certificate, match-cn and error-page values fail
// their validators and reject the Ingress. ingress-nginx applies the result per server
// (host), not per location.
// The upstream always gets ssl-client-verify, ssl-client-subject-dn and ssl-client-issuer-dn,
// and ssl-client-cert when the certificate is passed; they replace client copies.
func (r Reader) ClientCert(g Global) (*model.ClientCertAuth, []error) {
	sec, secKey, ok := r.get("auth-tls-secret")
	if !ok {
		return nil, nil
	}
	if !valid(sec, basicCharsRe, true) {
		return nil, []error{r.fail(secKey, sec, Rejected, "invalid secret name")}
	}
	ref, err := r.secretRef(g, secKey, sec)
	if err != nil {
		return nil, []error{err}
	}
	var errs []error
	c := &model.ClientCertAuth{CASecrets: []string{ref}, Mode: model.CertRequired, VerifyDepth: 1, Source: r.source(secKey)}
	if v, key, ok := r.get("auth-tls-verify-client"); ok {
		switch v {
		case "on":
		case "off":
			c.Mode = model.CertOff
		case "optional":
			c.Mode = model.CertOptional
		case "optional_no_ca":
			c.Mode = model.CertOptionalNoCA
		default:
			errs = append(errs, r.fail(key, v, Ignored, "must be on, off, optional or optional_no_ca; on is used"))
		}
	}
	if v, key, ok := r.get("auth-tls-verify-depth"); ok {
		n, err := ParseInt(v)
		switch {
		case err != nil:
			errs = append(errs, r.fail(key, v, Ignored, "%v; 1 is used", err))
		case n < 0:
			errs = append(errs, r.fail(key, v, Ignored, "negative depth; 1 is used"))
		case n > 0:
			c.VerifyDepth = n
		}
	}
	if v, key, ok := r.get("auth-tls-pass-certificate-to-upstream"); ok {
		b, err := ParseBool(v)
		if err != nil {
			return nil, append(errs, r.fail(key, v, Rejected, "%v", err))
		}
		c.PassCertificate = b
	}
	if v, key, ok := r.get("auth-tls-match-cn"); ok {
		if !strings.HasPrefix(v, "CN=") {
			return nil, append(errs, r.fail(key, v, Rejected, "missing prefix CN="))
		}
		if _, err := regexp.Compile(v[3:]); err != nil {
			return nil, append(errs, r.fail(key, v, Rejected, "not a valid regular expression"))
		}
		c.MatchCN = v[3:]
	}
	if v, key, ok := r.get("auth-tls-error-page"); ok && v != "" {
		if !valid(v, errorPageRe, true) {
			return nil, append(errs, r.fail(key, v, Rejected, "not a location or URL"))
		}
		c.ErrorPage = strings.TrimSpace(v)
	}
	c.Headers = []string{"ssl-client-issuer-dn", "ssl-client-subject-dn", "ssl-client-verify"}
	if c.PassCertificate {
		c.Headers = append([]string{"ssl-client-cert"}, c.Headers...)
	}
	return c, errs
}
