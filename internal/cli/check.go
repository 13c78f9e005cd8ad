package cli

import (
	"fmt"

	"github.com/spf13/cobra"

	"github.com/ingress-parity/ingress-parity/equiv"
	"github.com/ingress-parity/ingress-parity/finding"
	"github.com/ingress-parity/ingress-parity/report"
)

// checkFlags are the flags of `check`.
type checkFlags struct {
	old, new     sideFlags
	ingressClass string
	gateways     []string
	failOn       string
	output       string
	curlAddress  string
	maxStates    int
	identity     []string
	authAnswers  []int
}

func newCheckCmd(s streams) *cobra.Command {
	var f checkFlags
	cmd := &cobra.Command{
		Use:   "check --old PATH... --new PATH...",
		Short: "Prove that the new configuration routes every request, and admits every caller, as the old one does",
		Long: `check builds both sides into the normalized model and partitions the request space:
listener (scheme, port) x host classes (each exact host, one and two labels under each
wildcard, an unknown host) x method, header, query and cookie classes x path. Paths are
searched with a product automaton over every path match of both sides, so each difference
is found with its SHORTEST witness request, and when none is found the routing is proven
equivalent for that class. Differences are grouped into findings (category, severity, the
witness, a curl command that replays it, both decisions traced to file:line).

Identity is compared on every route pair both sides forward (docs/identity.md): caller
classes from both sides' address lists, client-IP derivation, credential sources, external
auth answers and client-certificate authorities; a class one side admits and the other
refuses is an exposure (critical) or a breakage. Identity findings report headers that
carry caller identity (X-Forwarded-For, X-Real-IP, auth answer and JWT claim headers,
ssl-client-*, X-Forwarded-Client-Cert, and --identity-header names) whose client-supplied
value now reaches the upstream, client-certificate facts no longer forwarded, and client
addresses a client can now choose. Witnesses name credential and certificate classes,
never secrets.

Categories: misroute, breakage, exposure, redirect, rewrite, fidelity, identity (see docs/findings.md).

Exit codes: 0 equivalent (no finding at or above --fail-on), 1 differences, 2 usage or
input error, 3 could not prove (opaque routes, state caps) and nothing failed.`,
		Example: `  ingress-parity check --old examples/drifted/old --new examples/drifted/new
  ingress-parity check --old ingresses.yaml --old-controller-config cm.yaml --new gateway/ -o json
  kubectl get ingress -A -o yaml | ingress-parity check --old - --new translated/ --fail-on high`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error { return runCheck(s, &f) },
	}
	fs := cmd.Flags()
	f.old.register(fs, "old-", "old", "envoy-gateway")
	f.new.register(fs, "new-", "new", "envoy-gateway")
	fs.StringVar(&f.ingressClass, "ingress-class", "nginx", "ingress class served by the ingress-nginx side (spec.ingressClassName or kubernetes.io/ingress.class)")
	fs.StringArrayVar(&f.gateways, "gateway", nil, "NAMESPACE/NAME of a Gateway that replaces the old controller; repeatable (default: all Gateways)")
	fs.StringVar(&f.failOn, "fail-on", "low", "lowest severity that makes the exit code 1: critical, high, medium, low, info or none")
	fs.StringVarP(&f.output, "output", "o", "text", "output format: text, json or markdown")
	fs.StringVar(&f.curlAddress, "curl-address", "127.0.0.1", "address the curl commands connect to (--resolve HOST:PORT:ADDRESS)")
	fs.StringArrayVar(&f.identity, "identity-header", nil, "a header that carries caller identity to your upstreams (X-User, X-Tenant ...): a client-supplied value the new side lets through and the old did not is a finding; repeatable")
	fs.IntSliceVar(&f.authAnswers, "auth-answers", nil, "the statuses your external auth services answer (e.g. 200,401,403); by default every class that matters is tried (200, 204, 401, 403, 500, unreachable), so nginx allowing any 2xx where Envoy allows only 200 shows as a breakage")
	fs.IntVar(&f.maxStates, "max-states", 0, "cap on automaton states explored per host (0: the default, 200000); past it the result is incomplete")
	return cmd
}

func runCheck(s streams, f *checkFlags) error {
	failOn, ok := finding.ParseSeverity(f.failOn)
	if !ok {
		return withCode(ExitUsage, fmt.Errorf("--fail-on %q: want critical, high, medium, low, info or none", f.failOn))
	}
	format := report.Format(f.output)
	switch f.output {
	case "text", "json", "markdown":
	default:
		return withCode(ExitUsage, fmt.Errorf("--output %q: want text, json or markdown", f.output))
	}
	for _, a := range f.authAnswers {
		if a < 100 || a > 599 {
			return withCode(ExitUsage, fmt.Errorf("--auth-answers %d: want HTTP statuses (100-599), e.g. 200,401,403", a))
		}
	}
	if len(f.old.paths) == 0 || len(f.new.paths) == 0 {
		return withCode(ExitUsage, fmt.Errorf("both --old and --new are required (files, directories or - for stdin)"))
	}
	oldSide, err := f.old.read(s, f.ingressClass, f.gateways)
	if err != nil {
		return withCode(ExitUsage, fmt.Errorf("old side: %w", err))
	}
	newSide, err := f.new.read(s, f.ingressClass, f.gateways)
	if err != nil {
		return withCode(ExitUsage, fmt.Errorf("new side: %w", err))
	}
	res := equiv.Check(oldSide.Model, newSide.Model, equiv.Options{
		MaxStates:       f.maxStates,
		CurlAddress:     f.curlAddress,
		ResolvePort:     equiv.ServicePorts(oldSide.Resources.Services, newSide.Resources.Services),
		Tool:            finding.Tool{Name: "ingress-parity", Version: Version},
		IdentityHeaders: f.identity,
		AuthAnswers:     authAnswers(f.authAnswers),
	})
	if err := report.Write(s.out, res, format); err != nil {
		return withCode(ExitUsage, err)
	}
	return withCode(exitCode(res, failOn), nil)
}

// exitCode is 1 when a finding is at or above failOn, else 3 when something could not be
// proven, else 0.
func exitCode(r *finding.Result, failOn finding.Severity) int {
	for _, f := range r.Findings {
		if failOn.Rank() >= 0 && f.Severity.Rank() >= failOn.Rank() {
			return ExitDifferent
		}
	}
	if r.Verdict == finding.Incomplete || len(r.Incomplete) > 0 {
		return ExitIncomplete
	}
	return ExitEquivalent
}

// authAnswers maps the --auth-answers statuses to equiv's answers; "unreachable" is always
// tried (a service can always be down).
func authAnswers(statuses []int) []int {
	if len(statuses) == 0 {
		return nil
	}
	return append(append([]int(nil), statuses...), -1)
}
