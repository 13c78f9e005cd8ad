// Package gatewayapi builds a model.Model from the Gateway API objects of load.Resources:
// GatewayClasses, Gateways, HTTPRoutes, GRPCRoutes, ReferenceGrants and Services, plus Envoy
// Gateway's EnvoyProxy (from Resources.Other) for mergeGateways.
//
// Every Gateway becomes one model.EntryPoint "gateway/<ns>/<name>" (or, when Envoy Gateway's
// mergeGateways is on for a GatewayClass, all of the class's Gateways become one entry point
// "gatewayclass/<name>"). Each HTTP or HTTPS listener becomes a model.Listener whose virtual
// hosts are the hostnames of the attached routes intersected with the listener hostname, in
// host precedence order (exact before wildcard, longer first, catch-all last). The routes of a
// virtual host are every match of every attached rule, one model.Route per match (matches of a
// rule are ORed), sorted by the precedence of the implementation profile (precedence.go).
//
// Facts and their sources (paths in the kubernetes-sigs/gateway-api and envoyproxy/gateway
// repositories):
//
//   - Hostname intersection and route hostname precedence: gateway-api apis/v1/httproute_types.go
//     (HTTPRouteSpec.Hostnames) and apis/v1/gateway_types.go (Listener.Hostname). A wildcard
//     matches any number of labels (model.WildcardAnyLabels).
//   - Match precedence: apis/v1/httproute_types.go (HTTPRouteRule.Matches): Exact, longest
//     prefix, method, most headers, most query params, oldest route, namespace/name, rule order.
//     Envoy Gateway departs from it (internal/gatewayapi/sort.go): see precedence.go.
//   - Path normalization: Envoy Gateway sets normalize_path (RFC 3986 dot segments) and
//     merge_slashes by default (internal/xds/translator/listener.go, internal/gatewayapi/listener.go
//     "MergeSlashes: true"); %XX other than %2F is not decoded; %2F/%5C get UnescapeAndRedirect
//     (api/v1alpha1/pathsettings_types.go), which the static model does not represent.
//   - Listener conflicts: Envoy Gateway internal/gatewayapi/validate.go (incompatible protocols
//     on one port, HTTPS and TLS sharing a hostname on one port, merged-Gateway duplicates):
//     conflicted listeners are left out with a Note. TLS passthrough listeners are kept without
//     virtual hosts (TLSRoutes are not modelled); TCP and UDP listeners are left out.
//   - GRPCRoute: matches become paths "/<service>/<method>" exactly as Envoy Gateway programs
//     them (matches.go grpcMatch), with no method or content-type condition.
//   - Backends: a rule whose backendRefs are all invalid, empty or omitted answers 500
//     (apis/v1/httproute_types.go HTTPRouteRule.BackendRefs; conformance/tests/
//     httproute-omitted-backendrefs.go, httproute-invalid-*.go).
//   - BackendTLSPolicy (backendtls.go): the upstream TLS of Service backends, always verified
//     against the CA references or the system CAs and the hostname or subjectAltNames
//     (apis/v1/backendtlspolicy_types.go); a port (sectionName) policy wins over a
//     whole-Service one; the oldest wins a conflict (Envoy Gateway backendtlspolicy.go).
//
// Identity policies (policies.go): under the Envoy Gateway profile, SecurityPolicy,
// BackendTrafficPolicy and ClientTrafficPolicy are resolved by frontend/envoypolicy into
// Listener.ClientIP and Route.Policy. Every listener carries its client-IP derivation (the
// TCP peer by default) and every route a Policy with Envoy's identity headers
// (X-Forwarded-For appended, X-Request-ID generated, X-Forwarded-Client-Cert sanitized,
// X-Forwarded-Proto and X-Envoy-External-Address set), also when no policy object reaches it.
// The Gateway's spec.tls.frontend client-certificate validation applies under every profile
// (frontendtls.go); a ClientTrafficPolicy's tls.clientValidation replaces it on HTTPS
// listeners. Under the istio and generic profiles the implementation's identity headers are
// not modelled: routes without frontend validation keep a nil Policy, and one
// "identity-headers-not-modelled" Note per model says so. EnvoyExtensionPolicy and
// EnvoyPatchPolicy, and every Envoy Gateway policy under another profile, remain
// "policy-not-modelled" Notes.
package gatewayapi
