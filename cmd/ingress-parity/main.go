// Command ingress-parity proves that an ingress migration is safe, or shows exactly why not.
package main

import (
	"os"

	"github.com/ingress-parity/ingress-parity/internal/cli"
)

func main() {
	os.Exit(cli.Main(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}
