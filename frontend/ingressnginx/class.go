package ingressnginx

import (
	"fmt"

	networkingv1 "k8s.io/api/networking/v1"

	"github.com/ingress-parity/ingress-parity/load"
	"github.com/ingress-parity/ingress-parity/model"
)

const (
	// controllerName is the IngressClass spec.controller of ingress-nginx
	// (internal/ingress/controller/ingressclass/ingressclass.go DefaultControllerName).
	controllerName = "k8s.io/ingress-nginx"
	// classAnnotation is the legacy class annotation (ingressclass.IngressKey).
	classAnnotation = "kubernetes.io/ingress.class"
	// defaultClassAnnotation marks the cluster's default IngressClass.
	defaultClassAnnotation = "ingressclass.kubernetes.io/is-default-class"
)

// classSelector decides which Ingresses the controller watches, as ingress-nginx
// store.go GetIngressClass does:
//  1. spec.ingressClassName: accepted when an IngressClass of that name has
//     spec.controller k8s.io/ingress-nginx (the store only keeps those);
//  2. else the kubernetes.io/ingress.class annotation: accepted when equal to --ingress-class;
//  3. else accepted only with --watch-ingress-without-class.
//
// Ingresses read from files never went through the API server's DefaultIngressClass
// admission plugin, which sets spec.ingressClassName of a new Ingress without class to the
// default IngressClass; the selector applies it (with an info Note).
type classSelector struct {
	opts Options
	// ours are the IngressClass names handled by ingress-nginx.
	ours map[string]bool
	// known are all IngressClass names read.
	known map[string]bool
	// defaultClass is the name of the only default IngressClass ("" if none or several).
	defaultClass string
	// noClasses: no IngressClass was read at all; spec.ingressClassName equal to
	// Options.IngressClass is then accepted (the standard install creates IngressClass "nginx").
	noClasses bool
	// assumedNoted: the ingress-class-assumed Note was given (once per build).
	assumedNoted bool
}

func newClassSelector(res *load.Resources, opts Options) *classSelector {
	s := &classSelector{opts: opts, ours: map[string]bool{}, known: map[string]bool{}, noClasses: len(res.IngressClasses) == 0}
	var defaults []string
	for _, ic := range res.IngressClasses {
		s.known[ic.Obj.Name] = true
		if ic.Obj.Spec.Controller == controllerName {
			s.ours[ic.Obj.Name] = true
		}
		if ic.Obj.Annotations[defaultClassAnnotation] == "true" {
			defaults = append(defaults, ic.Obj.Name)
		}
	}
	if len(defaults) == 1 {
		s.defaultClass = defaults[0]
	}
	return s
}

// accept reports whether the controller watches ing; note explains a decision worth
// reporting (nil when there is nothing to say).
func (s *classSelector) accept(ing load.Object[*networkingv1.Ingress]) (bool, *model.Note) {
	obj := ing.Obj
	src := func(field string) model.Source {
		return ing.Origin.Source("Ingress", obj.Namespace, obj.Name, field)
	}
	annSrc := ing.Origin.Source("Ingress", obj.Namespace, obj.Name, "metadata.annotations["+classAnnotation+"]")
	annSrc.Line = ing.Origin.LineOf("metadata.annotations." + classAnnotation)
	ignored := func(msg string, field string) (bool, *model.Note) {
		return false, &model.Note{Level: model.NoteInfo, Code: "ingress-class-ignored", Message: msg, Source: src(field)}
	}
	className := ""
	if obj.Spec.IngressClassName != nil {
		className = *obj.Spec.IngressClassName
	}
	_, hasAnnotation := obj.Annotations[classAnnotation]
	var note *model.Note
	if className == "" && !hasAnnotation && s.defaultClass != "" {
		className = s.defaultClass
		note = &model.Note{Level: model.NoteInfo, Code: "ingress-class-defaulted",
			Message: fmt.Sprintf("no class: the API server's DefaultIngressClass admission sets spec.ingressClassName to the default IngressClass %q", className),
			Source:  src("spec")}
	}
	switch {
	case className != "":
		if s.ours[className] {
			return true, note
		}
		if s.noClasses && className == s.opts.IngressClass {
			if s.assumedNoted {
				return true, note
			}
			s.assumedNoted = true
			return true, &model.Note{Level: model.NoteInfo, Code: "ingress-class-assumed",
				Message: fmt.Sprintf("no IngressClass objects were read: assuming IngressClass %q belongs to ingress-nginx", className),
				Source:  src("spec.ingressClassName")}
		}
		if s.known[className] {
			return ignored(fmt.Sprintf("IngressClass %q is not handled by %s: ignored", className, controllerName), "spec.ingressClassName")
		}
		return ignored(fmt.Sprintf("IngressClass %q was not found: ingress-nginx ignores the Ingress", className), "spec.ingressClassName")
	case hasAnnotation:
		if v := obj.Annotations[classAnnotation]; v != s.opts.IngressClass {
			n := model.Note{Level: model.NoteInfo, Code: "ingress-class-ignored", Source: annSrc,
				Message: fmt.Sprintf("annotation %s is %q, not %q: ignored", classAnnotation, v, s.opts.IngressClass)}
			return false, &n
		}
		return true, nil
	case s.opts.WatchIngressWithoutClass:
		return true, nil
	}
	return ignored("no ingress class and --watch-ingress-without-class is off: ingress-nginx ignores the Ingress", "spec")
}
