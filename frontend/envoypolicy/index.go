package envoypolicy

import (
	"encoding/json"
	"fmt"
	"github.com/ingress-parity/ingress-parity/htpasswd"
	"slices"
	"strings"

	"k8s.io/apimachinery/pkg/types"
	gatewayv1 "sigs.k8s.io/gateway-api/apis/v1"

	"github.com/ingress-parity/ingress-parity/load"
	"github.com/ingress-parity/ingress-parity/model"
)

// Index holds the decoded policies with their resolved targets and answers what applies
// at each attachment point. It is not safe for concurrent use: Listener, Route and
// ListenerOnly remember conversions and their last answers.
type Index struct {
	// claims maps (kind, scope) to the policy that won it (the oldest).
	claims map[claimKey]*Policy
	// refused maps listener scopes to why a ClientTrafficPolicy naming them was not accepted.
	refused map[Scope]string
	// https holds the listener scopes of HTTPS listeners: only they terminate TLS, so only
	// they take a ClientTrafficPolicy's tls settings.
	https map[Scope]bool
	// listeners caches the ListenerPolicy of listeners whose ClientTrafficPolicy was refused
	// (each carries its own reason), and defaults is the one of every listener no policy
	// reaches: the routes of a listener share its identity headers instead of each holding
	// a copy. The others share their policy's conversion (converted).
	listeners map[Scope]ListenerPolicy
	defaults  *ListenerPolicy
	// converted holds the ListenerPolicy of each accepted ClientTrafficPolicy, on HTTPS
	// listeners and on the others: a policy on a Gateway of many listeners is converted
	// twice, not once per listener, and its listeners share the answer.
	converted map[convertedKey]ListenerPolicy
	// htpasswd holds the hash schemes of the ".htpasswd" key of each Secret among the inputs
	// ("namespace/name"): basicAuth can only verify {SHA} entries.
	htpasswd map[string]map[string]int
	// effs holds the conversion of each winning SecurityPolicy and BackendTrafficPolicy
	// (effective.go).
	effs map[effKey]*effective
	// last remembers the winners of the attachment asked last: a caller asks ListenerOnly
	// and then Route for the same rule.
	last struct {
		a    Attachment
		w    winners
		seen bool
	}
	// lastListener remembers the answer of the listener asked last: Route asks for the
	// listener of every attachment, and callers go listener by listener.
	lastListener struct {
		ls   Scope
		lp   ListenerPolicy
		seen bool
	}
	// kinds holds the levels at which each policy kind claims any scope: winner looks up
	// only those (and skips kinds that claim nothing).
	kinds map[string]levelSet
	notes []model.Note
}

// convertedKey is a ClientTrafficPolicy and whether the listener terminates TLS.
type convertedKey struct {
	p     *Policy
	https bool
}

// levelSet is a set of Levels, one bit each.
type levelSet uint8

// has reports whether l is in the set.
func (s levelSet) has(l Level) bool { return s&(1<<l) != 0 }

type claimKey struct {
	kind  string
	scope Scope
}

// Build decodes the Envoy Gateway policies of res and resolves their targets. Conflicting
// policies (a later one on a target already claimed), missing targets, unknown fields and
// decode errors become notes.
func Build(res *load.Resources) *Index {
	ix := &Index{claims: map[claimKey]*Policy{}, refused: map[Scope]string{}, https: httpsListeners(res), kinds: map[string]levelSet{}}
	lk := newLookup(res)
	ix.htpasswd = htpasswdSchemes(res)
	pols, diags := Decode(res.Other)
	for _, d := range diags {
		ix.notes = append(ix.notes, model.Note{Level: model.NoteInvalid, Code: "PolicyInvalid", Message: d.Message, Source: d.Source})
	}
	for _, p := range pols {
		for _, u := range p.Unknown {
			ix.notes = append(ix.notes, model.Note{Level: model.NoteWarning, Code: "PolicyFieldUnknown", Message: fmt.Sprintf("%s: %s is not modelled", p.ID(), u), Source: p.Source(u)})
		}
		if p.target.MergeType != nil {
			if m := *p.target.MergeType; m != "JSONMerge" && m != "StrategicMerge" {
				ix.notes = append(ix.notes, model.Note{Level: model.NoteInvalid, Code: "PolicyInvalid", Message: fmt.Sprintf("%s: unknown mergeType %q", p.ID(), m), Source: p.Source("spec.mergeType")})
				continue
			}
		}
		scopes, notes := resolveTargets(p, res, lk)
		ix.notes = append(ix.notes, notes...)
		for _, s := range scopes {
			if p.target.MergeType != nil && s.Level < LevelRoute {
				ix.notes = append(ix.notes, model.Note{Level: model.NoteInvalid, Code: "PolicyInvalid", Message: p.ID() + ": mergeType can only be set on policies targeting routes", Source: p.Source("spec.mergeType")})
				continue
			}
			if p.Kind == KindClientTrafficPolicy && s.Level == LevelListener {
				if others := sharedHTTPPort(lk, s); len(others) > 0 {
					msg := fmt.Sprintf("%s is not accepted on %s: other HTTP listeners share its port (%s)", p.ID(), s, strings.Join(others, ", "))
					ix.notes = append(ix.notes, model.Note{Level: model.NoteInvalid, Code: "PolicyInvalid", Message: msg, Source: p.Source("spec.targetRefs")})
					if _, seen := ix.refused[s]; !seen {
						ix.refused[s] = msg
					}
					continue
				}
			}
			k := claimKey{p.Kind, s}
			if first, ok := ix.claims[k]; ok {
				ix.notes = append(ix.notes, model.Note{Level: model.NoteWarning, Code: "PolicyConflicted",
					Message: fmt.Sprintf("%s is ignored on %s: %s is older and wins", p.ID(), s, first.ID()), Source: p.Source("spec")})
				continue
			}
			ix.claims[k] = p
			ix.kinds[p.Kind] |= levelSet(1) << s.Level
		}
	}
	return ix
}

// Notes are the diagnostics of building the index.
func (ix *Index) Notes() []model.Note { return ix.notes }

// Attachment is one route rule as reached through one Gateway listener.
type Attachment struct {
	Gateway  types.NamespacedName
	Listener string
	// RouteKind is "HTTPRoute" or "GRPCRoute".
	RouteKind string
	Route     types.NamespacedName
	// RuleName is the rule's name ("" when unnamed; unnamed rules cannot be targeted).
	RuleName string
}

// scopes are the attachment's scopes, most specific first: the first n of the array (an
// array, not a slice, so that asking costs no allocation for each of thousands of rules).
func (a Attachment) scopes() (ss [4]Scope, n int) {
	if a.RuleName != "" {
		ss[n] = Scope{Level: LevelRule, RouteKind: a.RouteKind, Route: a.Route, Rule: a.RuleName}
		n++
	}
	ss[n] = Scope{Level: LevelRoute, RouteKind: a.RouteKind, Route: a.Route}
	ss[n+1] = Scope{Level: LevelListener, Gateway: a.Gateway, Listener: a.Listener}
	ss[n+2] = Scope{Level: LevelGateway, Gateway: a.Gateway}
	return ss, n + 3
}

// winner is the policy of kind that applies at a, and the parent it merges into (if any).
func (ix *Index) winner(kind string, a Attachment) (*Policy, *Policy) {
	levels := ix.kinds[kind]
	if levels == 0 {
		return nil, nil
	}
	all, n := a.scopes()
	ss := all[:n]
	for i, s := range ss {
		if !levels.has(s.Level) {
			continue
		}
		p, ok := ix.claims[claimKey{kind, s}]
		if !ok {
			continue
		}
		if p.target.MergeType != nil {
			for _, parent := range ss[i+1:] {
				if parent.Level > LevelListener || !levels.has(parent.Level) {
					continue
				}
				if pp, ok := ix.claims[claimKey{kind, parent}]; ok {
					return p, pp
				}
			}
		}
		return p, nil
	}
	return nil, nil
}

// winners are the SecurityPolicy and BackendTrafficPolicy that apply at one attachment, each
// with the parent it merges into.
type winners struct {
	sp, spParent, bp, bpParent *Policy
}

// winnersOf is the winners at a, remembered for the next call.
func (ix *Index) winnersOf(a Attachment) winners {
	if ix.last.seen && ix.last.a == a {
		return ix.last.w
	}
	var w winners
	w.sp, w.spParent = ix.winner(KindSecurityPolicy, a)
	w.bp, w.bpParent = ix.winner(KindBackendTrafficPolicy, a)
	ix.last.a, ix.last.w, ix.last.seen = a, w, true
	return w
}

// Listener is the ClientTrafficPolicy in effect on a listener: one naming the listener
// (sectionName) wins over one on the whole Gateway. A listener no policy reaches gets Envoy
// Gateway's defaults (convertClient(nil)), one value shared by all of them. The slices of the
// answer are shared with every other caller and must not be modified.
//
// A policy naming an HTTP listener that shares its port with other HTTP listeners is not
// accepted (internal/gatewayapi/clienttrafficpolicy.go: "applied to multiple http (non https)
// listeners on the same port"); what the listener gets then is not modelled: opaque.
func (ix *Index) Listener(gw types.NamespacedName, listener string) ListenerPolicy {
	ls := Scope{Level: LevelListener, Gateway: gw, Listener: listener}
	if ix.lastListener.seen && ix.lastListener.ls == ls {
		return ix.lastListener.lp
	}
	lp := ix.listener(ls)
	ix.lastListener.ls, ix.lastListener.lp, ix.lastListener.seen = ls, lp, true
	return lp
}

// listener is Listener without the memory of the last answer.
func (ix *Index) listener(ls Scope) ListenerPolicy {
	gw := ls.Gateway
	if lp, ok := ix.listeners[ls]; ok {
		return lp
	}
	var p *Policy
	for _, s := range []Scope{ls, {Level: LevelGateway, Gateway: gw}} {
		if c, ok := ix.claims[claimKey{KindClientTrafficPolicy, s}]; ok {
			p = c
			break
		}
	}
	why, refused := ix.refused[ls]
	if p == nil && !refused {
		if ix.defaults == nil {
			d := convertClient(nil, false)
			ix.defaults = &d
		}
		return *ix.defaults
	}
	if !refused {
		return ix.convert(p, ix.https[ls])
	}
	lp := convertClient(p, ix.https[ls])
	lp.Opaque = append(slices.Clone(lp.Opaque), why)
	if ix.listeners == nil {
		ix.listeners = map[Scope]ListenerPolicy{}
	}
	ix.listeners[ls] = lp
	return lp
}

// convert is convertClient(p, https), converted once per policy and kind of listener.
func (ix *Index) convert(p *Policy, https bool) ListenerPolicy {
	k := convertedKey{p, https}
	if lp, ok := ix.converted[k]; ok {
		return lp
	}
	lp := convertClient(p, https)
	if ix.converted == nil {
		ix.converted = map[convertedKey]ListenerPolicy{}
	}
	ix.converted[k] = lp
	return lp
}

// httpsListeners lists the HTTPS listeners of res. A ClientTrafficPolicy's tls settings
// change only listeners that terminate TLS: buildListenerTLSParameters returns at once for
// a listener without TLS configuration (internal/gatewayapi/clienttrafficpolicy.go), so
// tls.clientValidation has no effect on an HTTP listener.
func httpsListeners(res *load.Resources) map[Scope]bool {
	out := map[Scope]bool{}
	for _, g := range res.Gateways {
		gw := types.NamespacedName{Namespace: g.Obj.Namespace, Name: g.Obj.Name}
		for _, l := range g.Obj.Spec.Listeners {
			if l.Protocol == gatewayv1.HTTPSProtocolType {
				out[Scope{Level: LevelListener, Gateway: gw, Listener: string(l.Name)}] = true
			}
		}
	}
	return out
}

// sharedHTTPPort lists the other plain-HTTP listeners of the Gateway on the port of the HTTP
// listener s (nil when s is not plain HTTP or shares nothing).
func sharedHTTPPort(lk *lookup, s Scope) []string {
	g, ok := lk.gateways[s.Gateway]
	if !ok {
		return nil
	}
	var port int32 = -1
	for _, l := range g.Spec.Listeners {
		if string(l.Name) == s.Listener && l.Protocol == "HTTP" {
			port = int32(l.Port)
		}
	}
	var out []string
	for _, l := range g.Spec.Listeners {
		if string(l.Name) != s.Listener && l.Protocol == "HTTP" && int32(l.Port) == port {
			out = append(out, string(l.Name))
		}
	}
	return out
}

// RoutePolicy is the effective policy of one attachment.
type RoutePolicy struct {
	Policy *model.Policy
	// Applied names the policies that contributed ("SecurityPolicy ns/name", ...).
	Applied []string
	// Opaque lists what could not be modelled; the route cannot be proven equivalent.
	Opaque []string
}

// Route is the effective policy of one route rule reached through one listener: the
// winning SecurityPolicy (merged into its parent when it sets mergeType), the winning
// BackendTrafficPolicy, and the listener's ClientTrafficPolicy (identity headers and client
// certificate validation, the latter on HTTPS listeners only), or Envoy Gateway's defaults
// where no policy object reaches: the Policy is never nil. Each call returns a new Policy;
// its UpstreamHeaders without SecurityPolicy header changes are the listener's shared slice.
func (ix *Index) Route(a Attachment) RoutePolicy {
	var rp RoutePolicy
	pol := &model.Policy{Satisfy: model.SatisfyAll}
	lp := ix.Listener(a.Gateway, a.Listener)
	pol.UpstreamHeaders = lp.Headers
	if lp.Policy != "" {
		rp.Applied = append(rp.Applied, lp.Policy)
	}
	rp.Opaque = append(rp.Opaque, lp.Opaque...)
	w := ix.winnersOf(a)
	if sp, parent := w.sp, w.spParent; sp != nil {
		e := ix.effective(sp, parent)
		rp.Applied = append(rp.Applied, e.applied...)
		parts := e.security
		pol.IPAccess, pol.CORS = parts.access, parts.cors
		if parts.auth != nil {
			// A copy: the listener's client certificate is set on it below.
			auth := *parts.auth
			pol.Auth = &auth
		}
		if len(parts.strip) > 0 {
			pol.UpstreamHeaders = append(slices.Clone(pol.UpstreamHeaders), parts.strip...)
			slices.SortStableFunc(pol.UpstreamHeaders, func(a, b model.IdentityHeader) int { return strings.Compare(a.Name, b.Name) })
		}
		rp.Opaque = append(rp.Opaque, e.opaque...)
		pol.Source = e.source
	}
	for _, h := range credentialHeaders(pol.Auth) {
		if lp.RewritesBeforeRouting(h) {
			rp.Opaque = append(rp.Opaque, fmt.Sprintf("%s: earlyRequestHeaders changes %s before authentication reads credentials from it: not modelled", lp.Policy, h))
			break
		}
	}
	if lp.ClientCert != nil {
		if pol.Auth == nil {
			pol.Auth = &model.Auth{}
		}
		pol.Auth.ClientCert = lp.ClientCert
	}
	if bp, parent := w.bp, w.bpParent; bp != nil {
		e := ix.effective(bp, parent)
		rp.Applied = append(rp.Applied, e.applied...)
		pol.RateLimit, pol.BodyLimit = e.backend.rate, e.backend.body
		rp.Opaque = append(rp.Opaque, e.opaque...)
	}
	rp.Policy = pol
	return rp
}

// ListenerOnly reports whether no SecurityPolicy or BackendTrafficPolicy reaches a: Route
// then gives every rule on the listener the same policy (the listener's ClientTrafficPolicy
// or Envoy Gateway's defaults), which a caller may build once per listener and share.
func (ix *Index) ListenerOnly(a Attachment) bool {
	w := ix.winnersOf(a)
	return w.sp == nil && w.bp == nil
}

// merged is child merged into parent (nil: child alone). JSONMerge is RFC 7386 on the specs;
// StrategicMerge is treated the same, which differs only for lists with merge keys
// (extAuth.contextExtensions), reported as opaque when present.
func merged(child, parent *Policy) (*Policy, error) {
	if parent == nil {
		return child, nil
	}
	spec := mergePatch(deepCopy(parent.spec), child.spec).(map[string]any)
	out := *child
	if err := out.decode(spec); err != nil {
		return nil, fmt.Errorf("%s merged into %s does not decode: %s", child.ID(), parent.ID(), err.Message)
	}
	if *child.target.MergeType == "StrategicMerge" {
		if ea, ok := spec["extAuth"].(map[string]any); ok && ea["contextExtensions"] != nil {
			return &out, fmt.Errorf("%s: strategic merge of extAuth.contextExtensions is not modelled", child.ID())
		}
	}
	return &out, nil
}

// mergePatch applies an RFC 7386 JSON merge patch to target.
func mergePatch(target, patch any) any {
	pm, ok := patch.(map[string]any)
	if !ok {
		return patch
	}
	tm, ok := target.(map[string]any)
	if !ok {
		tm = map[string]any{}
	}
	for k, v := range pm {
		if v == nil {
			delete(tm, k)
			continue
		}
		tm[k] = mergePatch(tm[k], v)
	}
	return tm
}

func deepCopy(m map[string]any) map[string]any {
	b, _ := json.Marshal(m)
	var out map[string]any
	_ = json.Unmarshal(b, &out)
	return out
}

// htpasswdSchemes reads the hash schemes of every Secret's ".htpasswd" key (data or
// stringData); nothing else of the Secret is read.
func htpasswdSchemes(res *load.Resources) map[string]map[string]int {
	out := map[string]map[string]int{}
	for _, o := range res.Secrets {
		s := o.Obj
		data, ok := s.Data[".htpasswd"]
		if v, sok := s.StringData[".htpasswd"]; sok {
			data, ok = []byte(v), true
		}
		if ok {
			ns := s.Namespace
			if ns == "" {
				ns = "default" // as policies qualify their references (decode.go)
			}
			out[ns+"/"+s.Name] = htpasswd.Schemes(data)
		}
	}
	return out
}
