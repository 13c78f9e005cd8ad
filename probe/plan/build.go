// Package plan builds a probe plan from the two normalized models of a migration: the
// witness of every static finding, a request per route that the model says lands there,
// boundary variants of each path match, an unknown host, and identity variants. Every
// planned probe records what the model predicts on each side, so a live run can check the
// static proof against the real proxies.
package plan

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"net/http"
	"net/netip"
	"slices"
	"strings"

	"github.com/ingress-parity/ingress-parity/finding"
	"github.com/ingress-parity/ingress-parity/model"
	"github.com/ingress-parity/ingress-parity/probe"
)

// PlanOptions tune plan generation. The zero value plans everything without credentials.
type PlanOptions struct {
	// MaxProbes caps the plan (0: no cap); findings come first, then routes, boundaries,
	// unknown hosts and identity variants.
	MaxProbes int
	// Identity material the user supplies for "valid credential" variants; without it only
	// the no-credential and wrong-credential variants are planned.
	Identity IdentityMaterial
	// ForgedClientIP is the address sent in forged X-Forwarded-For / X-Real-IP headers when
	// no allow list names one (default 203.0.113.7, TEST-NET-3).
	ForgedClientIP string
	// SearchStates bounds the path search for a request that lands on a route (default 4096).
	SearchStates int
	// ProxySource is the client address a PROXY protocol header announces on listeners
	// that expect one, unless a probe names its own (default probe.DefaultProxySource).
	ProxySource string
	// ProberAddr is the address the edges see the prober connect from, when known; with it
	// every access list is evaluated. Without it only probes carrying a PROXY header are,
	// assuming the prober connects from an address the listener trusts to send one.
	ProberAddr string
}

// IdentityMaterial points at credentials; the plan stores only file and variable names.
type IdentityMaterial struct {
	BasicUser        string
	BasicPasswordEnv string
	// JWTFile holds a JWT signed with a key the user supplies.
	JWTFile string
	// JWTKeyFile is a private key (or HS256 secret file) the prober signs fresh tokens with,
	// one per JWT provider of a route, with the provider's issuer and audiences as claims.
	JWTKeyFile, JWTKeyID, JWTSubject string
	// ClientCertFile and ClientKeyFile are a PEM client certificate and key.
	ClientCertFile, ClientKeyFile string
}

// ErrNoModel is returned when a side's model is missing.
var ErrNoModel = errors.New("plan: both models are required")

// Build plans probes for the migration from old to new. res may be nil; when given, the
// witness of each finding is planned first.
func Build(old, new *model.Model, res *finding.Result, opts PlanOptions) (*probe.Plan, error) {
	if old == nil || new == nil {
		return nil, ErrNoModel
	}
	if opts.ForgedClientIP == "" {
		opts.ForgedClientIP = "203.0.113.7"
	}
	if opts.SearchStates <= 0 {
		opts.SearchStates = 4096
	}
	if opts.ProxySource == "" {
		opts.ProxySource = probe.DefaultProxySource
	}
	if err := (probe.ProxyHeader{Source: opts.ProxySource}).Validate(); err != nil {
		return nil, fmt.Errorf("plan: proxy %w", err)
	}
	b := &builder{old: old, new: new, opts: opts, seen: map[string]int{}}
	if opts.ProberAddr != "" {
		a, err := netip.ParseAddr(opts.ProberAddr)
		if err != nil {
			return nil, fmt.Errorf("plan: prober address %q: want an IPv4 or IPv6 address", opts.ProberAddr)
		}
		b.prober = a.Unmap()
	}
	if res != nil {
		for _, f := range res.Findings {
			b.addFinding(f)
		}
	}
	var routes []routeSample
	for _, m := range []*model.Model{old, new} {
		routes = append(routes, b.sampleRoutes(m)...)
	}
	for _, rs := range routes {
		b.add("route", "lands on "+rs.route.ID+" ("+rs.side+")", rs.req, nil)
	}
	for _, rs := range routes {
		b.addBoundaries(rs)
	}
	b.addUnknownHosts()
	for _, rs := range routes {
		b.addIdentity(rs)
	}
	p := &probe.Plan{Version: probe.PlanVersion, Probes: b.probes}
	if opts.MaxProbes > 0 && len(p.Probes) > opts.MaxProbes {
		p.Probes = p.Probes[:opts.MaxProbes]
	}
	return p, p.Validate()
}

type builder struct {
	old, new *model.Model
	opts     PlanOptions
	prober   netip.Addr     // PlanOptions.ProberAddr parsed (invalid: unknown)
	seen     map[string]int // request key -> index in probes
	probes   []probe.Probe
}

// routeSample is a request that the model of side says lands on route.
type routeSample struct {
	side     string
	model    *model.Model
	listener *model.Listener
	route    *model.Route
	req      model.Request
}

func (b *builder) addFinding(f finding.Finding) {
	w := f.Witness
	r := model.Request{Method: w.Method, Scheme: model.Scheme(w.Scheme), Host: w.Host, Port: w.Port, Path: w.Path, Query: w.Query, ClientIP: w.ClientIP}
	if _, err := netip.ParseAddr(w.ProxyAddr); err == nil {
		r.ProxyAddr = w.ProxyAddr // replayed through the PROXY header on sides that expect one
	}
	if len(w.Headers) > 0 {
		r.Headers = http.Header{}
		for k, v := range w.Headers {
			r.Headers.Set(k, v)
		}
	}
	if r.Method == "" {
		r.Method = http.MethodGet
	}
	why := fmt.Sprintf("finding %s: %s", f.ID, f.Title)
	if w.ClientIP != "" {
		why += " (from client " + w.ClientIP + ": send from that address to reproduce)"
	}
	b.add("finding/"+string(f.Category), why, r, nil)
}

// add appends a probe for r unless an identical request (and identity and PROXY header) is
// planned already. r.ProxyAddr is announced in a PROXY header to each side whose listener
// expects one (the plan's default source when empty); other sides get none.
func (b *builder) add(class, why string, r model.Request, id *probe.Identity) {
	req := probe.Request{Method: r.Method, Scheme: string(r.Scheme), Host: r.Host, Port: r.Port, Path: r.Path, Query: r.Query}
	for _, k := range slices.Sorted(maps.Keys(r.Headers)) {
		if req.Headers == nil {
			req.Headers = map[string]string{}
		}
		req.Headers[k] = strings.Join(r.Headers[k], ",")
	}
	if req.Port == model.DefaultPort(r.Scheme) {
		req.Port = 0
	}
	oldSrc, newSrc := b.proxySource(b.old, r), b.proxySource(b.new, r)
	proxy := proxyPlan(oldSrc, newSrc)
	key := requestKey(req, id, proxy)
	if i, dup := b.seen[key]; dup {
		if p := &b.probes[i]; !strings.Contains(p.Why, why) {
			p.Why += "; " + why
		}
		return
	}
	b.seen[key] = len(b.probes)
	sum := sha256.Sum256([]byte(key))
	b.probes = append(b.probes, probe.Probe{
		ID:    strings.ReplaceAll(class, "/", "-") + "-" + hex.EncodeToString(sum[:4]),
		Class: class, Why: why, Request: req, Identity: id, Proxy: proxy,
		Predicted: &probe.Predicted{Old: b.predict(b.old, r, oldSrc), New: b.predict(b.new, r, newSrc)},
	})
}

func requestKey(r probe.Request, id *probe.Identity, proxy *probe.ProxyPlan) string {
	var sb strings.Builder
	fmt.Fprintf(&sb, "%s %s://%s:%d%s?%s", r.Method, r.Scheme, r.Host, r.Port, r.Path, r.Query)
	for _, k := range slices.Sorted(maps.Keys(r.Headers)) {
		fmt.Fprintf(&sb, "\n%s: %s", k, r.Headers[k])
	}
	if id != nil {
		// JSON leaves out empty fields, so ids stay stable when Identity grows.
		b, _ := json.Marshal(id)
		fmt.Fprintf(&sb, "\nidentity %s", b)
	}
	if proxy != nil {
		b, _ := json.Marshal(proxy)
		fmt.Fprintf(&sb, "\nproxy %s", b)
	}
	return sb.String()
}

// predict is what m does with r, announced as from proxySrc in a PROXY header when not
// empty: the first entry point with a listener for it decides, narrowed by the client
// address when the side's view of it is known (applyOrigin).
func (b *builder) predict(m *model.Model, r model.Request, proxySrc string) *probe.Prediction {
	res, ok := resolveFirst(m, r)
	if !ok {
		return nil // no listener: the live side refuses the connection or answers its default
	}
	p := predictRouting(res)
	b.applyOrigin(p, res, r, proxySrc)
	return p
}

// predictRouting is the routing part of a resolution, with the policy gates of its route.
func predictRouting(res model.Resolution) *probe.Prediction {
	o := res.Outcome
	p := &probe.Prediction{Decision: string(o.Kind), Status: o.Status, UpstreamPath: o.UpstreamPath, UpstreamHost: o.UpstreamHost, Location: o.Location}
	for _, be := range o.Backends {
		if be.Weight > 0 || len(o.Backends) == 1 {
			p.Backends = append(p.Backends, be.Namespace+"/"+be.Service)
		}
	}
	if rt := res.Route; rt != nil {
		p.Gates = gates(rt.Policy)
		p.Route = rt.ID
		if rt.Source != (model.Source{}) {
			p.Route += " at " + rt.Source.String()
		}
	} else if o.Source != (model.Source{}) {
		p.Route = o.Source.String()
	}
	return p
}

// gates names the policy checks that can refuse a request the route otherwise serves; the
// model's routing prediction holds only for callers that pass them.
func gates(pol *model.Policy) []string {
	if pol == nil {
		return nil
	}
	var g []string
	if pol.IPAccess != nil {
		g = append(g, "ip-access")
	}
	if a := pol.Auth; a != nil {
		for name, on := range map[string]bool{"basic-auth": a.Basic != nil, "external-auth": a.External != nil, "jwt": a.JWT != nil, "api-key": a.APIKey != nil, "oidc": a.OIDC != nil, "client-cert": a.ClientCert != nil} {
			if on {
				g = append(g, name)
			}
		}
	}
	slices.Sort(g)
	return g
}
