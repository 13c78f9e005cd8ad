package annotations

import (
	"strings"

	"github.com/ingress-parity/ingress-parity/model"
)

// BasicAuth reads auth-type, auth-secret, auth-secret-type and auth-realm (auth/main.go).
// It returns nil when auth-type is unset. auth-type is validated with the unanchored pattern
// `basic|digest` and the template compares it with "basic": any other accepted value
// ("digest", but also "xbasic") selects digest authentication; a value the validator
// refuses rejects the whole Ingress, as do bad auth-secret-type and auth-realm values. nginx
// strips the Authorization header before the upstream (nginx.tmpl: proxy_set_header
// Authorization "").
func (r Reader) BasicAuth(g Global) (*model.BasicAuth, error) {
	at, atKey, ok := r.get("auth-type")
	if !ok {
		return nil, nil
	}
	if at == "" {
		return nil, r.fail(atKey, at, Ignored, "empty value; no authentication")
	}
	if !valid(at, authTypeRe, true) {
		return nil, r.fail(atKey, at, Rejected, "invalid authentication type (want basic or digest)")
	}
	sec, secKey, ok := r.get("auth-secret")
	if !ok || strings.TrimSpace(sec) == "" {
		return nil, r.fail(r.key("auth-secret"), "", Denied, "auth-type is set but auth-secret is missing")
	}
	if !valid(sec, basicCharsRe, true) {
		return nil, r.fail(secKey, sec, Denied, "invalid secret name")
	}
	ref, err := r.secretRef(g, secKey, sec)
	if err != nil {
		return nil, err
	}
	b := &model.BasicAuth{Secret: ref, SecretKey: "auth", Digest: at != "basic", StripAuthorization: true, Source: r.source(atKey)}
	if st, stKey, ok := r.get("auth-secret-type"); ok && st != "" {
		switch {
		case !valid(st, authSecretTypeRe, true):
			return nil, r.fail(stKey, st, Rejected, "must be auth-file or auth-map")
		case st == "auth-file":
		case st == "auth-map":
			b.SecretKey = "" // every key is a user, every value a password hash
		default: // passes the unanchored validator, fails the switch
			return nil, r.fail(stKey, st, Denied, "must be auth-file or auth-map")
		}
	}
	if realm, realmKey, ok := r.get("auth-realm"); ok {
		if !valid(realm, charsWithSpaceRe, false) {
			return nil, r.fail(realmKey, realm, Rejected, "invalid characters in realm")
		}
		b.Realm = realm
	}
	return b, nil
}

// secretRef qualifies a "name" or "ns/name" reference and refuses other namespaces unless
// the ConfigMap allows them (allow-cross-namespace-resources).
func (r Reader) secretRef(g Global, key, ref string) (string, error) {
	ref = strings.TrimSpace(ref)
	parts := strings.Split(ref, "/")
	if len(parts) > 2 || parts[len(parts)-1] == "" || (len(parts) == 2 && parts[0] == "") {
		return "", r.fail(key, ref, Denied, "not a name or namespace/name")
	}
	q := r.qualify(ref)
	if !g.AllowCrossNamespaceResources && !strings.HasPrefix(q, r.opts.Namespace+"/") {
		return "", r.fail(key, ref, Denied, "cross-namespace reference not allowed (allow-cross-namespace-resources is false)")
	}
	return q, nil
}

// Satisfy reads satisfy: "any" or "all"; anything else leaves nginx's default (all).
func (r Reader) Satisfy() (model.Satisfy, error) {
	v, key, ok := r.get("satisfy")
	if !ok {
		return model.SatisfyAll, nil
	}
	switch v {
	case "any":
		return model.SatisfyAny, nil
	case "all":
		return model.SatisfyAll, nil
	}
	return model.SatisfyAll, r.fail(key, v, Ignored, "must be any or all")
}
