// Package model is the normalized edge model that both frontends build and every analysis reads.
//
// A side's configuration (an ingress-nginx estate, a set of Gateway API objects) becomes a Model:
// entry points (one address each) with listeners, each listener with virtual hosts in host
// precedence order, each virtual host with routes in match precedence order (the first route
// whose Match accepts a request wins), and each route with a Decision. Frontends apply every
// default and precedence rule of their data plane while building, so analyses never need to
// know which product a Model came from: they read Profile for the few facts that differ at
// match time (wildcard depth, path normalization).
//
// Every element keeps the Source it was built from, so findings can point at file:line.
// The types are YAML/JSON-tagged: `--dump-model` prints exactly what ingress-parity believes.
package model

import "fmt"

// Model is one side of a migration after normalization.
type Model struct {
	// Side names the frontend that built the model: "ingress-nginx" or "gateway-api".
	Side string `json:"side"`
	// Profile holds the implementation facts that matter at match time.
	Profile Profile `json:"profile"`
	// EntryPoints are the addresses clients reach: one for an ingress controller, one per
	// Gateway (or one for merged Gateways).
	EntryPoints []EntryPoint `json:"entryPoints"`
	// Notes are diagnostics from building: objects the API server would refuse, conflicts
	// resolved, routes that can never be reached. They are findings, not fatal errors.
	Notes []Note `json:"notes,omitempty"`
}

// Profile describes how a data plane interprets a model at request time.
type Profile struct {
	// Name is the implementation: "ingress-nginx", "envoy-gateway", "istio" or "generic".
	Name string `json:"name"`
	// Wildcard says how many labels a leading "*." in a host pattern stands for.
	Wildcard WildcardMode `json:"wildcard"`
	// Normalization is applied to the request path before any route is matched.
	Normalization Normalization `json:"normalization"`
}

// WildcardMode is the number of DNS labels a host wildcard matches.
type WildcardMode string

const (
	// WildcardOneLabel: "*.foo.com" matches "a.foo.com" but not "a.b.foo.com" (Ingress, nginx server_name).
	WildcardOneLabel WildcardMode = "one-label"
	// WildcardAnyLabels: "*.foo.com" matches any number (at least one) of labels (Gateway API).
	WildcardAnyLabels WildcardMode = "any-labels"
)

// Normalization is what a data plane does to the request path before matching.
type Normalization struct {
	DecodePercent      bool `json:"decodePercent"`
	MergeSlashes       bool `json:"mergeSlashes"`
	ResolveDotSegments bool `json:"resolveDotSegments"`
}

// EntryPoint is one address that clients connect to.
type EntryPoint struct {
	// Name identifies the entry point: "ingress-nginx" or "gateway/<namespace>/<name>".
	Name      string     `json:"name"`
	Listeners []Listener `json:"listeners"`
	Source    Source     `json:"source"`
}

// Scheme is "http" or "https".
type Scheme string

const (
	HTTP  Scheme = "http"
	HTTPS Scheme = "https"
)

// Listener is one port of an entry point.
type Listener struct {
	Name   string `json:"name"`
	Port   int32  `json:"port"`
	Scheme Scheme `json:"scheme"`
	// Hostname restricts the hosts the listener accepts (empty: any).
	Hostname string `json:"hostname,omitempty"`
	TLS      *TLS   `json:"tls,omitempty"`
	// VirtualHosts are in host precedence order: the first whose Host matches the request wins.
	VirtualHosts []VirtualHost `json:"virtualHosts"`
	Source       Source        `json:"source"`
	// ClientIP is how the listener derives the client address policies test (nil: TCP peer).
	ClientIP *ClientIPDerivation `json:"clientIP,omitempty"`
}

// TLS is the TLS termination of a listener.
type TLS struct {
	// Mode is "Terminate" or "Passthrough".
	Mode string `json:"mode,omitempty"`
	// Certificates name the secrets (namespace/name) presented; never their content.
	Certificates []string `json:"certificates,omitempty"`
}

// VirtualHost is the set of routes served for one host pattern on one listener.
type VirtualHost struct {
	Host Host `json:"host"`
	// Routes are in match precedence order: the first route whose Match accepts the request wins.
	Routes []Route `json:"routes"`
	// Fallback is the decision when no route matches (the controller's 404, a default backend).
	Fallback Decision `json:"fallback"`
	Source   Source   `json:"source"`
}

// Host is a host pattern: an exact name, "*.suffix", or "" for any host (catch-all).
type Host struct {
	Pattern string `json:"pattern"`
}

// Route is one match and the decision taken when it wins.
type Route struct {
	// ID is stable within a side and readable: "<kind>/<ns>/<name> <field path>".
	ID       string   `json:"id"`
	Match    Match    `json:"match"`
	Decision Decision `json:"decision"`
	// Opaque lists the reasons this route cannot be modelled faithfully (snippets, unknown
	// annotations, PCRE-only regex). A route with an opaque mark can never be proven equivalent.
	Opaque []string `json:"opaque,omitempty"`
	Source Source   `json:"source"`
	// Policy is who may reach the route and what identity context the upstream gets (nil: none).
	Policy *Policy `json:"policy,omitempty"`
}

// Match is what a request must carry for a route to apply. Empty fields match anything.
type Match struct {
	Path    PathMatch    `json:"path"`
	Method  string       `json:"method,omitempty"`
	Headers []ValueMatch `json:"headers,omitempty"`
	Query   []ValueMatch `json:"query,omitempty"`
	Cookies []ValueMatch `json:"cookies,omitempty"`
}

// PathKind is the kind of a path match.
type PathKind string

const (
	// PathExact matches one path exactly.
	PathExact PathKind = "Exact"
	// PathPrefix is a plain string prefix (nginx "location /foo": "/foobar" matches).
	PathPrefix PathKind = "Prefix"
	// PathSegmentPrefix is an element-wise prefix (Gateway API PathPrefix, Ingress Prefix):
	// "/foo" matches "/foo" and "/foo/..." but not "/foobar". A trailing "/" in the value is ignored.
	PathSegmentPrefix PathKind = "SegmentPrefix"
	// PathRegex is an RE2 regular expression that must match the whole path.
	PathRegex PathKind = "Regex"
	// PathRegexPrefix is a regular expression anchored at the start only: the path must begin
	// with a match (nginx `location ~* "^/foo"`).
	PathRegexPrefix PathKind = "RegexPrefix"
)

// PathMatch matches the normalized request path.
type PathMatch struct {
	Kind            PathKind `json:"kind"`
	Value           string   `json:"value"`
	CaseInsensitive bool     `json:"caseInsensitive,omitempty"`
}

// MatchKind is how a header, query or cookie value is compared.
type MatchKind string

const (
	MatchExact   MatchKind = "Exact"
	MatchRegex   MatchKind = "RegularExpression"
	MatchPresent MatchKind = "Present"
	MatchAbsent  MatchKind = "Absent"
)

// ValueMatch matches one header, query parameter or cookie.
type ValueMatch struct {
	Name  string    `json:"name"`
	Kind  MatchKind `json:"kind"`
	Value string    `json:"value,omitempty"`
	// Not inverts the match (a canary header whose value is neither "always" nor the configured value).
	Not bool `json:"not,omitempty"`
}

// DecisionKind is what happens to a request.
type DecisionKind string

const (
	Forward  DecisionKind = "forward"
	Redirect DecisionKind = "redirect"
	Reject   DecisionKind = "reject"
)

// Decision is what a route does with a request it wins.
type Decision struct {
	Kind DecisionKind `json:"decision"`
	// Status is the response code for redirect and reject (0 for forward).
	Status int `json:"status,omitempty"`
	// Reason explains a reject ("no route", "backend not found", "ReferenceGrant missing").
	Reason string `json:"reason,omitempty"`
	// Backends receive forwarded requests, split by weight.
	Backends []Backend `json:"backends,omitempty"`
	// Rewrite changes the path and host the upstream sees.
	Rewrite *Rewrite `json:"rewrite,omitempty"`
	// Redirect builds the Location of a redirect decision.
	Redirect *RedirectSpec `json:"redirect,omitempty"`
	// RequestHeaders are changes applied to the request before it reaches the upstream.
	RequestHeaders HeaderChanges `json:"requestHeaders,omitempty"`
	// ResponseHeaders are changes applied to the response.
	ResponseHeaders HeaderChanges `json:"responseHeaders,omitempty"`
	// Mirrors receive a copy of the request; their answer is discarded.
	Mirrors []Backend `json:"mirrors,omitempty"`
	// Protocol is the upstream protocol: "HTTP" (default), "HTTPS", "GRPC", "GRPCS", "H2C".
	Protocol string `json:"protocol,omitempty"`
	// Source is the object the decision came from (can differ from the route's, e.g. a
	// ConfigMap default or a canary Ingress).
	Source Source `json:"source"`
}

// Backend is a weighted upstream service port.
type Backend struct {
	Namespace string `json:"namespace"`
	Service   string `json:"service"`
	// Port is the service port number; 0 when only a name is known (see PortName).
	Port     int32  `json:"port,omitempty"`
	PortName string `json:"portName,omitempty"`
	Weight   int32  `json:"weight"`
	// Kind is empty for a core Service, otherwise the backendRef kind.
	Kind string `json:"kind,omitempty"`
	// Invalid says why the backend cannot be used (not found, ungranted); requests sent to
	// it get the status the implementation returns for that case.
	Invalid string `json:"invalid,omitempty"`
	// TLS is how the data plane connects to the backend over TLS and whether it verifies the
	// backend's certificate (nil: plain text, or TLS to the backend is not modelled).
	TLS    *UpstreamTLS `json:"tls,omitempty"`
	Source Source       `json:"source"`
}

// String is "ns/service:port".
func (b Backend) String() string {
	port := b.PortName
	if b.Port != 0 {
		port = fmt.Sprint(b.Port)
	}
	if b.Kind != "" && b.Kind != "Service" {
		return fmt.Sprintf("%s %s/%s:%s", b.Kind, b.Namespace, b.Service, port)
	}
	return fmt.Sprintf("%s/%s:%s", b.Namespace, b.Service, port)
}

// RewriteKind says how the upstream path is computed.
type RewriteKind string

const (
	// RewriteFullPath replaces the whole path with Replacement (literal).
	RewriteFullPath RewriteKind = "ReplaceFullPath"
	// RewritePrefix replaces the matched prefix Prefix with Replacement (Gateway API ReplacePrefixMatch).
	RewritePrefix RewriteKind = "ReplacePrefixMatch"
	// RewriteRegex replaces the path using Pattern's capture groups in Replacement ($1, $2):
	// nginx `rewrite (?i)<pattern> <replacement> break;`.
	RewriteRegex RewriteKind = "Regex"
)

// Rewrite changes what the upstream receives.
type Rewrite struct {
	Kind        RewriteKind `json:"kind,omitempty"`
	Pattern     string      `json:"pattern,omitempty"`
	Prefix      string      `json:"prefix,omitempty"`
	Replacement string      `json:"replacement,omitempty"`
	// CaseInsensitive applies to Pattern.
	CaseInsensitive bool `json:"caseInsensitive,omitempty"`
	// Host replaces the Host header sent upstream (empty: unchanged).
	Host string `json:"host,omitempty"`
}

// RedirectSpec builds a Location from the request. Empty fields keep the request's value.
type RedirectSpec struct {
	Scheme string `json:"scheme,omitempty"`
	Host   string `json:"host,omitempty"`
	// Port is the port in the Location; 0 keeps the default port for the scheme.
	Port int32 `json:"port,omitempty"`
	// Path replaces the path (literal); PrefixReplace replaces the matched prefix Prefix instead.
	Path          string `json:"path,omitempty"`
	Prefix        string `json:"prefix,omitempty"`
	PrefixReplace string `json:"prefixReplace,omitempty"`
	// URL is a complete fixed Location (permanent-redirect); nginx appends nothing to it.
	URL string `json:"url,omitempty"`
	// KeepQuery keeps the request's query string in the Location.
	KeepQuery bool `json:"keepQuery,omitempty"`
	// AppendURI appends the request URI to URL (from-to-www-redirect, ssl-redirect).
	AppendURI bool `json:"appendURI,omitempty"`
	// StripTrailingSlash removes one trailing "/" from the request URI (path and query as
	// sent) before it goes into the Location: ingress-nginx's ssl-redirect (unless
	// preserve-trailing-slash) and from-to-www-redirect do this.
	StripTrailingSlash bool `json:"stripTrailingSlash,omitempty"`
}

// HeaderChanges are header edits.
type HeaderChanges struct {
	Set    map[string]string `json:"set,omitempty"`
	Add    map[string]string `json:"add,omitempty"`
	Remove []string          `json:"remove,omitempty"`
}

// Source is where a model element came from.
type Source struct {
	Kind      string `json:"kind,omitempty"`
	Namespace string `json:"namespace,omitempty"`
	Name      string `json:"name,omitempty"`
	// Field is the field path inside the object, such as "spec.rules[0].http.paths[1]".
	Field string `json:"field,omitempty"`
	File  string `json:"file,omitempty"`
	Line  int    `json:"line,omitempty"`
}

// String is "Kind ns/name field (file:line)", leaving out what is unknown.
// Suffix is " (" + String() + ")" for a known source and "" for none: the source after a
// sentence of an explanation.
func (s Source) Suffix() string {
	if s == (Source{}) {
		return ""
	}
	return " (" + s.String() + ")"
}

func (s Source) String() string {
	out := s.Kind
	if s.Name != "" {
		if s.Namespace != "" {
			out += " " + s.Namespace + "/" + s.Name
		} else {
			out += " " + s.Name
		}
	}
	if s.Field != "" {
		out += " " + s.Field
	}
	if s.File != "" {
		if s.Line > 0 {
			out += fmt.Sprintf(" (%s:%d)", s.File, s.Line)
		} else {
			out += " (" + s.File + ")"
		}
	}
	if out == "" {
		return "built-in default"
	}
	return out
}

// NoteLevel grades a build diagnostic.
type NoteLevel string

const (
	NoteInfo    NoteLevel = "info"
	NoteWarning NoteLevel = "warning"
	// NoteInvalid marks an object the API server would refuse: it never takes effect.
	NoteInvalid NoteLevel = "invalid"
)

// Note is a diagnostic from building a model.
type Note struct {
	Level   NoteLevel `json:"level"`
	Code    string    `json:"code"`
	Message string    `json:"message"`
	Source  Source    `json:"source"`
}
