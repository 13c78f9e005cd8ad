package report

import (
	"bufio"
	"fmt"
	"io"
	"strings"

	"github.com/ingress-parity/ingress-parity/finding"
)

// writeMarkdown prints the verdict, a table of findings, one details block per finding and
// the gaps.
func writeMarkdown(w io.Writer, r *finding.Result) error {
	b := bufio.NewWriter(w)
	fmt.Fprintf(b, "## %s\n\n", mdEscape(verdictLine(r)))
	fmt.Fprintf(b, "%s\n", mdEscape(summaryLine(r)))
	if len(r.Findings) > 0 {
		fmt.Fprintln(b)
		fmt.Fprintln(b, "| # | Severity | Category | ID | Finding | Count |")
		fmt.Fprintln(b, "|---|---|---|---|---|---|")
		for i, f := range r.Findings {
			fmt.Fprintf(b, "| %d | %s | %s | `%s` | %s | %d |\n", i+1, f.Severity, f.Category, f.ID, cell(f.Title), f.Count)
		}
		for i, f := range r.Findings {
			fmt.Fprintln(b)
			fmt.Fprintf(b, "<details><summary>%d. %s: %s</summary>\n\n", i+1, f.ID, htmlEscape(f.Title))
			if wl := witnessLine(f.Witness); wl != "" {
				fmt.Fprintf(b, "- **Witness:** %s\n", code(wl))
			}
			if f.Old != nil {
				fmt.Fprintf(b, "- **Old:** %s\n", mdEscape(decisionLine(f.Old)))
			}
			if f.New != nil {
				fmt.Fprintf(b, "- **New:** %s\n", mdEscape(decisionLine(f.New)))
			}
			if len(f.Controls) > 0 {
				fmt.Fprintf(b, "- **Controls:** %s\n", strings.Join(f.Controls, ", "))
			}
			if f.Curl != "" {
				fmt.Fprintf(b, "\n```sh\n%s\n```\n", f.Curl)
			}
			fmt.Fprintf(b, "\n%s\n\n</details>\n", mdEscape(f.Explanation))
		}
	}
	if len(r.Incomplete) > 0 {
		fmt.Fprintf(b, "\n### Could not prove (%d)\n\n", len(r.Incomplete))
		for _, g := range r.Incomplete {
			fmt.Fprintf(b, "- %s\n", mdEscape(gapLine(g)))
		}
	}
	return b.Flush()
}

var mdReplacer = strings.NewReplacer(`\`, `\\`, "`", "\\`", "*", `\*`, "_", `\_`, "<", "&lt;", ">", "&gt;", "[", `\[`, "]", `\]`, "|", `\|`)

// mdEscape makes text literal in Markdown.
func mdEscape(s string) string { return mdReplacer.Replace(s) }

// cell is mdEscape for a table cell (no line breaks).
func cell(s string) string { return mdEscape(strings.Join(strings.Fields(s), " ")) }

var htmlReplacer = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;")

func htmlEscape(s string) string { return htmlReplacer.Replace(s) }

// code wraps s in a code span long enough for the backticks inside it.
func code(s string) string {
	fence := "`"
	for strings.Contains(s, fence) {
		fence += "`"
	}
	return fence + " " + s + " " + fence
}
