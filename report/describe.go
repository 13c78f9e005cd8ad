package report

import (
	"fmt"
	"sort"
	"strings"

	"github.com/ingress-parity/ingress-parity/finding"
)

// decisionLine is one line for a side's decision: "forward to shop/web:80, path /x, host h
// at ingress-nginx by Ingress shop/web spec.rules[0] (old.yaml:12)".
func decisionLine(d *finding.Decision) string {
	if d == nil {
		return "-"
	}
	var s string
	switch d.Decision {
	case "forward":
		var bs []string
		for _, b := range d.Backends {
			bs = append(bs, backendText(b, len(d.Backends) > 1))
		}
		s = "forward to " + strings.Join(bs, ", ")
		if d.UpstreamPath != "" {
			s += ", upstream path " + d.UpstreamPath
		}
		if d.UpstreamHost != "" {
			s += ", host " + d.UpstreamHost
		}
	case "redirect":
		s = fmt.Sprintf("redirect %d to %s", d.Status, d.Location)
	case "reject":
		s = fmt.Sprintf("reject %d", d.Status)
		if d.Reason != "" {
			s += " (" + d.Reason + ")"
		}
	default:
		s = d.Decision
		if d.Reason != "" {
			s += ": " + d.Reason
		}
	}
	if d.EntryPoint != "" {
		s += " at " + d.EntryPoint
	}
	if d.Route != nil {
		s += " by " + routeText(d.Route)
	}
	return s
}

func backendText(b finding.Backend, weighted bool) string {
	port := b.PortName
	if b.Port != 0 {
		port = fmt.Sprint(b.Port)
	}
	s := fmt.Sprintf("%s/%s:%s", b.Namespace, b.Service, port)
	if weighted {
		s += fmt.Sprintf(" (weight %d)", b.Weight)
	}
	if b.Invalid != "" {
		s += " [invalid: " + b.Invalid + "]"
	}
	return s
}

// routeText is "Kind ns/name rule (file:line)".
func routeText(r *finding.RouteRef) string {
	s := r.Kind
	if r.Name != "" {
		if r.Namespace != "" {
			s += " " + r.Namespace + "/" + r.Name
		} else {
			s += " " + r.Name
		}
	}
	if r.Rule != "" {
		s += " " + r.Rule
	}
	if r.File != "" {
		if r.Line > 0 {
			s += fmt.Sprintf(" (%s:%d)", r.File, r.Line)
		} else {
			s += " (" + r.File + ")"
		}
	}
	return s
}

// witnessLine is "GET http://host/path?q" followed by the headers, sorted.
func witnessLine(w finding.Witness) string {
	if w.Method == "" {
		return ""
	}
	host := w.Host
	if w.Port != 0 && !(w.Scheme == "http" && w.Port == 80) && !(w.Scheme == "https" && w.Port == 443) {
		host = fmt.Sprintf("%s:%d", w.Host, w.Port)
	}
	s := fmt.Sprintf("%s %s://%s%s", w.Method, w.Scheme, host, w.Path)
	if w.Query != "" {
		s += "?" + w.Query
	}
	names := make([]string, 0, len(w.Headers))
	for k := range w.Headers {
		names = append(names, k)
	}
	sort.Strings(names)
	for _, k := range names {
		s += fmt.Sprintf(" [%s: %s]", k, w.Headers[k])
	}
	if w.ClientIP != "" {
		s += " from " + w.ClientIP
	}
	if w.ProxyAddr != "" {
		s += " (PROXY protocol source " + w.ProxyAddr + ")"
	}
	if w.Credentials != "" {
		s += ", credentials: " + w.Credentials
	}
	if w.ClientCert != "" {
		s += ", client certificate: " + w.ClientCert
	}
	return s
}

// verdictLine is "ingress-parity 1.0: DIFFERENT".
func verdictLine(r *finding.Result) string {
	name := r.Tool.Name
	if name == "" {
		name = "ingress-parity"
	}
	if r.Tool.Version != "" {
		name += " " + r.Tool.Version
	}
	return fmt.Sprintf("%s: %s", name, strings.ToUpper(string(r.Verdict)))
}

// summaryLine counts findings by severity and the gaps.
func summaryLine(r *finding.Result) string {
	s := r.Summary
	return fmt.Sprintf("%s (critical %d, high %d, medium %d, low %d, info %d); %s could not be proven",
		plural(s.Findings, "finding"), s.Critical, s.High, s.Medium, s.Low, s.Info, plural(len(r.Incomplete), "part"))
}

// plural is "1 finding", "2 findings".
func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}

// gapLine is "host: reason (source)".
func gapLine(g finding.Gap) string {
	s := g.Reason
	if g.Host != "" {
		s = g.Host + ": " + s
	}
	if src := g.Source.String(); src != "built-in default" {
		s += " [" + src + "]"
	}
	return s
}
