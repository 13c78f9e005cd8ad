package gatewayapi

import (
	"fmt"

	"github.com/ingress-parity/ingress-parity/model"
)

// policyKinds are Envoy Gateway policy kinds that change behaviour on the routes they target.
// Identity (SecurityPolicy: authentication, authorization, CORS; ClientTrafficPolicy: client
// IP detection, path settings, TLS) will be modelled here; until then each present policy
// is reported so that no verdict silently ignores it.
var policyKinds = map[string]string{
	"SecurityPolicy":       "authentication and authorization",
	"ClientTrafficPolicy":  "client IP detection, path normalization and TLS settings",
	"BackendTrafficPolicy": "rate limits, retries, timeouts and fault injection",
	"EnvoyExtensionPolicy": "extensions (Wasm, external processing)",
	"EnvoyPatchPolicy":     "raw xDS patches",
}

// applyPolicies is where policies attached to Gateways and routes change the model. It
// currently adds a Note for each policy object it does not model yet.
func (b *builder) applyPolicies() {
	for _, o := range b.res.Other {
		u := o.Obj
		what, ok := policyKinds[u.GetKind()]
		if !ok || u.GroupVersionKind().Group != envoyGatewayGroup {
			continue
		}
		b.note(model.NoteWarning, "policy-not-modelled",
			fmt.Sprintf("%s %s/%s (%s) is not modelled yet: its effect is not in this model", u.GetKind(), u.GetNamespace(), u.GetName(), what),
			o.Origin.Source(u.GetKind(), u.GetNamespace(), u.GetName(), ""))
	}
}
