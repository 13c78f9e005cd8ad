package gatewayapi

import (
	"strconv"

	gatewayv1 "sigs.k8s.io/gateway-api/apis/v1"

	"github.com/ingress-parity/ingress-parity/model"
)

// frontendValidation is the client-certificate validation the Gateway's spec.tls.frontend
// asks of HTTPS listener l (nil: none). A perPort entry for the listener's port replaces the
// default, and one without validation switches it off on that port; HTTP, TLS, TCP and UDP
// listeners never validate (gateway-api apis/v1/gateway_types.go FrontendTLSConfig; Envoy
// Gateway internal/gatewayapi/listener.go ProcessGatewayTLS). AllowValidOnly (the default)
// is Envoy's RequireAndVerify; AllowInsecureFallback is Request: any certificate or none
// (internal/gatewayapi/helpers.go frontendValidationMode). Whether the CA references resolve
// is not checked.
func frontendValidation(l *listenerState) *model.ClientCertAuth {
	gw := l.gateway.Obj
	if l.spec.Protocol != gatewayv1.HTTPSProtocolType || gw.Spec.TLS == nil || gw.Spec.TLS.Frontend == nil {
		return nil
	}
	fe := gw.Spec.TLS.Frontend
	v, field := fe.Default.Validation, "spec.tls.frontend.default.validation"
	for i, pp := range fe.PerPort {
		if pp.Port == l.spec.Port {
			v, field = pp.TLS.Validation, "spec.tls.frontend.perPort["+strconv.Itoa(i)+"].tls.validation"
			break
		}
	}
	if v == nil {
		return nil
	}
	c := &model.ClientCertAuth{
		Mode:   model.CertRequired,
		Source: l.gateway.Origin.Source("Gateway", gw.Namespace, gw.Name, field),
	}
	if v.Mode == gatewayv1.AllowInsecureFallback {
		c.Mode = model.CertOptionalNoCA
	}
	for _, r := range v.CACertificateRefs {
		ns := gw.Namespace
		if r.Namespace != nil && *r.Namespace != "" {
			ns = string(*r.Namespace)
		}
		ref := ns + "/" + string(r.Name)
		if r.Kind != "" && r.Kind != "Secret" {
			ref = string(r.Kind) + " " + ref
		}
		c.CASecrets = append(c.CASecrets, ref)
	}
	return c
}
