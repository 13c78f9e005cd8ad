// Package finding holds the result of a comparison: findings with witnesses and the
// decisions of both sides, in the shape of the documented JSON contract (docs/json.md).
// Analyses (equiv, reach, probe) produce these values; report writers print them.
package finding

import (
	"github.com/ingress-parity/ingress-parity/model"
)

// Severity grades a finding.
type Severity string

const (
	Critical Severity = "critical"
	High     Severity = "high"
	Medium   Severity = "medium"
	Low      Severity = "low"
	Info     Severity = "info"
)

// Severities lists the severities from most to least severe.
var Severities = []Severity{Critical, High, Medium, Low, Info}

// Rank is 4 for critical down to 0 for info, and -1 for an unknown severity.
func (s Severity) Rank() int {
	for i, v := range Severities {
		if v == s {
			return len(Severities) - 1 - i
		}
	}
	return -1
}

// ParseSeverity accepts a severity name, or "none" (nothing fails), case-sensitively.
func ParseSeverity(s string) (Severity, bool) {
	if s == "none" {
		return Severity("none"), true
	}
	sev := Severity(s)
	return sev, sev.Rank() >= 0
}

// Category says what kind of difference a finding is.
type Category string

const (
	// Misroute: both sides forward, to different backends.
	Misroute Category = "misroute"
	// Breakage: the old side served the request, the new side refuses or cannot route it.
	Breakage Category = "breakage"
	// Exposure: the new side serves a request the old side refused.
	Exposure Category = "exposure"
	// RedirectDiff: a redirect appeared, vanished or points elsewhere.
	RedirectDiff Category = "redirect"
	// RewriteDiff: the same backend receives a different path or host.
	RewriteDiff Category = "rewrite"
	// Fidelity: a lesser difference (header edits, weights, mirrors, protocol), or an object
	// that does not take effect as written.
	Fidelity Category = "fidelity"
	// Identity: the upstream receives different identity context.
	Identity Category = "identity"
)

// Verdict is the overall answer of a comparison.
type Verdict string

const (
	Equivalent Verdict = "equivalent"
	Different  Verdict = "different"
	Incomplete Verdict = "incomplete"
)

// Tool names the program that produced a result.
type Tool struct {
	Name    string `json:"name"`
	Version string `json:"version"`
}

// Result is the outcome of comparing two sides.
type Result struct {
	Tool     Tool      `json:"tool"`
	Verdict  Verdict   `json:"verdict"`
	Summary  Summary   `json:"summary"`
	Findings []Finding `json:"findings"`
	// Incomplete lists what could not be proven (opaque routes, state caps), each with its source.
	Incomplete []Gap `json:"incomplete,omitempty"`
}

// Summary counts findings by severity.
type Summary struct {
	Findings int `json:"findings"`
	Critical int `json:"critical"`
	High     int `json:"high"`
	Medium   int `json:"medium"`
	Low      int `json:"low"`
	Info     int `json:"info"`
}

// Add counts one finding of severity s.
func (s *Summary) Add(sev Severity) {
	s.Findings++
	switch sev {
	case Critical:
		s.Critical++
	case High:
		s.High++
	case Medium:
		s.Medium++
	case Low:
		s.Low++
	case Info:
		s.Info++
	}
}

// Gap is a part of the request space that could not be proven.
type Gap struct {
	Reason string       `json:"reason"`
	Host   string       `json:"host,omitempty"`
	Source model.Source `json:"source"`
}

// Finding is one difference between the sides, shown by a concrete witness request.
type Finding struct {
	// ID is stable across runs for the same inputs: category plus a hash of both routes.
	ID       string   `json:"id"`
	Category Category `json:"category"`
	Severity Severity `json:"severity"`
	Title    string   `json:"title"`
	// Witness is the shortest request that shows the difference.
	Witness Witness `json:"witness"`
	// Curl replays the witness against an address.
	Curl string `json:"curl"`
	// Count is how many distinct request classes show this same difference (at least 1).
	Count       int       `json:"count"`
	Old         *Decision `json:"old,omitempty"`
	New         *Decision `json:"new,omitempty"`
	Explanation string    `json:"explanation"`
	// Controls are the control ids the finding bears on (NIST CSF 2.0, CSF 1.1, OWASP NHI).
	Controls []string `json:"controls,omitempty"`
}

// Witness is a concrete request. Secrets are never put in one: credentials are synthetic.
type Witness struct {
	Method   string            `json:"method"`
	Scheme   string            `json:"scheme"`
	Host     string            `json:"host"`
	Port     int32             `json:"port"`
	Path     string            `json:"path"`
	Query    string            `json:"query,omitempty"`
	Headers  map[string]string `json:"headers"`
	ClientIP string            `json:"clientIP,omitempty"`
	// ProxyAddr is the source address of a PROXY protocol header (empty: none).
	ProxyAddr string `json:"proxyAddr,omitempty"`
	// Credentials and ClientCert name the classes of credentials and client certificate
	// presented (empty: none); they are classes, never secret values.
	Credentials string `json:"credentials,omitempty"`
	ClientCert  string `json:"clientCert,omitempty"`
}

// WitnessOf converts a model request.
func WitnessOf(r model.Request) Witness {
	w := Witness{Method: r.Method, Scheme: string(r.Scheme), Host: r.Host, Port: r.Port, Path: r.Path, Query: r.Query, Headers: map[string]string{}, ClientIP: r.ClientIP, ProxyAddr: r.ProxyAddr, Credentials: r.Credentials, ClientCert: r.ClientCert}
	for k, v := range r.Headers {
		if len(v) > 0 {
			w.Headers[k] = v[0]
		}
	}
	return w
}

// Decision is what one side does with a witness, traced to its source.
type Decision struct {
	Decision     string    `json:"decision"`
	Status       int       `json:"status,omitempty"`
	Backends     []Backend `json:"backends,omitempty"`
	UpstreamPath string    `json:"upstreamPath,omitempty"`
	UpstreamHost string    `json:"upstreamHost,omitempty"`
	Location     string    `json:"location,omitempty"`
	Reason       string    `json:"reason,omitempty"`
	// EntryPoint is the address that answered ("ingress-nginx", "gateway/ns/name").
	EntryPoint string    `json:"entryPoint,omitempty"`
	Route      *RouteRef `json:"route,omitempty"`
}

// Backend is one weighted upstream of a forward decision.
type Backend struct {
	Namespace string `json:"namespace"`
	Service   string `json:"service"`
	Port      int32  `json:"port,omitempty"`
	PortName  string `json:"portName,omitempty"`
	Weight    int32  `json:"weight"`
	Invalid   string `json:"invalid,omitempty"`
}

// RouteRef points at the rule that decided.
type RouteRef struct {
	Kind      string `json:"kind"`
	Namespace string `json:"namespace,omitempty"`
	Name      string `json:"name,omitempty"`
	Rule      string `json:"rule,omitempty"`
	File      string `json:"file,omitempty"`
	Line      int    `json:"line,omitempty"`
}

// RouteRefOf converts a source; nil when the source is empty.
func RouteRefOf(s model.Source) *RouteRef {
	if s == (model.Source{}) {
		return nil
	}
	return &RouteRef{Kind: s.Kind, Namespace: s.Namespace, Name: s.Name, Rule: s.Field, File: s.File, Line: s.Line}
}

// DecisionOf converts a resolution. The route reference is the deciding route's source
// when a route matched, else the outcome's source (fallback, listener).
func DecisionOf(res model.Resolution) *Decision {
	o := res.Outcome
	d := &Decision{Decision: string(o.Kind), Status: o.Status, UpstreamPath: o.UpstreamPath, UpstreamHost: o.UpstreamHost, Location: o.Location, Reason: o.Reason, EntryPoint: res.EntryPoint}
	for _, b := range o.Backends {
		d.Backends = append(d.Backends, Backend{Namespace: b.Namespace, Service: b.Service, Port: b.Port, PortName: b.PortName, Weight: b.Weight, Invalid: b.Invalid})
	}
	src := o.Source
	if res.Route != nil {
		src = res.Route.Source
	}
	d.Route = RouteRefOf(src)
	return d
}
