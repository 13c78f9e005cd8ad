package equiv

import (
	"fmt"
	"net/http"
	"net/url"
	"sort"
	"strings"

	"github.com/ingress-parity/ingress-parity/model"
)

// class is one non-path class of requests: a method and the header, query and cookie
// values that every request of the class shares as far as the matches can tell.
type class struct {
	Method  string
	Headers http.Header
	Query   string
}

// option is one value of a dimension: absent, or present with Value.
type option struct {
	Present bool
	Value   string
}

// dimension is one header, query parameter or cookie name with the values that matter.
type dimension struct {
	Where   string // "header", "query" or "cookie"
	Name    string
	Options []option
}

// classSet is the non-path classes of one host, with what could not be represented.
type classSet struct {
	Classes []class
	// Truncated is the total number of combinations when it exceeded the cap (0 otherwise).
	Truncated int
	// Opaque lists value regexes without a member found.
	Opaque []string
}

// otherMethods are tried in order as the method no match names.
var otherMethods = []string{"GET", "POST", "PUT", "DELETE", "PATCH", "OPTIONS", "HEAD"}

// nonPathClasses returns the classes of the routes' non-path conditions: each method named
// (plus GET, or another unnamed method if GET is named), and per header, query parameter and
// cookie name: absent, each value named, and one other value. At most max classes are
// returned.
func nonPathClasses(routes []model.Route, max int) classSet {
	var cs classSet
	named := map[string]bool{}
	type values struct {
		exact, regex []string
	}
	dims := map[[2]string]*values{}
	note := func(where, name string, vm model.ValueMatch) {
		k := [2]string{where, name}
		v := dims[k]
		if v == nil {
			v = &values{}
			dims[k] = v
		}
		switch vm.Kind {
		case model.MatchExact:
			v.exact = append(v.exact, vm.Value)
		case model.MatchRegex:
			v.regex = append(v.regex, vm.Value)
		}
	}
	for _, r := range routes {
		if r.Match.Method != "" {
			named[strings.ToUpper(r.Match.Method)] = true
		}
		for _, h := range r.Match.Headers {
			note("header", http.CanonicalHeaderKey(h.Name), h)
		}
		for _, q := range r.Match.Query {
			note("query", q.Name, q)
		}
		for _, c := range r.Match.Cookies {
			note("cookie", c.Name, c)
		}
	}
	methods := []string{"GET"}
	for m := range named {
		if m != "GET" {
			methods = append(methods, m)
		}
	}
	sort.Strings(methods[1:])
	if named["GET"] {
		for _, m := range otherMethods {
			if !named[m] {
				methods = append(methods, m)
				break
			}
		}
	}
	keys := make([][2]string, 0, len(dims))
	for k := range dims {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool {
		if keys[i][0] != keys[j][0] {
			return keys[i][0] < keys[j][0]
		}
		return keys[i][1] < keys[j][1]
	})
	var ds []dimension
	for _, k := range keys {
		v := dims[k]
		d := dimension{Where: k[0], Name: k[1], Options: []option{{}}}
		seen := map[string]bool{}
		addValue := func(s string) {
			if !seen[s] {
				seen[s] = true
				d.Options = append(d.Options, option{Present: true, Value: s})
			}
		}
		for _, e := range sortedCopy(v.exact) {
			addValue(e)
		}
		for _, re := range sortedCopy(v.regex) {
			if m, ok := regexMember(re); ok {
				addValue(m)
			} else {
				cs.Opaque = append(cs.Opaque, fmt.Sprintf("%s %s regex %q", k[0], k[1], re))
			}
		}
		if o, ok := otherValue(v.exact, v.regex); ok {
			addValue(o)
		}
		ds = append(ds, d)
	}
	total := len(methods)
	for _, d := range ds {
		total *= len(d.Options)
		if total > 1<<30 {
			break
		}
	}
	n := total
	if n > max {
		n = max
		cs.Truncated = total
	}
	idx := make([]int, len(ds))
	for i := 0; i < n; i++ {
		// Mixed radix: the method varies slowest so that GET classes come first.
		rem := i
		for j := len(ds) - 1; j >= 0; j-- {
			idx[j] = rem % len(ds[j].Options)
			rem /= len(ds[j].Options)
		}
		cs.Classes = append(cs.Classes, buildClass(methods[rem%len(methods)], ds, idx))
	}
	return cs
}

func buildClass(method string, ds []dimension, idx []int) class {
	c := class{Method: method}
	q := url.Values{}
	var cookies []string
	for j, d := range ds {
		o := d.Options[idx[j]]
		if !o.Present {
			continue
		}
		switch d.Where {
		case "header":
			if c.Headers == nil {
				c.Headers = http.Header{}
			}
			c.Headers.Set(d.Name, o.Value)
		case "query":
			q.Set(d.Name, o.Value)
		case "cookie":
			cookies = append(cookies, d.Name+"="+o.Value)
		}
	}
	if len(cookies) > 0 {
		if c.Headers == nil {
			c.Headers = http.Header{}
		}
		c.Headers.Set("Cookie", strings.Join(cookies, "; "))
	}
	c.Query = q.Encode()
	return c
}

func sortedCopy(s []string) []string {
	out := append([]string(nil), s...)
	sort.Strings(out)
	return out
}
