package ingressnginx

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ingress-parity/ingress-parity/internal/estategen"
	"github.com/ingress-parity/ingress-parity/load"
)

// TestSameDecisionInputs checks the shortcut of sameDecisions: wherever sameDecisionInputs
// says a prefix location and its exact copy decide alike, computing and comparing their
// decisions agrees. Inputs: every golden case and generated estates with regex hosts,
// rewrites, canaries, identity annotations and planted drifts.
func TestSameDecisionInputs(t *testing.T) {
	inputs := map[string]*load.Resources{}
	files, err := filepath.Glob("testdata/*.yaml")
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range files {
		if strings.HasSuffix(f, ".model.yaml") {
			continue
		}
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		res, err := load.LoadBytes(filepath.Base(f), data)
		if err != nil {
			t.Fatalf("load %s: %v", f, err)
		}
		inputs[strings.TrimSuffix(filepath.Base(f), ".yaml")] = res
	}
	for name, opts := range map[string]estategen.Options{
		"estate":          {Ingresses: 200, Seed: 3},
		"estate-identity": {Ingresses: 200, Seed: 4, Identity: true, DriftEvery: 3},
	} {
		old, _ := estategen.Generate(opts)
		res, err := load.LoadBytes(name+".yaml", old)
		if err != nil {
			t.Fatalf("load %s: %v", name, err)
		}
		inputs[name] = res
	}
	// A no-tls-redirect-locations entry that takes the slashed prefix location "/public/"
	// but not its exact copy "/public": the two decide differently on http.
	res, err := load.LoadBytes("no-tls-slash.yaml", []byte(noTLSSlash))
	if err != nil {
		t.Fatal(err)
	}
	inputs["no-tls-slash"] = res
	shortcuts, differ := 0, 0
	for name, res := range inputs {
		b, err := prepare(res, caseOptions[name])
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		for _, srv := range b.servers {
			for i, l := range srv.locations {
				if i == 0 || !l.derived {
					continue
				}
				prev := srv.locations[i-1]
				if !b.sameDecisionInputs(prev, l) {
					if !b.decisionsEqual(srv, prev, l) {
						differ++
					}
					continue
				}
				shortcuts++
				if !b.decisionsEqual(srv, prev, l) {
					t.Errorf("%s: server %s: locations %q and its copy %q have the same decision inputs but decide differently", name, srv.hostname, prev.path, l.path)
				}
			}
		}
	}
	if shortcuts == 0 || differ == 0 {
		t.Fatalf("%d location pairs took the shortcut and %d decide differently: want some of each", shortcuts, differ)
	}
	t.Logf("%d pairs took the shortcut, %d decide differently", shortcuts, differ)
}

const noTLSSlash = `apiVersion: v1
kind: ConfigMap
metadata:
  name: ingress-nginx-controller
  namespace: ingress-nginx
data:
  no-tls-redirect-locations: /public/
---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: site
  namespace: default
spec:
  ingressClassName: nginx
  tls:
  - hosts: ["a.example.com"]
    secretName: a-tls
  rules:
  - host: a.example.com
    http:
      paths:
      - path: /public
        pathType: Prefix
        backend:
          service:
            name: site
            port:
              number: 80
`
