package equiv

import (
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"

	"github.com/ingress-parity/ingress-parity/finding"
	"github.com/ingress-parity/ingress-parity/model"
)

// Identity continuity (docs/identity.md): for every pair of winning routes that both
// forward, the callers each side admits are compared class by class (exposure, breakage),
// then what the upstream learns about the caller (identity): which client-supplied identity
// headers reach it, whether client-certificate facts still do, and whether the client
// address can now be chosen by the client.

// accessKey identifies an access evaluation: policies and derivations by identity (routes
// built from one Ingress or one rule share them), and the scheme.
type accessKey struct {
	OldD, NewD *model.ClientIPDerivation
	OldP, NewP *model.Policy
	HTTPS      bool
}

// accessResult is the outcome of comparing two policies over every caller class.
type accessResult struct {
	// Causes are the differing caller classes grouped by the rules that decide on each side.
	Causes []accessCause
	// Both is the simplest caller both sides admit (nil: none), the sender of forged headers;
	// BothCert the simplest with a valid client certificate (nil: none).
	Both, BothCert *caller
	// Capped: not every caller class was tried (maxCallers).
	Capped bool
}

// accessCause is the differing caller classes of one cause: the simplest one and how many.
type accessCause struct {
	First   accessDiff
	Callers int
}

// accessDiff is one caller class the sides treat differently.
type accessDiff struct {
	Caller   caller
	Old, New verdict
}

// idFinding is an identity finding being collected: the finding of its best witness and
// the members (caller classes or route pairs) it stands for.
type idFinding struct {
	F finding.Finding
	// Req and Key are the routing part of the witness request and its requestKey.
	Req     model.Request
	Key     string
	Members map[string]bool
}

// policyOf is the policy of a decided route (nil for a fallback or no route).
func policyOf(d decided) *model.Policy {
	if d.Route == nil {
		return nil
	}
	return d.Route.Policy
}

// derivationOf is the client-IP derivation of a side's listener.
func derivationOf(s side) *model.ClientIPDerivation {
	if s.Listener == nil {
		return nil
	}
	return s.Listener.ClientIP
}

// outcomeKey identifies the identity outcome of a route pair: its access key and both
// decisions (their request-header edits change header fates).
type outcomeKey struct {
	accessKey
	OldDec, NewDec *model.Decision
}

// identityOutcome is everything that differs in identity for one route pair, before it is
// shown on a request.
type identityOutcome struct {
	Access  *accessResult
	Headers []headerDiff
	// CertLost: the old side tells the upstream about client certificates, the new does not.
	CertLost bool
	// ClientIP: the new side's client address can be chosen by the client, the old one's not.
	ClientIP bool
	// Limits are differences in body size, rate limit, CORS and HSTS.
	Limits []limitDiff
}

// headerDiff is an identity header whose client-supplied value reaches the upstream more on
// the new side.
type headerDiff struct {
	// Names are the headers with these same fates and sources (the ssl-client-* family
	// of one certificate setting is one finding).
	Names      []string
	Old, New   model.Fate
	OldS, NewS model.Source
}

// empty reports whether nothing differs.
func (o *identityOutcome) empty() bool {
	return len(o.Access.Causes) == 0 && len(o.Headers) == 0 && !o.CertLost && !o.ClientIP && len(o.Limits) == 0
}

// compareIdentity compares what both sides do for the callers of a request both forward.
func (c *checker) compareIdentity(p pair, req model.Request, od, nd decided) {
	oldD, newD := derivationOf(p.Old), derivationOf(p.New)
	k := outcomeKey{accessKey{oldD, newD, policyOf(od), policyOf(nd), p.Old.Scheme == model.HTTPS}, od.Decision, nd.Decision}
	c.mu.Lock()
	o, ok := c.outcomes[k]
	c.mu.Unlock()
	if !ok {
		o = c.identityOutcome(k)
		c.mu.Lock()
		c.outcomes[k] = o
		c.mu.Unlock()
	}
	if o.empty() {
		return
	}
	for _, cause := range o.Access.Causes {
		c.recordAccess(req, od, nd, cause, o.Access.Capped, oldD, newD)
	}
	for _, l := range o.Limits {
		w := req // no caller both sides admit: the request alone
		if o.Access.Both != nil {
			w = witnessOf(req, *o.Access.Both, oldD, newD)
		}
		c.recordLimit(req, w, od, nd, l)
	}
	if o.Access.Both == nil {
		return
	}
	for _, h := range o.Headers {
		c.recordHeader(req, od, nd, h, *o.Access.Both, oldD, newD)
	}
	if o.CertLost && p.Old.Scheme == model.HTTPS && o.Access.BothCert != nil {
		// Only a caller with a valid certificate that both sides admit shows the facts lost.
		c.recordCertFacts(req, od, nd, *o.Access.BothCert, oldD, newD)
	}
	if o.ClientIP {
		c.recordClientIP(req, od, nd, oldD, newD)
	}
}

// identityOutcome computes the outcome of k.
func (c *checker) identityOutcome(k outcomeKey) *identityOutcome {
	o := &identityOutcome{Access: c.accessCompare(k.accessKey)}
	if _, _, spoofable := k.NewD.ClientChosen(forgedAddr); spoofable && o.Access.Both != nil {
		_, _, before := k.OldD.ClientChosen(forgedAddr)
		o.ClientIP = !before
	}
	pk := policyKey{k.OldP, k.NewP, k.HTTPS}
	if k.OldDec != nil && !emptyChanges(k.OldDec.RequestHeaders) || k.NewDec != nil && !emptyChanges(k.NewDec.RequestHeaders) {
		// The routes' own header edits change header fates: not shared with other routes.
		po := c.policyOutcome(pk, k.OldDec, k.NewDec)
		o.Limits, o.Headers, o.CertLost = po.Limits, po.Headers, po.CertLost
	} else {
		c.mu.Lock()
		po, ok := c.policies[pk]
		c.mu.Unlock()
		if !ok {
			po = c.policyOutcome(pk, nil, nil)
			c.mu.Lock()
			c.policies[pk] = po
			c.mu.Unlock()
		}
		o.Limits, o.Headers, o.CertLost = po.Limits, po.Headers, po.CertLost
	}
	if o.Access.Both == nil {
		o.Headers, o.CertLost = nil, false // no caller reaches the upstream on both sides
	}
	return o
}

// policyKey identifies the policy part of an identity outcome: both policies and the scheme.
type policyKey struct {
	OldP, NewP *model.Policy
	HTTPS      bool
}

// policyOutcome computes what depends on the policies (and the routes' header edits, when
// given): limits, identity headers and certificate facts.
func (c *checker) policyOutcome(k policyKey, oldDec, newDec *model.Decision) *identityOutcome {
	o := &identityOutcome{Limits: limitDiffs(k.OldP, k.NewP, k.HTTPS)}
	if c.headersUnmodelled() {
		return o
	}
	for _, name := range spoofNames(k.OldP, k.NewP, c.opts.IdentityHeaders) {
		fo, fn := headerFate(k.OldP, oldDec, name), headerFate(k.NewP, newDec, name)
		if fateRank(fn) > fateRank(fo) {
			h := headerDiff{Names: []string{name}, Old: fo, New: fn, OldS: fateSource(k.OldP, name), NewS: fateSource(k.NewP, name)}
			if i := slices.IndexFunc(o.Headers, h.sameCause); i >= 0 {
				o.Headers[i].Names = append(o.Headers[i].Names, name)
			} else {
				o.Headers = append(o.Headers, h)
			}
		}
	}
	o.CertLost = certFacts(k.OldP) && !certFacts(k.NewP)
	return o
}

// unmodelledHeaders is the note code of a model whose frontend does not model the
// implementation's identity headers (frontend/gatewayapi under istio and generic).
const unmodelledHeaders = "identity-headers-not-modelled"

// headersUnmodelled reports whether a side does not model its identity headers; then which
// client-supplied headers reach the upstream is not compared, and a gap says so (its
// frontend's note is reported too). The models' notes are read once.
func (c *checker) headersUnmodelled() bool {
	c.unmodelledOnce.Do(func() {
		for _, m := range []*model.Model{c.old, c.new} {
			for _, n := range m.Notes {
				if n.Code == unmodelledHeaders {
					c.unmodelled = fmt.Sprintf("the %s side does not model its implementation's identity headers: whether client-supplied X-Forwarded-For, X-Real-IP and auth headers reach the upstream was not compared", m.Side)
					return
				}
			}
		}
	})
	if c.unmodelled != "" {
		c.gap(finding.Gap{Reason: c.unmodelled})
	}
	return c.unmodelled != ""
}

// accessCompare evaluates every caller class on both sides, once per accessKey.
func (c *checker) accessCompare(k accessKey) *accessResult {
	c.mu.Lock()
	r, ok := c.access[k]
	c.mu.Unlock()
	if ok {
		return r
	}
	r = &accessResult{}
	c.sameAuthService(k)
	if !guarded(k.OldD, k.OldP) && !guarded(k.NewD, k.NewP) {
		r.Both = &caller{Addr: docAddrs[0]}
	} else {
		c.compareCallers(k, r)
	}
	c.mu.Lock()
	c.access[k] = r
	c.mu.Unlock()
	return r
}

// sameAuthService records a gap when both sides ask an external auth service and the
// services differ: the caller classes assume one service answers both.
func (c *checker) sameAuthService(k accessKey) {
	oe, ne := externalAuth(k.OldP), externalAuth(k.NewP)
	if oe == nil || ne == nil || authServiceKey(oe.URL) == authServiceKey(ne.URL) {
		return
	}
	c.gap(finding.Gap{Reason: fmt.Sprintf("the sides ask different external auth services (%s, %s): the check assumes they answer every caller alike", authServiceKey(oe.URL), authServiceKey(ne.URL)), Source: ne.Source})
}

// externalAuth is the external auth step of p (nil: none).
func externalAuth(p *model.Policy) *model.ExternalAuth {
	if p == nil || p.Auth == nil {
		return nil
	}
	return p.Auth.External
}

// authServiceKey names the service an auth URL reaches: scheme, host without the cluster
// DNS suffix (name.namespace.svc.cluster.local is name.namespace), port (the scheme's default
// when absent) and path. URL credentials are dropped.
func authServiceKey(raw string) string {
	u, err := url.Parse(raw)
	if err != nil || u.Host == "" {
		return raw
	}
	host := strings.TrimSuffix(strings.TrimSuffix(u.Hostname(), ".cluster.local"), ".svc")
	port := u.Port()
	if port == "" {
		port = map[string]string{"https": "443", "grpc": "443"}[u.Scheme]
		if port == "" {
			port = "80"
		}
	}
	path := u.Path
	if path == "" {
		path = "/"
	}
	return u.Scheme + "://" + host + ":" + port + path
}

// maxCallers caps the caller classes of one route pair; past it the address and
// forwarded-chain combinations are cut to the first ones (preferred addresses first), and a
// gap says so.
const maxCallers = 100000

// compareCallers evaluates every caller class of k on both sides, each dimension once per
// side, and fills r with the classes they treat differently and the simplest one both admit.
func (c *checker) compareCallers(k accessKey, r *accessResult) {
	sp := space(k.OldD, k.NewD, k.OldP, k.NewP, k.HTTPS, c.opts.AuthAnswers)
	keep := max(maxCallers/(len(sp.Certs)*len(sp.Creds)), 1)
	if n := sp.originCount(); n > keep {
		c.gap(finding.Gap{Reason: fmt.Sprintf("a route pair has %d caller classes (%d address classes); only the first %d of %d address and forwarded-chain combinations were tried (cap %d caller classes)",
			n*len(sp.Certs)*len(sp.Creds), len(sp.Addrs), keep, n, maxCallers)})
	}
	origins := sp.origins(keep)
	r.Capped = len(origins) < sp.originCount()
	type sideParts struct {
		e       evaluator
		origins []originVerdict
		certs   []*verdict
		auths   [][]verdict
	}
	parts := func(d *model.ClientIPDerivation, p *model.Policy) sideParts {
		s := sideParts{e: newEvaluator(d, p, k.HTTPS)}
		for _, o := range origins {
			s.origins = append(s.origins, s.e.origin(o))
		}
		for _, cert := range sp.Certs {
			s.certs = append(s.certs, s.e.cert(cert))
		}
		for _, cr := range sp.Creds {
			s.auths = append(s.auths, s.e.auth(cr))
		}
		return s
	}
	o, n := parts(k.OldD, k.OldP), parts(k.NewD, k.NewP)
	byCause := map[[2]model.Source]int{}
	for ki, cert := range sp.Certs {
		for ci, cred := range sp.Creds {
			for oi, origin := range origins {
				ov := o.e.verdict(o.origins[oi], o.certs[ki], o.auths[ci])
				nv := n.e.verdict(n.origins[oi], n.certs[ki], n.auths[ci])
				if ov.Allowed == nv.Allowed && (!ov.Allowed || r.BothCert != nil || r.Both != nil && cert.Kind != "valid") {
					continue
				}
				cl := origin
				cl.Cred, cl.Cert = cred, cert
				switch {
				case ov.Allowed != nv.Allowed:
					// Exposure and breakage of the same rules are different causes.
					key := [2]model.Source{ov.Source, nv.Source}
					if ov.Allowed {
						key[0].Field += "\x00admitted"
					}
					if i, ok := byCause[key]; ok {
						r.Causes[i].Callers++
					} else {
						byCause[key] = len(r.Causes)
						r.Causes = append(r.Causes, accessCause{First: accessDiff{Caller: cl, Old: ov, New: nv}, Callers: 1})
					}
				case r.Both == nil:
					r.Both = &cl
					if cert.Kind == "valid" {
						r.BothCert = &cl
					}
				case cert.Kind == "valid" && r.BothCert == nil:
					r.BothCert = &cl
				}
			}
		}
	}
}

// guarded reports whether a side can refuse any caller: an access list, authentication,
// or a client address that must come from a header.
func guarded(d *model.ClientIPDerivation, p *model.Policy) bool {
	return d != nil && (d.FailClosed || d.ProxyProtocol) || p != nil && (p.IPAccess != nil || p.Auth != nil)
}

// witnessOf turns a caller into a witness request based on req.
func witnessOf(req model.Request, cl caller, oldD, newD *model.ClientIPDerivation) model.Request {
	w := cloneRequest(req)
	w.ClientIP = cl.Addr.String()
	if oldD != nil && oldD.ProxyProtocol || newD != nil && newD.ProxyProtocol {
		w.ProxyAddr = cl.Addr.String()
	}
	if cl.Forwarded != nil {
		if w.Headers == nil {
			w.Headers = http.Header{}
		}
		w.Headers.Set(cl.ForwardedHeader, strings.Join(cl.Forwarded, ", "))
	}
	w.Credentials = cl.Cred.describe()
	if cl.Cred.Invalid {
		if w.Headers == nil {
			w.Headers = http.Header{}
		}
		// "ingress-parity:witness": a synthetic credential no secret holds.
		w.Headers.Set("Authorization", "Basic aW5ncmVzcy1wYXJpdHk6d2l0bmVzcw==")
	}
	w.ClientCert = cl.Cert.describe()
	return w
}

// describe names a credential class ("" for none).
func (cr credentials) describe() string {
	parts := []string{cr.held(), cr.answer()}
	return strings.Trim(strings.Join(parts, "; "), "; ")
}

// held names the credentials the caller sends ("" for none).
func (cr credentials) held() string {
	switch {
	case cr.Invalid:
		return "invalid credentials"
	case len(cr.Valid) > 0:
		return "valid credentials for " + strings.Join(cr.Valid, " and ")
	}
	return ""
}

// answer names the external auth service's answer ("" when none is involved).
func (cr credentials) answer() string {
	switch {
	case cr.Answer == -1:
		return "the external auth service is unreachable"
	case cr.Answer != 0:
		return fmt.Sprintf("the external auth service answers %d", cr.Answer)
	}
	return ""
}

// describe names a client-certificate class ("" for none).
func (cc certClass) describe() string {
	switch cc.Kind {
	case "untrusted":
		return "untrusted (self-signed)"
	case "valid":
		return "valid for CA " + cc.CA
	case "cn-mismatch":
		return "valid for CA " + cc.CA + ", subject CN not matching"
	}
	return ""
}

// words describes a caller class in a sentence.
func (cl caller) words() string {
	s := "a caller from " + cl.Addr.String()
	if cl.Forwarded != nil {
		s += " sending " + cl.ForwardedHeader + ": " + strings.Join(cl.Forwarded, ", ")
	}
	if d := cl.Cred.held(); d != "" {
		s += " with " + d
	} else {
		s += " without credentials"
	}
	if a := cl.Cred.answer(); a != "" {
		s += " while " + a
	}
	if d := cl.Cert.describe(); d != "" {
		s += ", client certificate " + d
	}
	return s
}

// addIdentity adds one member to the identity finding under key, keeping the finding whose
// routing request base is shortest; among equal bases the first recorded (the simplest
// caller class: callers come in that order) stays. w is base with the caller's identity.
// build makes the finding (without its witness) only when it is kept.
func (c *checker) addIdentity(key, member string, base, w model.Request, build func() finding.Finding) {
	wk := requestKey(base)
	c.mu.Lock()
	defer c.mu.Unlock()
	g := c.identity[key]
	if g == nil {
		g = &idFinding{Members: map[string]bool{}}
		c.identity[key] = g
	}
	g.Members[member] = true
	if g.Key == "" || shorter(base, wk, g.Req, g.Key) {
		f := build()
		f.Witness = finding.WitnessOf(w)
		f.Curl = curlIdentity(w, c.opts.CurlAddress)
		g.F, g.Key, g.Req = f, wk, cloneRequest(base)
	}
}

// curlIdentity is curlCommand plus the PROXY protocol source and a client certificate
// placeholder; valid credentials cannot be minted and are named in the witness instead.
func curlIdentity(w model.Request, addr string) string {
	cmd := curlCommand(w, addr)
	if w.ProxyAddr != "" {
		cmd += " --haproxy-protocol --haproxy-clientip " + w.ProxyAddr
	}
	if w.ClientCert != "" {
		cmd += " --cert client.pem --key client-key.pem"
	}
	if strings.HasPrefix(w.Credentials, "valid credentials for basic-auth") {
		cmd += " -u USER:PASSWORD"
	}
	return cmd
}

// sideDecision is a side's decision for an identity finding: the route's forward, or the
// refusal of verdict v.
func sideDecision(d decided, v verdict) *finding.Decision {
	fd := d.Finding()
	if v.Allowed {
		return fd
	}
	fd.Decision, fd.Status, fd.Backends, fd.UpstreamPath, fd.UpstreamHost = "reject", v.Status, nil, "", ""
	fd.Reason = v.Why + v.Source.Suffix()
	if v.Status == 0 {
		fd.Decision = "refused"
	}
	return fd
}

// recordAccess records the caller classes of one cause that one side admits and the other
// refuses, on one route pair; the finding counts route pairs.
func (c *checker) recordAccess(req model.Request, od, nd decided, cause accessCause, capped bool, oldD, newD *model.ClientIPDerivation) {
	d := cause.First
	cat, sev := finding.Exposure, finding.Critical
	if d.Old.Allowed {
		cat, sev = finding.Breakage, finding.High
	}
	// One finding per cause: the rules that decide on each side (a dropped allow list
	// shows on every route of its Ingress).
	id := stableID(string(cat), "access", d.Old.Source.String(), d.New.Source.String(), causeRoute(d, od, nd))
	c.addIdentity(id, od.ID()+"\x00"+nd.ID(), req, witnessOf(req, d.Caller, oldD, newD), func() finding.Finding {
		verb := "reaches"
		if d.Old.Allowed {
			verb = "is refused at"
		}
		tried := "Every caller class of both sides' address lists, credential sources and client-certificate authorities was tried on this route pair"
		if capped {
			tried = "The caller classes of both sides' address lists, credential sources and client-certificate authorities were tried on this route pair up to the cap (see the gaps)"
		}
		return finding.Finding{
			ID:       id,
			Category: cat,
			Severity: sev,
			Title:    oneLine(fmt.Sprintf("%s: %s %s %s on the new side; the old side %s", cat, d.Caller.words(), verb, backends(nd.Res.Outcome.Backends), oldWords(d.Old))),
			Old:      sideDecision(od, d.Old),
			New:      sideDecision(nd, d.New),
			Explanation: fmt.Sprintf("Old side: %s. New side: %s. %s; %d of them are treated differently for this cause, and this is the simplest. %s",
				verdictWords(d.Old), verdictWords(d.New), tried, cause.Callers, accessAdvice(cat)),
			Controls: controls(cat, sev),
		}
	})
}

// causeRoute names the route pair when neither side's verdict has a source (nothing to
// group by), and is empty otherwise.
func causeRoute(d accessDiff, od, nd decided) string {
	if d.Old.Source == (model.Source{}) && d.New.Source == (model.Source{}) {
		return od.ID() + "\x00" + nd.ID()
	}
	return ""
}

// oldWords says what the old side did with the caller.
func oldWords(v verdict) string {
	if v.Allowed {
		return "served it"
	}
	return "refused it (" + v.Why + ")"
}

// verdictWords describes a verdict with its source.
func verdictWords(v verdict) string {
	if v.Allowed {
		return "admitted (" + v.Why + ")" + v.Source.Suffix()
	}
	status := "the connection is refused"
	if v.Status > 0 {
		status = fmt.Sprintf("answers %d", v.Status)
	}
	return "refused, " + status + ": " + v.Why + v.Source.Suffix()
}

// accessAdvice says how to mend an access difference.
func accessAdvice(cat finding.Category) string {
	if cat == finding.Exposure {
		return "Carry the old side's access rule over: for Envoy Gateway a SecurityPolicy (authorization clientCIDRs, basicAuth, extAuth, jwt) or ClientTrafficPolicy (tls.clientValidation, clientIPDetection) that reaches this route on EVERY listener it is served on; a policy targeting one listener (sectionName) leaves the others open."
	}
	return "Callers that worked before are refused now: compare the address lists, credential sources and certificate authorities of both sides, and the client-IP derivation of the listeners (an address taken from a header differs from the TCP peer)."
}

// sameCause reports whether two header differences have the same fates and sources.
func (h headerDiff) sameCause(o headerDiff) bool {
	return h.Old == o.Old && h.New == o.New && h.OldS == o.OldS && h.NewS == o.NewS
}

// recordHeader records identity headers whose client-supplied values reach the upstream
// on the new side but not (or less) on the old; the witness forges them.
func (c *checker) recordHeader(req model.Request, od, nd decided, h headerDiff, both caller, oldD, newD *model.ClientIPDerivation) {
	sev := finding.High
	if h.New == model.FateAppended {
		sev = finding.Medium // the proxy's own entry still follows the forged one
	}
	w := witnessOf(req, both, oldD, newD)
	if w.Headers == nil {
		w.Headers = http.Header{}
	}
	var sent []string
	for _, name := range h.Names {
		forged := "ingress-parity-forged"
		if strings.EqualFold(name, "X-Forwarded-For") || strings.EqualFold(name, "X-Real-IP") {
			forged = forgedAddr.String()
		}
		w.Headers.Set(name, forged)
		sent = append(sent, name+": "+forged)
	}
	names := strings.Join(h.Names, ", ")
	verb, them := "reaches", "it"
	if len(h.Names) > 1 {
		verb, them = "reach", "them"
	}
	id := stableID("identity", "header", strings.ToLower(names), string(h.Old), string(h.New), h.OldS.String(), h.NewS.String())
	c.addIdentity(id, od.ID()+"\x00"+nd.ID(), req, w, func() finding.Finding {
		return finding.Finding{
			ID:          id,
			Category:    finding.Identity,
			Severity:    sev,
			Title:       fmt.Sprintf("identity: a client-supplied %s now %s the upstream (old: %s, new: %s)", names, verb, h.Old, h.New),
			Old:         od.Finding(),
			New:         nd.Finding(),
			Explanation: headerExplanation(h, names, them, sent),
			Controls:    []string{"CSF2:PR.AA-03", "CSF1.1:PR.AC-7", "CSF2:PR.PS-01", "CSF1.1:PR.IP-1"},
		}
	})
}

// headerExplanation explains a header difference: a credential the upstream now receives
// (Authorization after basic auth), or an identity header a caller can forge.
func headerExplanation(h headerDiff, names, them string, sent []string) string {
	if len(h.Names) == 1 && strings.EqualFold(h.Names[0], "Authorization") {
		return fmt.Sprintf("Old side: after checking the password the proxy removes the Authorization header%s, so upstreams never see callers' credentials. New side: it %s%s: every upstream (and whatever it logs) receives the caller's user name and password. Remove it after authentication (Envoy Gateway: a RequestHeaderModifier filter removing Authorization on the route) unless the upstream needs it.",
			h.OldS.Suffix(), fateVerb(h.New), h.NewS.Suffix())
	}
	return fmt.Sprintf("The upstream trusts %s to say who the caller is. Old side: the client's value is %s%s. New side: it %s%s, so a caller can forge %s (the witness sends %s). %s",
		names, fateWords(h.Old), h.OldS.Suffix(), fateVerb(h.New), h.NewS.Suffix(), them, strings.Join(sent, "; "), headerAdvice(h.Names[0]))
}

// fateWords and fateVerb describe a fate.
func fateWords(f model.Fate) string {
	switch f {
	case model.FateDropped:
		return "dropped or overwritten"
	case model.FateAppended:
		return "kept, with the proxy's value appended"
	case model.FatePassesIfUnset:
		return "kept unless the auth step sets one"
	}
	return "passed unchanged"
}

func fateVerb(f model.Fate) string {
	switch f {
	case model.FateAppended:
		return "is kept with the proxy's value appended (an upstream reading the first entry is fooled)"
	case model.FatePassesIfUnset:
		return "is kept whenever the auth step does not set the header"
	}
	return "passes unchanged"
}

// headerAdvice says how to protect a header on the new side.
func headerAdvice(name string) string {
	switch strings.ToLower(name) {
	case "x-forwarded-for":
		return "Make the upstream read the last entry, or remove the client's copy before the proxy appends (Envoy Gateway: ClientTrafficPolicy headers.earlyRequestHeaders remove)."
	case "x-forwarded-client-cert":
		return "Use an XFCC mode that sanitizes the client's copy (Sanitize or SanitizeSet)."
	}
	return "Remove or overwrite the client's copy on the new side (a RequestHeaderModifier remove, ClientTrafficPolicy headers.earlyRequestHeaders, or an auth step that always sets it)."
}

// fateSource is where a policy decides the fate of header name: the data plane's header
// rule, or the auth step that sets or clears it (as model.Policy.ClientHeaderFate reads
// them); the policy itself otherwise.
func fateSource(p *model.Policy, name string) model.Source {
	if p == nil {
		return model.Source{}
	}
	for _, h := range p.UpstreamHeaders {
		if strings.EqualFold(h.Name, name) {
			return h.Source
		}
	}
	if a := p.Auth; a != nil {
		if e := a.External; e != nil && containsFold(e.ResponseHeaders, name) {
			return e.Source
		}
		if j := a.JWT; j != nil {
			for _, pr := range j.Providers {
				for _, ch := range pr.ClaimHeaders {
					if strings.EqualFold(ch.Header, name) {
						return j.Source
					}
				}
			}
		}
		if cc := a.ClientCert; cc != nil && (containsFold(cc.Headers, name) || strings.EqualFold(name, "X-Forwarded-Client-Cert") && cc.XFCC != "") {
			return cc.Source
		}
		if b := a.Basic; b != nil && (strings.EqualFold(b.ForwardUsername, name) || b.StripAuthorization && strings.EqualFold(name, "Authorization")) {
			return b.Source
		}
		if k := a.APIKey; k != nil && strings.EqualFold(k.ForwardClientID, name) {
			return k.Source
		}
	}
	return p.Source
}

func containsFold(list []string, s string) bool {
	for _, x := range list {
		if strings.EqualFold(x, s) {
			return true
		}
	}
	return false
}

// recordCertFacts records a route pair whose upstream no longer learns about the client
// certificate.
func (c *checker) recordCertFacts(req model.Request, od, nd decided, both caller, oldD, newD *model.ClientIPDerivation) {
	op := policyOf(od)
	occ := clientCert(op) // certFacts(op) holds: not nil
	id := stableID("identity", "cert-facts", occ.Source.String())
	c.addIdentity(id, od.ID()+"\x00"+nd.ID(), req, witnessOf(req, both, oldD, newD), func() finding.Finding {
		return finding.Finding{
			ID:       id,
			Category: finding.Identity,
			Severity: finding.Medium,
			Title:    "identity: the upstream no longer learns about the client certificate",
			Old:      od.Finding(),
			New:      nd.Finding(),
			Explanation: fmt.Sprintf("Old side: the client certificate is verified against %s and its facts are sent upstream (%s)%s. New side: no header carries them, so an upstream that authorizes by certificate subject or verification result sees none. Forward them (Envoy Gateway: ClientTrafficPolicy headers.xForwardedClientCert mode SanitizeSet) and adapt the upstream to the header it receives.",
				caKey(occ), strings.Join(certFactHeaders(op), ", "), occ.Source.Suffix()),
			Controls: []string{"CSF2:PR.AA-03", "CSF1.1:PR.AC-7"},
		}
	})
}

// recordClientIP records a listener pair whose client address a client can now choose.
func (c *checker) recordClientIP(req model.Request, od, nd decided, oldD, newD *model.ClientIPDerivation) {
	peer, chain, _ := newD.ClientChosen(forgedAddr)
	cl := caller{Addr: peer, Forwarded: chain, ForwardedHeader: newD.Header}
	if cl.ForwardedHeader == "" {
		cl.ForwardedHeader = "X-Forwarded-For"
	}
	var os model.Source
	if oldD != nil {
		os = oldD.Source
	}
	id := stableID("identity", "client-ip", os.String(), newD.Source.String())
	c.addIdentity(id, od.ID()+"\x00"+nd.ID(), req, witnessOf(req, cl, oldD, newD), func() finding.Finding {
		return finding.Finding{
			ID:       id,
			Category: finding.Identity,
			Severity: finding.High,
			Title:    fmt.Sprintf("identity: the client address is now taken from %s, which the client controls", cl.ForwardedHeader),
			Old:      od.Finding(),
			New:      nd.Finding(),
			Explanation: fmt.Sprintf("Old side: %s. New side: %s; a caller at %s that sends %s: %s is taken to be %s, in access lists, rate limits, logs and the X-Forwarded-For/X-Real-IP the upstream receives. Trust the header only from the load balancer's addresses (Envoy Gateway: clientIPDetection.xForwardedFor.trustedCIDRs) or take the TCP peer.",
				derivationWords(oldD), derivationWords(newD), peer, cl.ForwardedHeader, strings.Join(chain, ", "), forgedAddr),
			Controls: []string{"CSF2:PR.AA-03", "CSF1.1:PR.AC-7", "CSF2:PR.PS-01"},
		}
	})
}

// derivationWords describes how a listener derives the client address.
func derivationWords(d *model.ClientIPDerivation) string {
	if d == nil {
		return "the client address is the TCP peer"
	}
	s := "the client address is "
	switch d.From {
	case model.ClientIPForwardedFor:
		h := d.Header
		if h == "" {
			h = "X-Forwarded-For"
		}
		switch {
		case len(d.TrustedCIDRs) > 0:
			s += fmt.Sprintf("read from %s when the peer is in %s", h, strings.Join(d.TrustedCIDRs, ", "))
		case d.TrustedHops == 1:
			s += fmt.Sprintf("the last entry of %s (numTrustedHops 1)", h)
		case d.TrustedHops > 1:
			s += fmt.Sprintf("entry %d from the right of %s (numTrustedHops %d)", d.TrustedHops, h, d.TrustedHops)
		default:
			s += "the TCP peer"
		}
	case model.ClientIPCustomHeader:
		s += "read from " + d.Header
	default:
		s += "the TCP peer"
	}
	if d.ProxyProtocol {
		s += " (PROXY protocol)"
	}
	return s + d.Source.Suffix()
}
