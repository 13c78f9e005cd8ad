package annotations

import "github.com/ingress-parity/ingress-parity/model"

// Result is the policy of the locations of one Ingress.
type Result struct {
	// Policy has every identity-related annotation and ConfigMap default applied.
	Policy *model.Policy
	// Denied is set when a bad annotation denies every location of the Ingress (503); the
	// errors with Effect Denied say why.
	Denied bool
	// Rejected is set when a bad annotation makes the controller drop the whole Ingress:
	// none of its rules exist. It wins over Denied.
	Rejected bool
	// Errors are all bad values, ignored or denying.
	Errors []error
}

// Policy reads every identity-related annotation of one Ingress against the controller's
// Global settings. Client-certificate settings are per host in ingress-nginx (the server
// block); the caller decides which Ingress of a host they come from.
func (r Reader) Policy(g Global) Result {
	var res Result
	note := func(errs ...error) {
		for _, err := range errs {
			if err == nil {
				continue
			}
			res.Errors = append(res.Errors, err)
			if e, ok := err.(*Error); ok {
				res.Denied = res.Denied || e.Effect == Denied
				res.Rejected = res.Rejected || e.Effect == Rejected
			}
		}
	}
	p := &model.Policy{Satisfy: model.SatisfyAll, UpstreamHeaders: g.UpstreamHeaders(), HSTS: g.HSTSPolicy()}
	acc, err := r.IPAccess(g)
	note(err)
	p.IPAccess = acc
	auth := &model.Auth{}
	auth.Basic, err = r.BasicAuth(g)
	note(err)
	auth.External, err = r.ExternalAuth(g)
	note(err)
	var errs []error
	auth.ClientCert, errs = r.ClientCert(g)
	note(errs...)
	if auth.Basic != nil || auth.External != nil || auth.ClientCert != nil {
		p.Auth = auth
	}
	p.Satisfy, err = r.Satisfy()
	note(err)
	p.RateLimit, errs = r.RateLimit(g)
	note(errs...)
	p.BodyLimit, err = r.BodyLimit(g)
	note(err)
	p.CORS, errs = r.CORS()
	note(errs...)
	res.Policy = p
	return res
}
