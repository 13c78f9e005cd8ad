// Package probe sends the same requests to a live OLD and NEW edge, compares what each
// answered (status, redirect, security headers, body, and what witness backends received),
// filters the differences the old side shows against itself (noise), and checks each answer
// against what the static model predicted (model fidelity).
package probe

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"strings"
)

// PlanVersion is the version of the plan file format this package reads and writes.
const PlanVersion = 1

// Plan is a reviewable, editable list of probes (ingress-parity plan -o plan.json).
type Plan struct {
	Version int     `json:"version"`
	Probes  []Probe `json:"probes"`
}

// Probe is one request to send to both sides, with why it was planned and what the
// model predicts on each side.
type Probe struct {
	// ID is unique within a plan and stable across runs for the same inputs.
	ID string `json:"id"`
	// Class groups probes whose noise is learned together ("route", "boundary/trailing-slash",
	// "finding", "identity/forged-xff", "corpus").
	Class string `json:"class"`
	// Why says what the probe exercises: the route or finding it came from.
	Why      string    `json:"why,omitempty"`
	Request  Request   `json:"request"`
	Identity *Identity `json:"identity,omitempty"`
	// Proxy is the PROXY protocol header each side's connection starts with (nil: the
	// side's default, see Target.Proxy).
	Proxy *ProxyPlan `json:"proxy,omitempty"`
	// Predicted is the model's outcome on each side; absent for corpus probes.
	Predicted *Predicted `json:"predicted,omitempty"`
}

// Request is what a probe sends. The Host header and TLS SNI are Host; the connection
// goes to the side's address for Scheme (as curl --resolve does).
type Request struct {
	Method string `json:"method"`
	Scheme string `json:"scheme"`
	Host   string `json:"host"`
	// Port is the port the client believes it talks to (it appears in the Host header
	// when not the scheme's default); the connection goes to the side's address.
	Port int32 `json:"port,omitempty"`
	// Path is sent exactly as written: escapes, double slashes and dot segments are kept.
	Path  string `json:"path"`
	Query string `json:"query,omitempty"`
	// Headers are sent as given (one value each).
	Headers map[string]string `json:"headers,omitempty"`
}

// Identity is the caller identity a probe presents. Secrets are never inline: tokens
// and keys are read from files or environment variables named here.
type Identity struct {
	// Kind is "none", "basic", "bearer", "jwt", "client-cert" or "forged".
	Kind string `json:"kind"`
	// BasicUser and BasicPasswordEnv give HTTP basic credentials (password from the environment).
	BasicUser        string `json:"basicUser,omitempty"`
	BasicPasswordEnv string `json:"basicPasswordEnv,omitempty"`
	// BearerTokenFile holds a bearer token or a JWT signed with a key the user supplied.
	BearerTokenFile string `json:"bearerTokenFile,omitempty"`
	// JWT asks for a fresh token signed at send time with a key the user supplies.
	JWT *JWTSpec `json:"jwt,omitempty"`
	// Invalid marks deliberately wrong credentials: the value is synthetic, not a secret.
	Invalid bool `json:"invalid,omitempty"`
	// ClientCertFile and ClientKeyFile are a PEM client certificate and key to present.
	ClientCertFile string `json:"clientCertFile,omitempty"`
	ClientKeyFile  string `json:"clientKeyFile,omitempty"`
}

// Predicted is what the model says each side does with a probe.
type Predicted struct {
	Old *Prediction `json:"old,omitempty"`
	New *Prediction `json:"new,omitempty"`
}

// Prediction is one side's modelled outcome, in the terms a live answer can be checked against.
type Prediction struct {
	// Decision is "forward", "redirect" or "reject".
	Decision string `json:"decision"`
	// Status is the redirect or reject status (0 for forward).
	Status int `json:"status,omitempty"`
	// Backends are "ns/service" names of the forward targets (any one may answer).
	Backends []string `json:"backends,omitempty"`
	// UpstreamPath and UpstreamHost are what the backend should receive (normalized path).
	UpstreamPath string `json:"upstreamPath,omitempty"`
	UpstreamHost string `json:"upstreamHost,omitempty"`
	Location     string `json:"location,omitempty"`
	// Gates are the policy checks (ip-access, basic-auth, jwt, client-cert ...) that may
	// refuse the request before the predicted decision applies; a refusal by them is not a
	// model mismatch.
	Gates []string `json:"gates,omitempty"`
	// Route is the deciding rule, for people ("Ingress shop/web spec.rules[0] (shop.yaml:12)").
	Route string `json:"route,omitempty"`
}

// ReadPlan decodes and validates a plan file.
func ReadPlan(path string) (*Plan, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	p, err := DecodePlan(f)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return p, nil
}

// DecodePlan decodes a plan strictly (unknown fields are errors) and validates it.
func DecodePlan(r io.Reader) (*Plan, error) {
	dec := json.NewDecoder(r)
	dec.DisallowUnknownFields()
	var p Plan
	if err := dec.Decode(&p); err != nil {
		return nil, fmt.Errorf("decode plan: %w", err)
	}
	if err := p.Validate(); err != nil {
		return nil, err
	}
	return &p, nil
}

// Write encodes the plan as indented JSON.
func (p *Plan) Write(w io.Writer) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(p)
}

// ErrInvalidPlan wraps every plan validation error.
var ErrInvalidPlan = errors.New("invalid plan")

// Validate checks the version, unique ids and every request; errors name the probe and field.
func (p *Plan) Validate() error {
	if p.Version != PlanVersion {
		return fmt.Errorf("%w: version %d, want %d", ErrInvalidPlan, p.Version, PlanVersion)
	}
	seen := map[string]int{}
	for i, pr := range p.Probes {
		at := fmt.Sprintf("probes[%d]", i)
		if pr.ID == "" {
			return fmt.Errorf("%w: %s.id is empty", ErrInvalidPlan, at)
		}
		if j, dup := seen[pr.ID]; dup {
			return fmt.Errorf("%w: %s.id %q repeats probes[%d]", ErrInvalidPlan, at, pr.ID, j)
		}
		seen[pr.ID] = i
		if err := pr.Request.Validate(); err != nil {
			return fmt.Errorf("%w: %s (%s).request: %v", ErrInvalidPlan, at, pr.ID, err)
		}
		if id := pr.Identity; id != nil && (id.ClientCertFile == "") != (id.ClientKeyFile == "") {
			return fmt.Errorf("%w: %s (%s).identity: clientCertFile and clientKeyFile go together", ErrInvalidPlan, at, pr.ID)
		}
		if pr.Proxy != nil {
			if err := pr.Proxy.Validate(); err != nil {
				return fmt.Errorf("%w: %s (%s).proxy: %v", ErrInvalidPlan, at, pr.ID, err)
			}
		}
		if id := pr.Identity; id != nil && id.JWT != nil && id.JWT.KeyFile == "" {
			return fmt.Errorf("%w: %s (%s).identity.jwt.keyFile is empty", ErrInvalidPlan, at, pr.ID)
		}
	}
	return nil
}

// Validate checks that a request can be sent.
func (r Request) Validate() error {
	switch {
	case r.Scheme != "http" && r.Scheme != "https":
		return fmt.Errorf("scheme %q: want http or https", r.Scheme)
	case r.Host == "" || strings.ContainsAny(r.Host, " /\r\n"):
		return fmt.Errorf("host %q: want a host name", r.Host)
	case !strings.HasPrefix(r.Path, "/"):
		return fmt.Errorf("path %q: must start with /", r.Path)
	case strings.ContainsAny(r.Path+r.Query, " \r\n#"):
		return fmt.Errorf("path %q: spaces, line breaks and # must be percent-encoded", r.Path+"?"+r.Query)
	case r.Method == "" || strings.ContainsAny(r.Method, " \r\n"):
		return fmt.Errorf("method %q: want a token", r.Method)
	case r.Port < 0 || r.Port > 65535:
		return fmt.Errorf("port %d out of range", r.Port)
	}
	for k, v := range r.Headers {
		if strings.ContainsAny(k, " :\r\n") || strings.ContainsAny(v, "\r\n") {
			return fmt.Errorf("header %q: invalid name or value", k)
		}
		if http.CanonicalHeaderKey(k) == "Host" {
			return fmt.Errorf("header Host: set request.host instead")
		}
	}
	return nil
}

// SafeMethod reports whether m is GET, HEAD or OPTIONS.
func SafeMethod(m string) bool {
	switch strings.ToUpper(m) {
	case http.MethodGet, http.MethodHead, http.MethodOptions:
		return true
	}
	return false
}
