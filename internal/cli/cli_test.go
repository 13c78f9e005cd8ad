package cli

import (
	"bytes"
	"encoding/json"
	"os"
	"strings"
	"testing"
)

// run runs the command line and returns the exit code and both streams.
func run(t *testing.T, stdin string, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	code := Main(args, strings.NewReader(stdin), &out, &errb)
	return code, out.String(), errb.String()
}

func TestCheckExitCodes(t *testing.T) {
	tests := []struct {
		name     string
		args     []string
		want     int
		inStdout []string
		inStderr []string
	}{
		{name: "drifted example differs", args: []string{"check", "--old", "../../examples/drifted/old", "--new", "../../examples/drifted/new"}, want: ExitDifferent, inStdout: []string{"DIFFERENT", "exposure", "curl"}},
		{name: "fail-on critical still fails on exposure", args: []string{"check", "--old", "../../examples/drifted/old", "--new", "../../examples/drifted/new", "--fail-on", "critical"}, want: ExitDifferent},
		{name: "identical sides", args: []string{"check", "--old", "../../examples/drifted/old", "--new", "../../examples/drifted/old"}, want: ExitEquivalent, inStdout: []string{"EQUIVALENT"}},
		{name: "missing --new", args: []string{"check", "--old", "../../examples/drifted/old"}, want: ExitUsage, inStderr: []string{"--new"}},
		{name: "bad fail-on", args: []string{"check", "--old", "x", "--new", "y", "--fail-on", "severe"}, want: ExitUsage, inStderr: []string{"--fail-on"}},
		{name: "bad output", args: []string{"check", "--old", "x", "--new", "y", "-o", "xml"}, want: ExitUsage, inStderr: []string{"--output"}},
		{name: "missing file", args: []string{"check", "--old", "does-not-exist.yaml", "--new", "../../examples/drifted/new"}, want: ExitUsage, inStderr: []string{"old side", "does-not-exist.yaml"}},
		{name: "identity-clean with its auth answers is equivalent", args: []string{"check", "--old", "../../examples/identity-clean/old", "--new", "../../examples/identity-clean/new", "--auth-answers", "200,401,403"}, want: ExitEquivalent, inStdout: []string{"EQUIVALENT"}},
		{name: "identity-clean without them shows Envoy's 200-only ext_authz", args: []string{"check", "--old", "../../examples/identity-clean/old", "--new", "../../examples/identity-clean/new"}, want: ExitDifferent, inStdout: []string{"the external auth service answers 204"}},
		{name: "identity-drifted names caller classes", args: []string{"check", "--old", "../../examples/identity-drifted/old", "--new", "../../examples/identity-drifted/new", "--auth-answers", "200,401,403"}, want: ExitDifferent, inStdout: []string{"a caller from", "X-User: ingress-parity-forged", "credentials: valid credentials for basic-auth secret finance/billing-htpasswd"}},
		{name: "identity header flag", args: []string{"check", "--old", "../../examples/identity-clean/old", "--new", "../../examples/identity-clean/new", "--auth-answers", "200,401,403", "--identity-header", "X-Forwarded-Host"}, want: ExitDifferent, inStdout: []string{"X-Forwarded-Host: ingress-parity-forged"}},
		{name: "bad auth answer", args: []string{"check", "--old", "x", "--new", "y", "--auth-answers", "2000"}, want: ExitUsage, inStderr: []string{"--auth-answers 2000"}},
		{name: "bad --as", args: []string{"check", "--old", "../../examples/drifted/old", "--new", "../../examples/drifted/new", "--old-as", "traefik"}, want: ExitUsage, inStderr: []string{"--as"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, out, errs := run(t, "", tt.args...)
			if code != tt.want {
				t.Fatalf("exit %d, want %d\nstdout:\n%s\nstderr:\n%s", code, tt.want, out, errs)
			}
			for _, s := range tt.inStdout {
				if !strings.Contains(out, s) {
					t.Errorf("stdout lacks %q", s)
				}
			}
			for _, s := range tt.inStderr {
				if !strings.Contains(errs, s) {
					t.Errorf("stderr lacks %q:\n%s", s, errs)
				}
			}
		})
	}
}

func TestCheckJSONContract(t *testing.T) {
	code, out, errs := run(t, "", "check", "--old", "../../examples/drifted/old", "--new", "../../examples/drifted/new", "-o", "json")
	if code != ExitDifferent {
		t.Fatalf("exit %d: %s", code, errs)
	}
	var doc struct {
		Tool     struct{ Name, Version string }
		Verdict  string
		Summary  map[string]int
		Findings []struct {
			ID, Category, Severity, Title, Curl, Explanation string
			Witness                                          map[string]any
			Old, New                                         *struct {
				Decision string
				Route    *struct{ Kind, File string }
			}
		}
	}
	if err := json.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatalf("not JSON: %v\n%s", err, out)
	}
	if doc.Tool.Name != "ingress-parity" || doc.Verdict != "different" || doc.Summary["findings"] != len(doc.Findings) || len(doc.Findings) == 0 {
		t.Fatalf("unexpected document head: %+v %s %v (%d findings)", doc.Tool, doc.Verdict, doc.Summary, len(doc.Findings))
	}
	for _, f := range doc.Findings {
		if f.ID == "" || f.Category == "" || f.Severity == "" || f.Title == "" || f.Explanation == "" {
			t.Errorf("finding lacks a required field: %+v", f)
		}
	}
}

// The same input on stdin and from a file gives the same model.
func TestStdin(t *testing.T) {
	const ing = `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: {name: web, namespace: shop}
spec:
  ingressClassName: nginx
  rules:
  - host: shop.example.com
    http:
      paths:
      - path: /
        pathType: Prefix
        backend: {service: {name: web, port: {number: 80}}}
`
	code, out, errs := run(t, ing, "explain", "--config", "-", "--request", "GET http://shop.example.com/cart")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	for _, want := range []string{"shop/web:80", "path /cart", "<stdin>"} {
		if !strings.Contains(out, want) {
			t.Errorf("explain output lacks %q:\n%s", want, out)
		}
	}
}

func TestExplainErrors(t *testing.T) {
	code, _, errs := run(t, "", "explain", "--config", "../../examples/drifted/old")
	if code != ExitUsage || !strings.Contains(errs, "--request") {
		t.Errorf("missing --request: exit %d, %s", code, errs)
	}
	code, _, errs = run(t, "", "explain", "--config", "../../examples/drifted/old", "--request", "GET /relative")
	if code != ExitUsage || !strings.Contains(errs, "absolute") {
		t.Errorf("relative URL: exit %d, %s", code, errs)
	}
}

func TestModelCommand(t *testing.T) {
	code, out, errs := run(t, "", "model", "--config", "../../examples/drifted/new", "-o", "json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	var m struct {
		Side        string
		EntryPoints []json.RawMessage
	}
	if err := json.Unmarshal([]byte(out), &m); err != nil || m.Side != "gateway-api" || len(m.EntryPoints) == 0 {
		t.Fatalf("model output: %v side=%q entryPoints=%d", err, m.Side, len(m.EntryPoints))
	}
}

func TestHelpTeaches(t *testing.T) {
	for _, cmd := range []string{"check", "explain", "model", "plan", "probe", "witness"} {
		code, out, _ := run(t, "", cmd, "--help")
		if code != 0 || !strings.Contains(out, "Examples:") || !strings.Contains(out, "ingress-parity "+cmd) {
			t.Errorf("%s --help: exit %d\n%s", cmd, code, out)
		}
	}
}

// An object the API server would refuse is a finding of the side that has it, not an error;
// the same object on both sides is no difference. Unknown kinds are reported and skipped.
func TestInvalidAndSkippedObjects(t *testing.T) {
	const gw = `apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata: {name: gw, namespace: infra}
spec:
  gatewayClassName: eg
  listeners:
  - {name: http, port: 80, protocol: HTTP, allowedRoutes: {namespaces: {from: All}}}
---
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: {name: web, namespace: shop}
spec:
  parentRefs: [{name: gw, namespace: infra}]
  hostnames: [shop.example.com]
  rules:
  - backendRefs: [{name: web, port: 80}]
`
	const refused = `---
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: {name: bad, namespace: shop}
spec:
  parentRefs: [{name: gw, namespace: infra}]
  hostnames: [shop.example.com]
  rules:
  - matches: [{path: {type: PathPrefix, value: "/api/(v1|v2)"}}]
    backendRefs: [{name: api, port: 80}]
---
apiVersion: example.com/v1
kind: Widget
metadata: {name: w}
`
	dir := t.TempDir()
	write := func(name, content string) string {
		p := dir + "/" + name
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	plain, withBad := write("plain.yaml", gw), write("bad.yaml", gw+refused)
	code, out, errs := run(t, "", "check", "--old", plain, "--new", withBad, "-o", "json")
	if code != ExitDifferent || !strings.Contains(out, "api-server-refuses") {
		t.Errorf("refused object on the new side: exit %d, want a finding\n%s", code, out)
	}
	if !strings.Contains(errs, "bad.yaml:") || !strings.Contains(errs, "Widget") {
		t.Errorf("unknown kind not reported with file and line on stderr: %q", errs)
	}
	code, out, _ = run(t, "", "check", "--old", withBad, "--new", withBad)
	if code != ExitEquivalent {
		t.Errorf("the same refused object on both sides: exit %d, want 0\n%s", code, out)
	}
}

// TestExplainAccess replays identity witnesses on each side: explain evaluates the route's
// access policy for the caller the flags describe.
func TestExplainAccess(t *testing.T) {
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"old refuses a forged X-Forwarded-For", []string{"--config", "../../examples/identity-drifted/old", "--request", "GET https://vendors.example.com/", "--client-ip", "198.51.100.7", "-H", "X-Forwarded-For: 203.0.113.7"}, "access:       refused 403: address 198.51.100.7 is denied"},
		{"new believes it", []string{"--config", "../../examples/identity-drifted/new", "--request", "GET https://vendors.example.com/", "--client-ip", "198.51.100.7", "-H", "X-Forwarded-For: 203.0.113.7"}, "access:       admitted (address 203.0.113.7 is allowed"},
		{"mTLS without a certificate", []string{"--config", "../../examples/identity-drifted/old", "--request", "GET https://partners.example.com/", "--client-ip", "10.0.0.7"}, "refused 400: a client certificate signed by CA partners/partner-ca is required"},
		{"mTLS with one", []string{"--config", "../../examples/identity-drifted/old", "--request", "GET https://partners.example.com/", "--client-ip", "10.0.0.7", "--client-cert", "valid"}, "access:       admitted"},
		{"external auth answering 401", []string{"--config", "../../examples/identity-drifted/old", "--request", "GET https://ci.example.com/", "--client-ip", "10.0.0.7", "--auth-answer", "401"}, "refused 401: the external auth service"},
		{"no caller given", []string{"--config", "../../examples/identity-drifted/old", "--request", "GET https://partners.example.com/"}, "give --client-ip"},
		{"a witness's credentials class, verbatim", []string{"--config", "../../examples/identity-drifted/old", "--request", "GET https://billing.example.com/", "--client-ip", "10.0.0.7", "--credentials", "valid credentials for basic-auth secret finance/billing-htpasswd"}, "access:       admitted"},
		{"credentials of another secret", []string{"--config", "../../examples/identity-drifted/old", "--request", "GET https://billing.example.com/", "--client-ip", "10.0.0.7", "--credentials", "valid credentials for basic-auth secret finance/other"}, "refused 401: basic-auth users of secret finance/billing-htpasswd"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, out, errs := run(t, "", append([]string{"explain"}, tt.args...)...)
			if code != ExitEquivalent || !strings.Contains(out, tt.want) {
				t.Errorf("exit %d, stdout lacks %q:\n%s\nstderr:\n%s", code, tt.want, out, errs)
			}
		})
	}
	for _, bad := range [][]string{{"--credentials", "maybe"}, {"--credentials", "untrusted"}, {"--client-cert", "invalid"}} {
		args := append([]string{"explain", "--config", "../../examples/identity-drifted/old", "--request", "GET https://ci.example.com/", "--client-ip", "10.0.0.7"}, bad...)
		if code, _, errs := run(t, "", args...); code != ExitUsage || !strings.Contains(errs, bad[0]) {
			t.Errorf("%v: exit %d, stderr %q; want a usage error naming the flag", bad, code, errs)
		}
	}
}
