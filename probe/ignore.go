package probe

import (
	"fmt"
	"path"
	"strings"
)

// IgnoreRule drops a difference from the report for probes of matching classes.
type IgnoreRule struct {
	// Class is a path.Match glob over probe classes ("*" or empty: all).
	Class string
	// Field is a path.Match glob over difference names ("header:Cache-Control", "upstream:*").
	Field string
}

// ParseIgnoreRule reads "[CLASS=]FIELD", such as "header:Cache-Control" or "corpus=body".
func ParseIgnoreRule(s string) (IgnoreRule, error) {
	r := IgnoreRule{Class: "*", Field: s}
	if c, f, ok := strings.Cut(s, "="); ok {
		r.Class, r.Field = c, f
	}
	if r.Field == "" {
		return r, fmt.Errorf("--ignore %q: empty field", s)
	}
	if _, err := path.Match(r.Class, ""); err != nil {
		return r, fmt.Errorf("--ignore %q: class glob: %w", s, err)
	}
	if _, err := path.Match(r.Field, ""); err != nil {
		return r, fmt.Errorf("--ignore %q: field glob: %w", s, err)
	}
	return r, nil
}

// Matches reports whether the rule ignores field for class.
func (r IgnoreRule) Matches(class, field string) bool {
	c := r.Class == "" || r.Class == "*"
	if !c {
		c, _ = path.Match(r.Class, class)
	}
	f, _ := path.Match(r.Field, field)
	return c && f
}
