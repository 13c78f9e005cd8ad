package equiv

import (
	"fmt"
	"strings"
	"testing"

	"github.com/ingress-parity/ingress-parity/finding"
	"github.com/ingress-parity/ingress-parity/model"
)

// idSide describes one side of an identity case: the policy of its single route per
// listener scheme, and the listeners' client-IP derivation.
type idSide struct {
	HTTP, HTTPS *model.Policy
	ClientIP    *model.ClientIPDerivation
	// Headers are the route's own request-header edits.
	Headers model.HeaderChanges
}

// idModel builds a model serving shop.example.com on http:80 and https:443 with one
// forwarding route per listener.
func idModel(name string, s idSide) *model.Model {
	route := func(scheme model.Scheme, p *model.Policy) model.Route {
		return model.Route{
			ID:    name + " " + string(scheme),
			Match: model.Match{Path: model.PathMatch{Kind: model.PathSegmentPrefix, Value: "/"}},
			Decision: model.Decision{Kind: model.Forward, RequestHeaders: s.Headers,
				Backends: []model.Backend{{Namespace: "shop", Service: "web", Port: 80, Weight: 1}}},
			Policy: p,
			Source: model.Source{Kind: "Route", Namespace: "shop", Name: name, File: name + ".yaml", Line: 1},
		}
	}
	listener := func(scheme model.Scheme, port int32, p *model.Policy) model.Listener {
		return model.Listener{Name: string(scheme), Port: port, Scheme: scheme, ClientIP: s.ClientIP,
			VirtualHosts: []model.VirtualHost{{
				Host:     model.Host{Pattern: "shop.example.com"},
				Routes:   []model.Route{route(scheme, p)},
				Fallback: model.Decision{Kind: model.Reject, Status: 404},
			}}}
	}
	return &model.Model{Side: name, Profile: model.Profile{Name: name, Wildcard: model.WildcardOneLabel},
		EntryPoints: []model.EntryPoint{{Name: name, Listeners: []model.Listener{
			listener(model.HTTP, 80, s.HTTP), listener(model.HTTPS, 443, s.HTTPS),
		}}}}
}

// both puts one policy on both listeners.
func both(p *model.Policy) idSide { return idSide{HTTP: p, HTTPS: p} }

var (
	allowOffice = &model.Policy{IPAccess: &model.IPAccess{Address: model.AddressClient, Default: model.Deny, DenyStatus: 403,
		Rules:  []model.IPRule{{Action: model.Allow, CIDRs: []string{"10.0.0.0/8"}}},
		Source: model.Source{Kind: "Ingress", Name: "allow"}}}
	stripBasic = &model.Policy{Auth: &model.Auth{Basic: &model.BasicAuth{Secret: "shop/htpasswd", StripAuthorization: true, Source: model.Source{Kind: "Ingress", Name: "basic"}}}}
	allowDocs  = &model.Policy{IPAccess: &model.IPAccess{Address: model.AddressClient, Default: model.Deny, DenyStatus: 403,
		Rules: []model.IPRule{{Action: model.Allow, CIDRs: []string{"203.0.113.0/24"}}}, Source: model.Source{Kind: "Ingress", Name: "docs"}}}
	basicShop = &model.Policy{Auth: &model.Auth{Basic: &model.BasicAuth{Secret: "shop/htpasswd", Source: model.Source{Kind: "Ingress", Name: "basic"}}}}
	extAuth   = func(codes []int, cp model.ClientCopy) *model.Policy {
		return &model.Policy{Auth: &model.Auth{External: &model.ExternalAuth{URL: "http://auth.shop:8080/verify", SuccessCodes: codes,
			ResponseHeaders: []string{"X-User"}, ClientCopy: cp, Source: model.Source{Kind: "Auth", Name: string(cp)}}}}
	}
	mtls = func(mode model.ClientCertMode, headers ...string) *model.Policy {
		return &model.Policy{Auth: &model.Auth{ClientCert: &model.ClientCertAuth{CASecrets: []string{"shop/client-ca"}, Mode: mode,
			Headers: headers, Source: model.Source{Kind: "TLS", Name: string(mode)}}}}
	}
	xffOneHop = &model.ClientIPDerivation{From: model.ClientIPForwardedFor, Header: "X-Forwarded-For", TrustedHops: 1,
		Source: model.Source{Kind: "ClientTrafficPolicy", Name: "xff"}}
	replaceXFF = []model.IdentityHeader{{Name: "X-Forwarded-For", Action: model.HeaderReplace, Value: model.ValueClientIP},
		{Name: "X-Real-IP", Action: model.HeaderReplace, Value: model.ValueClientIP}}
	appendXFF = []model.IdentityHeader{{Name: "X-Forwarded-For", Action: model.HeaderAppend, Value: model.ValuePeerIP},
		{Name: "X-Real-IP", Action: model.HeaderReplace, Value: model.ValueClientIP}}
)

// withHeaders returns p (or an empty policy) with upstream identity headers hs.
func withHeaders(p *model.Policy, hs []model.IdentityHeader) *model.Policy {
	out := &model.Policy{}
	if p != nil {
		*out = *p
	}
	out.UpstreamHeaders = hs
	return out
}

// want is one expected finding: category, severity and substrings of title and witness.
type want struct {
	Category finding.Category
	Severity finding.Severity
	Title    string
	// Witness holds "scheme", "clientIP", "header:NAME=VALUE", "credentials", "cert" checks.
	Witness map[string]string
}

func TestIdentityFindings(t *testing.T) {
	cases := []struct {
		name     string
		old, new idSide
		opts     Options
		want     []want
	}{
		{name: "same allow list gives nothing", old: both(allowOffice), new: both(allowOffice)},
		{name: "allow list dropped is an exposure from outside the list",
			old: both(allowOffice), new: both(nil),
			want: []want{{finding.Exposure, finding.Critical, "a caller from 203.0.113.7 without credentials reaches shop/web:80",
				map[string]string{"clientIP": "203.0.113.7", "scheme": "http"}}}},
		{name: "allow list guarding only HTTPS exposes the HTTP route",
			old: both(allowOffice), new: idSide{HTTPS: allowOffice},
			want: []want{{finding.Exposure, finding.Critical, "reaches shop/web:80", map[string]string{"scheme": "http"}}}},
		{name: "narrower allow list breaks callers",
			old: both(allowOffice),
			new: both(&model.Policy{IPAccess: &model.IPAccess{Address: model.AddressClient, Default: model.Deny, DenyStatus: 403,
				Rules: []model.IPRule{{Action: model.Allow, CIDRs: []string{"10.1.0.0/16"}}}}}),
			want: []want{{finding.Breakage, finding.High, "a caller from 10.0.0.7", map[string]string{"clientIP": "10.0.0.7"}}}},
		{name: "basic auth dropped is an exposure without credentials",
			old: both(basicShop), new: both(nil),
			want: []want{{finding.Exposure, finding.Critical, "without credentials reaches", map[string]string{"credentials": ""}}}},
		{name: "same basic auth secret gives nothing", old: both(basicShop), new: both(basicShop)},
		{name: "external auth success on any 2xx versus 200 only breaks 204 answers",
			old: both(extAuth(nil, model.ClientCopyRemoved)), new: both(extAuth([]int{200}, model.ClientCopyRemoved)),
			want: []want{{finding.Breakage, finding.High, "the external auth service answers 204", map[string]string{"credentials": "the external auth service answers 204"}}}},
		{name: "external auth response header kept when unset is spoofable",
			old: both(extAuth([]int{200}, model.ClientCopyRemoved)), new: both(extAuth([]int{200}, model.ClientCopyKeptIfUnset)),
			want: []want{{finding.Identity, finding.High, "a client-supplied X-User now reaches the upstream", map[string]string{"header:X-User": "ingress-parity-forged"}}}},
		{name: "required client certificates becoming optional expose callers without one",
			old: both(mtls(model.CertRequired)), new: both(mtls(model.CertOptional)),
			want: []want{{finding.Exposure, finding.Critical, "without credentials reaches", map[string]string{"scheme": "https", "cert": ""}}}},
		{name: "mTLS dropped exposes and loses the certificate facts",
			old: both(mtls(model.CertRequired, "ssl-client-verify", "ssl-client-subject-dn")), new: both(nil),
			want: []want{
				{finding.Exposure, finding.Critical, "reaches", map[string]string{"scheme": "https"}},
				{finding.Identity, finding.High, "a client-supplied Ssl-Client-Verify, Ssl-Client-Subject-Dn now reach", map[string]string{
					"header:Ssl-Client-Verify": "ingress-parity-forged", "header:Ssl-Client-Subject-Dn": "ingress-parity-forged"}},
				{finding.Identity, finding.Medium, "no longer learns about the client certificate", map[string]string{"scheme": "https", "cert": "valid for CA shop/client-ca"}},
			}},
		{name: "client IP from X-Forwarded-For on the new side only makes the allow list spoofable",
			old: both(allowOffice), new: idSide{HTTP: allowOffice, HTTPS: allowOffice, ClientIP: xffOneHop},
			want: []want{
				{finding.Exposure, finding.Critical, "sending X-Forwarded-For: 10.0.0.7 without", map[string]string{"clientIP": "203.0.113.7", "header:X-Forwarded-For": "10.0.0.7"}},
				{finding.Breakage, finding.High, "a caller from 10.0.0.7 sending X-Forwarded-For: 203.0.113.7 without credentials is refused", nil},
				{finding.Identity, finding.High, "the client address is now taken from X-Forwarded-For", map[string]string{"header:X-Forwarded-For": "192.0.2.66"}},
			}},
		{name: "X-Forwarded-For appended instead of replaced",
			old: both(withHeaders(nil, replaceXFF)), new: both(withHeaders(nil, appendXFF)),
			want: []want{{finding.Identity, finding.Medium, "a client-supplied X-Forwarded-For now reaches the upstream (old: dropped, new: appended)",
				map[string]string{"header:X-Forwarded-For": "192.0.2.66"}}}},
		{name: "a route that removes the header protects it like the old side",
			old:  both(withHeaders(nil, replaceXFF)),
			new:  idSide{HTTP: withHeaders(nil, appendXFF), HTTPS: withHeaders(nil, appendXFF), Headers: model.HeaderChanges{Remove: []string{"x-forwarded-for"}}},
			want: nil},
		{name: "user identity header dropped by the old route only",
			old:  idSide{Headers: model.HeaderChanges{Set: map[string]string{"X-Tenant": "acme"}}},
			new:  idSide{},
			opts: Options{IdentityHeaders: []string{"X-Tenant"}},
			want: []want{{finding.Identity, finding.High, "a client-supplied X-Tenant now reaches", map[string]string{"header:X-Tenant": "ingress-parity-forged"}}}},
		{name: "body limit dropped lets larger bodies through",
			old: both(&model.Policy{BodyLimit: &model.BodyLimit{MaxBytes: 1 << 20, Status: 413}}), new: both(nil),
			want: []want{{finding.Fidelity, finding.Medium, "request body limit differs (old: 1048576 bytes (larger bodies get 413); new: unlimited)", nil}}},
		{name: "rate limits compare by sustained rate, not burst",
			old: both(&model.Policy{RateLimit: &model.RateLimit{RequestsPerSecond: 20, Burst: 100}}),
			new: both(&model.Policy{RateLimit: &model.RateLimit{RequestsPerSecond: 20, Burst: 20, Key: "client-ip"}})},
		{name: "CORS opened to more origins",
			old:  both(&model.Policy{CORS: &model.CORS{AllowOrigins: []string{"https://shop.example.com"}}}),
			new:  both(&model.Policy{CORS: &model.CORS{AllowOrigins: []string{"*"}}}),
			want: []want{{finding.Fidelity, finding.Medium, "CORS differs", nil}}},
		{name: "HSTS lost is compared on HTTPS only",
			old: both(&model.Policy{HSTS: &model.HSTS{MaxAge: 31536000}}), new: both(nil),
			want: []want{{finding.Fidelity, finding.Low, "Strict-Transport-Security differs", map[string]string{"scheme": "https"}}}},
		{name: "basic auth that no longer clears Authorization hands the password upstream",
			old: both(stripBasic), new: both(basicShop),
			want: []want{{finding.Identity, finding.High, "a client-supplied Authorization now reaches the upstream", nil}}},
		{name: "a route that removes Authorization after basic auth is equivalent",
			old: both(stripBasic), new: idSide{HTTP: basicShop, HTTPS: basicShop, Headers: model.HeaderChanges{Remove: []string{"Authorization"}}}},
		{name: "certificate-fact headers without requested certificates are no certificate facts (and no crash)",
			old: idSide{HTTPS: withHeaders(nil, []model.IdentityHeader{{Name: "ssl-client-subject-dn", Action: model.HeaderReplace, Value: model.ValueClientCert}})},
			new: idSide{}},
		{name: "X-Forwarded-For trusted only from the load balancer's range is not client-controlled",
			old: both(nil),
			new: idSide{ClientIP: &model.ClientIPDerivation{From: model.ClientIPForwardedFor, Header: "X-Forwarded-For", TrustedCIDRs: []string{"10.0.0.0/8"}, Recursive: true}}},
		{name: "an optional JWT lets basic credentials through as no token",
			old: both(basicShop),
			new: both(&model.Policy{Auth: &model.Auth{Basic: basicShop.Auth.Basic, JWT: &model.JWTAuth{Optional: true, Providers: []model.JWTProvider{{Name: "corp", Issuer: "https://idp"}}}}})},
		{name: "appended becoming passed is high",
			old: both(withHeaders(nil, appendXFF)), new: both(withHeaders(nil, []model.IdentityHeader{{Name: "X-Forwarded-For", Action: model.HeaderPass}, appendXFF[1]})),
			want: []want{{finding.Identity, finding.High, "X-Forwarded-For now reaches the upstream (old: appended, new: passes)", nil}}},
		{name: "a recursive walk past trusted proxies differs from a single step",
			old:  idSide{HTTP: allowDocs, HTTPS: allowDocs, ClientIP: &model.ClientIPDerivation{From: model.ClientIPForwardedFor, Header: "X-Forwarded-For", TrustedCIDRs: []string{"10.0.0.0/8"}, Recursive: true}},
			new:  idSide{HTTP: allowDocs, HTTPS: allowDocs, ClientIP: &model.ClientIPDerivation{From: model.ClientIPForwardedFor, Header: "X-Forwarded-For", TrustedCIDRs: []string{"10.0.0.0/8"}}},
			want: []want{{finding.Breakage, finding.High, "a caller from 10.0.0.7 sending X-Forwarded-For: 203.0.113.7, 10.0.0.7", nil}}},
		{name: "basic-auth policy rejected for an entry the data plane cannot verify breaks every user",
			old:  both(basicShop),
			new:  both(&model.Policy{Auth: &model.Auth{Basic: &model.BasicAuth{Secret: "shop/htpasswd", Schemes: map[string]int{"bcrypt": 1, "{SHA}": 2}, AcceptedSchemes: []string{"{SHA}"}}}}),
			want: []want{{finding.Breakage, finding.High, "valid credentials for basic-auth secret shop/htpasswd is refused", nil}}},
		{name: "basic-auth entries all verifiable are equivalent",
			old: both(basicShop),
			new: both(&model.Policy{Auth: &model.Auth{Basic: &model.BasicAuth{Secret: "shop/htpasswd", Schemes: map[string]int{"{SHA}": 2}, AcceptedSchemes: []string{"{SHA}"}}}})},
		{name: "satisfy any on the old side admits listed addresses without credentials",
			old: both(&model.Policy{IPAccess: allowOffice.IPAccess, Auth: basicShop.Auth, Satisfy: model.SatisfyAny}),
			new: both(&model.Policy{IPAccess: allowOffice.IPAccess, Auth: basicShop.Auth, Satisfy: model.SatisfyAll}),
			want: []want{
				{finding.Breakage, finding.High, "a caller from 10.0.0.7 without credentials is refused", nil},
				{finding.Breakage, finding.High, "a caller from 203.0.113.7 with valid credentials for basic-auth secret shop/htpasswd is refused", map[string]string{"credentials": "valid credentials for basic-auth secret shop/htpasswd"}},
			}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			res := Check(idModel("old", tc.old), idModel("new", tc.new), tc.opts)
			var got []finding.Finding
			for _, f := range res.Findings {
				if f.Category != finding.Fidelity || strings.HasPrefix(f.ID, "fidelity-") && !strings.Contains(f.Title, "request headers") {
					got = append(got, f) // leave out routing's report of the route's own header edits
				}
			}
			if len(got) != len(tc.want) {
				for _, f := range got {
					t.Logf("got %s %s %s | %s", f.Severity, f.Category, f.Title, f.Curl)
				}
				t.Fatalf("got %d findings, want %d", len(got), len(tc.want))
			}
			for _, w := range tc.want {
				if !matchesWant(got, w) {
					for _, f := range got {
						t.Logf("got %s %s %s | witness %+v", f.Severity, f.Category, f.Title, f.Witness)
					}
					t.Errorf("no finding %s %s %q with witness %v", w.Severity, w.Category, w.Title, w.Witness)
				}
			}
		})
	}
}

// matchesWant reports whether some finding matches w.
func matchesWant(got []finding.Finding, w want) bool {
	for _, f := range got {
		if f.Category != w.Category || f.Severity != w.Severity || !strings.Contains(f.Title, w.Title) {
			continue
		}
		ok := true
		for k, v := range w.Witness {
			var have string
			switch {
			case k == "scheme":
				have = f.Witness.Scheme
			case k == "clientIP":
				have = f.Witness.ClientIP
			case k == "credentials":
				have = f.Witness.Credentials
			case k == "cert":
				have = f.Witness.ClientCert
			case strings.HasPrefix(k, "header:"):
				have = f.Witness.Headers[strings.TrimPrefix(k, "header:")]
			}
			ok = ok && have == v
		}
		if ok {
			return true
		}
	}
	return false
}

// TestIdentityWitnessHoldsNoSecret checks that identity witnesses name credential classes
// and never carry a value from the policies (header values sent to auth services).
func TestIdentityWitnessHoldsNoSecret(t *testing.T) {
	const token = "s3cr3t-token-value"
	p := extAuth(nil, model.ClientCopyRemoved)
	p.Auth.External.SetHeaders = map[string]model.Secret{"X-Api-Token": token}
	res := Check(idModel("old", both(p)), idModel("new", both(nil)), Options{})
	if len(res.Findings) == 0 {
		t.Fatal("want an exposure for the dropped external auth")
	}
	for _, f := range res.Findings {
		for _, s := range []string{f.Title, f.Explanation, f.Curl, f.Witness.Credentials, strings.Join(mapValues(f.Witness.Headers), " ")} {
			if strings.Contains(s, token) {
				t.Errorf("finding %s leaks the token: %q", f.ID, s)
			}
		}
	}
}

func mapValues(m map[string]string) []string {
	var out []string
	for _, v := range m {
		out = append(out, v)
	}
	return out
}

// TestUnmodelledHeadersAreAGap checks that a side whose frontend does not model identity
// headers (istio, generic) gives a gap, not a spoofing finding read off its nil policies.
func TestUnmodelledHeadersAreAGap(t *testing.T) {
	newM := idModel("new", idSide{})
	newM.Notes = append(newM.Notes, model.Note{Level: model.NoteWarning, Code: unmodelledHeaders, Message: "not modelled"})
	res := Check(idModel("old", both(withHeaders(nil, replaceXFF))), newM, Options{})
	for _, f := range res.Findings {
		if f.Category == finding.Identity {
			t.Errorf("identity finding from an unmodelled side: %s", f.Title)
		}
	}
	found := false
	for _, g := range res.Incomplete {
		found = found || strings.Contains(g.Reason, "does not model its implementation's identity headers")
	}
	if !found {
		t.Errorf("no gap for the unmodelled headers: %+v", res.Incomplete)
	}
}

// TestCallerCapIsAGap checks that a route pair with more caller classes than maxCallers is
// compared on the first ones and says so, instead of running for minutes.
func TestCallerCapIsAGap(t *testing.T) {
	var cidrs []string
	for i := range 300 {
		cidrs = append(cidrs, fmt.Sprintf("10.%d.%d.0/24", i/100, (i%100)*2)) // not adjacent: 600 classes
	}
	wide := &model.Policy{IPAccess: &model.IPAccess{Address: model.AddressClient, Default: model.Deny, DenyStatus: 403,
		Rules: []model.IPRule{{Action: model.Allow, CIDRs: cidrs}}}}
	res := Check(idModel("old", both(wide)), idModel("new", idSide{HTTP: wide, HTTPS: wide, ClientIP: xffOneHop}), Options{})
	capped := false
	for _, g := range res.Incomplete {
		capped = capped || strings.Contains(g.Reason, "caller classes")
	}
	if !capped {
		t.Errorf("no gap for the capped caller classes: %+v", res.Incomplete)
	}
	exposed := false
	for _, f := range res.Findings {
		exposed = exposed || f.Category == finding.Exposure
	}
	if !exposed {
		t.Error("the spoofable allow list is still an exposure within the cap")
	}
}

// TestRemovalTheOtherPolicyDropsIsNoRoutingDifference checks that a route removing a header
// the other side's policy already drops (Authorization after nginx basic auth) is neither a
// routing fidelity finding nor an identity one.
func TestRemovalTheOtherPolicyDropsIsNoRoutingDifference(t *testing.T) {
	res := Check(idModel("old", both(stripBasic)),
		idModel("new", idSide{HTTP: basicShop, HTTPS: basicShop, Headers: model.HeaderChanges{Remove: []string{"Authorization"}}}), Options{})
	for _, f := range res.Findings {
		t.Errorf("finding %s %s", f.Category, f.Title)
	}
}

func TestAuthServiceKey(t *testing.T) {
	tests := []struct{ a, b string }{
		{"http://auth-gateway.auth.svc.cluster.local:8080/verify", "http://auth-gateway.auth:8080/verify"},
		{"http://auth.shop.svc/check", "http://auth.shop:80/check"},
		{"https://user:pw@login.example.com", "https://login.example.com:443/"},
	}
	for _, tt := range tests {
		if ka, kb := authServiceKey(tt.a), authServiceKey(tt.b); ka != kb {
			t.Errorf("%s -> %s, %s -> %s: want the same service", tt.a, ka, tt.b, kb)
		}
	}
	if strings.Contains(authServiceKey("https://user:pw@login.example.com"), "pw") {
		t.Error("URL credentials in the key")
	}
	if authServiceKey("http://auth.a:8080/verify") == authServiceKey("http://auth.b:8080/verify") {
		t.Error("different namespaces are different services")
	}
}

// TestDifferentAuthServicesAreAGap checks that two sides asking different auth services is
// said, since the answer classes assume one service.
func TestDifferentAuthServicesAreAGap(t *testing.T) {
	other := extAuth(nil, model.ClientCopyRemoved)
	other.Auth.External.URL = "http://other.auth:8080/verify"
	res := Check(idModel("old", both(extAuth(nil, model.ClientCopyRemoved))), idModel("new", both(other)), Options{})
	for _, g := range res.Incomplete {
		if strings.Contains(g.Reason, "different external auth services") {
			return
		}
	}
	t.Errorf("no gap: %+v", res.Incomplete)
}

// TestRemovingAnOverwrittenHeaderIsARoutingDifference: the old side overwrites X-Real-IP
// with the client address; a new route that removes it gives the upstream nothing, which the
// routing comparison reports (only a header the other side also removes is left out).
func TestRemovingAnOverwrittenHeaderIsARoutingDifference(t *testing.T) {
	res := Check(idModel("old", both(withHeaders(nil, replaceXFF))),
		idModel("new", idSide{HTTP: withHeaders(nil, replaceXFF), HTTPS: withHeaders(nil, replaceXFF), Headers: model.HeaderChanges{Remove: []string{"X-Real-IP"}}}), Options{})
	for _, f := range res.Findings {
		if f.Category == finding.Fidelity && strings.Contains(f.Title, "request headers") {
			return
		}
	}
	t.Errorf("no request-header difference among %d findings", len(res.Findings))
}

// TestUpstreamTLSVerificationIsCompared: a backend whose certificate the new side verifies
// and the old does not is a fidelity difference, whatever the policies' sources.
func TestUpstreamTLSVerificationIsCompared(t *testing.T) {
	newM := idModel("new", idSide{})
	for i := range newM.EntryPoints[0].Listeners {
		r := &newM.EntryPoints[0].Listeners[i].VirtualHosts[0].Routes[0]
		r.Decision.Backends[0].TLS = &model.UpstreamTLS{Verify: true, CACertificates: []string{"ConfigMap shop/ca"}, Hostname: "web.shop", Source: model.Source{Kind: "BackendTLSPolicy", Name: "web"}}
	}
	res := Check(idModel("old", idSide{}), newM, Options{})
	for _, f := range res.Findings {
		if strings.Contains(f.Title, "upstream TLS") {
			return
		}
	}
	t.Errorf("no upstream TLS difference among %d findings", len(res.Findings))
}
