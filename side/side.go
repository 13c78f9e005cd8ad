// Package side turns the inputs of one side of a migration (files, directories, stdin) into
// a model: it loads the objects, decides which frontend reads them, and builds the model.
package side

import (
	"errors"
	"fmt"
	"strings"

	"github.com/ingress-parity/ingress-parity/frontend/gatewayapi"
	"github.com/ingress-parity/ingress-parity/frontend/ingressnginx"
	"github.com/ingress-parity/ingress-parity/load"
	"github.com/ingress-parity/ingress-parity/model"
)

// Kind names a frontend.
type Kind string

const (
	// Auto detects the kind from the objects found.
	Auto         Kind = ""
	IngressNginx Kind = "ingress-nginx"
	GatewayAPI   Kind = "gateway-api"
)

// ErrAmbiguous is returned when the inputs hold both Ingresses and Gateway API routes and no
// kind was given.
var ErrAmbiguous = errors.New("the inputs hold both Ingress and Gateway API objects: say which side they are with --as ingress-nginx or --as gateway-api")

// ErrEmpty is returned when the inputs hold no object either frontend reads.
var ErrEmpty = errors.New("the inputs hold no Ingress, Gateway or HTTPRoute")

// Options says how to read one side.
type Options struct {
	// Paths are files, directories or "-" (stdin).
	Paths []string
	// ControllerConfig are files holding exactly one ConfigMap: the ingress-nginx controller
	// configuration, read with the side and chosen as IngressNginx.ConfigMap.
	ControllerConfig []string
	// Load carries the loader's options (stdin).
	Load load.Options
	// As forces a frontend; Auto detects it.
	As Kind
	// IngressNginx and GatewayAPI are passed to the frontend that reads the side.
	IngressNginx ingressnginx.Options
	GatewayAPI   gatewayapi.Options
}

// Side is one side of a migration, read and built.
type Side struct {
	Kind      Kind
	Resources *load.Resources
	Model     *model.Model
}

// Read loads opts.Paths (and opts.ControllerConfig) and builds the model with the frontend
// that fits.
func Read(opts Options) (*Side, error) {
	if len(opts.Paths) == 0 {
		return nil, errors.New("no input paths")
	}
	res, err := load.Load(opts.Paths, opts.Load)
	if err != nil {
		return nil, err
	}
	if len(opts.ControllerConfig) > 0 {
		cfg, err := load.Load(opts.ControllerConfig, opts.Load)
		if err != nil {
			return nil, err
		}
		if len(cfg.ConfigMaps) != 1 {
			return nil, fmt.Errorf("controller config %s: want exactly one ConfigMap, found %d", strings.Join(opts.ControllerConfig, ", "), len(cfg.ConfigMaps))
		}
		cm := cfg.ConfigMaps[0].Obj
		opts.IngressNginx.ConfigMap = cm.Namespace + "/" + cm.Name
		res.Merge(cfg)
	}
	return Build(res, opts)
}

// Build builds the model of already loaded resources.
func Build(res *load.Resources, opts Options) (*Side, error) {
	kind, err := Detect(res, opts.As)
	if err != nil {
		return nil, err
	}
	s := &Side{Kind: kind, Resources: res}
	switch kind {
	case IngressNginx:
		s.Model, err = ingressnginx.Build(res, opts.IngressNginx)
	case GatewayAPI:
		s.Model, err = gatewayapi.Build(res, opts.GatewayAPI)
	default:
		err = fmt.Errorf("unknown side kind %q (want ingress-nginx or gateway-api)", kind)
	}
	if err != nil {
		return nil, err
	}
	for _, d := range res.Invalid {
		s.Model.Notes = append(s.Model.Notes, model.Note{Level: model.NoteInvalid, Code: "api-server-refuses", Message: d.Message, Source: d.Source})
	}
	return s, nil
}

// Detect returns the kind of the resources, or as when it is given.
func Detect(res *load.Resources, as Kind) (Kind, error) {
	if as != Auto {
		return as, nil
	}
	ing := len(res.Ingresses) > 0
	gw := len(res.Gateways)+len(res.HTTPRoutes)+len(res.GRPCRoutes) > 0
	switch {
	case ing && gw:
		return Auto, ErrAmbiguous
	case ing:
		return IngressNginx, nil
	case gw:
		return GatewayAPI, nil
	}
	return Auto, ErrEmpty
}
