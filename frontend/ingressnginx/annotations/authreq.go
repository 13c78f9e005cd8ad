package annotations

import (
	"strings"

	"github.com/ingress-parity/ingress-parity/model"
)

// ExternalAuth reads auth-url, auth-method, auth-signin, auth-response-headers and
// auth-proxy-set-headers (authreq/main.go). An auth-url with characters the validator
// refuses rejects the Ingress; one that passes but does not parse as an http(s) URL denies
// the location. Without auth-url, the ConfigMap global-auth-url
// applies unless enable-global-auth is "false" (template.go shouldApplyGlobalAuth). Any 2xx
// from the auth service allows (nginx auth_request). Each response header is set with
// auth_request_set + proxy_set_header, so an absent one removes the client's copy
// (ClientCopyRemoved). The auth-proxy-set-headers ConfigMap is referenced, not read.
func (r Reader) ExternalAuth(g Global) (*model.ExternalAuth, error) {
	raw, urlKey, ok := r.get("auth-url")
	if !ok || raw == "" {
		return r.globalAuth(g)
	}
	if !valid(raw, urlWithVarRe, true) {
		return nil, r.fail(urlKey, raw, Rejected, "invalid characters in auth-url")
	}
	if err := checkAuthURL(raw); err != nil {
		return nil, r.fail(urlKey, raw, Denied, "could not parse auth-url: %v", err)
	}
	a := &model.ExternalAuth{URL: strings.TrimSpace(raw), ClientCopy: model.ClientCopyRemoved, Source: r.source(urlKey)}
	if m, key, ok := r.get("auth-method"); ok && m != "" {
		if !methodRe.MatchString(m) {
			return nil, r.fail(key, m, Denied, "invalid HTTP method")
		}
		a.Method = m
	}
	if s, _, ok := r.get("auth-signin"); ok && valid(s, urlWithVarRe, true) {
		a.SigninURL = strings.TrimSpace(s) // an invalid one is only logged (authreq/main.go)
	}
	if h, key, ok := r.get("auth-response-headers"); ok {
		hs, err := ParseHeaderList(h)
		if err != nil {
			return nil, r.fail(key, h, Denied, "invalid headers list: %v", err)
		}
		a.ResponseHeaders = hs
	}
	if ref, key, ok := r.get("auth-proxy-set-headers"); ok && strings.TrimSpace(ref) != "" && valid(ref, basicCharsRe, true) {
		q, err := r.secretRef(g, key, ref)
		if err != nil {
			return nil, err
		}
		a.SetHeadersRef = q
		if r.opts.ConfigMap != nil {
			data, found := r.opts.ConfigMap(q)
			if !found {
				return nil, r.fail(key, ref, Denied, "ConfigMap %s not found", q)
			}
			a.SetHeaders = make(map[string]model.Secret, len(data))
			for name, v := range data {
				if !headerNameRe.MatchString(name) {
					return nil, r.fail(key, ref, Denied, "ConfigMap %s: invalid header name %q", q, name)
				}
				a.SetHeaders[name] = model.Secret(v) // may hold a token: never printed
			}
		}
	}
	return a, nil
}

// globalAuth is the ConfigMap's global auth, unless enable-global-auth turns it off.
func (r Reader) globalAuth(g Global) (*model.ExternalAuth, error) {
	if g.GlobalAuth == nil {
		return nil, nil
	}
	if v, key, ok := r.get("enable-global-auth"); ok {
		on, err := ParseBool(v)
		if err != nil {
			ga := *g.GlobalAuth
			return &ga, r.fail(key, v, Ignored, "%v", err)
		}
		if !on {
			return nil, nil
		}
	}
	ga := *g.GlobalAuth
	return &ga, nil
}
