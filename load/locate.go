package load

import (
	"encoding/base64"
	"encoding/json"
	"reflect"
	"strconv"
	"strings"
	"sync"

	yaml "go.yaml.in/yaml/v3"
	sigsjson "sigs.k8s.io/json"
)

// located is a decoding problem placed at its field.
type located struct {
	field string
	line  int
	msg   string
}

// unmarshalerType is json.Unmarshaler, implemented by types with their own JSON syntax
// (intstr.IntOrString, resource.Quantity, metav1.Time ...).
var unmarshalerType = reflect.TypeFor[json.Unmarshaler]()

// locate walks node n and Go type t together and returns the first value (in document
// order) that cannot be decoded into t. It places the errors the JSON decoder reports
// without a usable position (from custom unmarshalers, base64). It runs only after
// decoding failed, so it favours exactness over speed.
func locate(t reflect.Type, n *yaml.Node, path string, depth int) *located {
	for n.Kind == yaml.AliasNode && n.Alias != nil {
		n = n.Alias
	}
	if depth > maxDepth || n.Kind == yaml.AliasNode {
		return nil
	}
	if n.Kind == yaml.ScalarNode && n.ShortTag() == "!!null" {
		return nil // JSON null decodes into anything as "unset"
	}
	if t.Kind() != reflect.Pointer && reflect.PointerTo(t).Implements(unmarshalerType) {
		conv, err := convert("", n)
		if err != nil {
			return nil
		}
		defer conv.release()
		if uerr := sigsjson.UnmarshalCaseSensitivePreserveInts(conv.json, reflect.New(t).Interface()); uerr != nil {
			return &located{path, n.Line, "invalid value: " + uerr.Error()}
		}
		return nil
	}
	wrong := func() *located {
		return &located{path, n.Line, "wrong type: got " + nodeType(n) + ", want " + typeName(t)}
	}
	switch t.Kind() {
	case reflect.Pointer:
		return locate(t.Elem(), n, path, depth+1)
	case reflect.Interface:
		return nil
	case reflect.Struct:
		if n.Kind != yaml.MappingNode {
			return wrong()
		}
		fields := jsonFields(t)
		for i := 0; i+1 < len(n.Content); i += 2 {
			if ft, ok := fields[n.Content[i].Value]; ok {
				if l := locate(ft, n.Content[i+1], joinKey(path, n.Content[i].Value), depth+1); l != nil {
					return l
				}
			}
		}
	case reflect.Map:
		if n.Kind != yaml.MappingNode {
			return wrong()
		}
		for i := 0; i+1 < len(n.Content); i += 2 {
			if l := locate(t.Elem(), n.Content[i+1], joinKey(path, n.Content[i].Value), depth+1); l != nil {
				return l
			}
		}
	case reflect.Slice, reflect.Array:
		if t.Elem().Kind() == reflect.Uint8 && t.Kind() == reflect.Slice {
			if nodeType(n) != "string" {
				return wrong()
			}
			if _, err := base64.StdEncoding.DecodeString(n.Value); err != nil {
				return &located{path, n.Line, "invalid value: not base64"}
			}
			return nil
		}
		if n.Kind != yaml.SequenceNode {
			return wrong()
		}
		for i, item := range n.Content {
			if l := locate(t.Elem(), item, path+"["+strconv.Itoa(i)+"]", depth+1); l != nil {
				return l
			}
		}
	case reflect.String:
		if nodeType(n) != "string" {
			return wrong()
		}
	case reflect.Bool:
		if nodeType(n) != "boolean" {
			return wrong()
		}
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		if nodeType(n) != "number" {
			return wrong()
		}
		if _, err := strconv.ParseInt(numberText(n), 10, t.Bits()); err != nil {
			return &located{path, n.Line, "wrong type: got a number that is not a " + strconv.Itoa(t.Bits()) + "-bit integer, want integer"}
		}
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		if nodeType(n) != "number" {
			return wrong()
		}
		if _, err := strconv.ParseUint(numberText(n), 10, t.Bits()); err != nil {
			return &located{path, n.Line, "wrong type: got a number that is not an unsigned " + strconv.Itoa(t.Bits()) + "-bit integer, want integer"}
		}
	case reflect.Float32, reflect.Float64:
		if nodeType(n) != "number" {
			return wrong()
		}
	}
	return nil
}

// numberText is the decimal text the converter emits for a number node.
func numberText(n *yaml.Node) string {
	if n.ShortTag() == "!!int" {
		if i, err := strconv.ParseInt(n.Value, 0, 64); err == nil {
			return strconv.FormatInt(i, 10)
		}
		if u, err := strconv.ParseUint(strings.TrimPrefix(n.Value, "+"), 0, 64); err == nil {
			return strconv.FormatUint(u, 10)
		}
		return n.Value
	}
	f, err := strconv.ParseFloat(strings.ReplaceAll(n.Value, "_", ""), 64)
	if err != nil {
		return n.Value
	}
	return strconv.FormatFloat(f, 'g', -1, 64)
}

// nodeType names the JSON type a node converts to.
func nodeType(n *yaml.Node) string {
	switch n.Kind {
	case yaml.MappingNode:
		return "object"
	case yaml.SequenceNode:
		return "array"
	}
	switch scalarTag(n) {
	case "!!null":
		return "null"
	case "!!bool":
		return "boolean"
	case "!!int", "!!float":
		return "number"
	}
	return "string"
}

// fieldCache maps a struct type to its JSON field names and their types.
var fieldCache sync.Map // reflect.Type -> map[string]reflect.Type

// jsonFields returns the JSON names of the fields of struct type t, with inline and
// embedded structs flattened, as encoding/json sees them.
func jsonFields(t reflect.Type) map[string]reflect.Type {
	if m, ok := fieldCache.Load(t); ok {
		return m.(map[string]reflect.Type)
	}
	m := map[string]reflect.Type{}
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		if name == "-" {
			continue
		}
		if f.Anonymous && name == "" {
			ft := f.Type
			if ft.Kind() == reflect.Pointer {
				ft = ft.Elem()
			}
			if ft.Kind() == reflect.Struct {
				for k, v := range jsonFields(ft) {
					if _, dup := m[k]; !dup {
						m[k] = v
					}
				}
				continue
			}
		}
		if !f.IsExported() {
			continue
		}
		if name == "" {
			name = f.Name
		}
		m[name] = f.Type
	}
	fieldCache.Store(t, m)
	return m
}
