package gatewayapi

import (
	"errors"
	"fmt"
	"strings"

	"github.com/ingress-parity/ingress-parity/model"
)

// Implementation names accepted in Options.Implementation.
const (
	EnvoyGateway = "envoy-gateway"
	Istio        = "istio"
	Generic      = "generic"
)

// ErrUnknownImplementation is returned for an Options.Implementation that has no profile.
var ErrUnknownImplementation = errors.New("unknown Gateway API implementation")

// ErrBadGatewayName is returned for an Options.Gateways entry that is not "namespace/name".
var ErrBadGatewayName = errors.New(`gateway must be given as "namespace/name"`)

// Options select the implementation profile and the Gateways to build.
type Options struct {
	// Implementation is "envoy-gateway" (default), "istio" or "generic".
	Implementation string
	// Gateways restricts the build to these Gateways ("namespace/name"); empty means all.
	Gateways []string
	// GatewayClass, when set, keeps only the Gateways of this class.
	GatewayClass string
}

// Validate reports an unknown implementation or a malformed Gateway name.
func (o Options) Validate() error {
	switch o.Implementation {
	case "", EnvoyGateway, Istio, Generic:
	default:
		return fmt.Errorf("%w %q (want %s, %s or %s)", ErrUnknownImplementation, o.Implementation, EnvoyGateway, Istio, Generic)
	}
	for _, g := range o.Gateways {
		ns, name, ok := strings.Cut(g, "/")
		if !ok || ns == "" || name == "" || strings.Contains(name, "/") {
			return fmt.Errorf("%w: %q", ErrBadGatewayName, g)
		}
	}
	return nil
}

// implementation returns the implementation name with the default applied.
func (o Options) implementation() string {
	if o.Implementation == "" {
		return EnvoyGateway
	}
	return o.Implementation
}

// profile is what differs between implementations at build and match time.
type profile struct {
	name string
	// normalization is applied to request paths before matching.
	normalization model.Normalization
	// compare orders two candidate routes of one virtual host (negative: a first).
	compare func(a, b *candidate) int
	// regexOpaque marks every regex path route opaque: its precedence is unknown.
	regexOpaque bool
}

// profileFor returns the profile of an implementation name (already validated).
func profileFor(impl string) profile {
	switch impl {
	case Istio:
		// Istio's default mesh pathNormalization is BASE: RFC 3986 normalization without
		// slash merging and without decoding %2F (MeshConfig ProxyPathNormalization; not
		// mirrored here: recorded from the Istio and OpenShift Service Mesh documentation,
		// "Path normalization configuration examples"). Decoding of percent-encoded
		// unreserved characters is not representable in model.Normalization and is left out.
		return profile{
			name:          Istio,
			normalization: model.Normalization{ResolveDotSegments: true},
			compare:       compareIstio,
		}
	case Generic:
		return profile{
			name:          Generic,
			normalization: model.Normalization{ResolveDotSegments: true},
			compare:       compareSpec,
			regexOpaque:   true,
		}
	default:
		// Envoy Gateway: normalize_path true and merge_slashes true by default
		// (internal/xds/translator/listener.go buildXdsHTTPConnectionManager NormalizePath,
		// internal/gatewayapi/listener.go MergeSlashes: true unless ClientTrafficPolicy
		// path.disableMergeSlashes). Envoy's normalize_path does not decode %XX in general
		// (only, per RFC 3986, unreserved characters, which model.Normalization cannot express).
		return profile{
			name:          EnvoyGateway,
			normalization: model.Normalization{MergeSlashes: true, ResolveDotSegments: true},
			compare:       compareEnvoyGateway,
		}
	}
}
