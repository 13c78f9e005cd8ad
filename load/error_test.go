package load

import (
	"errors"
	"strings"
	"testing"
)

// TestLoadBytesErrors checks that fatal problems name the file, the line and the field.
func TestLoadBytesErrors(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want string // the full Error() text
	}{
		{
			name: "unknown field deep in an Ingress",
			in: `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: a
spec:
  rules:
  - host: a.example
    http:
      paths:
      - path: /
        pathType: Prefix
        backend:
          service: {name: s, port: {number: 80}}
      - path: /b
        pathType: Prefix
        backend:
          servic:
            name: s
`,
			want: "in.yaml:17: spec.rules[0].http.paths[1].backend.servic: unknown field",
		},
		{
			name: "wrong type string for integer",
			in: `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: a
spec:
  defaultBackend:
    service:
      name: s
      port:
        number: eighty
`,
			want: "in.yaml:10: spec.defaultBackend.service.port.number: wrong type: got string, want integer",
		},
		{
			name: "wrong type list for map",
			in: `apiVersion: v1
kind: ConfigMap
metadata:
  name: c
data:
- a
`,
			want: "in.yaml:5: data: wrong type: got array, want object",
		},
		{
			name: "wrong type inside a custom unmarshaler (IntOrString)",
			in:   "apiVersion: v1\nkind: Service\nmetadata: {name: s}\nspec:\n  ports:\n  - port: 80\n    targetPort: [1]\n",
			want: "in.yaml:7: spec.ports[0].targetPort: invalid value: json: cannot unmarshal array into Go value of type int32",
		},
		{
			name: "bad timestamp",
			in:   "apiVersion: v1\nkind: Service\nmetadata:\n  name: s\n  creationTimestamp: 2020-13-45\n",
			want: `in.yaml:5: metadata.creationTimestamp: invalid value: parsing time "2020-13-45": month out of range`,
		},
		{
			name: "integer out of int32 range",
			in:   "apiVersion: v1\nkind: Service\nmetadata: {name: s}\nspec:\n  ports:\n  - port: 99999999999\n",
			want: "in.yaml:6: spec.ports[0].port: wrong type: got a number that is not a 32-bit integer, want integer",
		},
		{
			name: "binaryData not base64",
			in:   "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\nbinaryData:\n  a: '%%%'\n",
			want: "in.yaml:5: binaryData.a: invalid value: not base64",
		},
		{
			name: "YAML 1.1 boolean where a string is wanted, as kubectl reads it",
			in:   "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\ndata:\n  quoted: 'yes'\n  use-forwarded-headers: yes\n",
			want: "in.yaml:6: data.use-forwarded-headers: wrong type: got boolean, want string",
		},
		{
			name: "duplicate field",
			in: `apiVersion: v1
kind: Service
metadata:
  name: s
  name: t
`,
			want: "in.yaml:5: metadata.name: duplicate field",
		},
		{
			name: "unknown field in second document",
			in: `apiVersion: v1
kind: ConfigMap
metadata: {name: a}
---
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: {name: r}
spec:
  rules:
  - matches:
    - path: {type: PathPrefix, valu: /x}
`,
			want: "in.yaml:11: spec.rules[0].matches[0].path.valu: unknown field",
		},
		{
			name: "malformed YAML",
			in: `apiVersion: v1
kind: ConfigMap
metadata:
  name: a
 bad: [
`,
			want: "in.yaml:4: malformed YAML: did not find expected key",
		},
		{
			name: "infinite float",
			in: `apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: {name: r}
spec:
  rules:
  - backendRefs:
    - name: s
      port: .inf
`,
			want: "in.yaml:8: spec.rules[0].backendRefs[0].port: number cannot be represented in JSON",
		},
		{
			name: "alias bomb",
			in: `a: &a ["x", "x", "x", "x", "x", "x", "x", "x", "x"]
b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]
c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]
d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]
e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d]
f: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e]
g: &g [*f, *f, *f, *f, *f, *f, *f, *f, *f]
apiVersion: v1
kind: ConfigMap
metadata: {name: bomb, labels: {x: y}}
data: {k: v}
binaryData: {k: *g}
`,
			want: "in.yaml:1: e[6][7][7][6]: document expands to too many nodes (aliases)",
		},
		{
			name: "merge key",
			in: `apiVersion: v1
kind: ConfigMap
metadata:
  <<: {name: a}
`,
			want: "in.yaml:4: metadata: merge keys (<<) are not supported",
		},
		{
			name: "unknown field in a List item",
			in: `apiVersion: v1
kind: List
items:
- apiVersion: v1
  kind: Service
  metadata: {name: s}
  spec:
    portz: []
`,
			want: "in.yaml:8: spec.portz: unknown field",
		},
		{
			name: "unknown field in JSON",
			in: `{
	"apiVersion": "v1",
	"kind": "ConfigMap",
	"metadata": {"name": "a"},
	"dat": {}
}`,
			want: "in.yaml:5: dat: unknown field",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := LoadBytes("in.yaml", []byte(tt.in))
			var le *Error
			if !errors.As(err, &le) {
				t.Fatalf("LoadBytes error = %v, want *Error", err)
			}
			if got := err.Error(); got != tt.want {
				t.Errorf("error:\n got %q\nwant %q", got, tt.want)
			}
		})
	}
}

// TestSecretValuesNeverInErrors checks that a bad Secret value is not quoted in the error.
func TestSecretValuesNeverInErrors(t *testing.T) {
	tests := []struct {
		name string
		in   string
	}{
		{"wrong type in data", "apiVersion: v1\nkind: Secret\nmetadata: {name: s}\ndata:\n  password: 12345678\n"},
		{"bad base64", "apiVersion: v1\nkind: Secret\nmetadata: {name: s}\ndata:\n  password: 'hunter2!!secret'\n"},
		{"secret text in a timestamp", "apiVersion: v1\nkind: Secret\nmetadata:\n  name: s\n  creationTimestamp: hunter2\n"},
		{"wrong type in stringData", "apiVersion: v1\nkind: Secret\nmetadata: {name: s}\nstringData:\n  password: [hunter2secret]\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := LoadBytes("s.yaml", []byte(tt.in))
			if err == nil {
				t.Fatal("want an error")
			}
			for _, secret := range []string{"12345678", "hunter2"} {
				if strings.Contains(err.Error(), secret) {
					t.Errorf("error %q quotes the secret value", err)
				}
			}
			if !strings.HasPrefix(err.Error(), "s.yaml:5: ") {
				t.Errorf("error %q does not name s.yaml:5", err)
			}
		})
	}
}
