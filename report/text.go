package report

import (
	"bufio"
	"fmt"
	"io"
	"strings"

	"github.com/ingress-parity/ingress-parity/finding"
)

// whyText is the explanation without its opening restatement of the witness and of both
// decisions ("For GET ... the old side ...; the new side ...."), which the text report has
// just printed on the witness, old and new lines: it starts at "What differs:" when the
// explanation has one. JSON and Markdown keep the whole paragraph.
func whyText(f finding.Finding) string {
	if strings.HasPrefix(f.Explanation, "For ") {
		if i := strings.Index(f.Explanation, "What differs: "); i > 0 {
			return f.Explanation[i:]
		}
	}
	return f.Explanation
}

// textWidth is where explanations wrap.
const textWidth = 100

// writeText prints a verdict line, a summary line, each finding and the gaps.
func writeText(w io.Writer, r *finding.Result) error {
	b := bufio.NewWriter(w)
	fmt.Fprintln(b, verdictLine(r))
	fmt.Fprintln(b, summaryLine(r))
	for i, f := range r.Findings {
		fmt.Fprintln(b)
		count := ""
		if f.Count > 1 {
			count = fmt.Sprintf(" (%d %s)", f.Count, countNoun(f))
		}
		fmt.Fprintf(b, "%d. [%s] %s %s%s\n", i+1, strings.ToUpper(string(f.Severity)), f.Category, f.ID, count)
		fmt.Fprintf(b, "   %s\n", f.Title)
		if wl := witnessLine(f.Witness); wl != "" {
			fmt.Fprintf(b, "   witness:  %s\n", wl)
		}
		if f.Curl != "" {
			fmt.Fprintf(b, "   replay:   %s\n", f.Curl)
		}
		if f.Old != nil {
			fmt.Fprintf(b, "   old:      %s\n", decisionLine(f.Old))
		}
		if f.New != nil {
			fmt.Fprintf(b, "   new:      %s\n", decisionLine(f.New))
		}
		for j, line := range wrap(whyText(f), textWidth-13) {
			label := "   why:      "
			if j > 0 {
				label = "             "
			}
			fmt.Fprintln(b, label+line)
		}
		if len(f.Controls) > 0 {
			fmt.Fprintf(b, "   controls: %s\n", strings.Join(f.Controls, ", "))
		}
	}
	if len(r.Incomplete) > 0 {
		fmt.Fprintln(b)
		fmt.Fprintf(b, "Could not prove (%d):\n", len(r.Incomplete))
		for _, g := range r.Incomplete {
			for j, line := range wrap(gapLine(g), textWidth-4) {
				label := "  - "
				if j > 0 {
					label = "    "
				}
				fmt.Fprintln(b, label+line)
			}
		}
	}
	return b.Flush()
}

// wrap splits s into lines of at most width characters at spaces.
func wrap(s string, width int) []string {
	var lines []string
	line := ""
	for _, word := range strings.Fields(s) {
		if line != "" && len(line)+1+len(word) > width {
			lines = append(lines, line)
			line = ""
		}
		if line == "" {
			line = word
		} else {
			line += " " + word
		}
	}
	if line != "" {
		lines = append(lines, line)
	}
	return lines
}

// countNoun names what a finding's Count counts: request classes for routing differences,
// route pairs for identity ones (their witness names a caller).
func countNoun(f finding.Finding) string {
	if f.Category == finding.Identity || f.Witness.ClientIP != "" {
		return "route pairs"
	}
	return "request classes"
}
