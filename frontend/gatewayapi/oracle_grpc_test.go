package gatewayapi

import "testing"

// grpcEcho is the service of the conformance gRPC echo backend.
const grpcEcho = "/gateway_api_conformance.echo_basic.grpcecho.GrpcEcho/"

// grpcCall is a gRPC call as the conformance gRPC client sends it: a POST with a gRPC
// content-type to /<service>/<method> (the model does not require either).
func grpcCall(method string, kv ...string) oracleReq {
	q := hdr(grpcEcho+method, append([]string{"content-type", "application/grpc"}, kv...)...)
	q.method = "POST"
	return q
}

const grpcServices = `
apiVersion: v1
kind: Service
metadata: {name: grpc-infra-backend-v1, namespace: gateway-conformance-infra}
spec: {ports: [{port: 8080}]}
---
apiVersion: v1
kind: Service
metadata: {name: grpc-infra-backend-v2, namespace: gateway-conformance-infra}
spec: {ports: [{port: 8080}]}
---
`

func grpcRoute(name, spec string) string {
	return grpcServices + `apiVersion: gateway.networking.k8s.io/v1
kind: GRPCRoute
metadata: {name: ` + name + `, namespace: gateway-conformance-infra}
spec:
  parentRefs: [{name: same-namespace}]
` + spec
}

// grpcTables restate the GRPCRoute conformance tests; gRPC status Unimplemented is the
// gateway's HTTP 404 (gRPC maps HTTP 404 to UNIMPLEMENTED).
var grpcTables = map[string]oracleTable{
	"grpcroute-exact-method-matching": {
		source: "conformance/tests/grpcroute-exact-method-matching.go",
		yaml: grpcRoute("exact-matching", `  rules:
  - matches: [{method: {service: gateway_api_conformance.echo_basic.grpcecho.GrpcEcho, method: Echo}}]
    backendRefs: [{name: grpc-infra-backend-v1, port: 8080}]
  - matches: [{method: {service: gateway_api_conformance.echo_basic.grpcecho.GrpcEcho, method: EchoTwo}}]
    backendRefs: [{name: grpc-infra-backend-v2, port: 8080}]
`),
		rows: []oracleRow{
			{req: grpcCall("Echo"), backend: "grpc-infra-backend-v1"},
			{req: grpcCall("EchoTwo"), backend: "grpc-infra-backend-v2"},
			{req: grpcCall("EchoThree"), status: 404},
		},
	},
	"grpcroute-header-matching": {
		source: "conformance/tests/grpcroute-header-matching.go",
		yaml: grpcRoute("grpc-header-matching", `  rules:
  - matches: [{headers: [{name: version, value: one}]}]
    backendRefs: [{name: grpc-infra-backend-v1, port: 8080}]
  - matches: [{headers: [{name: version, value: two}]}]
    backendRefs: [{name: grpc-infra-backend-v2, port: 8080}]
  - matches: [{headers: [{name: version, value: two}, {name: color, value: orange}]}]
    backendRefs: [{name: grpc-infra-backend-v1, port: 8080}]
  - matches: [{headers: [{name: color, value: blue}]}, {headers: [{name: color, value: green}]}]
    backendRefs: [{name: grpc-infra-backend-v1, port: 8080}]
  - matches: [{headers: [{name: color, value: red}]}, {headers: [{name: color, value: yellow}]}]
    backendRefs: [{name: grpc-infra-backend-v2, port: 8080}]
`),
		rows: []oracleRow{
			{req: grpcCall("Echo", "version", "one"), backend: "grpc-infra-backend-v1"},
			{req: grpcCall("Echo", "version", "two"), backend: "grpc-infra-backend-v2"},
			{req: grpcCall("Echo", "version", "two", "color", "orange"), backend: "grpc-infra-backend-v1"},
			{req: grpcCall("Echo", "version", "two", "color", "blue"), backend: "grpc-infra-backend-v2"},
			{req: grpcCall("Echo", "color", "orange"), status: 404},
			{req: grpcCall("Echo", "some-other-header", "one"), status: 404},
			{req: grpcCall("Echo", "color", "blue"), backend: "grpc-infra-backend-v1"},
			{req: grpcCall("Echo", "color", "green"), backend: "grpc-infra-backend-v1"},
			{req: grpcCall("Echo", "color", "red"), backend: "grpc-infra-backend-v2"},
			{req: grpcCall("Echo", "color", "yellow"), backend: "grpc-infra-backend-v2"},
			{req: grpcCall("Echo", "color", "purple"), status: 404},
		},
	},
}

func TestGRPCConformanceOracle(t *testing.T) {
	for _, impl := range []string{EnvoyGateway, Istio, Generic} {
		t.Run(impl, func(t *testing.T) { runOracle(t, impl, grpcTables) })
	}
}
