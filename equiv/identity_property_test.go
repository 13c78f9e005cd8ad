package equiv

import (
	"net/http"
	"net/netip"
	"testing"

	"pgregory.net/rapid"

	"github.com/ingress-parity/ingress-parity/finding"
	"github.com/ingress-parity/ingress-parity/model"
)

var (
	genCIDRs = []string{"10.0.0.0/8", "10.1.0.0/16", "192.168.0.0/16", "203.0.113.0/24", "2001:db8::/32", "0.0.0.0/0"}
	// concreteAddrs are caller addresses that are NOT the check's class representatives.
	concreteAddrs = []string{"10.0.0.1", "10.1.2.3", "10.200.0.9", "192.168.1.1", "203.0.113.5", "8.8.8.8", "2001:db8::1", "2001:db9::5", "172.16.5.5"}
)

// policyDraw is the drawn shape of a policy and client-IP derivation, built twice to get
// equal values behind different pointers.
type policyDraw struct {
	Rules      []model.IPRule
	HasACL     bool
	Default    model.AccessAction
	PeerAddr   bool
	Basic      string
	Ext        int // 0 none, 1 any 2xx, 2 only 200
	CertMode   model.ClientCertMode
	CA         string
	AnySatisfy bool
	Derive     int // 0 peer, 1 XFF trusted CIDRs, 2 XFF hops, 3 PROXY protocol
	Trusted    string
	Hops       int
	Recursive  bool
}

func drawPolicy(t *rapid.T, label string) policyDraw {
	var d policyDraw
	d.HasACL = rapid.Bool().Draw(t, label+"acl")
	for i, n := 0, rapid.IntRange(1, 3).Draw(t, label+"rules"); i < n; i++ {
		act := model.Allow
		if rapid.Bool().Draw(t, label+"deny") {
			act = model.Deny
		}
		d.Rules = append(d.Rules, model.IPRule{Action: act, CIDRs: []string{rapid.SampledFrom(genCIDRs).Draw(t, label+"cidr")}})
	}
	d.Default = rapid.SampledFrom([]model.AccessAction{model.Allow, model.Deny}).Draw(t, label+"default")
	d.PeerAddr = rapid.IntRange(0, 4).Draw(t, label+"peer") == 0
	d.Basic = rapid.SampledFrom([]string{"", "", "shop/a", "shop/b"}).Draw(t, label+"basic")
	d.Ext = rapid.IntRange(0, 2).Draw(t, label+"ext")
	d.CertMode = rapid.SampledFrom([]model.ClientCertMode{"", "", model.CertRequired, model.CertOptional, model.CertOptionalNoCA, model.CertRequireAny}).Draw(t, label+"cert")
	d.CA = rapid.SampledFrom([]string{"shop/ca-a", "shop/ca-b"}).Draw(t, label+"ca")
	d.AnySatisfy = rapid.IntRange(0, 3).Draw(t, label+"satisfy") == 0
	d.Derive = rapid.IntRange(0, 3).Draw(t, label+"derive")
	d.Trusted = rapid.SampledFrom(genCIDRs).Draw(t, label+"trusted")
	d.Hops = rapid.IntRange(1, 2).Draw(t, label+"hops")
	d.Recursive = rapid.Bool().Draw(t, label+"recursive")
	return d
}

// build makes fresh values from the draw.
func (d policyDraw) build() (*model.Policy, *model.ClientIPDerivation) {
	p := &model.Policy{Satisfy: model.SatisfyAll}
	if d.AnySatisfy {
		p.Satisfy = model.SatisfyAny
	}
	if d.HasACL {
		addr := model.AddressClient
		if d.PeerAddr {
			addr = model.AddressPeer
		}
		p.IPAccess = &model.IPAccess{Address: addr, Default: d.Default, DenyStatus: 403, Rules: append([]model.IPRule(nil), d.Rules...)}
	}
	a := &model.Auth{}
	if d.Basic != "" {
		a.Basic = &model.BasicAuth{Secret: d.Basic}
	}
	switch d.Ext {
	case 1:
		a.External = &model.ExternalAuth{URL: "http://auth.shop:8080/verify"}
	case 2:
		a.External = &model.ExternalAuth{URL: "http://auth.shop:8080/verify", SuccessCodes: []int{200}}
	}
	if d.CertMode != "" {
		a.ClientCert = &model.ClientCertAuth{CASecrets: []string{d.CA}, Mode: d.CertMode}
	}
	if *a != (model.Auth{}) {
		p.Auth = a
	}
	var der *model.ClientIPDerivation
	switch d.Derive {
	case 1:
		der = &model.ClientIPDerivation{From: model.ClientIPForwardedFor, Header: "X-Forwarded-For", TrustedCIDRs: []string{d.Trusted}, Recursive: d.Recursive}
	case 2:
		der = &model.ClientIPDerivation{From: model.ClientIPForwardedFor, Header: "X-Forwarded-For", TrustedHops: d.Hops}
	case 3:
		der = &model.ClientIPDerivation{From: model.ClientIPPeer, ProxyProtocol: true}
	}
	return p, der
}

// drawCaller draws a concrete caller from addresses that are not class representatives.
func drawCaller(t *rapid.T) caller {
	c := caller{Addr: netip.MustParseAddr(rapid.SampledFrom(concreteAddrs).Draw(t, "addr"))}
	for i, n := 0, rapid.IntRange(0, 2).Draw(t, "xff"); i < n; i++ {
		c.Forwarded = append(c.Forwarded, rapid.SampledFrom(concreteAddrs).Draw(t, "entry"))
		c.ForwardedHeader = "X-Forwarded-For"
	}
	switch rapid.IntRange(0, 3).Draw(t, "cred") {
	case 1:
		c.Cred.Invalid = true
	case 2:
		c.Cred.Valid = []string{basicKey(&model.BasicAuth{Secret: rapid.SampledFrom([]string{"shop/a", "shop/b"}).Draw(t, "secret")})}
	}
	c.Cred.Answer = rapid.SampledFrom([]int{200, 202, 204, 401, 403, 503, -1}).Draw(t, "answer")
	switch rapid.IntRange(0, 2).Draw(t, "certclass") {
	case 1:
		c.Cert = certClass{Kind: "untrusted"}
	case 2:
		c.Cert = certClass{Kind: "valid", CA: rapid.SampledFrom([]string{"shop/ca-a", "shop/ca-b"}).Draw(t, "certca")}
	}
	return c
}

// evaluate is one concrete caller's verdict on one side.
func evaluate(d *model.ClientIPDerivation, p *model.Policy, c caller, https bool) verdict {
	e := newEvaluator(d, p, https)
	return e.verdict(e.origin(c), e.cert(c.Cert), e.auth(c.Cred))
}

// TestIdentityEqualPoliciesGiveNothing: the same policies and derivations behind different
// pointers give no access or identity finding.
func TestIdentityEqualPoliciesGiveNothing(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		d := drawPolicy(t, "p")
		op, od := d.build()
		np, nd := d.build()
		res := Check(idModel("old", idSide{HTTP: op, HTTPS: op, ClientIP: od}), idModel("new", idSide{HTTP: np, HTTPS: np, ClientIP: nd}), Options{})
		for _, f := range res.Findings {
			t.Fatalf("finding between equal policies: %s %s", f.Category, f.Title)
		}
	})
}

// TestIdentityClassesCoverConcreteCallers: whenever a concrete caller (an address that is no
// class representative, any forwarded chain, credentials, auth answer and certificate) is
// refused by one side and admitted by the other, the check reports an exposure or breakage
// on that scheme: the classes cover every caller.
func TestIdentityClassesCoverConcreteCallers(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		op, od := drawPolicy(t, "old").build()
		np, nd := drawPolicy(t, "new").build()
		c := drawCaller(t)
		https := rapid.Bool().Draw(t, "https")
		if !https {
			c.Cert = certClass{}
		}
		if c.Cred.Answer == 202 || c.Cred.Answer == 503 {
			// Answers that are not among the classes behave like one that is (any 2xx, 5xx).
			c.Cred.Answer = map[int]int{202: 204, 503: 500}[c.Cred.Answer]
		}
		ov, nv := evaluate(od, op, c, https), evaluate(nd, np, c, https)
		if ov.Allowed == nv.Allowed {
			return
		}
		want := finding.Exposure
		if ov.Allowed {
			want = finding.Breakage
		}
		scheme := "http"
		if https {
			scheme = "https"
		}
		res := Check(idModel("old", idSide{HTTP: op, HTTPS: op, ClientIP: od}), idModel("new", idSide{HTTP: np, HTTPS: np, ClientIP: nd}), Options{})
		for _, f := range res.Findings {
			if f.Category == want && f.Witness.Scheme == scheme {
				return
			}
		}
		t.Fatalf("caller %s is %v on old, %v on new (%s), but the check reports no %s on %s among %d findings",
			c.words(), ov.Allowed, nv.Allowed, scheme, want, scheme, len(res.Findings))
	})
}

// TestIdentityWitnessesReplay: every exposure and breakage the check reports replays through
// Access (what explain evaluates) with the witness as printed, giving the verdict the
// finding claims on each side.
func TestIdentityWitnessesReplay(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		op, od := drawPolicy(t, "old").build()
		np, nd := drawPolicy(t, "new").build()
		res := Check(idModel("old", idSide{HTTP: op, HTTPS: op, ClientIP: od}), idModel("new", idSide{HTTP: np, HTTPS: np, ClientIP: nd}), Options{})
		for _, f := range res.Findings {
			if f.Category != finding.Exposure && f.Category != finding.Breakage {
				continue
			}
			w := f.Witness
			r := model.Request{Scheme: model.Scheme(w.Scheme), ClientIP: w.ClientIP, ProxyAddr: w.ProxyAddr, Credentials: w.Credentials, ClientCert: w.ClientCert, Headers: http.Header{}}
			for k, v := range w.Headers {
				r.Headers.Set(k, v)
			}
			ov, err := Access(od, op, r, 0)
			if err != nil {
				t.Fatalf("%s: old: %v", f.ID, err)
			}
			nv, err := Access(nd, np, r, 0)
			if err != nil {
				t.Fatalf("%s: new: %v", f.ID, err)
			}
			wantOld := f.Category == finding.Breakage
			if ov.Allowed != wantOld || nv.Allowed == wantOld {
				t.Fatalf("%s %q: replay gives old %v (%s), new %v (%s)", f.Category, f.Title, ov.Allowed, ov.Reason, nv.Allowed, nv.Reason)
			}
		}
	})
}
