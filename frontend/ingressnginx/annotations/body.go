package annotations

import "github.com/ingress-parity/ingress-parity/model"

// BodyLimit reads proxy-body-size, defaulting to the ConfigMap's (1m); nginx answers 413
// above it and "0" disables the check (client_max_body_size). A bad value falls back to the
// default (proxy/main.go). Nil when the effective limit is 0.
func (r Reader) BodyLimit(g Global) (*model.BodyLimit, error) {
	size, src := g.ProxyBodySize, g.source("proxy-body-size")
	var bad error
	if v, key, ok := r.get("proxy-body-size"); ok {
		if _, err := ParseSize(v); err != nil {
			bad = r.fail(key, v, Ignored, "%v; %s is used", err, g.ProxyBodySize)
		} else {
			size, src = v, r.source(key)
		}
	}
	n, err := ParseSize(size)
	if err != nil { // a Global built by hand with a bad size
		return nil, r.fail("proxy-body-size", size, Ignored, "%v", err)
	}
	if n == 0 {
		return nil, bad
	}
	return &model.BodyLimit{MaxBytes: n, Status: 413, Source: src}, bad
}
