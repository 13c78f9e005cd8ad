// Package estategen generates synthetic ingress-nginx estates and their faithful Gateway API
// (Envoy Gateway) translation, for benchmarks and scale tests of ingress-parity.
//
// The estate is deterministic for a seed. Its shape, for N Ingresses:
//   - about N/2 hosts (two Ingresses per host), 25 hosts per team namespace;
//   - 4 to 6 paths per Ingress (about 5N paths), every path with its own first segment so that
//     no two paths of a host overlap and precedence never decides the outcome;
//   - every tenth host is a regex host (use-regex on all its Ingresses), so a tenth of the paths
//     are nginx `~*` regex locations; every twentieth host also carries rewrite-target "/";
//   - every twentieth host has a canary Ingress (alternately by weight and by header);
//   - half of the hosts have TLS (and so an HTTP->HTTPS 308 redirect).
//
// The Gateway API side is what a careful engineer writes: one Gateway per team namespace with
// an HTTP and an HTTPS listener per host, merged into one data plane by an EnvoyProxy with
// mergeGateways; regex hosts become case-insensitive RegularExpression matches with a trailing
// `(?s:.*)` (nginx regex locations are anchored at the start only); ImplementationSpecific
// paths without regex are Prefix in ingress-nginx and become PathPrefix.
package estategen

import "bytes"

// Options say which estate to generate.
type Options struct {
	// Ingresses is the number of Ingress objects (at least 1).
	Ingresses int
	// Seed makes the estate deterministic: the same options give the same bytes.
	Seed uint64
	// Identity adds identity controls to a third of the (non-canary) Ingresses, rotating
	// allowlist-source-range, auth-url and auth-tls-secret; the Gateway side gets Envoy Gateway
	// SecurityPolicies for the first two (client certificates are left untranslated, a drift
	// for the identity analysis to find).
	Identity bool
	// DriftEvery plants one known routing drift on every DriftEvery-th non-regex host (0: none):
	// its first Ingress gets use-regex, which in nginx makes every path of the host a
	// case-insensitive regex anchored at the start only, while the translation keeps the
	// case-sensitive Exact and PathPrefix matches (`/Foo`, and `/foobar` for Exact `/foo`, drift).
	DriftEvery int
}

// Generate returns the old (ingress-nginx) and new (Gateway API) estates as multi-document YAML.
func Generate(opts Options) (old, new []byte) {
	e := plan(opts)
	var o, n bytes.Buffer
	writeOld(&o, e)
	writeNew(&n, e, opts)
	return o.Bytes(), n.Bytes()
}
