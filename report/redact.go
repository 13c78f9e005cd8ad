package report

import (
	"net/http"
	"regexp"
	"sort"
	"strings"

	"github.com/ingress-parity/ingress-parity/finding"
)

// Redacted replaces every credential-looking value in a report.
const Redacted = "<redacted>"

// sensitiveName matches header, query and cookie names whose values are credentials.
var sensitiveName = regexp.MustCompile(`(?i)^(authorization|proxy-authorization|cookie|set-cookie)$|token|secret|passw|pwd|api[-_]?key|^key$|session|credential|auth|signature|^sig$|jwt|bearer`)

// schemeCredential matches "Bearer xyz", "Basic xyz" anywhere in text.
var schemeCredential = regexp.MustCompile(`(?i)\b(bearer|basic|digest|negotiate)\s+[A-Za-z0-9._~+/=-]{4,}`)

// IsSensitive reports whether values of a header, query parameter or cookie named name
// must never be printed.
func IsSensitive(name string) bool {
	return sensitiveName.MatchString(name)
}

// Redact returns a deep copy of r where values of credential-looking headers, cookies and
// query parameters are replaced by Redacted, in witnesses, curl commands, titles,
// explanations and decisions alike.
func Redact(r *finding.Result) *finding.Result {
	out := *r
	out.Findings = make([]finding.Finding, len(r.Findings))
	for i, f := range r.Findings {
		out.Findings[i] = redactFinding(f)
	}
	out.Incomplete = append([]finding.Gap(nil), r.Incomplete...)
	for i := range out.Incomplete {
		out.Incomplete[i].Reason = scrub(out.Incomplete[i].Reason, nil)
	}
	if r.Findings == nil {
		out.Findings = nil
	}
	return &out
}

func redactFinding(f finding.Finding) finding.Finding {
	var secrets []string
	headers := make(map[string]string, len(f.Witness.Headers))
	for k, v := range f.Witness.Headers {
		if IsSensitive(k) && v != "" {
			secrets = append(secrets, v)
			if strings.EqualFold(k, "Cookie") {
				secrets = append(secrets, cookieValues(v)...)
			}
			v = Redacted
		}
		headers[k] = v
	}
	if f.Witness.Headers == nil {
		headers = nil
	}
	f.Witness.Headers = headers
	var qs []string
	f.Witness.Query, qs = redactQuery(f.Witness.Query)
	secrets = append(secrets, qs...)
	f.Curl = redactCurl(f.Curl)
	f.Curl = scrub(f.Curl, secrets)
	f.Title = scrub(f.Title, secrets)
	f.Explanation = scrub(f.Explanation, secrets)
	f.Witness.Path = scrub(f.Witness.Path, secrets)
	f.Old = redactDecision(f.Old, secrets)
	f.New = redactDecision(f.New, secrets)
	f.Controls = append([]string(nil), f.Controls...)
	return f
}

func redactDecision(d *finding.Decision, secrets []string) *finding.Decision {
	if d == nil {
		return nil
	}
	c := *d
	c.Backends = append([]finding.Backend(nil), d.Backends...)
	if d.Route != nil {
		r := *d.Route
		c.Route = &r
	}
	c.Location = scrub(c.Location, secrets)
	c.UpstreamPath = scrub(c.UpstreamPath, secrets)
	c.UpstreamHost = scrub(c.UpstreamHost, secrets)
	c.Reason = scrub(c.Reason, secrets)
	if loc, qs := redactURLQuery(c.Location); len(qs) > 0 {
		c.Location = loc
	}
	return &c
}

// scrub replaces each secret (longest first) and every "Bearer xyz" in s.
func scrub(s string, secrets []string) string {
	sorted := append([]string(nil), secrets...)
	sort.Slice(sorted, func(i, j int) bool { return len(sorted[i]) > len(sorted[j]) })
	for _, v := range sorted {
		if len(v) < 3 {
			continue
		}
		s = strings.ReplaceAll(s, v, Redacted)
		if esc := queryEscape(v); esc != v {
			s = strings.ReplaceAll(s, esc, Redacted)
		}
	}
	return schemeCredential.ReplaceAllString(s, "$1 "+Redacted)
}

// redactQuery redacts sensitive parameters of a raw query, keeping its order, and returns
// the raw values it removed.
func redactQuery(q string) (string, []string) {
	if q == "" {
		return q, nil
	}
	var secrets []string
	parts := strings.Split(q, "&")
	for i, p := range parts {
		name, value, ok := strings.Cut(p, "=")
		if ok && value != "" && IsSensitive(queryUnescape(name)) {
			secrets = append(secrets, value, queryUnescape(value))
			parts[i] = name + "=" + Redacted
		}
	}
	return strings.Join(parts, "&"), secrets
}

// redactURLQuery redacts the sensitive parameters of a URL's query.
func redactURLQuery(u string) (string, []string) {
	base, q, ok := strings.Cut(u, "?")
	if !ok {
		return u, nil
	}
	q, secrets := redactQuery(q)
	return base + "?" + q, secrets
}

// curlHeader matches one -H argument of a curl command, quoted or not.
var curlHeader = regexp.MustCompile(`-H ('([^']|'\\'')*'|[^ ]+)`)

// redactCurl redacts the values of sensitive headers and query parameters in a curl command.
func redactCurl(cmd string) string {
	cmd = curlHeader.ReplaceAllStringFunc(cmd, func(arg string) string {
		h := strings.TrimPrefix(arg, "-H ")
		unq := strings.Trim(h, "'")
		name, _, ok := strings.Cut(unq, ":")
		if !ok || !IsSensitive(strings.TrimSpace(name)) {
			return arg
		}
		return "-H '" + http.CanonicalHeaderKey(strings.TrimSpace(name)) + ": " + Redacted + "'"
	})
	// The URL argument is the one that starts with a scheme.
	fields := strings.Split(cmd, " ")
	for i, f := range fields {
		if strings.HasPrefix(f, "'http://") || strings.HasPrefix(f, "'https://") {
			u, _ := redactURLQuery(strings.Trim(f, "'"))
			fields[i] = "'" + u + "'"
		}
	}
	return strings.Join(fields, " ")
}

func cookieValues(h string) []string {
	var out []string
	for _, c := range strings.Split(h, ";") {
		if _, v, ok := strings.Cut(strings.TrimSpace(c), "="); ok && v != "" {
			out = append(out, v)
		}
	}
	return out
}
