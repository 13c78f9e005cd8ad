package cli

import (
	"encoding/json"
	"strings"
	"testing"
)

func TestReachCommand(t *testing.T) {
	const nginx = "../../reach/testdata/nginx-identity.yaml"
	const envoy = "../../reach/testdata/envoy-gateway.yaml"
	tests := []struct {
		name     string
		args     []string
		want     int
		inStdout []string
		inStderr []string
	}{
		{name: "text table", args: []string{"reach", "--config", nginx}, want: ExitEquivalent, inStdout: []string{"shop/admin:80", "LISTENER", "SPOOFABLE", "auth mTLS CA shop/partner-ca mode required"}},
		{name: "markdown", args: []string{"reach", "--config", envoy, "-o", "markdown"}, want: ExitEquivalent, inStdout: []string{"#### `shop/files:80`", "| Listener | Host | Path | Needs |", "Routes that never win"}},
		{name: "one backend", args: []string{"reach", "--config", envoy, "--backend", "shop/status:80"}, want: ExitEquivalent, inStdout: []string{"1 backends, 1 ways in", "method GET"}},
		{name: "unknown backend", args: []string{"reach", "--config", envoy, "--backend", "shop/nope:80"}, want: ExitUsage, inStderr: []string{"shop/nope:80", "no way in"}},
		{name: "missing --config", args: []string{"reach"}, want: ExitUsage, inStderr: []string{"--config"}},
		{name: "bad output", args: []string{"reach", "--config", nginx, "-o", "xml"}, want: ExitUsage, inStderr: []string{"--output"}},
		{name: "bad max-states", args: []string{"reach", "--config", nginx, "--max-states", "-1"}, want: ExitUsage, inStderr: []string{"--max-states"}},
		{name: "missing file", args: []string{"reach", "--config", "does-not-exist.yaml"}, want: ExitUsage, inStderr: []string{"does-not-exist.yaml"}},
		{name: "bad implementation", args: []string{"reach", "--config", envoy, "--implementation", "traefik"}, want: ExitUsage, inStderr: []string{"traefik"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, out, errs := run(t, "", tt.args...)
			if code != tt.want {
				t.Fatalf("exit %d, want %d\nstdout:\n%s\nstderr:\n%s", code, tt.want, out, errs)
			}
			for _, s := range tt.inStdout {
				if !strings.Contains(out, s) {
					t.Errorf("stdout lacks %q:\n%s", s, out)
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

// TestReachJSONContract holds the fields docs/json.md promises for `reach -o json`.
func TestReachJSONContract(t *testing.T) {
	code, out, errs := run(t, "", "reach", "--config", "../../reach/testdata/envoy-gateway.yaml", "-o", "json")
	if code != ExitEquivalent {
		t.Fatalf("exit %d: %s", code, errs)
	}
	var doc struct {
		Tool          struct{ Name, Version string }
		Side, Profile string
		Backends      []struct {
			Name string
			Ways []struct {
				EntryPoint, Listener, Scheme, Host, Path, Route string
				Port                                            int
				Requires                                        struct {
					Sources struct {
						Address, Summary string
						Any              bool
						Allowed          []string
					}
					ClientIP struct {
						Derivation, Reason string
						Spoofable          bool
					}
					Spoofable bool
					Auth      []string
					Satisfy   string
				}
				Source struct{ File string }
			}
		}
		Unreachable []struct{ Route string }
	}
	if err := json.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatalf("not JSON: %v\n%s", err, out)
	}
	if doc.Tool.Name != "ingress-parity" || doc.Side != "gateway-api" || doc.Profile != "envoy-gateway" || len(doc.Backends) == 0 || len(doc.Unreachable) != 1 {
		t.Fatalf("unexpected head: side %q profile %q, %d backends, %d unreachable", doc.Side, doc.Profile, len(doc.Backends), len(doc.Unreachable))
	}
	for _, b := range doc.Backends {
		if len(b.Ways) == 0 {
			t.Errorf("%s: no ways", b.Name)
		}
		for _, w := range b.Ways {
			q := w.Requires
			if w.Scheme == "" || w.Port == 0 || w.Path == "" || w.Source.File == "" || q.Satisfy == "" || q.Sources.Summary == "" || q.ClientIP.Derivation == "" {
				t.Errorf("%s: way lacks a field: %+v", b.Name, w)
			}
			if q.Spoofable && !q.ClientIP.Spoofable {
				t.Errorf("%s: a spoofable way needs a spoofable derivation", b.Name)
			}
		}
	}
}
