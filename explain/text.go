package explain

import (
	"fmt"
	"io"
	"strings"

	"github.com/ingress-parity/ingress-parity/finding"
)

// WriteText prints an answer for a terminal: one labelled line per fact.
func WriteText(w io.Writer, a *Answer) error {
	var b strings.Builder
	writeAnswer(&b, a, "")
	for i := range a.Others {
		fmt.Fprintf(&b, "\nalso claimed by %s (a client reaches one of them, depending on DNS):\n", a.Others[i].EntryPoint)
		writeAnswer(&b, &a.Others[i], "  ")
	}
	_, err := io.WriteString(w, b.String())
	return err
}

func writeAnswer(b *strings.Builder, a *Answer, indent string) {
	line := func(label, format string, args ...any) {
		fmt.Fprintf(b, "%s%-13s %s\n", indent, label+":", fmt.Sprintf(format, args...))
	}
	line("entry point", "%s", a.EntryPoint)
	line("listener", "%s", a.Listener)
	if a.VHost != "" {
		line("virtual host", "%s", a.VHost)
	}
	if a.Route != nil {
		line("route", "%s", routeString(a.Route))
	} else {
		line("route", "none matched")
	}
	switch a.Decision.Decision {
	case "forward":
		line("decision", "forward")
		for _, be := range a.Backends {
			s := fmt.Sprintf("%s/%s:%s weight %d", be.Namespace, be.Service, portString(be), be.Weight)
			if be.Invalid != "" {
				s += " (invalid: " + be.Invalid + ")"
			}
			line("backend", "%s", s)
		}
		line("upstream", "host %s, path %s", a.UpstreamHost, a.UpstreamPath)
	case "redirect":
		line("decision", "redirect %d", a.Status)
		line("location", "%s", a.Location)
	default:
		if a.Reason != "" {
			line("decision", "reject %d (%s)", a.Status, a.Reason)
		} else {
			line("decision", "reject %d", a.Status)
		}
	}
	for _, o := range a.Opaque {
		line("not modelled", "%s", o)
	}
	switch {
	case a.Access != nil && a.Access.Allowed:
		line("access", "admitted (%s)", a.Access.Reason)
	case a.Access != nil && a.Access.Status > 0:
		line("access", "refused %d: %s%s", a.Access.Status, a.Access.Reason, a.Access.Source.Suffix())
	case a.Access != nil:
		line("access", "refused, the connection fails: %s%s", a.Access.Reason, a.Access.Source.Suffix())
	case a.AccessNote != "":
		line("access", "%s", a.AccessNote)
	}
}

func portString(b finding.Backend) string {
	if b.Port != 0 {
		return fmt.Sprint(b.Port)
	}
	return b.PortName
}

func routeString(r *finding.RouteRef) string {
	s := r.Kind
	if r.Name != "" {
		s += " " + r.Namespace + "/" + r.Name
	}
	if r.Rule != "" {
		s += " " + r.Rule
	}
	if r.File != "" {
		s += fmt.Sprintf(" (%s:%d)", r.File, r.Line)
	}
	return s
}
