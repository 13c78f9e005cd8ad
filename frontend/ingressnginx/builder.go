package ingressnginx

import (
	"fmt"
	"sort"

	corev1 "k8s.io/api/core/v1"
	networkingv1 "k8s.io/api/networking/v1"

	"github.com/ingress-parity/ingress-parity/load"
	"github.com/ingress-parity/ingress-parity/model"
)

// builder holds the state of one Build: the controller's view of the estate.
type builder struct {
	res  *load.Resources
	opts Options
	cfg  *controllerConfig
	// ident are the ConfigMap's identity settings and the route policies made from them.
	ident *identity

	ingresses []*ingressEntry
	upstreams map[string]*upstream
	servers   map[string]*server
	services  map[string]*load.Object[*corev1.Service]
	notes     []model.Note
}

func newBuilder(res *load.Resources, opts Options, cfg *controllerConfig, ident *identity) *builder {
	b := &builder{res: res, opts: opts, cfg: cfg, ident: ident, upstreams: map[string]*upstream{}, servers: map[string]*server{}}
	b.notes = append(b.notes, cfg.notes...)
	if len(res.Services) > 0 {
		b.services = map[string]*load.Object[*corev1.Service]{}
		for i := range res.Services {
			s := &res.Services[i]
			b.services[s.Obj.Namespace+"/"+s.Obj.Name] = s
		}
	}
	return b
}

func (b *builder) note(level model.NoteLevel, code string, src model.Source, format string, args ...any) {
	b.notes = append(b.notes, model.Note{Level: level, Code: code, Message: fmt.Sprintf(format, args...), Source: src})
}

// ingressEntry is one watched Ingress with its parsed annotations.
type ingressEntry struct {
	obj    *networkingv1.Ingress
	origin load.Origin
	ann    annotations
	// policy is the identity policy of the Ingress's locations (annotations and ConfigMap).
	policy *model.Policy
	// denied are the reasons why ingress-nginx denies every location of the Ingress (503),
	// and deniedSource the first denying annotation; empty when it does not.
	denied       []string
	deniedSource model.Source
	// nsName is key(), made on first use: the controller's sort compares it for every tie.
	nsName string
}

// key is "namespace/name".
func (e *ingressEntry) key() string {
	if e.nsName == "" {
		e.nsName = e.obj.Namespace + "/" + e.obj.Name
	}
	return e.nsName
}

// source is the Source of a field of the Ingress.
func (e *ingressEntry) source(field string) model.Source {
	return e.origin.Source("Ingress", e.obj.Namespace, e.obj.Name, field)
}

// annSource is the Source of one nginx.ingress.kubernetes.io annotation. The field reads
// "metadata.annotations[<key>]"; the loader records map keys as dotted paths, so the line
// is looked up under "metadata.annotations.<key>".
func (e *ingressEntry) annSource(name string) model.Source {
	return e.keySource("metadata.annotations", annotationPrefix+name)
}

// keySource is the Source of key in the map at field.
func (e *ingressEntry) keySource(field, key string) model.Source {
	src := e.source(field + "[" + key + "]")
	src.Line = e.origin.LineOf(field + "." + key)
	return src
}

// id is the route ID prefix "Ingress/<ns>/<name> <field>".
func (e *ingressEntry) id(field string) string {
	return "Ingress/" + e.key() + " " + field
}

// selectIngresses keeps the Ingresses the controller watches and accepts, in the
// controller's order: creationTimestamp ascending, ties by "namespace/name" DESCENDING
// (store.go sortIngressSlice). That order decides every "first one wins" below.
func (b *builder) selectIngresses() {
	sel := newClassSelector(b.res, b.opts)
	for _, ing := range b.res.Ingresses {
		ok, n := sel.accept(ing)
		if n != nil {
			b.notes = append(b.notes, *n)
		}
		if !ok {
			continue
		}
		e := &ingressEntry{obj: ing.Obj, origin: ing.Origin}
		ann, err := parseAnnotations(ing.Obj.Annotations, b.cfg)
		if err != nil {
			src := e.source("metadata.annotations")
			if re, isRefused := err.(*refusedError); isRefused {
				src = e.annSource(re.Annotation)
			}
			b.note(model.NoteInvalid, "ingress-refused", src, "ingress-nginx refuses Ingress %s: %v", e.key(), err)
			continue
		}
		e.ann = ann
		if !b.readPolicy(e) {
			continue
		}
		for _, w := range ann.Warnings {
			b.note(model.NoteWarning, "annotation", e.annSource(w.Name), "%s%s: %s", annotationPrefix, w.Name, w.Message)
		}
		b.ingresses = append(b.ingresses, e)
	}
	sort.SliceStable(b.ingresses, func(i, j int) bool {
		ti, tj := b.ingresses[i].obj.CreationTimestamp, b.ingresses[j].obj.CreationTimestamp
		if ti.Equal(&tj) {
			return b.ingresses[i].key() > b.ingresses[j].key()
		}
		return ti.Before(&tj)
	})
}

// hasNonCanary reports whether a non-canary Ingress exists (canaries merge only then:
// controller.go nonCanaryIngressExists).
func (b *builder) hasNonCanary() bool {
	for _, e := range b.ingresses {
		if !e.ann.Canary.Enabled {
			return true
		}
	}
	return false
}
