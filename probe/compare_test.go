package probe

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestCompare(t *testing.T) {
	witnessA := &Outcome{Status: 200, Backend: "shop/app", Upstream: &Upstream{Method: "GET", Path: "/a", Host: "h", Headers: map[string]string{"x-forwarded-for": "127.0.0.1"}}, BodySHA256: "1"}
	tests := []struct {
		name string
		a, b *Outcome
		opts CompareOptions
		want []string
	}{
		{name: "same witness answer, different body bytes", a: witnessA, b: &Outcome{Status: 200, Backend: "shop/app", Upstream: &Upstream{Method: "GET", Path: "/a", Host: "h", Headers: map[string]string{"x-forwarded-for": "127.0.0.1"}}, BodySHA256: "2"}},
		{name: "other backend", a: witnessA, b: &Outcome{Status: 200, Backend: "shop/api", Upstream: witnessA.Upstream}, want: []string{"backend"}},
		{name: "appended forwarded-for", a: witnessA, b: &Outcome{Status: 200, Backend: "shop/app", Upstream: &Upstream{Method: "GET", Path: "/a", Host: "h", Headers: map[string]string{"x-forwarded-for": "203.0.113.7, 127.0.0.1"}}}, want: []string{"upstream:x-forwarded-for"}},
		{name: "identity header only on one side", a: witnessA, b: &Outcome{Status: 200, Backend: "shop/app", Upstream: &Upstream{Method: "GET", Path: "/a", Host: "h", Headers: map[string]string{"x-forwarded-for": "127.0.0.1", "x-remote-user": "forged"}}}, want: []string{"upstream:x-remote-user"}},
		{name: "error pages differ in body only", a: &Outcome{Status: 404, Generated: true, BodySHA256: "nginx"}, b: &Outcome{Status: 404, Generated: true, BodySHA256: "envoy", Headers: map[string]string{"Cache-Control": "no-cache"}}},
		{name: "error pages with bodies compared", a: &Outcome{Status: 404, Generated: true, BodySHA256: "nginx"}, b: &Outcome{Status: 404, Generated: true, BodySHA256: "envoy"}, opts: CompareOptions{CompareErrorBodies: true}, want: []string{"body"}},
		{name: "error pages differ in HSTS", a: &Outcome{Status: 404, Generated: true}, b: &Outcome{Status: 404, Generated: true, Headers: map[string]string{"Strict-Transport-Security": "max-age=31536000"}}, want: []string{"header:Strict-Transport-Security"}},
		{name: "proxy redirects differ in body only", a: &Outcome{Status: 308, Location: "https://h/", Generated: true, BodySHA256: "nginx html"}, b: &Outcome{Status: 308, Location: "https://h/", Generated: true}},
		{name: "redirect elsewhere", a: &Outcome{Status: 308, Location: "https://h/a"}, b: &Outcome{Status: 301, Location: "https://h/b"}, want: []string{"location", "status"}},
		{name: "cookie names", a: &Outcome{Status: 200, Cookies: []string{"session"}}, b: &Outcome{Status: 200}, want: []string{"cookies"}},
		{name: "both failed", a: &Outcome{Error: "refused"}, b: &Outcome{Error: "refused"}},
		{name: "one failed", a: &Outcome{Status: 200}, b: &Outcome{Error: "timeout"}, want: []string{"error"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, _ := Compare(tt.a, tt.b, tt.opts)
			if d := cmp.Diff(tt.want, got); d != "" {
				t.Errorf("differences (-want +got):\n%s", d)
			}
		})
	}
}

func TestBodyDetailJSON(t *testing.T) {
	a := &Outcome{body: []byte(`{"a":1,"b":[1,2],"c":"x"}`), BodySHA256: "1"}
	b := &Outcome{body: []byte(`{"a":2,"b":[1,2],"d":true}`), BodySHA256: "2"}
	_, details := Compare(a, b, CompareOptions{})
	if want := "JSON differs at $.a, $.c, $.d"; details["body"] != want {
		t.Errorf("detail = %q, want %q", details["body"], want)
	}
}

func TestNormalizeLocation(t *testing.T) {
	s := &sender{target: Target{HTTP: "127.0.0.1:18080", HTTPS: "127.0.0.1:18443"}}
	tests := []struct {
		name, scheme string
		port         int32
		loc, want    string
	}{
		{name: "relative", scheme: "http", loc: "/x/", want: "http://shop.example.com/x/"},
		{name: "case and default port", scheme: "http", loc: "HTTPS://Shop.Example.COM:443/x", want: "https://shop.example.com/x"},
		{name: "side's own http port", scheme: "http", loc: "http://shop.example.com:18080/x/", want: "http://shop.example.com/x/"},
		{name: "side's own https port", scheme: "http", loc: "https://shop.example.com:18443/x", want: "https://shop.example.com/x"},
		{name: "probe port kept", scheme: "http", port: 8080, loc: "http://shop.example.com:18080/x", want: "http://shop.example.com:8080/x"},
		{name: "foreign port kept", scheme: "http", loc: "http://other.example.com:9999/", want: "http://other.example.com:9999/"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := &Probe{Request: Request{Scheme: tt.scheme, Host: "shop.example.com", Port: tt.port, Path: "/x"}}
			if got := s.normalizeLocation(p, tt.loc); got != tt.want {
				t.Errorf("normalizeLocation(%q) = %q, want %q", tt.loc, got, tt.want)
			}
		})
	}
}

func TestCheckPrediction(t *testing.T) {
	tests := []struct {
		name   string
		pr     *Prediction
		o      *Outcome
		fields []string
	}{
		{name: "forward as predicted", pr: &Prediction{Decision: "forward", Backends: []string{"shop/app"}, UpstreamPath: "/a/b"}, o: &Outcome{Status: 200, Backend: "app", Upstream: &Upstream{Path: "/a//b"}}},
		{name: "other backend", pr: &Prediction{Decision: "forward", Backends: []string{"shop/app"}}, o: &Outcome{Status: 200, Backend: "shop/api"}, fields: []string{"backend"}},
		{name: "rewritten path", pr: &Prediction{Decision: "forward", UpstreamPath: "/v2/x"}, o: &Outcome{Status: 200, Backend: "a", Upstream: &Upstream{Path: "/x"}}, fields: []string{"upstream:path"}},
		{name: "refused instead of forwarded", pr: &Prediction{Decision: "forward"}, o: &Outcome{Status: 404, Generated: true}, fields: []string{"decision"}},
		{name: "refused by a policy gate", pr: &Prediction{Decision: "forward", Gates: []string{"ip-access"}}, o: &Outcome{Status: 403, Generated: true}},
		{name: "redirect elsewhere", pr: &Prediction{Decision: "redirect", Status: 308, Location: "https://h/"}, o: &Outcome{Status: 301, Location: "https://h/"}, fields: []string{"status"}},
		{name: "reject status", pr: &Prediction{Decision: "reject", Status: 404}, o: &Outcome{Status: 503, Generated: true}, fields: []string{"status"}},
		{name: "transport error is not a mismatch", pr: &Prediction{Decision: "forward"}, o: &Outcome{Error: "refused"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got []string
			for _, m := range CheckPrediction("new", tt.pr, tt.o) {
				got = append(got, m.Field)
			}
			if d := cmp.Diff(tt.fields, got); d != "" {
				t.Errorf("mismatch fields (-want +got):\n%s", d)
			}
		})
	}
}
