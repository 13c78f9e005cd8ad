package probe

import (
	"bytes"
	"encoding/json"
	"fmt"
	"maps"
	"reflect"
	"slices"
	"sort"
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
	d := differ{details: map[string]string{}}
	if a.Error != "" || b.Error != "" {
		if a.Error != "" && b.Error != "" {
			return nil, nil
		}
		d.add("error", a.Error, b.Error)
		return d.result()
	}
	d.add("status", a.Status, b.Status)
	d.add("location", a.Location, b.Location)
	d.add("backend", a.Backend, b.Backend)
	errorPages := a.Generated && b.Generated && !opts.CompareErrorBodies
	for _, name := range ComparedHeaders {
		if errorPages && !securityHeaders[name] {
			continue
		}
		d.add("header:"+name, a.Headers[name], b.Headers[name])
	}
	if !errorPages {
		d.add("cookies", strings.Join(a.Cookies, ","), strings.Join(b.Cookies, ","))
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
			d.diffs = append(d.diffs, "body")
			d.details["body"] = bodyDetail(a, b)
		}
	}
	return d.result()
}

func compareUpstream(d *differ, a, b *Upstream) {
	d.add("upstream:method", a.Method, b.Method)
	d.add("upstream:path", a.Path, b.Path)
	d.add("upstream:query", a.Query, b.Query)
	d.add("upstream:host", a.Host, b.Host)
	d.add("upstream:client-cert", a.ClientCert, b.ClientCert)
	names := slices.Sorted(maps.Keys(a.Headers))
	for n := range b.Headers {
		if _, ok := a.Headers[n]; !ok {
			names = append(names, n)
		}
	}
	for _, n := range names {
		d.add("upstream:"+n, a.Headers[n], b.Headers[n])
	}
}

type differ struct {
	diffs   []string
	details map[string]string
}

func (d *differ) add(name string, a, b any) {
	if reflect.DeepEqual(a, b) {
		return
	}
	d.diffs = append(d.diffs, name)
	d.details[name] = fmt.Sprintf("%v -> %v", show(a), show(b))
}

func show(v any) string {
	if s, ok := v.(string); ok {
		if s == "" {
			return "(none)"
		}
		return fmt.Sprintf("%q", s)
	}
	return fmt.Sprint(v)
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
