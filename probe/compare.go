package probe

import (
	"bytes"
	"encoding/json"
	"fmt"
	"maps"
	"reflect"
	"slices"
	"sort"
	"strconv"
	"strings"
)

// CompareOptions tune what counts as a difference.
type CompareOptions struct {
	// CompareErrorBodies compares bodies and all selected headers of proxy-generated
	// responses (error pages, redirects) too (off: status, Location and security headers).
	CompareErrorBodies bool
}

// Compare lists the fields in which b differs from a ("status", "location", "backend",
// "header:NAME", "cookies", "body", "upstream:NAME"), sorted, and a short detail per field.
func Compare(a, b *Outcome, opts CompareOptions) ([]string, map[string]string) {
	var d differ
	if a.Error != "" || b.Error != "" {
		if a.Error != "" && b.Error != "" {
			return nil, nil
		}
		d.str("error", a.Error, b.Error)
		return d.result()
	}
	if a.Status != b.Status {
		d.note("status", fmt.Sprintf("%d -> %d", a.Status, b.Status))
	}
	d.str("location", a.Location, b.Location)
	d.str("backend", a.Backend, b.Backend)
	errorPages := a.Generated && b.Generated && !opts.CompareErrorBodies
	for _, name := range ComparedHeaders {
		if errorPages && !securityHeaders[name] {
			continue
		}
		if x, y := a.Headers[name], b.Headers[name]; x != y {
			d.str("header:"+name, x, y)
		}
	}
	if !errorPages {
		if !slices.Equal(a.Cookies, b.Cookies) {
			d.str("cookies", strings.Join(a.Cookies, ","), strings.Join(b.Cookies, ","))
		}
	}
	switch {
	case errorPages:
	case a.Upstream != nil && b.Upstream != nil:
		// Witness bodies echo per-request values (request ids, peers): compare the facts.
		compareUpstream(&d, a.Upstream, b.Upstream)
	case a.Upstream != nil || b.Upstream != nil:
		// Different kinds of answer; status or backend already tell.
	default:
		if a.BodySHA256 != b.BodySHA256 {
			d.note("body", bodyDetail(a, b))
		}
	}
	return d.result()
}

func compareUpstream(d *differ, a, b *Upstream) {
	d.str("upstream:method", a.Method, b.Method)
	d.str("upstream:path", a.Path, b.Path)
	d.str("upstream:query", a.Query, b.Query)
	d.str("upstream:host", a.Host, b.Host)
	d.str("upstream:client-cert", a.ClientCert, b.ClientCert)
	if maps.Equal(a.Headers, b.Headers) {
		return
	}
	names := slices.Sorted(maps.Keys(a.Headers))
	for n := range b.Headers {
		if _, ok := a.Headers[n]; !ok {
			names = append(names, n)
		}
	}
	for _, n := range names {
		d.str("upstream:"+n, a.Headers[n], b.Headers[n])
	}
}

type differ struct {
	diffs   []string
	details map[string]string
}

// str notes field name when a and b differ, with both values quoted ("(none)" for empty).
func (d *differ) str(name, a, b string) {
	if a != b {
		d.note(name, show(a)+" -> "+show(b))
	}
}

// note records a difference in field name with its detail.
func (d *differ) note(name, detail string) {
	if d.details == nil {
		d.details = map[string]string{}
	}
	d.diffs = append(d.diffs, name)
	d.details[name] = detail
}

func show(s string) string {
	if s == "" {
		return "(none)"
	}
	return strconv.Quote(s)
}

func (d *differ) result() ([]string, map[string]string) {
	sort.Strings(d.diffs)
	if len(d.diffs) == 0 {
		return nil, nil
	}
	return d.diffs, d.details
}

// bodyDetail says how two bodies differ: JSON paths when both are JSON, else sizes.
func bodyDetail(a, b *Outcome) string {
	var ja, jb any
	if json.Unmarshal(a.body, &ja) == nil && json.Unmarshal(b.body, &jb) == nil && len(bytes.TrimSpace(a.body)) > 0 {
		var paths []string
		jsonDiff("$", ja, jb, &paths)
		if len(paths) == 0 {
			return "same JSON, different encoding"
		}
		if len(paths) > 5 {
			paths = append(paths[:5], fmt.Sprintf("... %d more", len(paths)-5))
		}
		return "JSON differs at " + strings.Join(paths, ", ")
	}
	return fmt.Sprintf("%d bytes -> %d bytes", a.BodyBytes, b.BodyBytes)
}

// jsonDiff appends the paths where two decoded JSON values differ.
func jsonDiff(at string, a, b any, out *[]string) {
	switch x := a.(type) {
	case map[string]any:
		y, ok := b.(map[string]any)
		if !ok {
			*out = append(*out, at)
			return
		}
		keys := slices.Sorted(maps.Keys(x))
		for k := range y {
			if _, ok := x[k]; !ok {
				keys = append(keys, k)
			}
		}
		for _, k := range keys {
			jsonDiff(at+"."+k, x[k], y[k], out)
		}
	case []any:
		y, ok := b.([]any)
		if !ok || len(x) != len(y) {
			*out = append(*out, at)
			return
		}
		for i := range x {
			jsonDiff(fmt.Sprintf("%s[%d]", at, i), x[i], y[i], out)
		}
	default:
		if !reflect.DeepEqual(a, b) {
			*out = append(*out, at)
		}
	}
}
