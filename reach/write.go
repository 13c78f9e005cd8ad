package reach

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"

	"github.com/ingress-parity/ingress-parity/model"
)

// Format is an output format of Write.
type Format string

const (
	Text     Format = "text"
	JSON     Format = "json"
	Markdown Format = "markdown"
)

// Write prints res in format f.
func Write(w io.Writer, res Result, f Format) error {
	switch f {
	case Text, "":
		return WriteText(w, res)
	case JSON:
		return WriteJSON(w, res)
	case Markdown:
		return WriteMarkdown(w, res)
	}
	return fmt.Errorf("unknown format %q: want text, json or markdown", f)
}

// WriteJSON prints res as the JSON contract of docs/json.md (indented by two spaces, one
// trailing newline).
func WriteJSON(w io.Writer, res Result) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(res)
}

// summary is the first line of the text and Markdown reports.
func summary(res Result) string {
	ways := 0
	for _, b := range res.Backends {
		ways += len(b.Ways)
	}
	return fmt.Sprintf("Reachability of the %s side (profile %s): %d backends, %d ways in", res.Side, res.Profile, len(res.Backends), ways)
}

// WriteText prints one block per backend: a heading line, then an aligned table of its ways
// (listener, host, path, needs) whose cells may span several lines.
func WriteText(w io.Writer, res Result) error {
	var b strings.Builder
	b.WriteString(summary(res) + "\n")
	entry := multiEntry(res)
	for _, be := range res.Backends {
		fmt.Fprintf(&b, "\n%s\n", be.Name)
		writeTable(&b, rows(be, entry, maxPathWidth))
	}
	if len(res.Unreachable) > 0 {
		b.WriteString("\nRoutes that never win (every path they match is taken by earlier routes):\n")
		for _, u := range res.Unreachable {
			fmt.Fprintf(&b, "  %s:%d %s %s -> %s\n", u.Scheme, u.Port, hostText(u.Host), u.Path, strings.Join(u.Backends, ", "))
			fmt.Fprintf(&b, "    rule %s %s\n", u.Route, where(u.Source))
			for _, e := range u.By {
				fmt.Fprintf(&b, "    taken by %s (%s)\n", e.Path, e.Route)
			}
		}
	}
	if len(res.Notes) > 0 {
		b.WriteString("\nNotes (ways may be missing or changed):\n")
		for _, n := range res.Notes {
			fmt.Fprintf(&b, "  %s: %s\n", n.Level, noteText(n))
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// noteText is the note's message with its location, unless the message already names it.
func noteText(n model.Note) string {
	if n.Source.File != "" && strings.Contains(n.Message, n.Source.File) {
		return n.Message
	}
	return n.Message + " " + where(n.Source)
}

func hostText(h string) string {
	if h == "" {
		return "(any host)"
	}
	return h
}

// writeTable aligns rows under a header, two spaces of indent and two between columns.
func writeTable(b *strings.Builder, rs []row) {
	head := row{listener: "LISTENER", host: "HOST", path: []string{"PATH"}, needs: []string{"NEEDS"}}
	all := append([]row{head}, rs...)
	wl, wh, wp := 0, 0, 0
	for _, r := range all {
		wl = max(wl, len(r.listener))
		wh = max(wh, len(r.host))
		for _, p := range r.path {
			wp = max(wp, len(p))
		}
	}
	for _, r := range all {
		n := max(len(r.path), len(r.needs))
		for i := range n {
			l, h := "", ""
			if i == 0 {
				l, h = r.listener, r.host
			}
			line := fmt.Sprintf("  %-*s  %-*s  %-*s  %s", wl, l, wh, h, wp, at(r.path, i), at(r.needs, i))
			b.WriteString(strings.TrimRight(line, " ") + "\n")
		}
	}
}

// at is lines[i], or "" past the end.
func at(lines []string, i int) string {
	if i < len(lines) {
		return lines[i]
	}
	return ""
}

// WriteMarkdown prints a heading and a table per backend, for a pull-request comment.
func WriteMarkdown(w io.Writer, res Result) error {
	var b strings.Builder
	b.WriteString("### " + summary(res) + "\n")
	entry := multiEntry(res)
	for _, be := range res.Backends {
		fmt.Fprintf(&b, "\n#### `%s`\n\n| Listener | Host | Path | Needs |\n|---|---|---|---|\n", be.Name)
		for _, r := range rows(be, entry, 0) {
			fmt.Fprintf(&b, "| %s | %s | %s | %s |\n", mdCell([]string{r.listener}), mdCell([]string{r.host}), mdCell(r.path), mdCell(r.needs))
		}
	}
	if len(res.Unreachable) > 0 {
		b.WriteString("\n#### Routes that never win\n\n")
		for _, u := range res.Unreachable {
			var by []string
			for _, e := range u.By {
				by = append(by, e.Path)
			}
			fmt.Fprintf(&b, "- %s:%d %s `%s` -> %s: rule %s %s, taken by %s\n", u.Scheme, u.Port, hostText(u.Host), u.Path,
				strings.Join(u.Backends, ", "), u.Route, where(u.Source), strings.Join(by, "; "))
		}
	}
	if len(res.Notes) > 0 {
		b.WriteString("\n#### Notes (ways may be missing or changed)\n\n")
		for _, n := range res.Notes {
			fmt.Fprintf(&b, "- %s: %s\n", n.Level, mdCell([]string{noteText(n)}))
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// mdCell joins lines with <br> and escapes what would break a table cell.
func mdCell(lines []string) string {
	esc := make([]string, len(lines))
	for i, l := range lines {
		l = strings.ReplaceAll(l, `\`, `\\`)
		l = strings.ReplaceAll(l, "|", `\|`)
		l = strings.ReplaceAll(l, "<", "&lt;")
		esc[i] = l
	}
	return strings.Join(esc, "<br>")
}
