package cli

import (
	"encoding/json"
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"github.com/ingress-parity/ingress-parity/explain"
)

type explainFlags struct {
	config       sideFlags
	ingressClass string
	gateways     []string
	request      string
	headers      []string
	clientIP     string
	proxyAddr    string
	credentials  string
	clientCert   string
	authAnswer   int
	output       string
}

func newExplainCmd(s streams) *cobra.Command {
	var f explainFlags
	cmd := &cobra.Command{
		Use:   "explain --config PATH... --request \"METHOD URL\"",
		Short: "Show which listener, host and route one request hits on one side, and what happens to it",
		Long: `explain resolves one concrete request on one side: the listener, the virtual host and the
route chosen (with file:line), and the decision: forward (backends with weights, the path
and host the upstream receives after rewrites), redirect (code and Location) or reject
(status and reason). Where several Gateways claim the host, each one's answer is shown.

With --client-ip, the route's access policy is evaluated for that caller as check does:
the listener's client-IP derivation (X-Forwarded-For from -H, --proxy-addr), the allow list,
authentication (--credentials, --auth-answer) and client certificates (--client-cert). This
replays an identity finding's witness on each side.`,
		Example: `  ingress-parity explain --config examples/drifted/old --request "GET https://shop.example.com/cart"
  ingress-parity explain --config gateway/ --request "POST http://api.example.com/v1/orders" -H "X-Canary: always" -o json
  ingress-parity explain --config examples/identity-drifted/new --request "GET https://vendors.example.com/" --client-ip 198.51.100.7 -H "X-Forwarded-For: 203.0.113.7"`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error { return runExplain(s, &f) },
	}
	fs := cmd.Flags()
	f.config.register(fs, "", "config", "envoy-gateway")
	fs.StringVar(&f.ingressClass, "ingress-class", "nginx", "ingress class served by an ingress-nginx side")
	fs.StringArrayVar(&f.gateways, "gateway", nil, "NAMESPACE/NAME of a Gateway to explain through; repeatable (default: all)")
	fs.StringVar(&f.request, "request", "", `the request: "METHOD URL", e.g. "GET https://shop.example.com/cart" (required)`)
	fs.StringArrayVarP(&f.headers, "header", "H", nil, `request header "Name: value"; repeatable`)
	fs.StringVar(&f.clientIP, "client-ip", "", "client (TCP peer) address: with it the route's access policy (allow lists, auth, client certificates) is evaluated too")
	fs.StringVar(&f.proxyAddr, "proxy-addr", "", "source address of a PROXY protocol header, for listeners that expect one")
	fs.StringVar(&f.credentials, "credentials", "none", "credentials the caller presents: valid (for all the route's credential sources), invalid, none, or a witness's class verbatim")
	fs.StringVar(&f.clientCert, "client-cert", "none", "client certificate the caller presents: valid (signed by the route's CA), untrusted, none, or a witness's class verbatim")
	fs.IntVar(&f.authAnswer, "auth-answer", 200, "what an external auth service answers this caller (-1: unreachable)")
	fs.StringVarP(&f.output, "output", "o", "text", "output format: text or json")
	return cmd
}

func runExplain(s streams, f *explainFlags) error {
	if f.request == "" {
		return withCode(ExitUsage, fmt.Errorf("--request is required, e.g. --request \"GET https://shop.example.com/cart\""))
	}
	if f.output != "text" && f.output != "json" {
		return withCode(ExitUsage, fmt.Errorf("--output %q: want text or json", f.output))
	}
	req, err := explain.ParseRequest(f.request, f.headers, f.clientIP)
	if err != nil {
		return withCode(ExitUsage, err)
	}
	req.ProxyAddr = f.proxyAddr
	switch c := f.credentials; {
	case c == "none" || c == "":
	case c == "valid" || c == "invalid" || strings.HasPrefix(c, "valid credentials for "):
		req.Credentials = c
	default:
		return withCode(ExitUsage, fmt.Errorf("--credentials %q: want valid, invalid, none, or a witness's credentials class (\"valid credentials for basic-auth secret NS/NAME\")", c))
	}
	switch c := f.clientCert; {
	case c == "none" || c == "":
	case c == "valid" || c == "untrusted" || strings.HasPrefix(c, "valid for CA "):
		req.ClientCert = c
	default:
		return withCode(ExitUsage, fmt.Errorf("--client-cert %q: want valid, untrusted, none, or a witness's certificate class (\"valid for CA NS/NAME\")", c))
	}
	sd, err := f.config.read(s, f.ingressClass, f.gateways)
	if err != nil {
		return withCode(ExitUsage, err)
	}
	a := explain.ExplainWith(sd.Model, req, explain.Options{AuthAnswer: f.authAnswer})
	if a == nil {
		return withCode(ExitDifferent, fmt.Errorf("no listener for %s port %d on this side: the connection is refused", req.Scheme, req.Port))
	}
	if f.output == "json" {
		enc := json.NewEncoder(s.out)
		enc.SetIndent("", "  ")
		return enc.Encode(a)
	}
	return explain.WriteText(s.out, a)
}
