package report

import (
	"encoding/json"
	"io"

	"github.com/ingress-parity/ingress-parity/finding"
)

// writeJSON prints the contract: indent 2, fields in declaration order, findings always an
// array (never null).
func writeJSON(w io.Writer, r *finding.Result) error {
	out := *r
	if out.Findings == nil {
		out.Findings = []finding.Finding{}
	}
	for i := range out.Findings {
		if out.Findings[i].Witness.Headers == nil {
			out.Findings[i].Witness.Headers = map[string]string{}
		}
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(out)
}
