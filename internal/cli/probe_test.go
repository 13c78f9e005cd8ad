package cli

import (
	"bytes"
	"encoding/json"
	"errors"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/spf13/cobra"

	"github.com/ingress-parity/ingress-parity/probe"
	"github.com/ingress-parity/ingress-parity/witness"
)

// runSub runs one of the probe commands as Main would and returns the exit code and streams.
func runSub(t *testing.T, cmd *cobra.Command, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	cmd.SetArgs(args)
	cmd.SetOut(&out)
	cmd.SetErr(&errb)
	cmd.SilenceUsage, cmd.SilenceErrors = true, true
	err := cmd.Execute()
	code := ExitEquivalent
	var ee *exitError
	switch {
	case errors.As(err, &ee):
		code = ee.code
		if ee.err != nil {
			errb.WriteString(ee.err.Error())
		}
	case err != nil:
		code = ExitUsage
		errb.WriteString(err.Error())
	}
	return code, out.String(), errb.String()
}

func TestPlanFromConfigs(t *testing.T) {
	out := filepath.Join(t.TempDir(), "plan.json")
	code, _, errs := runSub(t, newPlanCmd(), "--old", "../../examples/drifted/old", "--new", "../../examples/drifted/new", "-o", out)
	if code != ExitEquivalent {
		t.Fatalf("exit %d: %s", code, errs)
	}
	p, err := probe.ReadPlan(out)
	if err != nil {
		t.Fatal(err)
	}
	classes := map[string]int{}
	for _, pr := range p.Probes {
		classes[strings.SplitN(pr.Class, "/", 2)[0]]++
		if pr.Predicted == nil {
			t.Errorf("%s has no prediction", pr.ID)
		}
	}
	for _, c := range []string{"finding", "route", "boundary", "unknown-host", "identity"} {
		if classes[c] == 0 {
			t.Errorf("plan has no %s probes: %v", c, classes)
		}
	}
}

func TestProbeCommand(t *testing.T) {
	srv := httptest.NewServer(&witness.Handler{Name: "shop/app"})
	defer srv.Close()
	planFile := filepath.Join(t.TempDir(), "plan.json")
	plan := `{"version":1,"probes":[{"id":"root","class":"route","request":{"method":"GET","scheme":"http","host":"shop.example.com","path":"/"}}]}`
	if err := os.WriteFile(planFile, []byte(plan), 0o600); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name     string
		args     []string
		want     int
		inStdout string
		inStderr string
	}{
		{name: "equal sides, json", args: []string{"--old", srv.URL, "--new", srv.URL, "--plan", planFile, "-f", "json"}, want: ExitEquivalent, inStdout: `"summary":{"probes":1,"equal":1`},
		{name: "equal sides, text", args: []string{"--old", srv.URL, "--new", srv.URL, "--plan", planFile}, want: ExitEquivalent, inStdout: "1 probes: 1 equal"},
		{name: "access log corpus", args: []string{"--old", srv.URL, "--new", srv.URL, "--corpus", "../../probe/testdata/access.log", "--corpus-host", "shop.example.com"}, want: ExitUsage, inStdout: "5 probes: 4 equal, 0 different, 0 noise, 1 errors", inStderr: "access.log:9"},
		{name: "HAR corpus after the plan", args: []string{"--old", srv.URL, "--new", srv.URL, "--plan", planFile, "--corpus", "../../probe/testdata/corpus.har"}, want: ExitIncomplete, inStdout: "new side has no https address"},
		{name: "new side down", args: []string{"--old", srv.URL, "--new", "http://127.0.0.1:1", "--plan", planFile}, want: ExitIncomplete, inStdout: "ERROR"},
		{name: "missing --new", args: []string{"--old", srv.URL, "--plan", planFile}, want: ExitUsage, inStderr: "--new"},
		{name: "nothing to send", args: []string{"--old", srv.URL, "--new", srv.URL}, want: ExitUsage, inStderr: "nothing to send"},
		{name: "plan and configs", args: []string{"--old", srv.URL, "--new", srv.URL, "--plan", planFile, "--old-config", "x", "--new-config", "y"}, want: ExitUsage, inStderr: "not both"},
		{name: "bad format", args: []string{"--old", srv.URL, "--new", srv.URL, "--plan", planFile, "-f", "xml"}, want: ExitUsage, inStderr: "--format"},
		{name: "bad ignore", args: []string{"--old", srv.URL, "--new", srv.URL, "--plan", planFile, "--ignore", "a=[x"}, want: ExitUsage, inStderr: "--ignore"},
		{name: "bad PROXY protocol flag", args: []string{"--old", srv.URL, "--new", srv.URL, "--plan", planFile, "--old-proxy-protocol=v3"}, want: ExitUsage, inStderr: "old-proxy-protocol"},
		{name: "missing plan file", args: []string{"--old", srv.URL, "--new", srv.URL, "--plan", "nope.json"}, want: ExitUsage, inStderr: "nope.json"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, out, errs := runSub(t, newProbeCmd(), tt.args...)
			if code != tt.want {
				t.Fatalf("exit %d, want %d\nstdout:\n%s\nstderr:\n%s", code, tt.want, out, errs)
			}
			if !strings.Contains(out, tt.inStdout) || !strings.Contains(errs, tt.inStderr) {
				t.Errorf("stdout %q lacks %q or stderr %q lacks %q", out, tt.inStdout, errs, tt.inStderr)
			}
			if tt.want != ExitUsage && strings.Contains(strings.Join(tt.args, " "), "-f json") && !json.Valid([]byte(out)) {
				t.Errorf("json output is not valid JSON:\n%s", out)
			}
		})
	}
}

func TestWitnessCommandUsage(t *testing.T) {
	code, _, errs := runSub(t, newWitnessCmd(), "--listen", "127.0.0.1:0")
	if code != ExitUsage || !strings.Contains(errs, "--name") {
		t.Errorf("exit %d, stderr %q: want usage error naming --name", code, errs)
	}
}
