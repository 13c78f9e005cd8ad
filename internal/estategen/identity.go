package estategen

// Identity settings shared by the old and new side.
const (
	allowlistCIDRs  = "10.0.0.0/8,192.168.0.0/16"
	authServiceName = "auth"
	authServicePort = 8080
	authPath        = "/verify"
	authUserHeader  = "X-Auth-User"
	clientCASecret  = "client-ca"
)

// identityAnnotations are the ingress-nginx annotations of ing's identity control.
func identityAnnotations(ing *ingressPlan) map[string]string {
	ns := ing.host.namespace
	switch ing.identity {
	case identityAllowlist:
		return map[string]string{annotation + "allowlist-source-range": allowlistCIDRs}
	case identityAuthURL:
		return map[string]string{
			annotation + "auth-url":              "http://" + authServiceName + "." + ns + ".svc.cluster.local:8080" + authPath,
			annotation + "auth-response-headers": authUserHeader,
		}
	case identityAuthTLS:
		return map[string]string{
			annotation + "auth-tls-secret":        ns + "/" + clientCASecret,
			annotation + "auth-tls-verify-client": "on",
		}
	}
	return nil
}

// securityPolicy is the Envoy Gateway SecurityPolicy translating ing's identity control, or nil
// (no control, or client certificates: per-host mTLS has no per-route Gateway API equivalent and
// is left untranslated on purpose).
func securityPolicy(ing *ingressPlan) map[string]any {
	var spec map[string]any
	switch ing.identity {
	case identityAllowlist:
		spec = map[string]any{"authorization": map[string]any{
			"defaultAction": "Deny",
			"rules": []any{map[string]any{
				"name":      "allowlist-source-range",
				"action":    "Allow",
				"principal": map[string]any{"clientCIDRs": []any{"10.0.0.0/8", "192.168.0.0/16"}},
			}},
		}}
	case identityAuthURL:
		spec = map[string]any{"extAuth": map[string]any{"http": map[string]any{
			"backendRefs":      []any{map[string]any{"name": authServiceName, "port": authServicePort}},
			"pathOverride":     authPath,
			"headersToBackend": []any{authUserHeader},
		}}}
	default:
		return nil
	}
	spec["targetRefs"] = []any{map[string]any{
		"group": "gateway.networking.k8s.io", "kind": "HTTPRoute", "name": ing.name,
	}}
	return map[string]any{
		"apiVersion": "gateway.envoyproxy.io/v1alpha1",
		"kind":       "SecurityPolicy",
		"metadata":   map[string]any{"name": ing.name, "namespace": ing.host.namespace},
		"spec":       spec,
	}
}

// clientHeaders is the ClientTrafficPolicy of Gateway ns/name that gives the upstreams
// X-Forwarded-For and X-Real-IP as ingress-nginx sets them (the client address, whatever the
// client sent): the client's X-Forwarded-For is removed before Envoy appends the peer, and
// X-Real-IP is set to the downstream address. X-Request-ID: the client's value is kept and
// one generated when absent, as nginx does.
func clientHeaders(ns, gateway string) map[string]any {
	return map[string]any{
		"apiVersion": "gateway.envoyproxy.io/v1alpha1",
		"kind":       "ClientTrafficPolicy",
		"metadata":   map[string]any{"name": "client-headers", "namespace": ns},
		"spec": map[string]any{
			"targetRefs": []any{map[string]any{"group": "gateway.networking.k8s.io", "kind": "Gateway", "name": gateway}},
			"headers": map[string]any{
				"requestID": "PreserveOrGenerate",
				"earlyRequestHeaders": map[string]any{
					"remove": []any{"X-Forwarded-For"},
					"set":    []any{map[string]any{"name": "X-Real-IP", "value": "%DOWNSTREAM_REMOTE_ADDRESS_WITHOUT_PORT%"}},
				},
			},
		},
	}
}
