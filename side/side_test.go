package side

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ingress-parity/ingress-parity/load"
	"github.com/ingress-parity/ingress-parity/model"
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

// A controller ConfigMap given apart from the inputs is the one the ingress-nginx side uses.
func TestReadControllerConfig(t *testing.T) {
	dir := t.TempDir()
	write := func(name, content string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	ing := write("ing.yaml", `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: {name: web, namespace: shop}
spec:
  ingressClassName: nginx
  tls: [{hosts: [shop.example.com], secretName: tls}]
  rules:
  - host: shop.example.com
    http:
      paths:
      - {path: /, pathType: Prefix, backend: {service: {name: web, port: {number: 80}}}}
`)
	cm := `apiVersion: v1
kind: ConfigMap
metadata: {name: %s, namespace: ingress-nginx}
data: {ssl-redirect: "false"}
`
	one := write("cm.yaml", fmt.Sprintf(cm, "my-controller"))
	two := write("two.yaml", fmt.Sprintf(cm, "a")+"---\n"+fmt.Sprintf(cm, "b"))
	req := model.Request{Method: "GET", Scheme: model.HTTP, Host: "shop.example.com", Port: 80, Path: "/"}

	for _, tt := range []struct {
		name   string
		config []string
		want   model.DecisionKind
	}{
		{"defaults: ssl-redirect", nil, model.Redirect},
		{"controller config turns it off", []string{one}, model.Forward},
	} {
		sd, err := Read(Options{Paths: []string{ing}, ControllerConfig: tt.config})
		if err != nil {
			t.Fatalf("%s: %v", tt.name, err)
		}
		res := sd.Model.Resolve(req)
		if len(res) != 1 || res[0].Outcome.Kind != tt.want {
			t.Errorf("%s: got %+v, want %s", tt.name, res, tt.want)
		}
	}
	if _, err := Read(Options{Paths: []string{ing}, ControllerConfig: []string{two}}); err == nil || !strings.Contains(err.Error(), "exactly one ConfigMap") {
		t.Errorf("two ConfigMaps: want an error, got %v", err)
	}
}
