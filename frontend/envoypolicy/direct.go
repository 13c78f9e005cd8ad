package envoypolicy

import (
	"encoding"
	"encoding/json"
	"math"
	"reflect"
	"strings"
	"sync"
	"unicode/utf8"
)

// A policy's spec arrives as decoded JSON (map[string]any, from the loader's unstructured
// objects). Decoding it into the local types by marshalling it back to JSON and unmarshalling
// that costs two passes over text and many allocations per policy, thousands of times on a
// big estate. decodeDirect fills the typed value from the map itself, with exactly the result
// encoding/json would give, and declines (returns false) wherever it cannot be sure of that:
// then the caller takes the JSON path, which also words the error.

// jsonField is one field of a struct as encoding/json sees it: its name and the index path
// through embedded structs.
type jsonField struct {
	index []int
	typ   reflect.Type
}

// jsonFields are the fields of one struct type by JSON name, with the names in declaration
// order for the case-insensitive check.
type jsonFields struct {
	byName map[string]jsonField
	names  []string
}

// fieldCache maps a struct type to its *jsonFields, or to nil when the type has a shape
// decodeDirect does not handle.
var fieldCache sync.Map

var (
	jsonUnmarshaler = reflect.TypeFor[json.Unmarshaler]()
	textUnmarshaler = reflect.TypeFor[encoding.TextUnmarshaler]()
)

// fieldsOf returns the JSON fields of struct type t, or nil when encoding/json's field rules
// for t go beyond what decodeDirect mirrors: an untagged, unexported or "-" field, a tag
// option other than omitempty, an embedded pointer or tagged embedded struct, or one name
// used twice (where encoding/json's dominance rules would decide).
func fieldsOf(t reflect.Type) *jsonFields {
	if f, ok := fieldCache.Load(t); ok {
		return f.(*jsonFields)
	}
	out := &jsonFields{byName: map[string]jsonField{}}
	if !addFields(out, t, nil) {
		out = nil
	}
	fieldCache.Store(t, out)
	return out
}

// addFields adds the fields of struct t, reached through index, to out.
func addFields(out *jsonFields, t reflect.Type, index []int) bool {
	for i := range t.NumField() {
		f := t.Field(i)
		at := append(append([]int(nil), index...), i)
		name, opts, _ := strings.Cut(f.Tag.Get("json"), ",")
		if f.Anonymous && name == "" && opts == "" {
			if f.Type.Kind() != reflect.Struct || !addFields(out, f.Type, at) {
				return false
			}
			continue
		}
		if !f.IsExported() || name == "" || name == "-" || opts != "" && opts != "omitempty" {
			return false
		}
		if _, dup := out.byName[name]; dup {
			return false
		}
		out.byName[name] = jsonField{index: at, typ: f.Type}
		out.names = append(out.names, name)
	}
	return true
}

// folds reports whether encoding/json would match key to some field case-insensitively
// (it accepts such keys; decodeDirect does not).
func (fs *jsonFields) folds(key string) bool {
	for _, n := range fs.names {
		if strings.EqualFold(n, key) {
			return true
		}
	}
	return false
}

// decodeDirect sets v (settable, zero) from raw as json.Unmarshal(json.Marshal(raw)) would,
// and reports whether it did; false leaves v partly set and the caller must start over.
func decodeDirect(raw any, v reflect.Value) bool {
	t := v.Type()
	if t.Implements(jsonUnmarshaler) || t.Implements(textUnmarshaler) ||
		reflect.PointerTo(t).Implements(jsonUnmarshaler) || reflect.PointerTo(t).Implements(textUnmarshaler) {
		return false
	}
	if raw == nil {
		// null sets pointers, slices, maps and interfaces to nil and leaves the rest alone.
		return true
	}
	switch t.Kind() {
	case reflect.Interface:
		if t.NumMethod() != 0 {
			return false
		}
		x, ok := plainJSON(raw)
		if ok {
			v.Set(reflect.ValueOf(x))
		}
		return ok
	case reflect.Pointer:
		p := reflect.New(t.Elem())
		if !decodeDirect(raw, p.Elem()) {
			return false
		}
		v.Set(p)
		return true
	case reflect.Struct:
		return decodeStruct(raw, v)
	case reflect.Slice:
		items, ok := raw.([]any)
		if !ok {
			return false
		}
		s := reflect.MakeSlice(t, len(items), len(items))
		for i, it := range items {
			if !decodeDirect(it, s.Index(i)) {
				return false
			}
		}
		v.Set(s)
		return true
	case reflect.Map:
		m, ok := raw.(map[string]any)
		if !ok || t.Key() != reflect.TypeFor[string]() {
			return false
		}
		out := reflect.MakeMapWithSize(t, len(m))
		for k, x := range m {
			e := reflect.New(t.Elem()).Elem()
			if !utf8.ValidString(k) || !decodeDirect(x, e) {
				return false
			}
			out.SetMapIndex(reflect.ValueOf(k), e)
		}
		v.Set(out)
		return true
	case reflect.String:
		s, ok := raw.(string)
		if ok && utf8.ValidString(s) {
			v.SetString(s)
			return true
		}
	case reflect.Bool:
		b, ok := raw.(bool)
		if ok {
			v.SetBool(b)
		}
		return ok
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		// Only integers: a float64 would be written as text that may or may not decode.
		n, ok := raw.(int64)
		if ok && !v.OverflowInt(n) {
			v.SetInt(n)
			return true
		}
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		n, ok := raw.(int64)
		if ok && n >= 0 && !v.OverflowUint(uint64(n)) {
			v.SetUint(uint64(n))
			return true
		}
	}
	return false
}

// decodeStruct sets struct v from the object raw. Keys that name no field are ignored, as by
// encoding/json, once they are known to marshal; a key that would match a field only
// case-insensitively declines.
func decodeStruct(raw any, v reflect.Value) bool {
	m, ok := raw.(map[string]any)
	fs := fieldsOf(v.Type())
	if !ok || fs == nil {
		return false
	}
	for k, x := range m {
		f, ok := fs.byName[k]
		if !ok {
			if !utf8.ValidString(k) || fs.folds(k) || !marshals(x) {
				return false
			}
			continue
		}
		if !decodeDirect(x, v.FieldByIndex(f.index)) {
			return false
		}
	}
	return true
}

// plainJSON is raw as json.Unmarshal into an `any` gives it back after json.Marshal: numbers
// become float64 and objects and arrays fresh copies. ok is false when raw holds something
// that does not marshal (NaN, infinities, other Go types) or whose text would change
// (invalid UTF-8).
func plainJSON(raw any) (any, bool) {
	switch x := raw.(type) {
	case nil, bool:
		return x, true
	case string:
		return x, utf8.ValidString(x)
	case int64:
		return float64(x), true
	case float64:
		return x, !math.IsNaN(x) && !math.IsInf(x, 0)
	case []any:
		out := make([]any, len(x))
		for i, it := range x {
			var ok bool
			if out[i], ok = plainJSON(it); !ok {
				return nil, false
			}
		}
		return out, true
	case map[string]any:
		out := make(map[string]any, len(x))
		for k, it := range x {
			y, ok := plainJSON(it)
			if !ok || !utf8.ValidString(k) {
				return nil, false
			}
			out[k] = y
		}
		return out, true
	}
	return nil, false
}

// marshals reports whether plainJSON(raw) succeeds, without building the copy.
func marshals(raw any) bool {
	switch x := raw.(type) {
	case nil, bool, int64:
		return true
	case string:
		return utf8.ValidString(x)
	case float64:
		return !math.IsNaN(x) && !math.IsInf(x, 0)
	case []any:
		for _, it := range x {
			if !marshals(it) {
				return false
			}
		}
		return true
	case map[string]any:
		for k, it := range x {
			if !utf8.ValidString(k) || !marshals(it) {
				return false
			}
		}
		return true
	}
	return false
}
