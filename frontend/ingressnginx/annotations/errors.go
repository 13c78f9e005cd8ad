package annotations

import (
	"fmt"
	"strings"

	"github.com/ingress-parity/ingress-parity/model"
)

// Effect is what ingress-nginx does with a bad annotation value.
type Effect string

const (
	// Ignored: the value is ignored and the default applies.
	Ignored Effect = "ignored"
	// Denied: the location is denied: every request to it gets 503.
	Denied Effect = "denied"
	// Rejected: the value fails the annotation's validator and the parser passes the
	// validation error on, so the controller drops the whole Ingress: none of its rules is
	// served (annotations/annotations.go Extract returns the error; controller/store/store.go
	// does not add the Ingress). Validation is on by default (--enable-annotation-validation).
	Rejected Effect = "rejected"
)

// DeniedStatus is the status of a denied location (nginx.tmpl "return 503").
const DeniedStatus = 503

// Error is a bad annotation or ConfigMap value.
type Error struct {
	// Key is the full annotation name or ConfigMap key.
	Key string
	// Value is the offending value, with URL credentials and query removed.
	Value  string
	Reason string
	Effect Effect
	Source model.Source
}

func (e *Error) Error() string {
	msg := fmt.Sprintf("%s=%q: %s", e.Key, e.Value, e.Reason)
	switch e.Effect {
	case Denied:
		msg += " (location denied: 503)"
	case Rejected:
		msg += " (Ingress rejected: none of its rules is served)"
	default:
		msg += " (ignored, default used)"
	}
	if e.Source.File != "" {
		msg += " at " + e.Source.String()
	}
	return msg
}

// safeValue strips what could be a credential from a value before it is quoted in an error:
// the user info and the query of anything that looks like a URL ("scheme://..."), even one
// that does not parse.
func safeValue(v string) string {
	i := strings.Index(v, "://")
	if i < 0 {
		return v
	}
	rest := v[i+3:]
	end := strings.IndexAny(rest, "/?#")
	if end < 0 {
		end = len(rest)
	}
	if at := strings.LastIndex(rest[:end], "@"); at >= 0 {
		rest = model.Redacted + rest[at:]
	}
	if q := strings.IndexAny(rest, "?#"); q >= 0 {
		rest = rest[:q+1] + model.Redacted
	}
	return v[:i+3] + rest
}
