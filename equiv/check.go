// Package equiv checks whether two edge models route every request the same way.
//
// Check partitions the request space: entry point (scheme, port) x host class x non-path
// class (method, header, query and cookie values named by some match) x path, where the
// path dimension is searched symbolically by one product automaton over the path patterns
// of both sides. Every reachable automaton state where the two sides decide differently
// becomes a concrete witness request; witnesses are grouped into findings per pair of
// deciding routes and category. Parts that cannot be proven (opaque routes, state caps,
// regex values without a member) become gaps, and the verdict is then "incomplete" unless
// a difference was found.
package equiv

import (
	"github.com/ingress-parity/ingress-parity/finding"
	"github.com/ingress-parity/ingress-parity/model"
)

// DefaultMaxStates is the state cap of one path exploration when Options.MaxStates is 0.
const DefaultMaxStates = 200000

// DefaultMaxClasses is the cap on non-path classes per host when Options.MaxClasses is 0.
const DefaultMaxClasses = 256

// DefaultCurlAddress is the address curl commands connect to when Options.CurlAddress is empty.
const DefaultCurlAddress = "127.0.0.1"

// Options tune a check.
type Options struct {
	// MaxStates caps the automaton states of one path exploration (0: DefaultMaxStates).
	MaxStates int
	// MaxClasses caps the non-path classes explored per host (0: DefaultMaxClasses).
	MaxClasses int
	// CurlAddress is the address used in the --resolve option of curl commands.
	CurlAddress string
	// Tool names the program in the result.
	Tool finding.Tool
	// ResolvePort maps a named service port to its number (from the Service objects), so a
	// numbered backend port on one side and a named one on the other compare equal. Nil:
	// named ports are only equal to the same name.
	ResolvePort func(namespace, service, portName string) (int32, bool)
	// IdentityHeaders are further header names that carry caller identity to the upstreams
	// (X-User, X-Tenant ...): a client-supplied value that reaches the upstream on the new
	// side but not on the old is a finding, like X-Forwarded-For and auth answer headers.
	IdentityHeaders []string
	// AuthAnswers are the statuses the external auth services may answer (nil: every class
	// that matters: 200, 204, 401, 403, 500, and -1 for unreachable). A team whose services
	// answer only 200 to allow says so, and the difference between nginx's "any 2xx allows"
	// and Envoy's "only 200 allows" is then no longer a breakage.
	AuthAnswers []int
}

func (o Options) withDefaults() Options {
	if o.MaxStates <= 0 {
		o.MaxStates = DefaultMaxStates
	}
	if o.MaxClasses <= 0 {
		o.MaxClasses = DefaultMaxClasses
	}
	if o.CurlAddress == "" {
		o.CurlAddress = DefaultCurlAddress
	}
	return o
}

// Check compares old and new and returns the findings, gaps and verdict. A nil model is
// treated as one with no entry points (every request is refused).
func Check(old, new *model.Model, opts Options) *finding.Result {
	if old == nil {
		old = &model.Model{}
	}
	if new == nil {
		new = &model.Model{}
	}
	c := &checker{old: old, new: new, opts: opts.withDefaults(), groups: map[groupKey]*group{}, gaps: map[finding.Gap]bool{}}
	c.run()
	return c.result()
}
