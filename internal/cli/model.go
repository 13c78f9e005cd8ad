package cli

import (
	"encoding/json"
	"fmt"

	"github.com/spf13/cobra"
	"sigs.k8s.io/yaml"
)

type modelFlags struct {
	config       sideFlags
	ingressClass string
	gateways     []string
	output       string
}

func newModelCmd(s streams) *cobra.Command {
	var f modelFlags
	cmd := &cobra.Command{
		Use:   "model --config PATH...",
		Short: "Print the normalized model ingress-parity builds from one side",
		Long: `model prints exactly what ingress-parity believes a configuration means: entry points,
listeners, virtual hosts in precedence order, routes in match order (the first match wins)
with their decisions, every element traced to its source, and the notes from building it
(objects the API server would refuse, conflicts, routes that are never reached).`,
		Example: `  ingress-parity model --config examples/drifted/old
  ingress-parity model --config examples/drifted/new -o json`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if f.output != "yaml" && f.output != "json" {
				return withCode(ExitUsage, fmt.Errorf("--output %q: want yaml or json", f.output))
			}
			sd, err := f.config.read(s, f.ingressClass, f.gateways)
			if err != nil {
				return withCode(ExitUsage, err)
			}
			var out []byte
			if f.output == "json" {
				out, err = json.MarshalIndent(sd.Model, "", "  ")
				out = append(out, '\n')
			} else {
				out, err = yaml.Marshal(sd.Model)
			}
			if err != nil {
				return err
			}
			_, err = s.out.Write(out)
			return err
		},
	}
	fs := cmd.Flags()
	f.config.register(fs, "", "config", "envoy-gateway")
	fs.StringVar(&f.ingressClass, "ingress-class", "nginx", "ingress class served by an ingress-nginx side")
	fs.StringArrayVar(&f.gateways, "gateway", nil, "NAMESPACE/NAME of a Gateway to include; repeatable (default: all)")
	fs.StringVarP(&f.output, "output", "o", "yaml", "output format: yaml or json")
	return cmd
}
