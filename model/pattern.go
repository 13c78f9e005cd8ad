package model

import (
	"fmt"
	"regexp"
	"regexp/syntax"
	"strings"
	"sync"
)

// Pattern returns the path language of m as an RE2 pattern that must match the WHOLE
// normalized path (callers anchor it with \A...\z or use it with a full-match automaton).
// It fails when the value is not RE2 syntax (PCRE-only lookaround, backreferences ...).
func (m PathMatch) Pattern() (string, error) {
	if v, ok := patterns.Load(m); ok {
		r := v.(patternResult)
		return r.pattern, r.err
	}
	p, err := m.pattern()
	patterns.Store(m, patternResult{p, err})
	return p, err
}

// patterns caches Pattern: a check asks for the same matches' patterns many times.
var patterns sync.Map // PathMatch -> patternResult

type patternResult struct {
	pattern string
	err     error
}

func (m PathMatch) pattern() (string, error) {
	anything := `(?s:.*)`
	var p string
	switch m.Kind {
	case PathExact:
		p = regexp.QuoteMeta(m.Value)
	case PathPrefix:
		p = regexp.QuoteMeta(m.Value) + anything
	case PathSegmentPrefix:
		v := strings.TrimRight(m.Value, "/")
		if v == "" {
			p = anything
		} else {
			p = regexp.QuoteMeta(v) + `(?:/` + anything + `)?`
		}
	case PathRegex, PathRegexPrefix:
		if _, err := syntax.Parse(m.Value, syntax.Perl); err != nil {
			return "", &RegexError{Value: m.Value, Err: err}
		}
		if strings.Contains(m.Value, `\Q`) && !strings.Contains(m.Value[strings.LastIndex(m.Value, `\Q`):], `\E`) {
			// An unterminated \Q quotes to the end: close it so the wrapping group stays a group.
			p = `(?:` + m.Value + `\E)`
		} else {
			p = `(?:` + m.Value + `)`
		}
		if m.Kind == PathRegexPrefix {
			p += anything
		}
	default:
		return "", fmt.Errorf("unknown path match kind %q", m.Kind)
	}
	if m.CaseInsensitive {
		p = `(?i:` + p + `)`
	}
	return p, nil
}

// RegexError is a path or value regex that RE2 cannot parse, usually PCRE-only syntax.
type RegexError struct {
	Value string
	Err   error
}

func (e *RegexError) Error() string {
	return fmt.Sprintf("regex %q is not RE2 syntax (PCRE-only features such as lookaround or backreferences cannot be modelled): %v", e.Value, e.Err)
}

func (e *RegexError) Unwrap() error { return e.Err }

var compiled sync.Map // full-match pattern -> *regexp.Regexp or error

// compileFull compiles pattern anchored at both ends, caching the result.
func compileFull(pattern string) (*regexp.Regexp, error) {
	if v, ok := compiled.Load(pattern); ok {
		if err, isErr := v.(error); isErr {
			return nil, err
		}
		return v.(*regexp.Regexp), nil
	}
	re, err := regexp.Compile(`\A(?:` + pattern + `)\z`)
	if err != nil {
		compiled.Store(pattern, err)
		return nil, err
	}
	compiled.Store(pattern, re)
	return re, nil
}

// Matches reports whether the normalized path p is in the path language of m.
// A match whose regex cannot be parsed matches nothing.
func (m PathMatch) Matches(p string) bool {
	pat, err := m.Pattern()
	if err != nil {
		return false
	}
	re, err := compileFull(pat)
	return err == nil && re.MatchString(p)
}

// matchValue reports whether a present value satisfies v (ignoring Not and presence).
func (v ValueMatch) matchValue(value string) bool {
	switch v.Kind {
	case MatchExact:
		return value == v.Value
	case MatchRegex:
		re, err := compileFull(v.Value)
		return err == nil && re.MatchString(value)
	case MatchPresent:
		return true
	}
	return false
}

// Matches reports whether a value (present says whether the name was sent at all) satisfies v.
func (v ValueMatch) Matches(value string, present bool) bool {
	var ok bool
	if v.Kind == MatchAbsent {
		ok = !present
	} else {
		ok = present && v.matchValue(value)
	}
	return ok != v.Not
}
