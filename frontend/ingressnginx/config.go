package ingressnginx

import (
	"fmt"
	"strconv"
	"strings"

	corev1 "k8s.io/api/core/v1"

	"github.com/ingress-parity/ingress-parity/load"
	"github.com/ingress-parity/ingress-parity/model"
)

// controllerConfig holds the controller ConfigMap keys that bear on routing, with
// ingress-nginx's documented defaults (internal/ingress/controller/config/config.go
// NewDefault; docs/user-guide/nginx-configuration/configmap.md).
type controllerConfig struct {
	SSLRedirect           bool
	ForceSSLRedirect      bool
	PreserveTrailingSlash bool
	// HTTPRedirectCode is used by ssl-redirect and from-to-www-redirect; only 301, 302,
	// 307 and 308 are accepted (template/configmap.go validRedirectCodes).
	HTTPRedirectCode int
	// AllowSnippetAnnotations: when false the controller drops snippet annotations.
	AllowSnippetAnnotations bool
	// RiskLevel is annotations-risk-level: an Ingress with a riskier annotation is refused.
	RiskLevel risk
	// NoTLSRedirectLocations are location path prefixes exempt from ssl-redirect.
	NoTLSRedirectLocations []string
	UseForwardedHeaders    bool
	// StrictValidatePathType: the admission webhook rejects Exact and Prefix paths with
	// characters outside [A-Za-z0-9._-/] (inspector.ValidatePathType); default true.
	StrictValidatePathType bool

	// sources remembers where each key was set (absent: built-in default).
	sources map[string]model.Source
	notes   []model.Note
}

// defaultConfig is ingress-nginx's configuration without a ConfigMap.
func defaultConfig() *controllerConfig {
	return &controllerConfig{
		SSLRedirect:            true,
		StrictValidatePathType: true,
		HTTPRedirectCode:       308,
		RiskLevel:              riskHigh,
		NoTLSRedirectLocations: []string{"/.well-known/acme-challenge"},
		sources:                map[string]model.Source{},
	}
}

// source is where key was set, or the zero Source (built-in default).
func (c *controllerConfig) source(key string) model.Source {
	return c.sources[key]
}

// findConfigMap picks the controller ConfigMap: Options.ConfigMap ("ns/name"), else the
// only ConfigMap named ingress-nginx-controller or nginx-configuration, else none.
func findConfigMap(res *load.Resources, want string) (*load.Object[*corev1.ConfigMap], error) {
	if want != "" {
		ns, name, ok := strings.Cut(want, "/")
		if !ok || ns == "" || name == "" {
			return nil, fmt.Errorf("ingress-nginx ConfigMap %q: want namespace/name", want)
		}
		for i := range res.ConfigMaps {
			cm := &res.ConfigMaps[i]
			if cm.Obj.Namespace == ns && cm.Obj.Name == name {
				return cm, nil
			}
		}
		return nil, fmt.Errorf("ingress-nginx ConfigMap %q not found among the %d ConfigMaps read", want, len(res.ConfigMaps))
	}
	var found []*load.Object[*corev1.ConfigMap]
	for i := range res.ConfigMaps {
		switch res.ConfigMaps[i].Obj.Name {
		case "ingress-nginx-controller", "nginx-configuration":
			found = append(found, &res.ConfigMaps[i])
		}
	}
	if len(found) == 1 {
		return found[0], nil
	}
	return nil, nil
}

// readConfig applies the ConfigMap (nil: defaults) over ingress-nginx's defaults. Values
// the controller would reject keep the default and add a Note, as ingress-nginx logs a
// warning and keeps the default.
func readConfig(cm *load.Object[*corev1.ConfigMap]) *controllerConfig {
	c := defaultConfig()
	if cm == nil {
		return c
	}
	data := cm.Obj.Data
	src := func(key string) model.Source {
		return cm.Origin.Source("ConfigMap", cm.Obj.Namespace, cm.Obj.Name, "data."+key)
	}
	boolKey := func(key string, dst *bool) {
		v, ok := data[key]
		if !ok {
			return
		}
		// ingress-nginx decodes the ConfigMap with mapstructure WeaklyTypedInput: strconv.ParseBool,
		// and "" is false.
		if v == "" {
			*dst = false
			c.sources[key] = src(key)
			return
		}
		b, err := strconv.ParseBool(v)
		if err != nil {
			c.notes = append(c.notes, model.Note{Level: model.NoteWarning, Code: "configmap-invalid-value",
				Message: fmt.Sprintf("%s: %q is not a boolean (ingress-nginx fails to decode it); assuming the default", key, v), Source: src(key)})
			return
		}
		*dst = b
		c.sources[key] = src(key)
	}
	boolKey("ssl-redirect", &c.SSLRedirect)
	boolKey("force-ssl-redirect", &c.ForceSSLRedirect)
	boolKey("preserve-trailing-slash", &c.PreserveTrailingSlash)
	boolKey("allow-snippet-annotations", &c.AllowSnippetAnnotations)
	boolKey("use-forwarded-headers", &c.UseForwardedHeaders)
	boolKey("strict-validate-path-type", &c.StrictValidatePathType)
	if v, ok := data["http-redirect-code"]; ok {
		code, err := strconv.Atoi(v)
		switch {
		case err == nil && (code == 301 || code == 302 || code == 307 || code == 308):
			c.HTTPRedirectCode = code
			c.sources["http-redirect-code"] = src("http-redirect-code")
		default:
			c.notes = append(c.notes, model.Note{Level: model.NoteWarning, Code: "configmap-invalid-value",
				Message: fmt.Sprintf("http-redirect-code %q is not one of 301, 302, 307, 308; ingress-nginx uses the default 308", v), Source: src("http-redirect-code")})
		}
	}
	if v, ok := data["annotations-risk-level"]; ok {
		c.RiskLevel = parseRisk(v)
		c.sources["annotations-risk-level"] = src("annotations-risk-level")
	}
	if v, ok := data["no-tls-redirect-locations"]; ok {
		c.NoTLSRedirectLocations = nil
		for _, item := range strings.Split(v, ",") {
			if item = strings.TrimSpace(item); item != "" {
				c.NoTLSRedirectLocations = append(c.NoTLSRedirectLocations, item)
			}
		}
		c.sources["no-tls-redirect-locations"] = src("no-tls-redirect-locations")
	}
	if c.UseForwardedHeaders {
		c.notes = append(c.notes, model.Note{Level: model.NoteInfo, Code: "forwarded-headers",
			Message: "use-forwarded-headers: ssl-redirect follows the client-supplied X-Forwarded-Proto and X-Forwarded-Host headers",
			Source:  src("use-forwarded-headers")})
	}
	return c
}

// noTLSRedirect reports whether a location path is exempt from ssl-redirect
// (template.go isLocationInLocationList: a plain string prefix test on the location path).
func (c *controllerConfig) noTLSRedirect(path string) bool {
	for _, p := range c.NoTLSRedirectLocations {
		if strings.HasPrefix(path, p) {
			return true
		}
	}
	return false
}
