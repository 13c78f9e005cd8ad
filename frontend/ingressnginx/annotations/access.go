package annotations

import (
	"strings"

	"github.com/ingress-parity/ingress-parity/cidrset"
	"github.com/ingress-parity/ingress-parity/model"
)

// IPAccess is the allow/deny list of a location: denylist-source-range (deny rules first),
// then allowlist-source-range or its alias whitelist-source-range (allow rules, then deny
// all), each defaulting to the ConfigMap list of the same name (nginx.tmpl: deny ...; allow
// ...; deny all;). When the location has no rule at all, the ConfigMap block-cidrs apply:
// nginx inherits http-level access rules only into locations without rules of their own
// (ngx_http_access_module merge). The lists test $remote_addr, the derived client address.
// It returns nil when no rule applies. A bad list denies the location (ipallowlist/main.go,
// ipdenylist/main.go: LocationDeniedError).
func (r Reader) IPAccess(g Global) (*model.IPAccess, error) {
	acc := &model.IPAccess{Address: model.AddressClient, Default: model.Allow, DenyStatus: 403}
	deny, denyKey, err := r.cidrList(g.DenylistSourceRange, "denylist-source-range")
	if err != nil {
		return nil, err
	}
	allow, allowKey, err := r.cidrList(g.WhitelistSourceRange, "allowlist-source-range", "whitelist-source-range")
	if err != nil {
		return nil, err
	}
	if len(deny) > 0 {
		acc.Rules = append(acc.Rules, model.IPRule{Action: model.Deny, CIDRs: deny, Source: r.listSource(g, denyKey, "denylist-source-range")})
	}
	if len(allow) > 0 {
		src := r.listSource(g, allowKey, "whitelist-source-range")
		acc.Rules = append(acc.Rules, model.IPRule{Action: model.Allow, CIDRs: allow, Source: src})
		acc.Default = model.Deny
		acc.Source = src
	}
	if len(acc.Rules) == 0 && len(g.BlockCIDRs) > 0 {
		acc.Rules = append(acc.Rules, model.IPRule{Action: model.Deny, CIDRs: g.BlockCIDRs, Source: g.source("block-cidrs")})
	}
	if len(acc.Rules) == 0 {
		return nil, nil
	}
	if acc.Source == (model.Source{}) {
		acc.Source = acc.Rules[0].Source
	}
	return acc, nil
}

// cidrList reads the first set annotation of names as a CIDR list (canonical, sorted), or
// returns def when none is set. key is the annotation read ("" for the default).
func (r Reader) cidrList(def []string, names ...string) ([]string, string, error) {
	v, key, ok := r.get(names...)
	if !ok {
		return def, "", nil
	}
	if strings.TrimSpace(v) == "" { // parser.parseString: invalid annotation content
		return nil, key, r.fail(key, v, Denied, "empty value")
	}
	set, err := cidrset.Parse(v)
	if err != nil {
		return nil, key, r.fail(key, v, Denied, "%v", err)
	}
	return prefixStrings(set), key, nil
}

// listSource is the annotation's source, or the ConfigMap key's when the default applied.
func (r Reader) listSource(g Global, key, configKey string) model.Source {
	if key != "" {
		return r.source(key)
	}
	return g.source(configKey)
}
