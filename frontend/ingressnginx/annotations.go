package ingressnginx

import (
	"fmt"
	"net/url"
	"sort"
	"strings"
)

// annotations are the parsed ingress-nginx annotations of one Ingress that bear on routing.
// Identity annotations (allow lists, auth, mTLS) are read by the annotations package
// (policy.go).
type annotations struct {
	RewriteTarget         string
	UseRegex              bool
	SSLRedirect           bool
	ForceSSLRedirect      bool
	PreserveTrailingSlash bool
	UsePortInRedirects    bool
	AppRoot               string
	// Redirect is permanent-redirect or temporal-redirect (nil: none).
	Redirect  *redirectConfig
	FromToWWW bool
	// UpstreamVhost replaces the Host header sent upstream.
	UpstreamVhost string
	// XForwardedPrefix is sent upstream when rewrite-target rewrites the path.
	XForwardedPrefix string
	// BackendProtocol is upper case: HTTP, HTTPS, GRPC, GRPCS, FCGI, AUTO_HTTP.
	BackendProtocol string
	Canary          canaryConfig
	// Aliases are server-alias names, sorted and unique.
	Aliases []string

	// Opaque are reasons why the Ingress's locations cannot be modelled (an accepted
	// configuration-snippet, unknown annotations).
	Opaque []string
	// ServerOpaque are reasons why every location of the Ingress's hosts cannot be modelled
	// (an accepted server-snippet).
	ServerOpaque []string
	// Warnings are non-fatal findings (invalid values replaced by defaults, known but
	// unmodelled annotations), keyed by annotation name.
	Warnings []annotationWarning
}

// annotationWarning is one non-fatal problem with an annotation.
type annotationWarning struct {
	Name    string
	Message string
}

// redirectConfig is permanent-redirect / temporal-redirect.
type redirectConfig struct {
	URL  string
	Code int
	// Annotation is the annotation that set URL.
	Annotation string
}

// canaryConfig is the canary-* annotations (annotations/canary/main.go).
type canaryConfig struct {
	Enabled       bool
	Weight        int
	WeightTotal   int
	Header        string
	HeaderValue   string
	HeaderPattern string
	Cookie        string
}

// refusedError is returned when ingress-nginx would refuse the whole Ingress (a risky
// annotation, or a value failing validation in a parser that propagates the error):
// annotations.go Extract returns an error and the store never adds the Ingress.
type refusedError struct {
	Annotation string
	Reason     string
}

func (e *refusedError) Error() string {
	return fmt.Sprintf("annotation %s%s: %s", annotationPrefix, e.Annotation, e.Reason)
}

// parseAnnotations parses the routing annotations of one Ingress under cfg. A non-nil
// error means ingress-nginx refuses the whole Ingress.
func parseAnnotations(anns map[string]string, cfg *controllerConfig) (annotations, error) {
	out := annotations{}
	r := annotationReader{anns: anns, out: &out}

	if err := checkRisk(anns, cfg); err != nil {
		return out, err
	}
	if err := parseRewrite(r, cfg); err != nil {
		return out, err
	}
	if err := parseRedirect(r); err != nil {
		return out, err
	}
	if err := parseUpstream(r); err != nil {
		return out, err
	}
	parseCanary(r)
	classifyRest(r, cfg)
	return out, nil
}

// checkRisk refuses an Ingress carrying an annotation riskier than annotations-risk-level
// (parser.CheckAnnotationRisk, called from every parser's Validate).
func checkRisk(anns map[string]string, cfg *controllerConfig) error {
	for _, full := range sortedKeys(anns) {
		name, ok := strings.CutPrefix(full, annotationPrefix)
		if !ok {
			continue
		}
		if lvl, known := knownAnnotations[name]; known && lvl > cfg.RiskLevel {
			return &refusedError{Annotation: name, Reason: fmt.Sprintf("risk %s is above annotations-risk-level %s: ingress-nginx refuses the Ingress", lvl, cfg.RiskLevel)}
		}
	}
	return nil
}

// parseRewrite is annotations/rewrite/main.go: invalid values fall back to defaults.
func parseRewrite(r annotationReader, cfg *controllerConfig) error {
	out := r.out
	target, set, valid := r.str("rewrite-target", validRegex(regexPathWithCapture, false))
	switch {
	case !valid:
		r.warn("rewrite-target", "value fails ingress-nginx validation; the annotation is ignored")
	case set:
		out.RewriteTarget = target
	}
	out.SSLRedirect = r.boolean("ssl-redirect", cfg.SSLRedirect)
	out.PreserveTrailingSlash = r.boolean("preserve-trailing-slash", cfg.PreserveTrailingSlash)
	out.ForceSSLRedirect = r.boolean("force-ssl-redirect", cfg.ForceSSLRedirect)
	out.UseRegex = r.boolean("use-regex", false)
	out.UsePortInRedirects = r.boolean("use-port-in-redirects", false)

	root, set, valid := r.str("app-root", validRegex(regexPathWithCapture, false))
	switch {
	case !valid:
		r.warn("app-root", "value fails ingress-nginx validation; the annotation is ignored")
	case set:
		u, err := url.ParseRequestURI(root)
		if err != nil || u.IsAbs() {
			r.warn("app-root", "app-root must be an absolute path; ingress-nginx ignores it")
		} else {
			out.AppRoot = root
		}
	}
	return nil
}

// parseRedirect is annotations/redirect/redirect.go: temporal-redirect wins over
// permanent-redirect; codes outside 300..307 (temporal) or 300..308 (permanent) fall back
// to 302 / 301. Validation failures here make the controller refuse the Ingress.
func parseRedirect(r annotationReader) error {
	out := r.out
	refuse := func(name string) error {
		return &refusedError{Annotation: name, Reason: "value fails ingress-nginx validation: the controller refuses the Ingress"}
	}
	for _, name := range []string{"from-to-www-redirect", "relative-redirects"} {
		if raw, ok := r.raw(name); ok && !validBool(raw) {
			return refuse(name)
		}
	}
	out.FromToWWW = r.boolean("from-to-www-redirect", false)

	tr, _, valid := r.str("temporal-redirect", validRegex(urlIsValid, false))
	if !valid {
		return refuse("temporal-redirect")
	}
	if tr != "" {
		code, _, valid := r.integer("temporal-redirect-code")
		if !valid {
			return refuse("temporal-redirect-code")
		}
		if code < 300 || code > 307 {
			code = 302
		}
		if u, err := url.Parse(tr); err != nil || !strings.HasPrefix(u.Scheme, "http") {
			// isValidURL fails: Extract skips the redirect group (not a validation error).
			r.warn("temporal-redirect", "only http and https URLs are accepted; ingress-nginx ignores the redirect annotations")
			return nil
		}
		out.Redirect = &redirectConfig{URL: tr, Code: code, Annotation: "temporal-redirect"}
		return nil
	}
	pr, _, valid := r.str("permanent-redirect", validRegex(urlIsValid, false))
	if !valid {
		return refuse("permanent-redirect")
	}
	code, _, valid := r.integer("permanent-redirect-code")
	if !valid {
		return refuse("permanent-redirect-code")
	}
	if code < 300 || code > 308 {
		code = 301
	}
	if pr != "" {
		out.Redirect = &redirectConfig{URL: pr, Code: code, Annotation: "permanent-redirect"}
	}
	return nil
}

var validProtocols = map[string]bool{"AUTO_HTTP": true, "HTTP": true, "HTTPS": true, "GRPC": true, "GRPCS": true, "FCGI": true}

// parseUpstream reads upstream-vhost, x-forwarded-prefix, server-alias (all refuse the
// Ingress on a validation failure: their parsers return the error) and backend-protocol
// (falls back to HTTP).
func parseUpstream(r annotationReader) error {
	out := r.out
	vhost, _, valid := r.str("upstream-vhost", func(s string) bool { return isValidRegex.MatchString(strings.TrimSpace(s)) })
	if !valid {
		return &refusedError{Annotation: "upstream-vhost", Reason: "value fails ingress-nginx validation: the controller refuses the Ingress"}
	}
	out.UpstreamVhost = vhost
	prefix, _, valid := r.str("x-forwarded-prefix", validRegex(regexPathWithCapture, true))
	if !valid {
		return &refusedError{Annotation: "x-forwarded-prefix", Reason: "value fails ingress-nginx validation: the controller refuses the Ingress"}
	}
	out.XForwardedPrefix = prefix

	aliases, _, valid := r.str("server-alias", func(s string) bool {
		for _, name := range strings.Split(s, ",") {
			if !isValidRegex.MatchString(strings.TrimSpace(name)) {
				return false
			}
		}
		return true
	})
	if !valid {
		return &refusedError{Annotation: "server-alias", Reason: "value fails ingress-nginx validation: the controller refuses the Ingress"}
	}
	seen := map[string]bool{}
	for _, a := range strings.Split(aliases, ",") {
		if a = strings.TrimSpace(a); a != "" && !seen[a] {
			seen[a] = true
			out.Aliases = append(out.Aliases, a)
		}
	}
	sort.Strings(out.Aliases)

	out.BackendProtocol = "HTTP"
	if raw, ok := r.raw("backend-protocol"); ok {
		p := strings.ToUpper(strings.TrimSpace(raw))
		if validProtocols[p] {
			out.BackendProtocol = p
		} else {
			r.warn("backend-protocol", fmt.Sprintf("%q is not a valid protocol; ingress-nginx uses HTTP", raw))
		}
	}
	return nil
}

// parseCanary is annotations/canary/main.go: invalid values fall back to defaults, and
// canary-* annotations without canary: "true" disable the whole canary group.
func parseCanary(r annotationReader) {
	c := &r.out.Canary
	c.Enabled = r.boolean("canary", false)
	intOr := func(name string, def int) int {
		n, set, valid := r.integer(name)
		if !valid {
			r.warn(name, fmt.Sprintf("not an integer; ingress-nginx uses %d", def))
			return def
		}
		if !set {
			return def
		}
		return n
	}
	c.Weight = intOr("canary-weight", 0)
	c.WeightTotal = intOr("canary-weight-total", 100)
	strOr := func(name string, validate func(string) bool) string {
		v, _, valid := r.str(name, validate)
		if !valid {
			r.warn(name, "value fails ingress-nginx validation; ingress-nginx uses \"\"")
			return ""
		}
		return v
	}
	c.Header = strOr("canary-by-header", validRegex(basicChars, true))
	c.HeaderValue = strOr("canary-by-header-value", validRegex(basicChars, true))
	c.HeaderPattern = strOr("canary-by-header-pattern", validRegex(isValidRegex, false))
	c.Cookie = strOr("canary-by-cookie", validRegex(basicChars, true))
	if !c.Enabled && (c.Weight > 0 || c.Header != "" || c.HeaderValue != "" || c.Cookie != "" || c.HeaderPattern != "") {
		r.warn("canary", "canary-* annotations are set but canary is not \"true\"; ingress-nginx ignores them")
		*c = canaryConfig{}
	}
}

// classifyRest marks snippets and unknown annotations opaque, and warns about known
// routing annotations that are not modelled.
func classifyRest(r annotationReader, cfg *controllerConfig) {
	out := r.out
	for _, full := range sortedKeys(r.anns) {
		name, ok := strings.CutPrefix(full, annotationPrefix)
		if !ok {
			continue
		}
		if _, known := knownAnnotations[name]; !known {
			out.Opaque = append(out.Opaque, fmt.Sprintf("unknown annotation %s", full))
			continue
		}
		if snippetAnnotations[name] {
			if r.anns[full] == "" {
				continue
			}
			if !cfg.AllowSnippetAnnotations {
				r.warn(name, "allow-snippet-annotations is false: ingress-nginx drops the snippet")
				continue
			}
			reason := fmt.Sprintf("%s injects raw nginx configuration", full)
			if name == "server-snippet" {
				out.ServerOpaque = append(out.ServerOpaque, reason)
			} else {
				out.Opaque = append(out.Opaque, reason)
			}
			continue
		}
		if msg, ok := unmodelledRouting[name]; ok {
			r.warn(name, msg)
		}
	}
}

func sortedKeys(m map[string]string) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
