package load

import (
	"fmt"
	"regexp"
	"strconv"
)

// Error is a fatal problem with an input: malformed YAML, an unknown field or a value of
// the wrong type. It names the file, the line and the field path, and never quotes a value
// of a Secret.
type Error struct {
	File string
	Line int
	// Field is the field path inside the object, such as
	// "spec.rules[0].http.paths[1].backend.servic"; empty when the problem is not in a field.
	Field   string
	Message string
}

// Error reads "file.yaml:12: spec.rules[0].http.paths[1].backend.servic: unknown field".
func (e *Error) Error() string {
	loc := e.File
	if e.Line > 0 {
		loc += ":" + strconv.Itoa(e.Line)
	}
	if e.Field != "" {
		return fmt.Sprintf("%s: %s: %s", loc, e.Field, e.Message)
	}
	return fmt.Sprintf("%s: %s", loc, e.Message)
}

// yamlLine matches the line number that go.yaml.in/yaml/v3 puts in its syntax errors.
var yamlLine = regexp.MustCompile(`^yaml: line (\d+): `)

// syntaxError turns a YAML parser error into an *Error with the file and line.
func syntaxError(file string, err error) *Error {
	msg := err.Error()
	line := 0
	if m := yamlLine.FindStringSubmatch(msg); m != nil {
		line, _ = strconv.Atoi(m[1])
		msg = msg[len(m[0]):]
	} else if len(msg) > 6 && msg[:6] == "yaml: " {
		msg = msg[6:]
	}
	return &Error{File: file, Line: line, Message: "malformed YAML: " + msg}
}

// sprintf is fmt.Sprintf, named for the validation helpers.
func sprintf(format string, args ...any) string { return fmt.Sprintf(format, args...) }
