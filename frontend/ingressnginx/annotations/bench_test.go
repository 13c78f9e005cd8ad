package annotations

import "testing"

func BenchmarkPolicy(b *testing.B) {
	g, _ := ParseGlobal(map[string]string{"use-forwarded-headers": "true", "whitelist-source-range": "10.0.0.0/8,192.168.0.0/16"}, GlobalOptions{})
	r := reader(map[string]string{
		"auth-url": "http://oauth2-proxy.shop.svc/oauth2/auth", "auth-response-headers": "X-User,X-Email",
		"denylist-source-range": "10.6.0.0/16", "auth-tls-secret": "ca", "limit-rps": "10", "enable-cors": "true", "proxy-body-size": "8m",
	})
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if res := r.Policy(g); res.Denied {
			b.Fatal(res.Errors)
		}
	}
}
