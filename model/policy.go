package model

// Policy types: who may reach a route (client IP, credentials, client certificates), what
// limits apply, and which identity context the upstream receives. Frontends fill them with
// every default of their data plane applied, so an analysis compares two Policy values
// without knowing which product built them. Secrets are referred to by namespace/name;
// their content never enters the model (values that might carry one use Secret).

// Policy is everything besides routing that decides whether a request that won a route is
// served, and what identity context the upstream sees. A nil *Policy means "no policy": any
// client reaches the route and every client-supplied header passes unchanged.
type Policy struct {
	// IPAccess is the client-IP allow/deny list (nil: every address is allowed).
	IPAccess *IPAccess `json:"ipAccess,omitempty"`
	// Auth is the authentication the route requires (nil: none).
	Auth *Auth `json:"auth,omitempty"`
	// Satisfy says how IPAccess and Auth combine: all (default) or any (nginx `satisfy any`:
	// an allowed address OR valid credentials suffice).
	Satisfy Satisfy `json:"satisfy,omitempty"`
	// RateLimit limits requests and connections per client (nil: unlimited).
	RateLimit *RateLimit `json:"rateLimit,omitempty"`
	// BodyLimit caps the request body (nil: unlimited).
	BodyLimit *BodyLimit `json:"bodyLimit,omitempty"`
	// CORS answers preflight requests and adds CORS response headers (nil: none).
	CORS *CORS `json:"cors,omitempty"`
	// HSTS is the Strict-Transport-Security header on HTTPS responses (nil: none).
	HSTS *HSTS `json:"hsts,omitempty"`
	// UpstreamHeaders are the identity headers the data plane sets, appends, passes or
	// strips for the upstream, sorted by name. A header not listed passes unchanged.
	UpstreamHeaders []IdentityHeader `json:"upstreamHeaders,omitempty"`
	Source          Source           `json:"source"`
}

// Satisfy combines IP access and authentication.
type Satisfy string

const (
	// SatisfyAll requires an allowed address AND valid credentials (the default everywhere).
	SatisfyAll Satisfy = "all"
	// SatisfyAny accepts an allowed address OR valid credentials (nginx `satisfy any`).
	SatisfyAny Satisfy = "any"
)

// ClientIPSource is where a listener reads the client address that policies test.
type ClientIPSource string

const (
	// ClientIPPeer is the TCP peer (or the PROXY protocol address when ProxyProtocol is set).
	ClientIPPeer ClientIPSource = "peer"
	// ClientIPForwardedFor is read from a comma-separated X-Forwarded-For style header,
	// believing only the entries added by trusted hops.
	ClientIPForwardedFor ClientIPSource = "forwarded-for"
	// ClientIPCustomHeader is the whole value of a single header (Envoy customHeader).
	ClientIPCustomHeader ClientIPSource = "custom-header"
)

// ClientIPDerivation is how a listener derives the client address from a connection and
// its request. The zero value (and a nil pointer) is the TCP peer.
type ClientIPDerivation struct {
	From ClientIPSource `json:"from"`
	// ProxyProtocol: connections start with a PROXY protocol header and the address in it
	// replaces the TCP peer for everything below.
	ProxyProtocol bool `json:"proxyProtocol,omitempty"`
	// Header is the header read for ClientIPForwardedFor and ClientIPCustomHeader
	// ("X-Forwarded-For" unless configured otherwise).
	Header string `json:"header,omitempty"`
	// TrustedCIDRs are the peers whose header is believed (nginx set_real_ip_from, Envoy
	// xffTrustedCidrs). With Recursive, entries are taken from the right while they are in
	// these ranges. Empty with ClientIPForwardedFor and TrustedHops 0 means nobody is trusted.
	// With ClientIPPeer and ProxyProtocol, the PROXY address is believed only when the TCP
	// peer is in these ranges (nginx set_real_ip_from); empty means always (Envoy).
	TrustedCIDRs []string `json:"trustedCIDRs,omitempty"`
	// Recursive walks the header from the right past trusted addresses (nginx real_ip_recursive).
	Recursive bool `json:"recursive,omitempty"`
	// TrustedHops N (Envoy Gateway numTrustedHops): the client address is the Nth entry
	// from the right of the header as received (see Derive).
	TrustedHops int `json:"trustedHops,omitempty"`
	// FailClosed rejects a request whose header is missing or invalid instead of falling
	// back to the peer (Envoy customHeader.failClosed).
	FailClosed bool   `json:"failClosed,omitempty"`
	Source     Source `json:"source"`
}

// AccessAction is the effect of an IP rule.
type AccessAction string

const (
	Allow AccessAction = "allow"
	Deny  AccessAction = "deny"
)

// AddressKind names which address an IP rule tests.
type AddressKind string

const (
	// AddressClient is the derived client address (see ClientIPDerivation).
	AddressClient AddressKind = "client"
	// AddressPeer is the TCP peer (or PROXY protocol address), whatever the derivation.
	AddressPeer AddressKind = "peer"
)

// IPAccess is an ordered allow/deny list: the first rule whose CIDRs contain the address
// decides; if none does, Default decides.
type IPAccess struct {
	// Address is the address the rules test.
	Address AddressKind  `json:"address"`
	Rules   []IPRule     `json:"rules"`
	Default AccessAction `json:"default"`
	// DenyStatus is the response status of a denied request (403 for nginx and Envoy).
	DenyStatus int    `json:"denyStatus"`
	Source     Source `json:"source"`
}

// IPRule is one allow or deny entry of an IPAccess.
type IPRule struct {
	Action AccessAction `json:"action"`
	// CIDRs are canonical prefixes ("10.0.0.0/8", "2001:db8::/32"); a single address is a /32 or /128.
	CIDRs  []string `json:"cidrs"`
	Source Source   `json:"source"`
}

// Auth is the set of authentication requirements of a route. Every non-nil requirement must
// be met (Envoy Gateway and nginx both chain them), except that mTLS may be optional.
type Auth struct {
	Basic      *BasicAuth      `json:"basic,omitempty"`
	External   *ExternalAuth   `json:"external,omitempty"`
	JWT        *JWTAuth        `json:"jwt,omitempty"`
	APIKey     *APIKeyAuth     `json:"apiKey,omitempty"`
	OIDC       *OIDCAuth       `json:"oidc,omitempty"`
	ClientCert *ClientCertAuth `json:"clientCert,omitempty"`
}

// BasicAuth is HTTP basic authentication against a secret (htpasswd content never read).
type BasicAuth struct {
	// Secret is "namespace/name".
	Secret string `json:"secret"`
	// SecretKey is the key inside the secret holding the htpasswd data ("auth", ".htpasswd").
	SecretKey string `json:"secretKey,omitempty"`
	Realm     string `json:"realm,omitempty"`
	// Digest: digest instead of basic authentication (nginx auth-type: digest).
	Digest bool `json:"digest,omitempty"`
	// ForwardUsername names the header carrying the user name upstream (Envoy), "" for none.
	ForwardUsername string `json:"forwardUsername,omitempty"`
	// StripAuthorization: the Authorization header is removed before the upstream.
	StripAuthorization bool `json:"stripAuthorization,omitempty"`
	// Schemes counts the secret's entries by password hash scheme ("{SHA}", "bcrypt" ...,
	// htpasswd.Schemes) when the Secret is among the inputs (nil otherwise). Only the scheme
	// of each entry is read; hashes and user names are never kept.
	Schemes map[string]int `json:"schemes,omitempty"`
	// AcceptedSchemes are the schemes the data plane can verify (nil: every scheme the
	// secret may hold). Envoy's basic_auth verifies only {SHA}.
	AcceptedSchemes []string `json:"acceptedSchemes,omitempty"`
	Source          Source   `json:"source"`
}

// ClientCopy is what happens to a client-supplied copy of a header that an authentication
// step may set for the upstream.
type ClientCopy string

const (
	// ClientCopyRemoved: the client's value never reaches the upstream (nginx auth_request_set
	// + proxy_set_header: an absent auth-response header empties, i.e. removes, it).
	ClientCopyRemoved ClientCopy = "removed"
	// ClientCopyKeptIfUnset: the step overwrites the header only when it supplies a value;
	// otherwise the client's value passes (Envoy ext_authz headersToBackend): spoofable.
	ClientCopyKeptIfUnset ClientCopy = "kept-if-unset"
	// ClientCopyAppended: the step's value is appended to the client's.
	ClientCopyAppended ClientCopy = "appended"
)

// ExternalAuth sends a sub-request to an authorization service; its answer decides.
type ExternalAuth struct {
	// URL of the service (HTTP) or "grpc://namespace/service:port" for a gRPC backend.
	URL string `json:"url"`
	// Method of the sub-request ("" keeps the client's method).
	Method string `json:"method,omitempty"`
	// SuccessCodes are the statuses that allow; empty means any 2xx.
	SuccessCodes []int `json:"successCodes,omitempty"`
	// SigninURL is where a denied browser is redirected (nginx auth-signin), "" to answer 401/403.
	SigninURL string `json:"signinURL,omitempty"`
	// ResponseHeaders are copied from the auth answer to the upstream request.
	ResponseHeaders []string `json:"responseHeaders,omitempty"`
	// ClientCopy says what happens to a client-supplied copy of a ResponseHeaders header.
	ClientCopy ClientCopy `json:"clientCopy,omitempty"`
	// RequestHeaders are the client headers forwarded to the auth service (nil: all, nginx).
	RequestHeaders []string `json:"requestHeaders,omitempty"`
	// SetHeaders are extra headers sent to the auth service (nginx auth-proxy-set-headers);
	// values may hold tokens and are redacted.
	SetHeaders map[string]Secret `json:"setHeaders,omitempty"`
	// SetHeadersRef names the ConfigMap ("namespace/name") SetHeaders came from.
	SetHeadersRef string `json:"setHeadersRef,omitempty"`
	// FailOpen allows the request when the service is unreachable.
	FailOpen bool   `json:"failOpen,omitempty"`
	Source   Source `json:"source"`
}

// JWTAuth validates bearer tokens from one or more providers; any provider may accept.
type JWTAuth struct {
	Providers []JWTProvider `json:"providers"`
	// Optional: a request without a token passes (Envoy jwt.optional).
	Optional bool   `json:"optional,omitempty"`
	Source   Source `json:"source"`
}

// JWTProvider is one trusted token issuer.
type JWTProvider struct {
	Name      string   `json:"name"`
	Issuer    string   `json:"issuer,omitempty"`
	Audiences []string `json:"audiences,omitempty"`
	// JWKS is the remote key set URL or "inline" / "secret:ns/name" for local keys.
	JWKS string `json:"jwks,omitempty"`
	// ClaimHeaders copies claims into upstream headers.
	ClaimHeaders []ClaimHeader `json:"claimHeaders,omitempty"`
	// ClientCopy is what happens to a client-supplied copy of a ClaimHeaders header.
	ClientCopy ClientCopy `json:"clientCopy,omitempty"`
	// TokenSources say where the token is read ("header:Authorization", "cookie:name", "query:token").
	TokenSources []string `json:"tokenSources,omitempty"`
}

// ClaimHeader copies one JWT claim into an upstream header.
type ClaimHeader struct {
	Claim  string `json:"claim"`
	Header string `json:"header"`
}

// APIKeyAuth accepts requests carrying a key listed in secrets.
type APIKeyAuth struct {
	// Secrets name the secrets ("namespace/name") holding valid keys; their content is never read.
	Secrets []string `json:"secrets"`
	// Extract says where the key is read ("header:x-api-key", "query:key", "cookie:key").
	Extract []string `json:"extract"`
	// ForwardClientID names the header carrying the client id upstream, "" for none.
	ForwardClientID string `json:"forwardClientID,omitempty"`
	Source          Source `json:"source"`
}

// OIDCAuth redirects browsers to an OpenID provider and accepts its session cookie.
type OIDCAuth struct {
	Issuer   string `json:"issuer"`
	ClientID string `json:"clientID"`
	// ClientSecret names the secret ("namespace/name") holding the client secret.
	ClientSecret string   `json:"clientSecret"`
	RedirectURL  string   `json:"redirectURL,omitempty"`
	Scopes       []string `json:"scopes,omitempty"`
	// ForwardAccessToken sends the access token upstream in Authorization.
	ForwardAccessToken bool   `json:"forwardAccessToken,omitempty"`
	Source             Source `json:"source"`
}

// ClientCertMode is how strictly a client certificate is required.
type ClientCertMode string

const (
	// CertRequired: a certificate signed by a trusted CA is required.
	CertRequired ClientCertMode = "required"
	// CertOptional: none is accepted, but a presented certificate must verify (nginx optional).
	CertOptional ClientCertMode = "optional"
	// CertOptionalNoCA: any certificate or none is accepted; verification is only reported.
	CertOptionalNoCA ClientCertMode = "optional_no_ca"
	// CertRequireAny: a certificate is required but need not verify (Envoy RequireAny).
	CertRequireAny ClientCertMode = "require_any"
	// CertOff: no certificate is requested.
	CertOff ClientCertMode = "off"
)

// XFCCMode is Envoy's forward_client_cert_details setting for X-Forwarded-Client-Cert.
type XFCCMode string

const (
	XFCCSanitize          XFCCMode = "Sanitize"
	XFCCForwardOnly       XFCCMode = "ForwardOnly"
	XFCCAppendForward     XFCCMode = "AppendForward"
	XFCCSanitizeSet       XFCCMode = "SanitizeSet"
	XFCCAlwaysForwardOnly XFCCMode = "AlwaysForwardOnly"
)

// ClientCertAuth is TLS client-certificate (mTLS) validation.
type ClientCertAuth struct {
	// CASecrets name the secrets or ConfigMaps ("Kind namespace/name" or "namespace/name")
	// holding the trusted CA bundle.
	CASecrets []string       `json:"caSecrets,omitempty"`
	Mode      ClientCertMode `json:"mode"`
	// VerifyDepth is the maximum chain depth (nginx ssl_verify_depth, default 1); 0 unlimited.
	VerifyDepth int `json:"verifyDepth,omitempty"`
	// MatchCN is a regular expression the subject CN must match ("" for any).
	MatchCN string `json:"matchCN,omitempty"`
	// ErrorPage is where a failed verification is redirected ("" answers 400).
	ErrorPage string `json:"errorPage,omitempty"`
	// PassCertificate sends the PEM certificate upstream in ssl-client-cert (nginx).
	PassCertificate bool `json:"passCertificate,omitempty"`
	// Headers are the ssl-client-* headers set for the upstream (they replace client copies).
	Headers []string `json:"headers,omitempty"`
	// XFCC is the X-Forwarded-Client-Cert handling ("" when the data plane has none).
	XFCC   XFCCMode `json:"xfcc,omitempty"`
	Source Source   `json:"source"`
}

// RateLimit limits the request rate and concurrent connections per key.
type RateLimit struct {
	// RequestsPerSecond and RequestsPerMinute are 0 when unset.
	RequestsPerSecond int `json:"rps,omitempty"`
	RequestsPerMinute int `json:"rpm,omitempty"`
	// Burst is the number of requests allowed above the rate before rejecting.
	Burst int `json:"burst,omitempty"`
	// Connections is the maximum concurrent connections per key (0: unlimited).
	Connections int `json:"connections,omitempty"`
	// Key is what the limit is counted by: "client-ip" (default) or "header:<name>" or "global".
	Key string `json:"key,omitempty"`
	// Exempt are client CIDRs that are never limited.
	Exempt []string `json:"exempt,omitempty"`
	// Status is the response status of a limited request.
	Status int    `json:"status,omitempty"`
	Source Source `json:"source"`
}

// BodyLimit caps the size of a request body.
type BodyLimit struct {
	// MaxBytes is the largest accepted body; 0 means unlimited.
	MaxBytes int64 `json:"maxBytes"`
	// Status is the response status above the limit (413).
	Status int    `json:"status"`
	Source Source `json:"source"`
}

// CORS is the cross-origin resource sharing configuration of a route.
type CORS struct {
	// AllowOrigins are origins or patterns ("*", "https://*.example.com").
	AllowOrigins     []string `json:"allowOrigins"`
	AllowMethods     []string `json:"allowMethods,omitempty"`
	AllowHeaders     []string `json:"allowHeaders,omitempty"`
	ExposeHeaders    []string `json:"exposeHeaders,omitempty"`
	AllowCredentials bool     `json:"allowCredentials,omitempty"`
	// MaxAge is the preflight cache lifetime in seconds.
	MaxAge int    `json:"maxAge,omitempty"`
	Source Source `json:"source"`
}

// HSTS is the Strict-Transport-Security response header.
type HSTS struct {
	MaxAge            int64  `json:"maxAge"`
	IncludeSubdomains bool   `json:"includeSubdomains,omitempty"`
	Preload           bool   `json:"preload,omitempty"`
	Source            Source `json:"source"`
}

// HeaderAction is what the data plane does with an identity header on its way upstream.
type HeaderAction string

const (
	// HeaderReplace: the data plane sets its own value; a client value is discarded.
	HeaderReplace HeaderAction = "replace"
	// HeaderAppend: the data plane appends its value to the client's (Envoy X-Forwarded-For).
	HeaderAppend HeaderAction = "append"
	// HeaderPass: the client's value passes unchanged.
	HeaderPass HeaderAction = "pass"
	// HeaderPassOrGenerate: the client's value passes; if absent the data plane generates one
	// (nginx X-Request-ID).
	HeaderPassOrGenerate HeaderAction = "pass-or-generate"
	// HeaderStrip: the header is removed.
	HeaderStrip HeaderAction = "strip"
)

// HeaderValue is what the data plane contributes to an identity header.
type HeaderValue string

const (
	ValueClientIP  HeaderValue = "client-ip"
	ValuePeerIP    HeaderValue = "peer-ip"
	ValueRequestID HeaderValue = "request-id"
	// ValueCopy copies the client's value of another header (From).
	ValueCopy   HeaderValue = "copy"
	ValueScheme HeaderValue = "scheme"
	ValueHost   HeaderValue = "host"
	ValuePort   HeaderValue = "port"
	ValueURI    HeaderValue = "uri"
	// ValueClientCert is a fact of the verified client certificate (subject, issuer, PEM,
	// fingerprint, SAN), computed by the proxy for each connection.
	ValueClientCert HeaderValue = "client-cert"
	ValueLiteral    HeaderValue = "literal"
	ValueNone       HeaderValue = ""
)

// IdentityHeader is the data plane's treatment of one header that carries identity.
type IdentityHeader struct {
	Name   string       `json:"name"`
	Action HeaderAction `json:"action"`
	Value  HeaderValue  `json:"value,omitempty"`
	// From is the header copied for ValueCopy (X-Original-Forwarded-For from X-Forwarded-For).
	From   string `json:"from,omitempty"`
	Source Source `json:"source"`
}
