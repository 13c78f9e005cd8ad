package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"iter"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/spf13/cobra"

	"github.com/ingress-parity/ingress-parity/equiv"
	"github.com/ingress-parity/ingress-parity/finding"
	"github.com/ingress-parity/ingress-parity/probe"
	"github.com/ingress-parity/ingress-parity/probe/plan"
	"github.com/ingress-parity/ingress-parity/witness"
)

// planSource are the flags that say where probes come from: configs to plan from, and the
// identity material for credential variants.
type planSource struct {
	old, new     sideFlags
	ingressClass string
	gateways     []string
	maxStates    int
	identity     plan.IdentityMaterial
	forgedIP     string
	proxySource  string
	proberAddr   string
}

func (p *planSource) register(cmd *cobra.Command, oldFlag, newFlag string) {
	fs := cmd.Flags()
	p.old.register(fs, "old-", oldFlag, "envoy-gateway")
	p.new.register(fs, "new-", newFlag, "envoy-gateway")
	fs.StringVar(&p.ingressClass, "ingress-class", "nginx", "ingress class served by the ingress-nginx side")
	fs.StringArrayVar(&p.gateways, "gateway", nil, "NAMESPACE/NAME of a Gateway that replaces the old controller; repeatable (default: all)")
	fs.IntVar(&p.maxStates, "max-states", 0, "cap on automaton states for the static check whose witnesses are planned (0: default)")
	fs.StringVar(&p.identity.BasicUser, "basic-user", "", "user name for valid basic-auth variants")
	fs.StringVar(&p.identity.BasicPasswordEnv, "basic-password-env", "", "environment variable holding the basic-auth password (never written to any output)")
	fs.StringVar(&p.identity.JWTFile, "jwt-file", "", "file holding a JWT signed with your key, for valid-token variants")
	fs.StringVar(&p.identity.JWTKeyFile, "jwt-key", "", "PEM private key (RS256, ES256) or HS256 secret file: sign a fresh JWT per JWT provider (its issuer and audiences)")
	fs.StringVar(&p.identity.JWTKeyID, "jwt-kid", "", "kid header of tokens signed with --jwt-key")
	fs.StringVar(&p.identity.JWTSubject, "jwt-subject", "ingress-parity", "sub claim of tokens signed with --jwt-key")
	fs.StringVar(&p.identity.ClientCertFile, "client-cert", "", "PEM client certificate for mTLS variants")
	fs.StringVar(&p.identity.ClientKeyFile, "client-key", "", "PEM key of --client-cert")
	fs.StringVar(&p.proxySource, "proxy-source", "", "client address announced in PROXY protocol headers to listeners that expect one (default 203.0.113.7)")
	fs.StringVar(&p.proberAddr, "prober-addr", "", "address the edges see this prober connect from, when known (predictions of allow lists then follow it)")
	fs.StringVar(&p.forgedIP, "forged-ip", "", "address sent in forged X-Forwarded-For/X-Real-IP headers (default: an allowed address, else 203.0.113.7)")
}

// build loads both configurations, runs the static check and plans from both.
func (p *planSource) build(s streams, maxProbes int) (*probe.Plan, error) {
	oldSide, err := p.old.read(s, p.ingressClass, p.gateways)
	if err != nil {
		return nil, fmt.Errorf("old side: %w", err)
	}
	newSide, err := p.new.read(s, p.ingressClass, p.gateways)
	if err != nil {
		return nil, fmt.Errorf("new side: %w", err)
	}
	res := equiv.Check(oldSide.Model, newSide.Model, equiv.Options{
		MaxStates:   p.maxStates,
		Tool:        finding.Tool{Name: "ingress-parity", Version: Version},
		ResolvePort: equiv.ServicePorts(oldSide.Resources.Services, newSide.Resources.Services),
	})
	return plan.Build(oldSide.Model, newSide.Model, res, plan.PlanOptions{MaxProbes: maxProbes, Identity: p.identity, ForgedClientIP: p.forgedIP, ProxySource: p.proxySource, ProberAddr: p.proberAddr})
}

func streamsOf(cmd *cobra.Command) streams {
	return streams{in: cmd.InOrStdin(), out: cmd.OutOrStdout(), err: cmd.ErrOrStderr()}
}

// newPlanCmd is `ingress-parity plan`: write a reviewable probe plan from two configurations.
func newPlanCmd() *cobra.Command {
	var src planSource
	var output string
	var maxProbes int
	cmd := &cobra.Command{
		Use:   "plan --old PATH... --new PATH... [-o plan.json]",
		Short: "Plan live probes from two configurations (reviewable, editable JSON)",
		Long: `plan builds both sides, runs the static check, and writes the requests a live probe
should send: the witness of every finding, a request per route that the model says lands
there, boundary variants (prefix boundary, trailing slash, letter case, percent-encoding
including %2F, double slash, dot segments), an unknown host, and identity variants (no,
wrong and supplied credentials, client certificates, forged X-Forwarded-For, X-Real-IP and
identity headers). Each probe records what the model predicts on each side.

Secrets never enter the plan: credentials are referenced by file or environment variable.
See docs/probe.md for the format.`,
		Example: `  ingress-parity plan --old ingresses/ --new gateway/ -o plan.json
  ingress-parity plan --old ingresses/ --new gateway/ --basic-user ops --basic-password-env OPS_PW -o plan.json`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			s := streamsOf(cmd)
			if len(src.old.paths) == 0 || len(src.new.paths) == 0 {
				return withCode(ExitUsage, errors.New("both --old and --new are required (files, directories or - for stdin)"))
			}
			p, err := src.build(s, maxProbes)
			if err != nil {
				return withCode(ExitUsage, err)
			}
			w := s.out
			if output != "" && output != "-" {
				f, err := os.Create(output)
				if err != nil {
					return withCode(ExitUsage, err)
				}
				defer f.Close()
				w = f
			}
			if err := p.Write(w); err != nil {
				return withCode(ExitUsage, err)
			}
			if output != "" && output != "-" {
				fmt.Fprintf(s.err, "planned %d probes in %s\n", len(p.Probes), output)
			}
			return nil
		},
	}
	src.register(cmd, "old", "new")
	cmd.Flags().StringVarP(&output, "output", "o", "", "plan file to write (default: stdout)")
	cmd.Flags().IntVar(&maxProbes, "max-probes", 0, "cap on planned probes (0: none)")
	return cmd
}

// probeFlags are the flags of `probe`.
type probeFlags struct {
	old, new, oldSecondary string
	planFile, corpus       string
	src                    planSource
	corpusHost             string
	corpusScheme           string
	opts                   probe.Options
	ignore                 []string
	format, out            string
	oldProxy, newProxy     string
}

// newProbeCmd is `ingress-parity probe`: send the same requests to live old and new edges.
func newProbeCmd() *cobra.Command {
	var f probeFlags
	cmd := &cobra.Command{
		Use:   "probe --old URL --new URL [--plan FILE | --old-config PATH... --new-config PATH...] [--corpus FILE]",
		Short: "Send the same requests to the live old and new edges and compare the answers",
		Long: `probe connects to each side's address (as curl --resolve does: Host and SNI come from
each probe) and sends every planned or corpus request, twice to the old side to learn
noise. It compares status, redirect Location, security headers, Set-Cookie names, the body,
and, behind witness backends, which backend answered and what it received. Proxy-generated
error pages are compared by status and security headers only. Every answer is also checked
against the model's prediction: a mismatch means the static proof is wrong about that proxy.

Safety: --rate per side (default 10/s), --concurrency, --max-probes, --timeout, no redirect
following, abort past --max-error-rate, TLS verification unless --insecure, only GET, HEAD
and OPTIONS unless --allow-unsafe-methods. Ctrl-C writes the results so far.

Exit codes: 0 no difference, 1 differences, 2 usage or input error, 3 incomplete (aborted,
errors, model mismatches).`,
		Example: `  ingress-parity probe --old http://10.0.0.1:80,https://10.0.0.1:443 --new https://gw.internal --plan plan.json
  ingress-parity probe --old http://127.0.0.1:8080 --new http://127.0.0.1:9080 --old-config ing/ --new-config gw/ -f json > results.json
  ingress-parity probe --old http://old:80 --new http://new:80 --corpus access.log --corpus-host shop.example.com`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error { return runProbe(cmd, &f) },
	}
	fs := cmd.Flags()
	fs.StringVar(&f.old, "old", "", "old side address(es): scheme://host[:port], comma-separated for separate http and https ports")
	fs.StringVar(&f.new, "new", "", "new side address(es), as --old")
	fs.StringVar(&f.oldSecondary, "old-secondary", "", "a second old replica; its differences from --old are noise")
	fs.StringVar(&f.planFile, "plan", "", "plan file from `ingress-parity plan`")
	f.src.register(cmd, "old-config", "new-config")
	fs.StringVar(&f.corpus, "corpus", "", "ingress-nginx access log (default format) or HAR file of requests to replay")
	fs.StringVar(&f.corpusHost, "corpus-host", "", "host for access-log lines (the default format does not log it)")
	fs.StringVar(&f.corpusScheme, "corpus-scheme", "http", "scheme for access-log lines")
	fs.BoolVar(&f.opts.AllowUnsafeMethods, "allow-unsafe-methods", false, "also send methods other than GET, HEAD and OPTIONS")
	fs.Float64Var(&f.opts.Rate, "rate", 10, "requests per second per side (0: unlimited)")
	fs.IntVar(&f.opts.Concurrency, "concurrency", 8, "probes in flight at once")
	fs.IntVar(&f.opts.MaxProbes, "max-probes", 0, "stop after this many probes (0: no limit)")
	fs.DurationVar(&f.opts.Timeout, "timeout", 10*time.Second, "per-request timeout")
	fs.Float64Var(&f.opts.MaxErrorRate, "max-error-rate", 0.5, "abort when a side's share of failed requests passes this")
	fs.BoolVar(&f.opts.TLS.Insecure, "insecure", false, "do not verify the sides' TLS certificates")
	fs.StringVar(&f.opts.TLS.CAFile, "ca-file", "", "PEM CA bundle to verify the sides' certificates with")
	fs.BoolVar(&f.opts.Compare.CompareErrorBodies, "compare-error-bodies", false, "compare bodies of proxy-generated error pages too")
	fs.StringVar(&f.oldProxy, "old-proxy-protocol", "", "start every connection to the old side with a PROXY protocol header: [v1|v2][,ADDRESS] (bare flag: v1 from 203.0.113.7); a probe's own proxy field wins")
	fs.Lookup("old-proxy-protocol").NoOptDefVal = "v1"
	fs.StringVar(&f.newProxy, "new-proxy-protocol", "", "the same for the new side")
	fs.Lookup("new-proxy-protocol").NoOptDefVal = "v1"
	fs.StringArrayVar(&f.ignore, "ignore", nil, "[CLASS=]FIELD glob of differences to ignore, e.g. header:Cache-Control or corpus=body; repeatable")
	fs.StringVarP(&f.format, "format", "f", "text", "result format: text or json (the JSON document streams as probes complete)")
	fs.StringVarP(&f.out, "output", "o", "", "file for the results (default: stdout)")
	return cmd
}

func runProbe(cmd *cobra.Command, f *probeFlags) error {
	s := streamsOf(cmd)
	var err error
	if f.opts.Old, err = probe.ParseTarget("old", f.old); err != nil {
		return withCode(ExitUsage, err)
	}
	if f.opts.New, err = probe.ParseTarget("new", f.new); err != nil {
		return withCode(ExitUsage, err)
	}
	for _, side := range []struct {
		flag  string
		value string
		t     *probe.Target
	}{{"old-proxy-protocol", f.oldProxy, &f.opts.Old}, {"new-proxy-protocol", f.newProxy, &f.opts.New}} {
		if cmd.Flags().Changed(side.flag) {
			if side.t.Proxy, err = probe.ParseProxyFlag(side.flag, side.value); err != nil {
				return withCode(ExitUsage, err)
			}
		}
	}
	if f.oldSecondary != "" {
		if f.opts.OldSecondary, err = probe.ParseTarget("old-secondary", f.oldSecondary); err != nil {
			return withCode(ExitUsage, err)
		}
	}
	for _, ig := range f.ignore {
		r, err := probe.ParseIgnoreRule(ig)
		if err != nil {
			return withCode(ExitUsage, err)
		}
		f.opts.Ignore = append(f.opts.Ignore, r)
	}
	if f.format != "text" && f.format != "json" {
		return withCode(ExitUsage, fmt.Errorf("--format %q: want text or json", f.format))
	}
	probes, total, err := f.sources(s)
	if err != nil {
		return withCode(ExitUsage, err)
	}
	f.opts.Total = total
	if isTerminal(s.err) {
		f.opts.Progress = s.err
	}
	out := s.out
	if f.out != "" && f.out != "-" {
		file, err := os.Create(f.out)
		if err != nil {
			return withCode(ExitUsage, err)
		}
		defer file.Close()
		out = file
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	go func() {
		// After the first Ctrl-C the results so far are written; a second one kills.
		<-ctx.Done()
		stop()
	}()
	text := &probe.TextWriter{W: out}
	var sink probe.Sink = text
	var jw *probe.JSONWriter
	if f.format == "json" {
		jw = probe.NewJSONWriter(out)
		text.W = s.err
		sink = probe.Tee{jw, text}
	}
	sum, runErr := probe.Run(ctx, probes, f.opts, sink)
	if jw != nil {
		if err := jw.Close(sum); err != nil && runErr == nil {
			runErr = err
		}
	}
	_ = text.Close(sum)
	if runErr != nil {
		return withCode(ExitUsage, runErr)
	}
	return withCode(sum.ExitCode(), nil)
}

// sources chains the plan (from --plan or from configs) and the corpus.
func (f *probeFlags) sources(s streams) (iter.Seq2[probe.Probe, error], int, error) {
	fromConfigs := len(f.src.old.paths) > 0 || len(f.src.new.paths) > 0
	if f.planFile != "" && fromConfigs {
		return nil, 0, errors.New("give --plan or --old-config/--new-config, not both")
	}
	var p *probe.Plan
	var err error
	switch {
	case f.planFile != "":
		p, err = probe.ReadPlan(f.planFile)
	case fromConfigs:
		if len(f.src.old.paths) == 0 || len(f.src.new.paths) == 0 {
			return nil, 0, errors.New("both --old-config and --new-config are required")
		}
		p, err = f.src.build(s, 0)
	case f.corpus == "":
		return nil, 0, errors.New("nothing to send: give --plan, --old-config/--new-config or --corpus")
	}
	if err != nil {
		return nil, 0, err
	}
	var seqs []iter.Seq2[probe.Probe, error]
	total := 0
	if p != nil {
		seqs = append(seqs, probe.FromPlan(p))
		total = len(p.Probes)
	}
	if f.corpus != "" {
		seqs = append(seqs, probe.ReadCorpus(f.corpus, probe.CorpusOptions{Scheme: f.corpusScheme, Host: f.corpusHost, AllowUnsafeMethods: f.opts.AllowUnsafeMethods}))
		total = 0 // unknown until read
	}
	return func(yield func(probe.Probe, error) bool) {
		for _, seq := range seqs {
			for pr, err := range seq {
				if !yield(pr, err) {
					return
				}
			}
		}
	}, total, nil
}

// isTerminal reports whether w is a character device (a terminal), for the progress bar.
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}

// newWitnessCmd is `ingress-parity witness`: run an echo backend for live probes.
func newWitnessCmd() *cobra.Command {
	var o witness.Options
	cmd := &cobra.Command{
		Use:   "witness --listen ADDR --name NAME [--tls-cert F --tls-key F --client-ca F]",
		Short: "Run an echo backend that answers with JSON describing what it received",
		Long: `witness answers every request with {"name","method","path","query","host","headers",
"peer","tls"}: put one behind each upstream of both edges and probe can tell which backend
answered and what the proxy passed on (path, host, identity headers, client certificate
facts, forwarded client IP). Request bodies are read up to 1 MiB and counted, not echoed.`,
		Example: `  ingress-parity witness --listen :8080 --name shop/app
  ingress-parity witness --listen :8443 --name shop/api --tls-cert api.crt --tls-key api.key --client-ca ca.crt`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			srv, err := witness.Listen(o)
			if err != nil {
				return withCode(ExitUsage, err)
			}
			fmt.Fprintf(cmd.ErrOrStderr(), "witness %s listening on %s\n", o.Name, srv.Addr())
			ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
			defer stop()
			if err := srv.Serve(ctx); err != nil {
				return withCode(ExitIncomplete, err)
			}
			return nil
		},
	}
	fs := cmd.Flags()
	fs.StringVar(&o.Listen, "listen", "127.0.0.1:8080", "address to listen on")
	fs.StringVar(&o.Name, "name", "", "name reported in every answer (use the upstream's namespace/service)")
	fs.StringVar(&o.TLSCert, "tls-cert", "", "PEM certificate: serve HTTPS")
	fs.StringVar(&o.TLSKey, "tls-key", "", "PEM key of --tls-cert")
	fs.StringVar(&o.ClientCA, "client-ca", "", "PEM CA bundle: request client certificates and verify them when presented")
	fs.Int64Var(&o.MaxBody, "max-body", witness.DefaultMaxBody, "request body bytes read at most")
	return cmd
}
