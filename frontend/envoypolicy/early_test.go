package envoypolicy

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/apimachinery/pkg/types"

	"github.com/ingress-parity/ingress-parity/load"
	"github.com/ingress-parity/ingress-parity/model"
)

// TestEarlyRequestHeaders holds the listener's identity headers against earlyRequestHeaders
// applied before Envoy's own header handling.
func TestEarlyRequestHeaders(t *testing.T) {
	type want struct {
		header model.IdentityHeader // Name, Action, Value, From (Source ignored)
		fate   model.Fate
	}
	tests := []struct {
		name       string
		spec       string
		https      bool
		want       []want
		clientIP   model.ClientIPSource
		opaque     string // substring of the joined opaque marks ("" for none)
		noEarlySrc bool   // the header keeps Envoy's own source
	}{
		{
			name: "remove X-Forwarded-For early leaves only the peer Envoy appends",
			spec: `{"headers":{"earlyRequestHeaders":{"remove":["X-Forwarded-For"]}}}`,
			want: []want{{model.IdentityHeader{Name: "X-Forwarded-For", Action: model.HeaderReplace, Value: model.ValuePeerIP}, model.FateDropped}},
		},
		{
			name: "remove X-Real-IP strips it",
			spec: `{"headers":{"earlyRequestHeaders":{"remove":["x-real-ip"]}}}`,
			want: []want{{model.IdentityHeader{Name: "X-Real-IP", Action: model.HeaderStrip}, model.FateDropped}},
		},
		{
			name: "set X-Real-IP to the remote address operator is the peer",
			spec: `{"headers":{"earlyRequestHeaders":{"set":[{"name":"X-Real-IP","value":"%DOWNSTREAM_REMOTE_ADDRESS_WITHOUT_PORT%"}]}}}`,
			want: []want{{model.IdentityHeader{Name: "X-Real-IP", Action: model.HeaderReplace, Value: model.ValuePeerIP}, model.FateDropped}},
		},
		{
			name: "set a literal replaces the client's value",
			spec: `{"headers":{"earlyRequestHeaders":{"set":[{"name":"X-Real-IP","value":"203.0.113.1"}]}}}`,
			want: []want{{model.IdentityHeader{Name: "X-Real-IP", Action: model.HeaderReplace, Value: model.ValueLiteral}, model.FateDropped}},
		},
		{
			name: "add appends to the client's value",
			spec: `{"headers":{"earlyRequestHeaders":{"add":[{"name":"X-Real-IP","value":"edge"}]}}}`,
			want: []want{{model.IdentityHeader{Name: "X-Real-IP", Action: model.HeaderAppend, Value: model.ValueLiteral}, model.FateAppended}},
		},
		{
			name: "addIfAbsent lets the client's value pass",
			spec: `{"headers":{"earlyRequestHeaders":{"addIfAbsent":[{"name":"X-Real-IP","value":"none"}]}}}`,
			want: []want{{model.IdentityHeader{Name: "X-Real-IP", Action: model.HeaderPassOrGenerate, Value: model.ValueLiteral}, model.FatePasses}},
		},
		{
			name:       "add to X-Forwarded-For keeps Envoy's append",
			spec:       `{"headers":{"earlyRequestHeaders":{"add":[{"name":"X-Forwarded-For","value":"10.0.0.1"}]}}}`,
			want:       []want{{model.IdentityHeader{Name: "X-Forwarded-For", Action: model.HeaderAppend, Value: model.ValuePeerIP}, model.FateAppended}},
			noEarlySrc: true,
		},
		{
			name:       "set X-Request-ID is overridden by Envoy's Generate",
			spec:       `{"headers":{"earlyRequestHeaders":{"set":[{"name":"X-Request-ID","value":"fixed"}]}}}`,
			want:       []want{{model.IdentityHeader{Name: "X-Request-ID", Action: model.HeaderReplace, Value: model.ValueRequestID}, model.FateDropped}},
			noEarlySrc: true,
		},
		{
			name: "remove X-Request-ID under PreserveOrGenerate always generates",
			spec: `{"headers":{"requestID":"PreserveOrGenerate","earlyRequestHeaders":{"remove":["X-Request-ID"]}}}`,
			want: []want{{model.IdentityHeader{Name: "X-Request-ID", Action: model.HeaderReplace, Value: model.ValueRequestID}, model.FateDropped}},
		},
		{
			name: "set from another request header copies the client's value",
			spec: `{"headers":{"earlyRequestHeaders":{"set":[{"name":"X-User","value":"%REQ(X-Forwarded-User)%"}]}}}`,
			want: []want{{model.IdentityHeader{Name: "X-User", Action: model.HeaderReplace, Value: model.ValueCopy, From: "X-Forwarded-User"}, model.FateDropped}},
		},
		{
			name: "a header both set and removed is removed",
			spec: `{"headers":{"earlyRequestHeaders":{"set":[{"name":"X-Tenant","value":"a"}],"remove":["X-Tenant"]}}}`,
			want: []want{{model.IdentityHeader{Name: "X-Tenant", Action: model.HeaderStrip}, model.FateDropped}},
		},
		{
			name:   "removeOnMatch strips matching identity headers and is opaque for the rest",
			spec:   `{"headers":{"earlyRequestHeaders":{"removeOnMatch":[{"type":"Prefix","value":"x-real"}]}}}`,
			want:   []want{{model.IdentityHeader{Name: "X-Real-IP", Action: model.HeaderStrip}, model.FateDropped}},
			opaque: "removes headers by name pattern",
		},
		{
			name:       "an invalid header name makes the policy fail: every route answers 500",
			spec:       `{"headers":{"earlyRequestHeaders":{"set":[{"name":"a:b","value":"x"}],"remove":["X-Real-IP"]}}}`,
			want:       []want{{model.IdentityHeader{Name: "X-Real-IP", Action: model.HeaderPass}, model.FatePasses}},
			opaque:     "answers 500 on every route",
			noEarlySrc: true,
		},
		{
			name:   "an unknown command operator is kept literal and reported",
			spec:   `{"headers":{"earlyRequestHeaders":{"set":[{"name":"X-Real-IP","value":"%START_TIME%"}]}}}`,
			want:   []want{{model.IdentityHeader{Name: "X-Real-IP", Action: model.HeaderReplace, Value: model.ValueLiteral}, model.FateDropped}},
			opaque: "command operators that are not modelled",
		},
		{
			name:     "removing the X-Forwarded-For that clientIPDetection reads falls back to the peer",
			spec:     `{"clientIPDetection":{"xForwardedFor":{"numTrustedHops":1}},"headers":{"earlyRequestHeaders":{"remove":["X-Forwarded-For"]}}}`,
			want:     []want{{model.IdentityHeader{Name: "X-Forwarded-For", Action: model.HeaderReplace, Value: model.ValuePeerIP}, model.FateDropped}},
			clientIP: model.ClientIPPeer,
		},
		{
			name:     "setting the X-Forwarded-For that clientIPDetection reads is opaque",
			spec:     `{"clientIPDetection":{"xForwardedFor":{"numTrustedHops":1}},"headers":{"earlyRequestHeaders":{"set":[{"name":"X-Forwarded-For","value":"10.1.1.1"}]}}}`,
			clientIP: model.ClientIPForwardedFor,
			opaque:   "which clientIPDetection reads",
		},
		{
			name:     "removing a failClosed custom header refuses every request",
			spec:     `{"clientIPDetection":{"customHeader":{"name":"X-Client-IP","failClosed":true}},"headers":{"earlyRequestHeaders":{"remove":["X-Client-IP"]}}}`,
			clientIP: model.ClientIPCustomHeader,
			opaque:   "Envoy refuses every request",
		},
		{
			name:  "with mTLS and ForwardOnly an early remove drops X-Forwarded-Client-Cert",
			spec:  `{"tls":{"clientValidation":{"caCertificateRefs":[{"name":"ca"}]}},"headers":{"xForwardedClientCert":{"mode":"ForwardOnly"},"earlyRequestHeaders":{"remove":["X-Forwarded-Client-Cert"]}}}`,
			https: true,
			want:  []want{{model.IdentityHeader{Name: "X-Forwarded-Client-Cert", Action: model.HeaderStrip}, model.FateDropped}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := decodeOne(t, KindClientTrafficPolicy, tt.spec)
			if len(p.Unknown) > 0 {
				t.Fatalf("unknown fields: %v", p.Unknown)
			}
			lp := convertClient(p, tt.https)
			pol := &model.Policy{UpstreamHeaders: lp.Headers}
			if lp.ClientCert != nil {
				pol.Auth = &model.Auth{ClientCert: lp.ClientCert}
			}
			for _, w := range tt.want {
				var got *model.IdentityHeader
				for i, h := range lp.Headers {
					if strings.EqualFold(h.Name, w.header.Name) {
						got = &lp.Headers[i]
					}
				}
				if got == nil {
					t.Fatalf("no %s in %+v", w.header.Name, lp.Headers)
				}
				if d := cmp.Diff(w.header, *got, ignoreSource); d != "" {
					t.Errorf("%s (-want +got):\n%s", w.header.Name, d)
				}
				if early := strings.HasPrefix(got.Source.Field, "spec.headers.earlyRequestHeaders"); early == tt.noEarlySrc {
					t.Errorf("%s: source %s (want the early field: %v)", w.header.Name, got.Source.Field, !tt.noEarlySrc)
				}
				if f := pol.ClientHeaderFate(w.header.Name); f != w.fate {
					t.Errorf("%s: fate %s, want %s", w.header.Name, f, w.fate)
				}
			}
			if tt.clientIP != "" && lp.ClientIP.From != tt.clientIP {
				t.Errorf("client IP from %s, want %s", lp.ClientIP.From, tt.clientIP)
			}
			opaque := strings.Join(lp.Opaque, "; ")
			if tt.opaque == "" && opaque != "" || !strings.Contains(opaque, tt.opaque) {
				t.Errorf("opaque %q, want %q", opaque, tt.opaque)
			}
			if err := pol.Validate(); err != nil {
				t.Errorf("policy does not validate: %v", err)
			}
		})
	}
}

// TestEarlyCopyCarriesClientValue: a header set from %REQ(h)% carries the client's h to the
// upstream under another name.
func TestEarlyCopyCarriesClientValue(t *testing.T) {
	lp := convertClient(decodeOne(t, KindClientTrafficPolicy, `{"headers":{"earlyRequestHeaders":{"set":[{"name":"X-User","value":"%REQ(X-Forwarded-User):64%"}]}}}`), false)
	got := (&model.Policy{UpstreamHeaders: lp.Headers}).ClientValueCarriers("X-Forwarded-User")
	if d := cmp.Diff([]string{"X-Forwarded-User", "X-User"}, got); d != "" {
		t.Errorf("carriers (-want +got):\n%s", d)
	}
}

func TestReqOperator(t *testing.T) {
	tests := []struct {
		in   string
		want string
		ok   bool
	}{
		{"%REQ(x-user)%", "x-user", true},
		{"%REQ(x-user):10%", "x-user", true},
		{"%REQ(a?b)%", "", false},
		{"id=%REQ(x-user)%", "", false},
		{"%REQ()%", "", false},
		{"%REQ(x)y%", "", false},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, ok := reqOperator(tt.in)
			if got != tt.want || ok != tt.ok {
				t.Errorf("reqOperator(%q) = %q, %v; want %q, %v", tt.in, got, ok, tt.want, tt.ok)
			}
		})
	}
}

func TestRewritesBeforeRouting(t *testing.T) {
	lp := convertClient(decodeOne(t, KindClientTrafficPolicy, `{"headers":{"earlyRequestHeaders":{"set":[{"name":"X-Canary","value":"0"}],
	  "removeOnMatch":[{"type":"RegularExpression","value":"x-debug-.*"}]}}}`), false)
	tests := []struct {
		header string
		want   bool
	}{
		{"x-canary", true},
		{"X-Debug-Trace", true},
		{"X-Debug", false},
		{"X-Other", false},
	}
	for _, tt := range tests {
		t.Run(tt.header, func(t *testing.T) {
			if got := lp.RewritesBeforeRouting(tt.header); got != tt.want {
				t.Errorf("RewritesBeforeRouting(%s) = %v, want %v", tt.header, got, tt.want)
			}
		})
	}
	if (ListenerPolicy{}).RewritesBeforeRouting("x-canary") {
		t.Error("a listener without earlyRequestHeaders rewrites nothing")
	}
}

// TestEarlyCredentialHeaderIsOpaque: an early change to the header authentication reads its
// credentials from is reported on the route; one to another header is not.
func TestEarlyCredentialHeaderIsOpaque(t *testing.T) {
	tests := []struct {
		name, early string
		want        bool
	}{
		{"Authorization removed before basic auth", `{"remove":["authorization"]}`, true},
		{"an unrelated header", `{"remove":["X-Other"]}`, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := &load.Resources{Other: []load.Object[*unstructured.Unstructured]{
				policyObject(KindClientTrafficPolicy, "ctp", `{"targetRefs":[{"group":"gateway.networking.k8s.io","kind":"Gateway","name":"gw"}],
				  "headers":{"earlyRequestHeaders":`+tt.early+`}}`),
				policyObject(KindSecurityPolicy, "sp", `{"targetRefs":[{"group":"gateway.networking.k8s.io","kind":"Gateway","name":"gw"}],
				  "basicAuth":{"users":{"name":"htpasswd"}}}`),
			}}
			res.Gateways = append(res.Gateways, gateway("ns", "gw", "http"))
			rp := Build(res).Route(Attachment{Gateway: types.NamespacedName{Namespace: "ns", Name: "gw"}, Listener: "http", RouteKind: "HTTPRoute", Route: types.NamespacedName{Namespace: "ns", Name: "r"}})
			got := strings.Contains(strings.Join(rp.Opaque, "; "), "before authentication reads credentials")
			if got != tt.want {
				t.Errorf("opaque %v, want the credential mark: %v", rp.Opaque, tt.want)
			}
		})
	}
}
