package ingressnginx

// annotationPrefix is the prefix of every ingress-nginx annotation.
const annotationPrefix = "nginx.ingress.kubernetes.io/"

// risk is the risk level ingress-nginx assigns to an annotation; the controller refuses a
// whole Ingress that carries an annotation above the ConfigMap's annotations-risk-level.
// ingress-nginx internal/ingress/annotations/parser/validators.go (AnnotationRisk*),
// CheckAnnotationRisk; each annotation's level is in its parser's AnnotationFields.
type risk int

const (
	riskLow risk = iota
	riskMedium
	riskHigh
	riskCritical
)

// parseRisk reads annotations-risk-level as ingress-nginx does (StringRiskToRisk):
// unknown values mean Low.
func parseRisk(s string) risk {
	switch s {
	case "critical", "Critical", "CRITICAL":
		return riskCritical
	case "high", "High", "HIGH":
		return riskHigh
	case "medium", "Medium", "MEDIUM":
		return riskMedium
	}
	return riskLow
}

func (r risk) String() string {
	return [...]string{"Low", "Medium", "High", "Critical"}[r]
}

// knownAnnotations maps every annotation ingress-nginx v1.15 parses (without the prefix)
// to its risk level. Read from internal/ingress/annotations/*/main.go (AnnotationFields,
// including the aliases whitelist-source-range and limit-whitelist). An annotation with the
// prefix that is not in this table is unknown: the route it touches is opaque.
var knownAnnotations = map[string]risk{
	"affinity": riskLow, "affinity-canary-behavior": riskLow, "affinity-mode": riskMedium,
	"allowlist-source-range": riskMedium, "whitelist-source-range": riskMedium,
	"denylist-source-range":  riskMedium,
	"app-root":               riskMedium,
	"auth-always-set-cookie": riskLow, "auth-cache-duration": riskMedium, "auth-cache-key": riskMedium,
	"auth-keepalive": riskLow, "auth-keepalive-requests": riskLow, "auth-keepalive-share-vars": riskLow,
	"auth-keepalive-timeout": riskLow, "auth-method": riskLow, "auth-proxy-set-headers": riskMedium,
	"auth-realm": riskMedium, "auth-request-redirect": riskMedium, "auth-response-headers": riskMedium,
	"auth-secret": riskMedium, "auth-secret-type": riskLow, "auth-signin": riskHigh,
	"auth-signin-redirect-param": riskMedium, "auth-snippet": riskCritical, "auth-type": riskLow,
	"auth-url":            riskHigh,
	"auth-tls-error-page": riskHigh, "auth-tls-match-cn": riskHigh, "auth-tls-pass-certificate-to-upstream": riskLow,
	"auth-tls-secret": riskMedium, "auth-tls-verify-client": riskMedium, "auth-tls-verify-depth": riskLow,
	"backend-protocol": riskLow,
	"canary":           riskLow, "canary-weight": riskLow, "canary-weight-total": riskLow,
	"canary-by-cookie": riskMedium, "canary-by-header": riskMedium, "canary-by-header-pattern": riskMedium,
	"canary-by-header-value":  riskMedium,
	"client-body-buffer-size": riskLow,
	"configuration-snippet":   riskCritical,
	"connection-proxy-header": riskLow,
	"cors-allow-credentials":  riskLow, "cors-allow-headers": riskMedium, "cors-allow-methods": riskMedium,
	"cors-allow-origin": riskMedium, "cors-expose-headers": riskMedium, "cors-max-age": riskLow,
	"enable-cors":    riskLow,
	"custom-headers": riskMedium, "custom-http-errors": riskLow, "default-backend": riskLow,
	"disable-proxy-intercept-errors": riskLow,
	"enable-access-log":              riskLow, "enable-rewrite-log": riskLow,
	"enable-global-auth": riskLow,
	"enable-modsecurity": riskLow, "enable-owasp-core-rules": riskLow, "modsecurity-snippet": riskCritical,
	"modsecurity-transaction-id": riskHigh,
	"enable-opentelemetry":       riskLow, "opentelemetry-operation-name": riskMedium,
	"opentelemetry-trust-incoming-span": riskLow,
	"fastcgi-index":                     riskMedium, "fastcgi-params-configmap": riskMedium,
	"force-ssl-redirect":   riskMedium,
	"from-to-www-redirect": riskLow,
	"http2-push-preload":   riskLow,
	"limit-allowlist":      riskLow, "limit-whitelist": riskLow, "limit-burst-multiplier": riskLow,
	"limit-connections": riskLow, "limit-rate": riskLow, "limit-rate-after": riskLow, "limit-rpm": riskLow,
	"limit-rps":    riskLow,
	"load-balance": riskLow,
	"mirror-host":  riskHigh, "mirror-request-body": riskLow, "mirror-target": riskHigh,
	"permanent-redirect": riskMedium, "permanent-redirect-code": riskLow,
	"temporal-redirect": riskMedium, "temporal-redirect-code": riskLow,
	"preserve-trailing-slash": riskMedium,
	"proxy-body-size":         riskMedium, "proxy-buffer-size": riskLow, "proxy-buffering": riskLow,
	"proxy-buffers-number": riskLow, "proxy-busy-buffers-size": riskLow, "proxy-connect-timeout": riskLow,
	"proxy-cookie-domain": riskMedium, "proxy-cookie-path": riskMedium, "proxy-http-version": riskLow,
	"proxy-max-temp-file-size": riskLow, "proxy-next-upstream": riskMedium, "proxy-next-upstream-timeout": riskLow,
	"proxy-next-upstream-tries": riskLow, "proxy-read-timeout": riskLow, "proxy-redirect-from": riskMedium,
	"proxy-redirect-to": riskMedium, "proxy-request-buffering": riskLow, "proxy-send-timeout": riskLow,
	"proxy-ssl-ciphers": riskMedium, "proxy-ssl-name": riskHigh, "proxy-ssl-protocols": riskLow,
	"proxy-ssl-secret": riskMedium, "proxy-ssl-server-name": riskLow, "proxy-ssl-verify": riskLow,
	"proxy-ssl-verify-depth":           riskLow,
	"relative-redirects":               riskLow,
	"rewrite-target":                   riskMedium,
	"satisfy":                          riskLow,
	"server-alias":                     riskHigh,
	"server-snippet":                   riskCritical,
	"service-upstream":                 riskLow,
	"session-cookie-change-on-failure": riskLow, "session-cookie-conditional-samesite-none": riskLow,
	"session-cookie-domain": riskMedium, "session-cookie-expires": riskMedium, "session-cookie-max-age": riskMedium,
	"session-cookie-name": riskMedium, "session-cookie-path": riskMedium, "session-cookie-samesite": riskLow,
	"session-cookie-secure": riskLow,
	"ssl-ciphers":           riskLow, "ssl-prefer-server-ciphers": riskLow, "ssl-passthrough": riskLow,
	"ssl-redirect":     riskLow,
	"stream-snippet":   riskCritical,
	"upstream-hash-by": riskHigh, "upstream-hash-by-subset": riskLow, "upstream-hash-by-subset-size": riskLow,
	"upstream-vhost": riskLow, "use-port-in-redirects": riskLow, "use-regex": riskLow,
	"x-forwarded-prefix": riskMedium,
}

// snippetAnnotations inject raw nginx configuration: when the controller accepts them
// (allow-snippet-annotations and annotations-risk-level Critical) nothing about the
// routes they touch can be known. ingress-nginx controller.go dropSnippetDirectives.
var snippetAnnotations = map[string]bool{
	"configuration-snippet": true, "server-snippet": true, "auth-snippet": true,
	"modsecurity-snippet": true, "stream-snippet": true,
}

// unmodelledRouting lists known annotations that change routing in ways this frontend does
// not model yet; each use is reported as a warning Note (they are not opaque: the
// controller's behaviour is known, just not represented).
var unmodelledRouting = map[string]string{
	"ssl-passthrough":    "ssl-passthrough sends raw TLS for the host to the backend; the https listener model is wrong for this host",
	"custom-http-errors": "custom-http-errors replace upstream error responses; not modelled",
	"default-backend":    "the default-backend annotation serves error/no-endpoint responses from another service; not modelled",
	"mirror-target":      "request mirroring is not modelled",
	"relative-redirects": "relative-redirects makes nginx Location headers relative; modelled as absolute",
}
