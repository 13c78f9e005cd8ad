package side

import (
	"errors"
	"testing"

	"github.com/ingress-parity/ingress-parity/load"
)

func TestDetect(t *testing.T) {
	ing := `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: {name: web, namespace: shop}
spec:
  defaultBackend: {service: {name: web, port: {number: 80}}}
`
	route := `apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: {name: web, namespace: shop}
spec:
  rules:
  - backendRefs: [{name: web, port: 80}]
`
	cm := `apiVersion: v1
kind: ConfigMap
metadata: {name: cfg, namespace: x}
data: {a: b}
`
	tests := []struct {
		name    string
		yaml    string
		as      Kind
		want    Kind
		wantErr error
	}{
		{name: "ingress", yaml: ing, want: IngressNginx},
		{name: "gateway", yaml: route, want: GatewayAPI},
		{name: "both is ambiguous", yaml: ing + "---\n" + route, wantErr: ErrAmbiguous},
		{name: "both with --as", yaml: ing + "---\n" + route, as: GatewayAPI, want: GatewayAPI},
		{name: "nothing to read", yaml: cm, wantErr: ErrEmpty},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, err := load.LoadBytes("in.yaml", []byte(tt.yaml))
			if err != nil {
				t.Fatal(err)
			}
			got, err := Detect(res, tt.as)
			if !errors.Is(err, tt.wantErr) || got != tt.want {
				t.Errorf("Detect = %q, %v; want %q, %v", got, err, tt.want, tt.wantErr)
			}
		})
	}
}
