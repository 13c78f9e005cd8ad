package reach

import (
	"fmt"
	"strings"

	"github.com/ingress-parity/ingress-parity/model"
)

// maxExcept is how many earlier routes the tables name per way; JSON has all.
const maxExcept = 5

// row is one way as table cells, each a list of lines.
type row struct {
	listener, host string
	path, needs    []string
}

// rows renders the ways of b; withEntry adds the entry point to the listener cell; path
// lines longer than wrapAt are wrapped (0: never).
func rows(b Backend, withEntry bool, wrapAt int) []row {
	out := make([]row, 0, len(b.Ways))
	for _, w := range b.Ways {
		r := row{listener: fmt.Sprintf("%s:%d", w.Scheme, w.Port), host: w.Host, path: pathLines(w, wrapAt), needs: needLines(w)}
		if withEntry {
			r.listener = w.EntryPoint + " " + r.listener
		}
		if r.host == "" {
			r.host = "(any host)"
		}
		out = append(out, r)
	}
	return out
}

// maxPathWidth is the width past which a text path cell line is wrapped after a comma.
const maxPathWidth = 48

// pathLines are the path, the other conditions, the earlier routes that take some of the
// requests, and the share of the backend; lines longer than wrapAt are wrapped (0: never).
func pathLines(w Way, wrapAt int) []string {
	lines := rawPathLines(w)
	if wrapAt == 0 {
		return lines
	}
	var out []string
	for _, l := range lines {
		out = append(out, wrap(l, wrapAt)...)
	}
	return out
}

// wrap splits line after ", " so that each piece fits width where possible; continuation
// lines are indented by two spaces.
func wrap(line string, width int) []string {
	var out []string
	for len(line) > width {
		cut := strings.LastIndex(line[:width], ", ")
		if cut <= 0 {
			break
		}
		out = append(out, line[:cut+1])
		line = "  " + line[cut+2:]
	}
	return append(out, line)
}

// rawPathLines are the path cell lines before wrapping.
func rawPathLines(w Way) []string {
	lines := append([]string{w.Path}, w.Conditions...)
	for i, e := range w.Except {
		if i == maxExcept {
			lines = append(lines, fmt.Sprintf("except %d more (see -o json)", len(w.Except)-maxExcept))
			break
		}
		s := "except " + e.Path
		if e.Maybe {
			s += " (maybe)"
		}
		lines = append(lines, s)
	}
	if w.TotalWeight > 0 {
		lines = append(lines, fmt.Sprintf("weight %d of %d (%s)", w.Weight, w.TotalWeight, percent(w.Weight, w.TotalWeight)))
	}
	if w.Mirror {
		lines = append(lines, "mirror (receives a copy)")
	}
	return lines
}

// percent is share of total, rounded to a whole percent unless that would hide a share.
func percent(share, total int32) string {
	p := float64(share) * 100 / float64(total)
	if p < 1 {
		return fmt.Sprintf("%.2g%%", p)
	}
	return fmt.Sprintf("%.0f%%", p)
}

// needLines are what the caller needs, one requirement a line, then opaque reasons and the
// rule that decided.
func needLines(w Way) []string {
	q := w.Requires
	var lines []string
	if s := sourcesLine(q); s != "" {
		lines = append(lines, s)
	}
	if len(q.Sources.Ignored) > 0 {
		lines = append(lines, "ignored list entries (match nothing): "+strings.Join(q.Sources.Ignored, "; "))
	}
	if q.Spoofable {
		lines = append(lines, "SPOOFABLE: "+q.ClientIP.Reason)
	}
	for _, a := range q.AuthOrSource {
		if q.Sources.Any {
			lines = append(lines, "auth "+a+" not needed (satisfy any, every source allowed)")
		} else {
			lines = append(lines, "OR auth "+a+" (satisfy any: from any source)")
		}
	}
	for _, a := range q.Auth {
		lines = append(lines, "auth "+a)
	}
	if q.RateLimit != "" {
		lines = append(lines, "rate limit "+q.RateLimit)
		// The derivation decides who shares a bucket; it is printed here unless the sources
		// line or the spoofing warning already says it.
		if q.Sources.Any && !q.Spoofable && perClientText(q.RateLimit) {
			lines = append(lines, "client address: "+q.ClientIP.Derivation)
		}
	}
	if q.BodyLimit != "" {
		lines = append(lines, "body max "+q.BodyLimit)
	}
	if len(lines) == 0 {
		lines = append(lines, "anyone")
	}
	for _, o := range w.Opaque {
		lines = append(lines, "OPAQUE: "+o)
	}
	lines = append(lines, ruleLine(w))
	return lines
}

// perClientText reports whether a readable rate limit is counted per client address.
func perClientText(s string) bool { return strings.Contains(s, "per client-ip") }

// sourcesLine is "source 10.0.0.0/8 except 10.1.0.0/16 (client address: derivation)", or ""
// when every address is allowed.
func sourcesLine(q *Requires) string {
	s := q.Sources
	if s.Any {
		return ""
	}
	who := "client address: " + q.ClientIP.Derivation
	if s.Address == model.AddressPeer {
		who = "peer address: " + q.ClientIP.Derivation
	}
	return "source " + shorten(s.Summary) + " (" + who + ")"
}

// maxSummary is the longest source summary the tables print; JSON has all.
const maxSummary = 160

// shorten cuts a long summary after a whole entry.
func shorten(s string) string {
	if len(s) <= maxSummary {
		return s
	}
	cut := strings.LastIndex(s[:maxSummary], ", ")
	if cut < 0 {
		cut = maxSummary
	}
	return s[:cut] + " ... (see -o json)"
}

// ruleLine names the rule of the way and where it is written.
func ruleLine(w Way) string {
	at := where(w.Source)
	if w.Fallback {
		return "fallback of the host " + at
	}
	return "rule " + w.Route + " " + at
}

// where is "(file:line)", or the source's description when no file is known.
func where(s model.Source) string {
	switch {
	case s.File != "" && s.Line > 0:
		return fmt.Sprintf("(%s:%d)", s.File, s.Line)
	case s.File != "":
		return "(" + s.File + ")"
	}
	return "(" + s.String() + ")"
}

// multiEntry reports whether the ways of res come through more than one entry point.
func multiEntry(res Result) bool {
	first := ""
	for _, b := range res.Backends {
		for _, w := range b.Ways {
			if first == "" {
				first = w.EntryPoint
			} else if w.EntryPoint != first {
				return true
			}
		}
	}
	return false
}
