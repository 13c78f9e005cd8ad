package cli

import (
	"fmt"

	"github.com/spf13/cobra"

	"github.com/ingress-parity/ingress-parity/finding"
	"github.com/ingress-parity/ingress-parity/reach"
)

// reachFlags are the flags of `reach`.
type reachFlags struct {
	config       sideFlags
	ingressClass string
	gateways     []string
	output       string
	backends     []string
	maxStates    int
}

func newReachCmd(s streams) *cobra.Command {
	var f reachFlags
	cmd := &cobra.Command{
		Use:   "reach --config PATH...",
		Short: "List every way into each backend and what a caller needs to be served there",
		Long: `reach builds one side into the normalized model and prints, for every backend
(namespace/service:port), each way in: the listener (scheme, port), the host pattern, the
path language (with the method, header and query conditions, the earlier routes that take
some of those requests, and the backend's share of a weighted split), and what the caller
needs: the allowed source addresses after client-IP derivation (flagged SPOOFABLE when a
client can choose that address), authentication (basic secret, external auth URL, JWT
issuer and audiences, API key secrets, OIDC issuer, mTLS CA and mode), rate and body limits.

Redirects and rejections are not ways in. Routes that never win a request are listed at
the end. Only references to secrets are printed, never their content.

Exit codes: 0 table printed, 2 usage or input error.`,
		Example: `  ingress-parity reach --config examples/drifted/old
  ingress-parity reach --config gateway/ -o json
  ingress-parity reach --config ingresses.yaml --controller-config cm.yaml --backend shop/web:80 -o markdown`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error { return runReach(s, &f) },
	}
	fs := cmd.Flags()
	f.config.register(fs, "", "config", "envoy-gateway")
	fs.StringVar(&f.ingressClass, "ingress-class", "nginx", "ingress class served by an ingress-nginx side")
	fs.StringArrayVar(&f.gateways, "gateway", nil, "NAMESPACE/NAME of a Gateway to include; repeatable (default: all)")
	fs.StringVarP(&f.output, "output", "o", "text", "output format: text, json or markdown")
	fs.StringArrayVar(&f.backends, "backend", nil, "only this backend (namespace/service:port as printed); repeatable")
	fs.IntVar(&f.maxStates, "max-states", 0, fmt.Sprintf("cap on automaton states explored per host when finding routes that take requests from later ones (0: the default, %d)", reach.DefaultMaxStates))
	return cmd
}

func runReach(s streams, f *reachFlags) error {
	format := reach.Format(f.output)
	switch format {
	case reach.Text, reach.JSON, reach.Markdown:
	default:
		return withCode(ExitUsage, fmt.Errorf("--output %q: want text, json or markdown", f.output))
	}
	if f.maxStates < 0 {
		return withCode(ExitUsage, fmt.Errorf("--max-states %d: want 0 (default) or more", f.maxStates))
	}
	if len(f.config.paths) == 0 {
		return withCode(ExitUsage, fmt.Errorf("--config is required (files, directories or - for stdin)"))
	}
	sd, err := f.config.read(s, f.ingressClass, f.gateways)
	if err != nil {
		return withCode(ExitUsage, err)
	}
	res := reach.Build(sd.Model, reach.Options{MaxStates: f.maxStates, Tool: finding.Tool{Name: "ingress-parity", Version: Version}})
	if len(f.backends) > 0 {
		var missing []string
		res, missing = res.Only(f.backends)
		if len(missing) > 0 {
			return withCode(ExitUsage, fmt.Errorf("--backend %q: no way in on this side (names are namespace/service:port as printed without --backend)", missing))
		}
	}
	if err := reach.Write(s.out, res, format); err != nil {
		return withCode(ExitUsage, err)
	}
	return nil
}
