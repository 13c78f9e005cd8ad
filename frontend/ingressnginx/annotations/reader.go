package annotations

import (
	"regexp"
	"strings"

	"github.com/ingress-parity/ingress-parity/model"
)

// DefaultPrefix is the annotation prefix of ingress-nginx (--annotations-prefix).
const DefaultPrefix = "nginx.ingress.kubernetes.io"

// Options say how to read one Ingress's annotations.
type Options struct {
	// Prefix is the controller's annotation prefix (DefaultPrefix when empty).
	Prefix string
	// Namespace is the Ingress's namespace: references without one ("secret") live there.
	Namespace string
	// Source returns where an annotation (full name) was written; nil gives empty sources.
	Source func(annotation string) model.Source
	// ConfigMap returns the data of a ConfigMap ("namespace/name") and whether it exists;
	// nil leaves auth-proxy-set-headers as a reference (ExternalAuth.SetHeadersRef) only.
	ConfigMap func(ref string) (map[string]string, bool)
}

// Reader reads the annotations of one Ingress.
type Reader struct {
	ann  map[string]string
	opts Options
}

// New returns a Reader over the annotations ann.
func New(ann map[string]string, opts Options) Reader {
	if opts.Prefix == "" {
		opts.Prefix = DefaultPrefix
	}
	return Reader{ann: ann, opts: opts}
}

// key is the full annotation name of suffix.
func (r Reader) key(suffix string) string { return r.opts.Prefix + "/" + suffix }

// get returns the value of an annotation and its aliases, with the full key read. As in
// parser.checkAnnotation, an alias is read only when the annotation itself is unset or
// empty; an empty value is returned (ok) when nothing better is set.
func (r Reader) get(names ...string) (value, key string, ok bool) {
	for _, n := range names {
		k := r.key(n)
		if v, set := r.ann[k]; set {
			if v != "" {
				return v, k, true
			}
			if !ok {
				value, key, ok = v, k, true
			}
		}
	}
	return value, key, ok
}

// valid reports whether v passes an ingress-nginx ValidateRegex validator: spaces removed
// first when removeSpace, no CR or LF (parser/validators.go).
func valid(v string, re *regexp.Regexp, removeSpace bool) bool {
	if removeSpace {
		v = strings.ReplaceAll(v, " ", "")
	}
	return re.MatchString(v) && !strings.ContainsAny(v, "\r\n")
}

// source is where the annotation key was written.
func (r Reader) source(key string) model.Source {
	if r.opts.Source == nil || key == "" {
		return model.Source{}
	}
	return r.opts.Source(key)
}

// fail builds an *Error for key.
func (r Reader) fail(key, value string, effect Effect, format string, args ...any) *Error {
	return &Error{Key: key, Value: safeValue(value), Reason: sprintf(format, args...), Effect: effect, Source: r.source(key)}
}

// qualify adds the Ingress namespace to a "name" reference; "ns/name" stays.
func (r Reader) qualify(ref string) string {
	if strings.Contains(ref, "/") {
		return ref
	}
	return r.opts.Namespace + "/" + ref
}
