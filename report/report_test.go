package report

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ingress-parity/ingress-parity/finding"
	"github.com/ingress-parity/ingress-parity/internal/golden"
)

var update = flag.Bool("update", false, "rewrite the golden testdata output files")

var extensions = map[Format]string{Text: ".txt", JSON: ".json", Markdown: ".md"}

func readResult(t *testing.T, path string) *finding.Result {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	var r finding.Result
	if err := dec.Decode(&r); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return &r
}

func TestWriteGolden(t *testing.T) {
	ins, err := filepath.Glob("testdata/*.in.json")
	if err != nil || len(ins) == 0 {
		t.Fatalf("no golden inputs: %v", err)
	}
	for _, in := range ins {
		name := strings.TrimSuffix(filepath.Base(in), ".in.json")
		for _, f := range Formats {
			t.Run(name+"/"+string(f), func(t *testing.T) {
				r := readResult(t, in)
				var buf bytes.Buffer
				if err := Write(&buf, r, f); err != nil {
					t.Fatal(err)
				}
				goldenPath := filepath.Join("testdata", name+".out"+extensions[f])
				golden.Check(t, goldenPath, buf.Bytes(), *update)
			})
		}
	}
}

// secrets are the credential values in testdata/different.in.json.
var secrets = []string{"s3cr3t-token-value", "eyJhbGciOiJIUzI1NiJ9", "c2VjcmV0", "abcdef123456"}

func TestWriteRedactsSecrets(t *testing.T) {
	r := readResult(t, "testdata/different.in.json")
	for _, f := range Formats {
		t.Run(string(f), func(t *testing.T) {
			var buf bytes.Buffer
			if err := Write(&buf, r, f); err != nil {
				t.Fatal(err)
			}
			for _, s := range secrets {
				if strings.Contains(buf.String(), s) {
					t.Errorf("%s output contains secret %q", f, s)
				}
			}
			if !strings.Contains(buf.String(), Redacted) {
				t.Errorf("%s output shows no %s mark", f, Redacted)
			}
			if !strings.Contains(buf.String(), "always") {
				t.Errorf("%s output redacted the non-secret X-Canary value", f)
			}
		})
	}
	// The input is not modified.
	if r.Findings[0].Witness.Headers["Authorization"] == Redacted {
		t.Errorf("Write modified its input")
	}
}

func TestIsSensitive(t *testing.T) {
	for _, tc := range []struct {
		name string
		want bool
	}{
		{"Authorization", true},
		{"proxy-authorization", true},
		{"Cookie", true},
		{"X-Api-Key", true},
		{"access_token", true},
		{"X-Auth-Request-User", true},
		{"password", true},
		{"X-Canary", false},
		{"Accept", false},
		{"page", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := IsSensitive(tc.name); got != tc.want {
				t.Errorf("IsSensitive(%q) = %v, want %v", tc.name, got, tc.want)
			}
		})
	}
}

func TestJSONFindingsAlwaysArray(t *testing.T) {
	var buf bytes.Buffer
	if err := Write(&buf, &finding.Result{Verdict: finding.Equivalent}, JSON); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(buf.String(), `"findings": []`) {
		t.Errorf("findings is not an empty array:\n%s", buf.String())
	}
}

func TestWriteErrors(t *testing.T) {
	for _, tc := range []struct {
		name   string
		r      *finding.Result
		format Format
	}{
		{"nil result", nil, Text},
		{"unknown format", &finding.Result{}, Format("html5")},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if err := Write(&bytes.Buffer{}, tc.r, tc.format); err == nil {
				t.Errorf("Write succeeded, want an error")
			}
		})
	}
}

func TestParseFormat(t *testing.T) {
	for _, tc := range []struct {
		in      string
		want    Format
		wantErr bool
	}{
		{"text", Text, false},
		{"json", JSON, false},
		{"markdown", Markdown, false},
		{"yaml", "", true},
	} {
		t.Run(tc.in, func(t *testing.T) {
			got, err := ParseFormat(tc.in)
			if got != tc.want || (err != nil) != tc.wantErr {
				t.Errorf("ParseFormat(%q) = %q, %v", tc.in, got, err)
			}
		})
	}
}
