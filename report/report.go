// Package report writes a comparison result for people and machines: plain text for a
// terminal or a pull-request comment, Markdown, and the JSON contract (docs/json.md).
// Every writer redacts credential-looking values first, so no output can leak one.
package report

import (
	"fmt"
	"io"

	"github.com/ingress-parity/ingress-parity/finding"
)

// Format names an output format.
type Format string

const (
	// Text is readable in a terminal and in a pull-request comment.
	Text Format = "text"
	// JSON is the stable contract of docs/json.md.
	JSON Format = "json"
	// Markdown is a summary table with one details block per finding.
	Markdown Format = "markdown"
)

// Formats lists the supported formats.
var Formats = []Format{Text, JSON, Markdown}

// ParseFormat accepts a format name.
func ParseFormat(s string) (Format, error) {
	for _, f := range Formats {
		if string(f) == s {
			return f, nil
		}
	}
	return "", fmt.Errorf("unknown report format %q (want text, json or markdown)", s)
}

// Write prints r to w in format f, with secrets redacted.
func Write(w io.Writer, r *finding.Result, f Format) error {
	if r == nil {
		return fmt.Errorf("report: no result to write")
	}
	r = Redact(r)
	switch f {
	case JSON:
		return writeJSON(w, r)
	case Text, "":
		return writeText(w, r)
	case Markdown:
		return writeMarkdown(w, r)
	}
	return fmt.Errorf("unknown report format %q (want text, json or markdown)", f)
}
