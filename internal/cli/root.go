// Package cli is the ingress-parity command line: flag parsing and printing around the
// library packages, nothing more.
package cli

import (
	"errors"
	"fmt"
	"io"
	"os"
	"runtime/debug"

	"github.com/spf13/cobra"
)

// Version is the tool version, set at build time with -ldflags "-X .../internal/cli.Version=v1.2.3".
var Version = "dev"

// Exit codes shared by check and probe.
const (
	ExitEquivalent = 0
	ExitDifferent  = 1
	ExitUsage      = 2
	ExitIncomplete = 3
)

// exitError carries an exit code out of a command.
type exitError struct {
	code int
	err  error
}

func (e *exitError) Error() string {
	if e.err == nil {
		return ""
	}
	return e.err.Error()
}

// withCode makes a command end with code, printing err when it is not nil.
func withCode(code int, err error) error { return &exitError{code: code, err: err} }

// streams are the standard streams a command writes to.
type streams struct {
	in       io.Reader
	out, err io.Writer
}

// defaultMemoryLimit is the soft memory limit the command sets unless GOMEMLIMIT is given,
// so that the garbage collector works harder before the process passes 1 GiB: a
// 10k-Ingress estate keeps a few hundred MB live, and without a limit the heap may grow to
// twice the live data at the peak of loading (docs/performance.md).
const defaultMemoryLimit = 900 << 20

// Main runs the command line and returns the exit code.
func Main(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	if os.Getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(defaultMemoryLimit)
	}
	s := streams{in: stdin, out: stdout, err: stderr}
	root := newRootCmd(s)
	root.SetArgs(args)
	root.SetIn(stdin)
	root.SetOut(stdout)
	root.SetErr(stderr)
	err := root.Execute()
	if err == nil {
		return ExitEquivalent
	}
	var ee *exitError
	if errors.As(err, &ee) {
		if ee.err != nil {
			fmt.Fprintln(stderr, "ingress-parity:", ee.err)
		}
		return ee.code
	}
	fmt.Fprintln(stderr, "ingress-parity:", err)
	return ExitUsage
}

func newRootCmd(s streams) *cobra.Command {
	root := &cobra.Command{
		Use:   "ingress-parity",
		Short: "Prove an ingress migration is safe, or show exactly why it is not",
		Long: `ingress-parity compares an OLD edge configuration (ingress-nginx Ingresses, or Gateway API
objects) with a NEW one and proves that every request is routed the same way and every
caller (source address, credentials, client certificate) is admitted the same way with the
same identity headers upstream, or shows the shortest concrete request that is not.

Both configurations are normalized into one model with each product's defaults and
precedence rules applied; the request space (listener x host x method x headers x path) is
partitioned and searched symbolically, so the answer is a proof, not a sample.

Exit codes: 0 equivalent, 1 differences, 2 usage or input error, 3 could not prove.`,
		Example: `  # Compare an ingress-nginx estate with its Gateway API translation
  ingress-parity check --old examples/drifted/old --new examples/drifted/new

  # Who can reach each backend on one side, and what do they need?
  ingress-parity reach --config examples/identity-drifted/old

  # Which route does this request hit on one side?
  ingress-parity explain --config examples/drifted/old --request "GET https://shop.example.com/cart"

  # Show the normalized model ingress-parity builds from a side
  ingress-parity model --config examples/drifted/new

  # Plan live probes from both configurations, then send them to the old and new edges
  ingress-parity plan --old examples/drifted/old --new examples/drifted/new -o plan.json
  ingress-parity probe --old http://127.0.0.1:8080 --new http://127.0.0.1:9080 --plan plan.json`,
		Version:       Version,
		SilenceUsage:  true,
		SilenceErrors: true,
	}
	root.AddCommand(newCheckCmd(s), newExplainCmd(s), newModelCmd(s), newPlanCmd(), newProbeCmd(), newWitnessCmd(),
		newReachCmd(s),
	)
	return root
}
