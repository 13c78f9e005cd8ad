package load

import (
	gojson "encoding/json"
	"errors"
	"fmt"
	"reflect"
	"strings"

	yaml "go.yaml.in/yaml/v3"
	sigsjson "sigs.k8s.io/json"
)

// document is one object's node, its JSON rendering and its origin.
type document struct {
	file string
	// line is the line of the object's first key.
	line       int
	node       *yaml.Node
	apiVersion string
	kind       string
	conv       *converted
	// tree builds node when it is not kept (documents read by fastConvert); only needed
	// to place a decoding error.
	tree func() *yaml.Node
}

// root returns the document's node tree.
func (d *document) root() *yaml.Node {
	if d.node == nil && d.tree != nil {
		d.node = d.tree()
	}
	return d.node
}

// origin is the Origin of the document, for the typed lists.
func (d *document) origin() Origin {
	return Origin{File: d.file, Line: d.line, lines: d.conv.lines}
}

// decode decodes the document strictly into obj (a pointer to an upstream type): unknown
// and duplicate fields and values of the wrong type are an *Error naming the field.
func (d *document) decode(obj any) *Error {
	strict, err := sigsjson.UnmarshalStrict(d.conv.json, obj)
	if err != nil {
		return d.decodeError(err, obj)
	}
	if len(strict) == 0 {
		return nil
	}
	var first *Error
	for _, s := range strict {
		e := &Error{File: d.file, Line: d.line, Message: "unknown field"}
		dup := strings.HasPrefix(s.Error(), "duplicate field")
		if dup {
			e.Message = "duplicate field"
		}
		var fe sigsjson.FieldError
		if errors.As(s, &fe) {
			e.Field = fe.FieldPath()
			if dup {
				if l, ok := d.conv.dups[e.Field]; ok {
					e.Line = l
				}
			} else if l, ok := d.conv.lines.lookup(e.Field); ok {
				e.Line = l
			}
		}
		if first == nil || e.Line < first.Line {
			first = e
		}
	}
	return first
}

// decodeError places a decoder error at the field it is about. Messages never quote a
// value of a Secret.
func (d *document) decodeError(err error, obj any) *Error {
	e := &Error{File: d.file, Line: d.line, Message: "invalid value"}
	if n := d.root(); n == nil {
		e.Message += ": " + err.Error()
	} else if l := locate(reflect.TypeOf(obj), n, "", 0); l != nil {
		e.Field, e.Line, e.Message = l.field, l.line, l.msg
		if kl, ok := d.conv.lines.lookup(l.field); ok {
			e.Line = kl // the line of the key, as for unknown fields
		}
	} else if te := (*gojson.UnmarshalTypeError)(nil); errors.As(err, &te) {
		what := "value"
		if p, w, ok := d.conv.pathAt(int(te.Offset)); ok {
			e.Field, what = p, w
		}
		if l, ok := d.conv.lines.lookup(e.Field); ok {
			e.Line = l
		}
		e.Message = fmt.Sprintf("wrong type: got %s, want %s", what, typeName(te.Type))
	} else {
		e.Message += ": " + err.Error()
	}
	if d.kind == "Secret" && strings.HasPrefix(e.Message, "invalid value: ") && e.Message != "invalid value: not base64" {
		e.Message = "invalid value" // the detail may quote the secret
	}
	return e
}

// typeName names a Go type for a reader of YAML.
func typeName(t reflect.Type) string {
	if t == nil {
		return "value"
	}
	switch t.Kind() {
	case reflect.String:
		return "string"
	case reflect.Bool:
		return "boolean"
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return "integer"
	case reflect.Float32, reflect.Float64:
		return "number"
	case reflect.Slice, reflect.Array:
		return "list"
	case reflect.Map, reflect.Struct:
		return "object"
	case reflect.Pointer:
		return typeName(t.Elem())
	}
	return t.String()
}

// scalarAt returns the value of the scalar at key of mapping n ("" when absent or not a
// scalar).
func scalarAt(n *yaml.Node, key string) string {
	if v := valueAt(n, key); v != nil && v.Kind == yaml.ScalarNode {
		return v.Value
	}
	return ""
}

// valueAt returns the value node at key of mapping n, following aliases, or nil.
func valueAt(n *yaml.Node, key string) *yaml.Node {
	for n != nil && n.Kind == yaml.AliasNode {
		n = n.Alias
	}
	if n == nil || n.Kind != yaml.MappingNode {
		return nil
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		if n.Content[i].Value == key {
			v := n.Content[i+1]
			for v != nil && v.Kind == yaml.AliasNode {
				v = v.Alias
			}
			return v
		}
	}
	return nil
}
