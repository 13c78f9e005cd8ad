package reach

import (
	"fmt"
	"strings"

	"github.com/ingress-parity/ingress-parity/model"
)

// describePath is a path match, readable: "exact /v1", "prefix /api" (element-wise: /api and
// /api/...), "string prefix /api" (nginx: /apix too), "regex /v[0-9]+/.*" (whole path),
// "regex prefix ^/v1" (the path starts with a match), with "(any case)" when the match
// ignores case.
func describePath(p model.PathMatch) string {
	var s string
	switch p.Kind {
	case model.PathExact:
		s = "exact " + p.Value
	case model.PathSegmentPrefix:
		v := strings.TrimRight(p.Value, "/")
		if v == "" {
			v = "/"
		}
		s = "prefix " + v
	case model.PathPrefix:
		s = "string prefix " + p.Value
	case model.PathRegex:
		s = "regex " + p.Value
	case model.PathRegexPrefix:
		s = "regex prefix " + p.Value
	default:
		s = fmt.Sprintf("%s %s", p.Kind, p.Value)
	}
	if p.CaseInsensitive {
		s += " (any case)"
	}
	return s
}

// conditions lists the non-path conditions of m, readable, in the order method, headers,
// query parameters, cookies.
func conditions(m model.Match) []string {
	var out []string
	if m.Method != "" {
		out = append(out, "method "+m.Method)
	}
	for _, v := range m.Headers {
		out = append(out, describeValue("header", v, ": "))
	}
	for _, v := range m.Query {
		out = append(out, describeValue("query", v, "="))
	}
	for _, v := range m.Cookies {
		out = append(out, describeValue("cookie", v, "="))
	}
	return out
}

// describeValue is one header, query or cookie condition: "header X-Canary: always",
// "query v ~ [0-9]+", "header X-Debug present", "not header X-Canary: never".
func describeValue(what string, v model.ValueMatch, sep string) string {
	var s string
	switch v.Kind {
	case model.MatchExact:
		s = what + " " + v.Name + sep + v.Value
	case model.MatchRegex:
		s = what + " " + v.Name + " ~ " + v.Value
	case model.MatchPresent:
		s = what + " " + v.Name + " present"
	case model.MatchAbsent:
		s = what + " " + v.Name + " absent"
	default:
		s = fmt.Sprintf("%s %s %s %s", what, v.Name, v.Kind, v.Value)
	}
	if v.Not {
		s = "not " + s
	}
	return s
}

// readable is the path and conditions of m on one line: "prefix /api, method GET".
func readable(m model.Match) string {
	return strings.Join(append([]string{describePath(m.Path)}, conditions(m)...), ", ")
}
