package ingressnginx

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
)

// Value validators of ingress-nginx internal/ingress/annotations/parser/validators.go.
const alphaNumericChars = `\-\.\_\~a-zA-Z0-9\/:`

var (
	regexPathWithCapture = regexp.MustCompile(`^/?[` + alphaNumericChars + `\/\$]*$`)
	urlIsValid           = regexp.MustCompile(`^[` + alphaNumericChars + regexp.QuoteMeta(`,:?&=`) + `]*$`)
	basicChars           = regexp.MustCompile(`^[/` + alphaNumericChars + `]*$`)
	isValidRegex         = regexp.MustCompile(`^[/` + alphaNumericChars + regexp.QuoteMeta(`^$[](){}*+?|&=\`) + `]*$`)
	malicious            = regexp.MustCompile(`\r|\n`)
)

// validRegex is ValidateRegex: the value (spaces removed if asked) must match re and hold no
// CR or LF.
func validRegex(re *regexp.Regexp, removeSpace bool) func(string) bool {
	return func(s string) bool {
		if removeSpace {
			s = strings.ReplaceAll(s, " ", "")
		}
		return re.MatchString(s) && !malicious.MatchString(s)
	}
}

func validBool(s string) bool { _, err := strconv.ParseBool(s); return err == nil }
func validInt(s string) bool  { _, err := strconv.Atoi(s); return err == nil }

// normalizeString trims each line of a string annotation (parser/main.go normalizeString).
func normalizeString(s string) string {
	lines := strings.Split(s, "\n")
	for i := range lines {
		lines[i] = strings.TrimSpace(lines[i])
	}
	return strings.Join(lines, "\n")
}

// annotationReader reads one Ingress's annotations with ingress-nginx's validation rules:
// get returns (value, set, valid). An empty value counts as not set (the controller skips
// validation of empty values and then reports the annotation as missing or invalid content).
type annotationReader struct {
	anns map[string]string
	out  *annotations
}

func (r annotationReader) raw(name string) (string, bool) {
	if len(r.anns) == 0 {
		return "", false
	}
	// The key is built in a stack buffer: a map index by string(bytes) does not allocate.
	var buf [128]byte
	key := append(append(buf[:0], annotationPrefix...), name...)
	v, ok := r.anns[string(key)]
	if !ok || v == "" {
		return "", false
	}
	return v, true
}

// str reads a string annotation; valid is false when the validator rejects it.
func (r annotationReader) str(name string, validate func(string) bool) (v string, set, valid bool) {
	raw, ok := r.raw(name)
	if !ok {
		return "", false, true
	}
	if validate != nil && !validate(raw) {
		return "", true, false
	}
	v = normalizeString(raw)
	return v, v != "", true
}

// boolean reads a bool annotation, falling back to def (with a warning) when invalid.
func (r annotationReader) boolean(name string, def bool) bool {
	raw, ok := r.raw(name)
	if !ok {
		return def
	}
	b, err := strconv.ParseBool(raw)
	if err != nil {
		r.warn(name, fmt.Sprintf("%q is not a boolean; ingress-nginx uses %t", raw, def))
		return def
	}
	return b
}

// integer reads an int annotation; set is false when absent, valid false when not an int.
func (r annotationReader) integer(name string) (n int, set, valid bool) {
	raw, ok := r.raw(name)
	if !ok {
		return 0, false, true
	}
	n, err := strconv.Atoi(raw)
	if err != nil {
		return 0, true, false
	}
	return n, true, true
}

func (r annotationReader) warn(name, msg string) {
	r.out.Warnings = append(r.out.Warnings, annotationWarning{Name: name, Message: msg})
}
