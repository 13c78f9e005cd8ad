package envoypolicy

import (
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"pgregory.net/rapid"

	"github.com/ingress-parity/ingress-parity/load"
)

// specTypes are the spec types Decode fills, by kind.
var specTypes = map[string]reflect.Type{
	KindSecurityPolicy:       reflect.TypeFor[securitySpec](),
	KindClientTrafficPolicy:  reflect.TypeFor[clientSpec](),
	KindBackendTrafficPolicy: reflect.TypeFor[backendSpec](),
}

// roundTrip decodes raw into a new value of t through JSON text, as Decode did before
// decodeDirect.
func roundTrip(raw any, t reflect.Type) (reflect.Value, error) {
	v := reflect.New(t)
	b, err := json.Marshal(raw)
	if err == nil {
		err = json.Unmarshal(b, v.Interface())
	}
	return v.Elem(), err
}

// TestFieldsOfSpecTypes checks that every struct inside the spec types has a shape
// decodeDirect handles: were one refused, every policy would silently take the slow path.
func TestFieldsOfSpecTypes(t *testing.T) {
	seen := map[reflect.Type]bool{}
	var walk func(t reflect.Type) []string
	walk = func(typ reflect.Type) []string {
		for typ.Kind() == reflect.Pointer || typ.Kind() == reflect.Slice || typ.Kind() == reflect.Map {
			typ = typ.Elem()
		}
		if typ.Kind() != reflect.Struct || seen[typ] {
			return nil
		}
		seen[typ] = true
		fs := fieldsOf(typ)
		if fs == nil {
			return []string{typ.String()}
		}
		var bad []string
		for _, n := range fs.names {
			bad = append(bad, walk(fs.byName[n].typ)...)
		}
		return bad
	}
	for kind, typ := range specTypes {
		if bad := walk(typ); len(bad) > 0 {
			t.Errorf("%s: decodeDirect refuses %v", kind, bad)
		}
	}
}

// TestDecodeDirectGoldenPolicies decodes every policy of the golden inputs both ways: the
// direct path must take all of them and agree with the JSON round trip.
func TestDecodeDirectGoldenPolicies(t *testing.T) {
	files, err := filepath.Glob("testdata/*.in.yaml")
	if err != nil || len(files) == 0 {
		t.Fatalf("no golden inputs: %v", err)
	}
	n := 0
	for _, f := range files {
		raw, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		res, err := load.LoadBytes(filepath.Base(f), raw)
		if err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		for _, o := range res.Other {
			typ, ok := specTypes[o.Obj.GetKind()]
			if !ok {
				continue
			}
			n++
			name := f + " " + o.Obj.GetKind() + " " + o.Obj.GetName()
			want, err := roundTrip(o.Obj.Object["spec"], typ)
			if err != nil {
				t.Errorf("%s: round trip: %v", name, err)
				continue
			}
			got := reflect.New(typ).Elem()
			if !decodeDirect(o.Obj.Object["spec"], got) {
				t.Errorf("%s: decodeDirect declined", name)
				continue
			}
			if d := cmp.Diff(want.Interface(), got.Interface(), cmp.Exporter(func(reflect.Type) bool { return true })); d != "" {
				t.Errorf("%s: direct vs round trip (-want +got):\n%s", name, d)
			}
		}
	}
	if n < 10 {
		t.Fatalf("only %d policies in the golden inputs", n)
	}
}

// TestDecodeDirectMatchesJSON holds decodeDirect against the JSON round trip on generated
// specs shaped like the spec types, with wrong types, case-folded and unknown keys, nulls,
// NaN, floats in integer fields and invalid UTF-8 mixed in: whenever it does not decline it
// must give the round trip's value, and it must decline whenever the round trip fails.
func TestDecodeDirectMatchesJSON(t *testing.T) {
	kinds := []string{KindSecurityPolicy, KindClientTrafficPolicy, KindBackendTrafficPolicy}
	rapid.Check(t, func(rt *rapid.T) {
		typ := specTypes[rapid.SampledFrom(kinds).Draw(rt, "kind")]
		raw := genFor(rt, typ, 0)
		want, err := roundTrip(raw, typ)
		got := reflect.New(typ).Elem()
		ok := decodeDirect(raw, got)
		switch {
		case ok && err != nil:
			rt.Fatalf("decodeDirect took a spec the round trip rejects (%v): %#v", err, raw)
		case ok && !reflect.DeepEqual(want.Interface(), got.Interface()):
			rt.Fatalf("direct and round trip differ on %#v:\n%s", raw, cmp.Diff(want.Interface(), got.Interface(), cmp.Exporter(func(reflect.Type) bool { return true })))
		}
	})
}

// genFor draws a decoded-JSON value for type typ, mostly of the right shape.
func genFor(t *rapid.T, typ reflect.Type, depth int) any {
	if rapid.IntRange(0, 19).Draw(t, "wrong") == 0 {
		return genAny(t, depth+2)
	}
	switch typ.Kind() {
	case reflect.Pointer:
		return genFor(t, typ.Elem(), depth)
	case reflect.Struct:
		fs := fieldsOf(typ)
		m := map[string]any{}
		for _, n := range fs.names {
			if rapid.IntRange(0, 2).Draw(t, "has-"+n) == 0 {
				m[n] = genFor(t, fs.byName[n].typ, depth+1)
			}
		}
		switch rapid.IntRange(0, 9).Draw(t, "extra") {
		case 0:
			m["notAField"] = genAny(t, depth+1)
		case 1:
			if len(fs.names) > 0 {
				m[strings.ToUpper(rapid.SampledFrom(fs.names).Draw(t, "folded"))] = genAny(t, depth+1)
			}
		}
		return m
	case reflect.Slice:
		items := make([]any, rapid.IntRange(0, 2).Draw(t, "len"))
		for i := range items {
			items[i] = genFor(t, typ.Elem(), depth+1)
		}
		return items
	case reflect.Map:
		m := map[string]any{}
		for range rapid.IntRange(0, 2).Draw(t, "len") {
			m[genString(t)] = genFor(t, typ.Elem(), depth+1)
		}
		return m
	case reflect.String:
		return genString(t)
	case reflect.Bool:
		return rapid.Bool().Draw(t, "bool")
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return genNumber(t)
	}
	return genAny(t, depth)
}

// genAny draws any decoded-JSON value, and now and then one JSON cannot marshal.
func genAny(t *rapid.T, depth int) any {
	max := 6
	if depth > 3 {
		max = 4
	}
	switch rapid.IntRange(0, max).Draw(t, "any") {
	case 0:
		return nil
	case 1:
		return rapid.Bool().Draw(t, "bool")
	case 2:
		return genString(t)
	case 3:
		return genNumber(t)
	case 4:
		return int32(7) // not a type the loader produces: must decline, never crash
	case 5:
		items := make([]any, rapid.IntRange(0, 2).Draw(t, "len"))
		for i := range items {
			items[i] = genAny(t, depth+1)
		}
		return items
	default:
		m := map[string]any{}
		for range rapid.IntRange(0, 2).Draw(t, "len") {
			m[genString(t)] = genAny(t, depth+1)
		}
		return m
	}
}

func genString(t *rapid.T) string {
	return rapid.SampledFrom([]string{"", "a", "Gateway", "10.0.0.0/8", "x<&>y", "\xff", "é"}).Draw(t, "string")
}

func genNumber(t *rapid.T) any {
	return rapid.SampledFrom([]any{
		int64(0), int64(3), int64(-1), int64(1) << 40, int64(math.MaxInt64), int64(math.MinInt64),
		float64(3), 2.5, -0.0, 1e21, 1e300, math.NaN(), math.Inf(1),
	}).Draw(t, "number")
}
