package model

import (
	"fmt"
	"slices"
	"strings"
)

// Describe is a rate limit in words: "10 rps burst 50 per client-ip, exempt [10.0.0.0/8]"
// ("" for none or no limit). Without burst it leaves the burst out: nginx's limit_req (a
// leaky bucket, burst on top of the rate) and Envoy's local rate limit (a token bucket
// refilled each interval) shape bursts differently whatever the numbers, so comparisons
// hold the sustained rate equal. Exemptions are sorted.
func (r *RateLimit) Describe(burst bool) string {
	if r == nil {
		return ""
	}
	var parts []string
	if r.RequestsPerSecond > 0 {
		parts = append(parts, fmt.Sprintf("%d rps", r.RequestsPerSecond))
	}
	if r.RequestsPerMinute > 0 {
		parts = append(parts, fmt.Sprintf("%d rpm", r.RequestsPerMinute))
	}
	if burst && r.Burst > 0 {
		parts = append(parts, fmt.Sprintf("burst %d", r.Burst))
	}
	if r.Connections > 0 {
		parts = append(parts, fmt.Sprintf("%d connections", r.Connections))
	}
	if len(parts) == 0 {
		return ""
	}
	switch key := r.Key; {
	case key == "" || key == "client-ip":
		parts = append(parts, "per client-ip")
	case key == "global":
		parts = append(parts, "global")
	default:
		parts = append(parts, "per "+strings.ReplaceAll(key, ":", " "))
	}
	s := strings.Join(parts, " ")
	if len(r.Exempt) > 0 {
		ex := slices.Clone(r.Exempt)
		slices.Sort(ex)
		s += ", exempt [" + strings.Join(ex, " ") + "]"
	}
	return s
}
