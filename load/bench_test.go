package load

import (
	"fmt"
	"strings"
	"testing"
)

// ingresses returns n Ingresses in one multi-document YAML file.
func ingresses(n int) []byte {
	var b strings.Builder
	for i := 0; i < n; i++ {
		fmt.Fprintf(&b, `---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: web-%d
  namespace: shop
  annotations:
    nginx.ingress.kubernetes.io/rewrite-target: /$2
spec:
  ingressClassName: nginx
  tls:
  - hosts: [h%d.example.com]
    secretName: tls-%d
  rules:
  - host: h%d.example.com
    http:
      paths:
      - path: /api(/|$)(.*)
        pathType: ImplementationSpecific
        backend:
          service: {name: api, port: {number: 8080}}
      - path: /
        pathType: Prefix
        backend:
          service: {name: web, port: {name: http}}
`, i, i, i, i)
	}
	return []byte(b.String())
}

// TestLoadMany checks that many Ingresses in one file (parsed in parallel chunks) all
// load, in order, with absolute line numbers (speed is in BenchmarkLoad10k).
func TestLoadMany(t *testing.T) {
	const n = 2000
	r, err := LoadBytes("many.yaml", ingresses(n))
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Ingresses) != n || len(r.Invalid) != 0 {
		t.Fatalf("loaded %d Ingresses, %d invalid", len(r.Ingresses), len(r.Invalid))
	}
	for _, i := range []int{0, 1, 777, n - 1} {
		o := r.Ingresses[i]
		if want := fmt.Sprintf("web-%d", i); o.Obj.Name != want {
			t.Errorf("Ingress %d is %s, want %s", i, o.Obj.Name, want)
		}
		if got, want := o.Origin.LineOf("spec.rules[0].host"), i*25+15; got != want {
			t.Errorf("Ingress %d host at line %d, want %d", i, got, want)
		}
	}
}

// TestParallelErrorIsTheFirst checks that with documents decoded in parallel, the error
// reported is the first in the file, with its absolute line.
func TestParallelErrorIsTheFirst(t *testing.T) {
	data := string(ingresses(300))
	data = strings.Replace(data, "name: web-150\n", "name: web-150\n  nam: x\n", 1)
	data = strings.Replace(data, "name: web-250\n", "name: web-250\n  nam: y\n", 1)
	_, err := LoadBytes("many.yaml", []byte(data))
	if want := fmt.Sprintf("many.yaml:%d: metadata.nam: unknown field", 150*25+6); err == nil || err.Error() != want {
		t.Errorf("error = %v, want %s", err, want)
	}
	data = strings.Replace(data, "name: web-100\n", "name: web-100\n  [oops\n", 1)
	_, err = LoadBytes("many.yaml", []byte(data))
	if want := fmt.Sprintf("many.yaml:%d: malformed YAML: ", 100*25+6); err == nil || !strings.HasPrefix(err.Error(), want) {
		t.Errorf("error = %v, want prefix %s", err, want)
	}
}

// BenchmarkLoad10k loads 10k Ingresses from one multi-document file.
func BenchmarkLoad10k(b *testing.B) { benchmarkLoad(b, ingresses(10000)) }

// benchmarkLoad loads data, one multi-document file, per iteration.
func benchmarkLoad(b *testing.B, data []byte) {
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := LoadBytes("10k.yaml", data); err != nil {
			b.Fatal(err)
		}
	}
}

// blockIngresses returns n Ingresses in the block style kubectl and generators write (no
// flow collections), which the fast parser reads.
func blockIngresses(n int) []byte {
	var b strings.Builder
	for i := 0; i < n; i++ {
		fmt.Fprintf(&b, `---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: web-%d
  namespace: shop
  annotations:
    nginx.ingress.kubernetes.io/rewrite-target: /$2
spec:
  ingressClassName: nginx
  tls:
  - hosts:
    - h%d.example.com
    secretName: tls-%d
  rules:
  - host: h%d.example.com
    http:
      paths:
      - path: /api(/|$)(.*)
        pathType: ImplementationSpecific
        backend:
          service:
            name: api
            port:
              number: 8080
      - path: /
        pathType: Prefix
        backend:
          service:
            name: web
            port:
              name: http
`, i, i, i, i)
	}
	return []byte(b.String())
}

// BenchmarkLoad10kBlock loads 10k block-style Ingresses from one file (the fast path;
// BenchmarkLoad10k's flow collections take the go.yaml.in/yaml/v3 path).
func BenchmarkLoad10kBlock(b *testing.B) { benchmarkLoad(b, blockIngresses(10000)) }
