// Package ingressnginx builds the normalized edge model (model.Model) from the Ingress side
// of load.Resources with ingress-nginx's routing semantics (ingress-nginx v1.15, the last
// release line).
//
// The builder follows the controller's own steps and cites them where a rule is subtle:
// class selection (store.go GetIngressClass), Ingress order (store.go sortIngressSlice),
// servers and their root location (controller.go createServers), locations and conflicts
// (controller.go getBackendServers), canaries (controller.go mergeAlternativeBackends and
// lua/balancer.lua), the extra exact location of Prefix paths (location.go
// updateServerLocations), the regex modifier (template.go enforceRegexModifier,
// buildLocation) and the rewrite, redirect and ssl-redirect directives (nginx.tmpl,
// template.go buildProxyPass, lua/lua_ingress.lua). nginx's own location selection
// (exact, longest prefix, first regex, auto redirect of a slashed location) becomes the
// ORDER of the model's routes, so that the first route that matches wins.
//
// Two facts differ from common belief and are modelled as the source has them: pathType
// ImplementationSpecific is Prefix in ingress-nginx (internal/k8s/main.go
// SetDefaultNGINXPathType), so without regex it is element-wise, not a string prefix; and
// with the default annotations-risk-level (High) an Ingress carrying a snippet annotation
// is refused as a whole (Note "ingress-refused"), while an accepted snippet (risk level
// Critical and allow-snippet-annotations) makes its routes opaque.
//
// Identity features (allow/deny lists, basic, external and client-certificate auth,
// limits, CORS, HSTS, upstream identity headers) are read by the annotations package from
// each Ingress and the controller ConfigMap and become model.Route.Policy and
// model.Listener.ClientIP (policy.go). Snippets the controller accepts and unknown
// nginx.ingress.kubernetes.io annotations make the routes they touch opaque.
package ingressnginx

import (
	"errors"

	"github.com/ingress-parity/ingress-parity/load"
	"github.com/ingress-parity/ingress-parity/model"
)

// Side and profile name of models built here.
const Side = "ingress-nginx"

// EntryPointName is the single entry point of an ingress-nginx model.
const EntryPointName = "ingress-nginx"

// Options select what the controller watches and which ConfigMap configures it.
type Options struct {
	// IngressClass is the controller's --ingress-class (the legacy annotation value it
	// accepts); default "nginx".
	IngressClass string
	// ConfigMap is "namespace/name" of the controller ConfigMap among res.ConfigMaps. Empty:
	// the only ConfigMap named ingress-nginx-controller or nginx-configuration, else defaults.
	ConfigMap string
	// WatchIngressWithoutClass is --watch-ingress-without-class.
	WatchIngressWithoutClass bool
}

// withDefaults fills in the documented defaults.
func (o Options) withDefaults() Options {
	if o.IngressClass == "" {
		o.IngressClass = "nginx"
	}
	return o
}

// Profile is how ingress-nginx interprets a model at request time: server_name wildcards
// match one label (template.go buildServerName renders `*.foo.com` as
// `~^(?<subdomain>[\w-]+)\.foo\.com$`), and nginx matches locations against the
// normalized URI (%XX decoded, merged slashes, resolved dot segments).
func Profile() model.Profile {
	return model.Profile{
		Name:     Side,
		Wildcard: model.WildcardOneLabel,
		Normalization: model.Normalization{
			DecodePercent:      true,
			MergeSlashes:       true,
			ResolveDotSegments: true,
		},
	}
}

// ErrNilResources is returned by Build when res is nil.
var ErrNilResources = errors.New("ingressnginx: nil resources")

// Build builds the ingress-nginx model of res. Problems with single objects become
// model Notes; an error is returned only for unusable input (nil resources, a named
// ConfigMap that is missing or malformed).
func Build(res *load.Resources, opts Options) (*model.Model, error) {
	if res == nil {
		return nil, ErrNilResources
	}
	b, err := prepare(res, opts)
	if err != nil {
		return nil, err
	}
	return b.model(), nil
}

// prepare runs the controller's steps up to the finished servers.
func prepare(res *load.Resources, opts Options) (*builder, error) {
	opts = opts.withDefaults()
	cm, err := findConfigMap(res, opts.ConfigMap)
	if err != nil {
		return nil, err
	}
	ident, notes := newIdentity(cm)
	b := newBuilder(res, opts, readConfig(cm), ident)
	b.notes = append(b.notes, notes...)
	b.selectIngresses()
	b.createUpstreams()
	b.createServers()
	b.assignClientCerts()
	b.addLocations()
	b.mergeCanaries()
	b.finishServers()
	return b, nil
}
