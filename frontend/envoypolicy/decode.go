package envoypolicy

import (
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"slices"
	"strings"
	"time"

	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"

	"github.com/ingress-parity/ingress-parity/load"
	"github.com/ingress-parity/ingress-parity/model"
)

// Group is Envoy Gateway's API group.
const Group = "gateway.envoyproxy.io"

// The policy kinds this package reads.
const (
	KindSecurityPolicy       = "SecurityPolicy"
	KindClientTrafficPolicy  = "ClientTrafficPolicy"
	KindBackendTrafficPolicy = "BackendTrafficPolicy"
)

// Policy is one decoded Envoy Gateway policy object.
type Policy struct {
	Kind      string
	Namespace string
	Name      string
	// Created is metadata.creationTimestamp (zero when absent, as in most files).
	Created time.Time
	Origin  load.Origin
	// Unknown lists spec fields this package does not know ("spec.jwt.providers[0].foo").
	Unknown []string

	spec     map[string]any
	target   targeting
	security *securitySpec
	client   *clientSpec
	backend  *backendSpec
}

// ID is "Kind ns/name".
func (p *Policy) ID() string { return p.Kind + " " + p.Namespace + "/" + p.Name }

// Source is where field of the policy was written.
func (p *Policy) Source(field string) model.Source {
	return p.Origin.Source(p.Kind, p.Namespace, p.Name, field)
}

// older orders policies as Envoy Gateway does: creationTimestamp, then namespace, then name
// (internal/gatewayapi/resource/resource.go).
func older(a, b *Policy) int {
	if c := a.Created.Compare(b.Created); c != 0 {
		return c
	}
	if c := strings.Compare(a.Namespace, b.Namespace); c != 0 {
		return c
	}
	return strings.Compare(a.Name, b.Name)
}

// Decode picks the Envoy Gateway policies out of objs (any version of the group is read
// with the v1alpha1 shape) and returns them oldest first. A policy whose spec does not
// decode is left out with a diagnostic naming the file, line and field.
func Decode(objs []load.Object[*unstructured.Unstructured]) ([]*Policy, []load.Diagnostic) {
	var out []*Policy
	var diags []load.Diagnostic
	for _, o := range objs {
		u := o.Obj
		if u == nil || !strings.HasPrefix(u.GetAPIVersion(), Group+"/") {
			continue
		}
		kind := u.GetKind()
		if kind != KindSecurityPolicy && kind != KindClientTrafficPolicy && kind != KindBackendTrafficPolicy {
			continue
		}
		p := &Policy{Kind: kind, Namespace: u.GetNamespace(), Name: u.GetName(), Created: u.GetCreationTimestamp().Time, Origin: o.Origin}
		if p.Namespace == "" {
			p.Namespace = "default"
		}
		if err := p.decode(u.Object["spec"]); err != nil {
			diags = append(diags, *err)
			continue
		}
		out = append(out, p)
	}
	slices.SortStableFunc(out, older)
	return out, diags
}

// decode fills the typed spec of p from raw.
func (p *Policy) decode(raw any) *load.Diagnostic {
	spec, ok := raw.(map[string]any)
	if !ok {
		return &load.Diagnostic{Source: p.Source("spec"), Message: p.ID() + ": spec is missing or not an object"}
	}
	p.spec = spec
	var dst any
	switch p.Kind {
	case KindSecurityPolicy:
		p.security = &securitySpec{}
		dst = p.security
	case KindClientTrafficPolicy:
		p.client = &clientSpec{}
		dst = p.client
	default:
		p.backend = &backendSpec{}
		dst = p.backend
	}
	if err := decodeSpec(spec, dst); err != nil {
		field := "spec"
		var te *json.UnmarshalTypeError
		msg := "invalid spec"
		if errors.As(err, &te) {
			field = "spec." + te.Field
			msg = fmt.Sprintf("wrong type at %s: want %s", field, te.Type)
		}
		return &load.Diagnostic{Source: p.Source(field), Message: p.ID() + ": " + msg}
	}
	switch {
	case p.security != nil:
		p.target = p.security.targeting
	case p.client != nil:
		p.target = p.client.targeting
	default:
		p.target = p.backend.targeting
	}
	if p.Kind != KindBackendTrafficPolicy {
		p.Unknown = unknownFields(spec, reflect.TypeOf(dst).Elem(), "spec")
	}
	return nil
}

// decodeSpec fills dst (a pointer to a zero spec struct) from spec: directly where that is
// sure to give what a JSON round trip gives (direct.go), else by that round trip, whose error
// it returns.
func decodeSpec(spec map[string]any, dst any) error {
	v := reflect.ValueOf(dst).Elem()
	if decodeDirect(spec, v) {
		return nil
	}
	v.SetZero()
	b, err := json.Marshal(spec)
	if err == nil {
		err = json.Unmarshal(b, dst)
	}
	return err
}

// unknownFields lists the keys of raw (decoded JSON) that t (a struct with json tags) does
// not declare, recursively, as field paths in sorted order. Fields of type any accept
// anything.
func unknownFields(raw any, t reflect.Type, path string) []string {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	var out []string
	switch t.Kind() {
	case reflect.Struct:
		m, ok := raw.(map[string]any)
		if !ok {
			return nil
		}
		keys := make([]string, 0, len(m))
		for k := range m {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		for _, k := range keys {
			ft, ok := fieldByTag(t, k)
			if !ok {
				out = append(out, path+"."+k)
				continue
			}
			out = append(out, unknownFields(m[k], ft, path+"."+k)...)
		}
	case reflect.Slice:
		items, ok := raw.([]any)
		if !ok {
			return nil
		}
		for i, it := range items {
			out = append(out, unknownFields(it, t.Elem(), fmt.Sprintf("%s[%d]", path, i))...)
		}
	}
	return out
}

// fieldByTag finds the type of the field of struct t whose json name is key, looking into
// embedded structs.
func fieldByTag(t reflect.Type, key string) (reflect.Type, bool) {
	if fs := fieldsOf(t); fs != nil {
		// The same answer for the types fieldsOf accepts (each name once, every field tagged),
		// without a scan and a tag parse per key.
		f, ok := fs.byName[key]
		return f.typ, ok
	}
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		tag := strings.Split(f.Tag.Get("json"), ",")[0]
		if f.Anonymous && tag == "" {
			if ft, ok := fieldByTag(f.Type, key); ok {
				return ft, true
			}
			continue
		}
		if tag == key {
			return f.Type, true
		}
	}
	return nil, false
}
