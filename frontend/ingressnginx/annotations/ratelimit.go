package annotations

import (
	"github.com/ingress-parity/ingress-parity/cidrset"
	"github.com/ingress-parity/ingress-parity/model"
)

// defaultBurstMultiplier is limit-burst-multiplier's default (ratelimit/main.go defBurst).
const defaultBurstMultiplier = 5

// RateLimit reads limit-rps, limit-rpm, limit-connections, limit-burst-multiplier and
// limit-allowlist (alias limit-whitelist) (ratelimit/main.go). Limits count per client
// address ($binary_remote_addr); the burst is the rate times the multiplier. A non-integer
// limit or an allow list that fails ValidateCIDRs rejects the whole Ingress (the parser
// passes the validation error on); a bad multiplier falls back to 5. Nil when no limit is set.
func (r Reader) RateLimit(g Global) (*model.RateLimit, []error) {
	var errs []error
	rejected := false
	intOf := func(name string, effect Effect) int {
		v, key, ok := r.get(name)
		if !ok || v == "" { // empty: no validation, parseInt fails, treated as unset
			return 0
		}
		n, err := ParseInt(v)
		if err != nil {
			errs = append(errs, r.fail(key, v, effect, "not an integer"))
			rejected = rejected || effect == Rejected
			return 0
		}
		return n
	}
	rps, rpm, conn := intOf("limit-rps", Rejected), intOf("limit-rpm", Rejected), intOf("limit-connections", Rejected)
	mult := defaultBurstMultiplier
	if _, _, ok := r.get("limit-burst-multiplier"); ok {
		if m := intOf("limit-burst-multiplier", Ignored); m != 0 {
			mult = m
		}
	}
	if rejected {
		return nil, errs
	}
	if rps <= 0 && rpm <= 0 && conn <= 0 {
		return nil, errs
	}
	rl := &model.RateLimit{RequestsPerSecond: rps, RequestsPerMinute: rpm, Connections: conn, Key: "client-ip", Status: g.LimitReqStatusCode}
	// nginx applies the per-second zone's burst when both are set (limit_req for each).
	if rps > 0 {
		rl.Burst = rps * mult
	} else {
		rl.Burst = rpm * mult
	}
	if v, key, ok := r.get("limit-allowlist", "limit-whitelist"); ok && v != "" {
		set, err := cidrset.Parse(v)
		if err != nil {
			return nil, append(errs, r.fail(key, v, Rejected, "%v", err))
		}
		rl.Exempt = prefixStrings(set)
	}
	for _, n := range []string{"limit-rps", "limit-rpm", "limit-connections"} {
		if _, key, ok := r.get(n); ok {
			rl.Source = r.source(key)
			break
		}
	}
	return rl, errs
}
