package cli

import (
	"fmt"
	"strings"

	"github.com/spf13/pflag"

	"github.com/ingress-parity/ingress-parity/frontend/gatewayapi"
	"github.com/ingress-parity/ingress-parity/frontend/ingressnginx"
	"github.com/ingress-parity/ingress-parity/load"
	"github.com/ingress-parity/ingress-parity/model"
	"github.com/ingress-parity/ingress-parity/side"
)

// sideFlags are the flags that say how to read one side.
type sideFlags struct {
	paths            []string
	as               string
	controllerConfig []string
	ingressClass     string
	implementation   string
	gateways         []string
}

// register adds the flags with the given prefix ("old-", "new-" or "") to fs.
// defaultImpl is the default Gateway API implementation profile.
func (f *sideFlags) register(fs *pflag.FlagSet, prefix, pathFlag, defaultImpl string) {
	fs.StringArrayVar(&f.paths, pathFlag, nil, "file, directory (read recursively: *.yaml, *.yml, *.json) or - for stdin; repeatable")
	fs.StringVar(&f.as, prefix+"as", "", "frontend for these inputs: ingress-nginx or gateway-api (default: detected from the objects)")
	fs.StringArrayVar(&f.controllerConfig, prefix+"controller-config", nil, "ingress-nginx controller ConfigMap file (default: the ConfigMap ingress-nginx-controller among the inputs, else ingress-nginx's documented defaults)")
	fs.StringVar(&f.implementation, prefix+"implementation", defaultImpl, "Gateway API implementation profile: envoy-gateway, istio or generic (decides what the spec leaves implementation-specific)")
}

// options turns the flags into side options; ingressClass and gateways are shared by both sides.
func (f *sideFlags) options(s streams, ingressClass string, gateways []string) (side.Options, error) {
	if len(f.paths) == 0 {
		return side.Options{}, fmt.Errorf("no inputs given")
	}
	as := side.Kind(f.as)
	if as != side.Auto && as != side.IngressNginx && as != side.GatewayAPI {
		return side.Options{}, fmt.Errorf("--as %q: want ingress-nginx or gateway-api", f.as)
	}
	switch f.implementation {
	case "envoy-gateway", "istio", "generic":
	default:
		return side.Options{}, fmt.Errorf("implementation %q: want envoy-gateway, istio or generic", f.implementation)
	}
	for _, g := range gateways {
		if ns, name, ok := strings.Cut(g, "/"); !ok || ns == "" || name == "" {
			return side.Options{}, fmt.Errorf("--gateway %q: want NAMESPACE/NAME", g)
		}
	}
	opts := side.Options{
		Paths:            f.paths,
		ControllerConfig: f.controllerConfig,
		Load:             load.Options{Stdin: s.in},
		As:               as,
		IngressNginx:     ingressnginx.Options{IngressClass: ingressClass},
		GatewayAPI:       gatewayapi.Options{Implementation: f.implementation, Gateways: gateways},
	}
	return opts, nil
}

// read loads and builds the side, reporting skipped documents on stderr.
func (f *sideFlags) read(s streams, ingressClass string, gateways []string) (*side.Side, error) {
	opts, err := f.options(s, ingressClass, gateways)
	if err != nil {
		return nil, err
	}
	sd, err := side.Read(opts)
	if err != nil {
		return nil, err
	}
	for _, d := range sd.Resources.Skipped {
		fmt.Fprintf(s.err, "ingress-parity: %s: %s\n", location(d.Source), d.Message)
	}
	return sd, nil
}

// location is "file:line" of a source, or what is known of it.
func location(src model.Source) string {
	if src.File == "" {
		return src.String()
	}
	return fmt.Sprintf("%s:%d", src.File, src.Line)
}
