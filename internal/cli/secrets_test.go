package cli

import (
	"encoding/base64"
	"errors"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	yaml "go.yaml.in/yaml/v3"
)

// secretExamples are the examples whose Secrets and auth-proxy-set-headers ConfigMaps hold
// fake secret values, each with a marker substring, for TestNoSecretInAnyOutput.
var secretExamples = []string{"../../examples/identity-drifted", "../../examples/identity-clean"}

// secretMarker is in every fake secret value of those examples (never in anything else).
const secretMarker = "IPXFAKE"

// proxySetHeadersAnnotation names the ConfigMap of headers ingress-nginx sends to the auth
// service; its values may be tokens.
const proxySetHeadersAnnotation = "nginx.ingress.kubernetes.io/auth-proxy-set-headers"

// kubeDoc is the part of a Kubernetes object the secret collection reads.
type kubeDoc struct {
	Kind     string `yaml:"kind"`
	Metadata struct {
		Name        string            `yaml:"name"`
		Namespace   string            `yaml:"namespace"`
		Annotations map[string]string `yaml:"annotations"`
	} `yaml:"metadata"`
	Data       map[string]string `yaml:"data"`
	StringData map[string]string `yaml:"stringData"`
}

// secretValue is one secret value and where it was read.
type secretValue struct {
	where, value string
}

// collectSecrets reads every YAML document of r and returns the secret values: every
// Secret data value (as written, base64, and decoded) and stringData value, and every value
// of a ConfigMap that an Ingress names in auth-proxy-set-headers ("name" or "ns/name").
func collectSecrets(r io.Reader, file string) ([]secretValue, error) {
	var docs []kubeDoc
	dec := yaml.NewDecoder(r)
	for {
		var d kubeDoc
		err := dec.Decode(&d)
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, err
		}
		docs = append(docs, d)
	}
	referenced := map[string]bool{}
	for _, d := range docs {
		if ref, ok := d.Metadata.Annotations[proxySetHeadersAnnotation]; d.Kind == "Ingress" && ok {
			ref = strings.TrimSpace(ref)
			if !strings.Contains(ref, "/") {
				ref = d.Metadata.Namespace + "/" + ref
			}
			referenced[ref] = true
		}
	}
	var out []secretValue
	for _, d := range docs {
		id := file + ": " + d.Kind + " " + d.Metadata.Namespace + "/" + d.Metadata.Name
		switch {
		case d.Kind == "Secret":
			for k, v := range d.Data {
				out = append(out, secretValue{id + " data." + k + " (base64)", v})
				raw, err := base64.StdEncoding.DecodeString(v)
				if err != nil {
					return nil, err
				}
				out = append(out, secretValue{id + " data." + k, string(raw)})
			}
			for k, v := range d.StringData {
				out = append(out, secretValue{id + " stringData." + k, v})
			}
		case d.Kind == "ConfigMap" && referenced[d.Metadata.Namespace+"/"+d.Metadata.Name]:
			for k, v := range d.Data {
				out = append(out, secretValue{id + " data." + k, v})
			}
		}
	}
	return out, nil
}

// needles are the strings no output may contain for a secret value: the whole value, each
// line of it (PEM body lines, htpasswd lines) and each htpasswd hash, when long enough to
// be specific. PEM armour lines ("-----BEGIN CERTIFICATE-----") are not secret.
func needles(v string) []string {
	const minLen = 12
	var out []string
	add := func(s string) {
		s = strings.TrimSpace(s)
		if len(s) >= minLen && !strings.HasPrefix(s, "-----") && !slices.Contains(out, s) {
			out = append(out, s)
		}
	}
	add(v)
	for _, line := range strings.Split(v, "\n") {
		add(line)
		if _, hash, ok := strings.Cut(line, ":"); ok {
			add(hash)
		}
	}
	return out
}

// exampleSecrets collects the secret values of every YAML file under dir.
func exampleSecrets(t *testing.T, dir string) []secretValue {
	t.Helper()
	var out []secretValue
	err := filepath.WalkDir(dir, func(path string, e os.DirEntry, err error) error {
		if err != nil || e.IsDir() || filepath.Ext(path) != ".yaml" {
			return err
		}
		f, err := os.Open(path)
		if err != nil {
			return err
		}
		defer f.Close()
		vs, err := collectSecrets(f, path)
		out = append(out, vs...)
		return err
	})
	if err != nil {
		t.Fatalf("collect secrets of %s: %v", dir, err)
	}
	return out
}

func TestCollectSecrets(t *testing.T) {
	const manifest = `apiVersion: v1
kind: Secret
metadata: {name: htpasswd, namespace: shop}
data:
  auth: dXNlcjokMnkkMTAkc2VjcmV0aGFzaHZhbHVl
stringData:
  token: plain-token-value
---
apiVersion: v1
kind: ConfigMap
metadata: {name: auth-headers, namespace: shop}
data:
  X-Service-Token: referenced-token-value
---
apiVersion: v1
kind: ConfigMap
metadata: {name: settings, namespace: shop}
data:
  color: not-a-secret-value
---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: web
  namespace: shop
  annotations:
    nginx.ingress.kubernetes.io/auth-proxy-set-headers: auth-headers
`
	got, err := collectSecrets(strings.NewReader(manifest), "m.yaml")
	if err != nil {
		t.Fatal(err)
	}
	var values []string
	for _, v := range got {
		values = append(values, v.value)
	}
	tests := []struct {
		name  string
		value string
		want  bool
	}{
		{name: "data as written", value: "dXNlcjokMnkkMTAkc2VjcmV0aGFzaHZhbHVl", want: true},
		{name: "data decoded", value: "user:$2y$10$secrethashvalue", want: true},
		{name: "stringData", value: "plain-token-value", want: true},
		{name: "ConfigMap named by auth-proxy-set-headers", value: "referenced-token-value", want: true},
		{name: "other ConfigMap", value: "not-a-secret-value", want: false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if slices.Contains(values, tt.value) != tt.want {
				t.Errorf("collected %q: %v, want %v (collected %q)", tt.value, !tt.want, tt.want, values)
			}
		})
	}
	if n := needles("user:$2y$10$secrethashvalue\n-----BEGIN X-----\n"); !slices.Contains(n, "$2y$10$secrethashvalue") || slices.Contains(n, "-----BEGIN X-----") {
		t.Errorf("needles: %q: want the hash, not the PEM armour", n)
	}
}

// secretCommand is one command line of TestNoSecretInAnyOutput.
type secretCommand struct {
	name string
	args []string
	// outFile is a file the command writes (plan -o), checked like stdout.
	outFile string
}

// secretCommands lists every command that reads the configurations of example ex, in every
// output format.
func secretCommands(t *testing.T, ex string) []secretCommand {
	oldDir, newDir := filepath.Join(ex, "old"), filepath.Join(ex, "new")
	var cmds []secretCommand
	add := func(name string, args ...string) { cmds = append(cmds, secretCommand{name: name, args: args}) }
	for _, o := range []string{"text", "json", "markdown"} {
		add("check -o "+o, "check", "--old", oldDir, "--new", newDir, "-o", o)
	}
	for _, side := range []string{oldDir, newDir} {
		for _, o := range []string{"yaml", "json"} {
			add("model -o "+o+" "+filepath.Base(side), "model", "--config", side, "-o", o)
		}
		for _, req := range []string{
			"GET https://admin.example.com/", "GET https://billing.example.com/", "GET https://ci.example.com/",
			"GET https://portal.example.com/", "GET https://partners.example.com/", "GET https://pay.example.com/",
			"GET https://vendors.example.com/", "GET http://reports.example.com/",
		} {
			for _, o := range []string{"text", "json"} {
				add("explain -o "+o+" "+filepath.Base(side)+" "+req, "explain", "--config", side, "--request", req,
					"-H", "Authorization: Basic YmlsbGluZy1vcHM6d3Jvbmc=", "--client-ip", "10.20.0.5", "-o", o)
			}
		}
	}
	add("plan to stdout", "plan", "--old", oldDir, "--new", newDir, "--basic-user", "billing-ops", "--basic-password-env", "IPX_SECRETS_TEST_PASSWORD")
	planFile := filepath.Join(t.TempDir(), "plan.json")
	cmds = append(cmds, secretCommand{name: "plan -o file", args: []string{"plan", "--old", oldDir, "--new", newDir, "-o", planFile}, outFile: planFile})
	for _, side := range []string{oldDir, newDir} {
		for _, o := range []string{"text", "json", "markdown"} {
			add("reach -o "+o+" "+filepath.Base(side), "reach", "--config", side, "-o", o)
		}
	}
	return cmds
}

// TestNoSecretInAnyOutput runs every command that reads configurations, in every output
// format, on the identity examples, and fails if any secret value of their Secrets or
// auth-proxy-set-headers ConfigMaps, or a password given through the environment, appears
// on stdout, on stderr or in a written file.
func TestNoSecretInAnyOutput(t *testing.T) {
	const envPassword = "IPXFAKE-env-password-d41d8cd98f00"
	t.Setenv("IPX_SECRETS_TEST_PASSWORD", envPassword)
	for _, ex := range secretExamples {
		t.Run(filepath.Base(ex), func(t *testing.T) {
			values := exampleSecrets(t, ex)
			if len(values) == 0 {
				t.Fatalf("%s holds no secret values: the test would prove nothing", ex)
			}
			var forbidden []secretValue
			for _, v := range values {
				if !strings.Contains(v.value, secretMarker) && !strings.HasSuffix(v.where, "(base64)") {
					t.Errorf("%s: value without the marker %s: every fake secret must carry one", v.where, secretMarker)
				}
				for _, n := range needles(v.value) {
					forbidden = append(forbidden, secretValue{v.where, n})
				}
			}
			forbidden = append(forbidden, secretValue{"environment IPX_SECRETS_TEST_PASSWORD", envPassword})
			for _, c := range secretCommands(t, ex) {
				code, out, errs := run(t, "", c.args...)
				if code == ExitUsage {
					t.Errorf("%s: exit %d, the command did not run:\n%s", c.name, code, errs)
					continue
				}
				streams := map[string]string{"stdout": out, "stderr": errs}
				if c.outFile != "" {
					b, err := os.ReadFile(c.outFile)
					if err != nil || len(b) == 0 {
						t.Errorf("%s: no output file: %v", c.name, err)
					}
					streams[c.outFile] = string(b)
				}
				for stream, text := range streams {
					if strings.Contains(text, secretMarker) {
						t.Errorf("%s: %s holds the secret marker %s", c.name, stream, secretMarker)
					}
					for _, f := range forbidden {
						if strings.Contains(text, f.value) {
							t.Errorf("%s: %s leaks the secret value of %s (%.8s...)", c.name, stream, f.where, f.value)
						}
					}
				}
			}
		})
	}
}

// The auth-proxy-set-headers token of identity-drifted reaches the model and is printed
// redacted: the secret test covers a value that is really in the pipeline.
func TestSetHeadersTokenIsRedacted(t *testing.T) {
	for _, o := range []string{"yaml", "json"} {
		code, out, errs := run(t, "", "model", "--config", "../../examples/identity-drifted/old", "-o", o)
		if code != 0 {
			t.Fatalf("model -o %s: exit %d: %s", o, code, errs)
		}
		// encoding/json escapes < and > (\u003credacted\u003e).
		if !strings.Contains(out, "X-Auth-Service-Token") || !strings.Contains(out, "redacted") {
			t.Errorf("model -o %s: the auth-proxy-set-headers header X-Auth-Service-Token is not shown redacted", o)
		}
	}
}
