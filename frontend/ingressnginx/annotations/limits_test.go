package annotations

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/ingress-parity/ingress-parity/model"
)

func TestRateLimit(t *testing.T) {
	tests := []struct {
		name     string
		ann      map[string]string
		want     *model.RateLimit
		wantErrs int
		effect   Effect
	}{
		{"none", nil, nil, 0, ""},
		{"rps with default burst", map[string]string{"limit-rps": "10"}, &model.RateLimit{RequestsPerSecond: 10, Burst: 50, Key: "client-ip", Status: 503}, 0, ""},
		{"rpm and multiplier", map[string]string{"limit-rpm": "60", "limit-burst-multiplier": "2"}, &model.RateLimit{RequestsPerMinute: 60, Burst: 120, Key: "client-ip", Status: 503}, 0, ""},
		{"connections and allowlist alias", map[string]string{"limit-connections": "4", "limit-whitelist": "10.0.0.0/8"},
			&model.RateLimit{Connections: 4, Key: "client-ip", Status: 503, Exempt: []string{"10.0.0.0/8"}}, 0, ""},
		{"non-integer rejects the ingress", map[string]string{"limit-rps": "ten"}, nil, 1, Rejected},
		{"bad allowlist rejects the ingress", map[string]string{"limit-rps": "1", "limit-allowlist": "10.0.0.0/40"}, nil, 1, Rejected},
		{"bad multiplier falls back to 5", map[string]string{"limit-rps": "2", "limit-burst-multiplier": "x"}, &model.RateLimit{RequestsPerSecond: 2, Burst: 10, Key: "client-ip", Status: 503}, 1, Ignored},
		{"empty limit is unset", map[string]string{"limit-rps": ""}, nil, 0, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, errs := reader(tt.ann).RateLimit(DefaultGlobal())
			if len(errs) != tt.wantErrs {
				t.Fatalf("errors %v, want %d", errs, tt.wantErrs)
			}
			for _, err := range errs {
				if e := err.(*Error); e.Effect != tt.effect {
					t.Errorf("effect %s, want %s", e.Effect, tt.effect)
				}
			}
			if diff := cmp.Diff(tt.want, got, ignoreSource); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}

func TestBodyLimit(t *testing.T) {
	big := DefaultGlobal()
	big.ProxyBodySize = "0"
	tests := []struct {
		name    string
		ann     map[string]string
		global  Global
		want    *model.BodyLimit
		wantErr string
	}{
		{"default 1m", nil, DefaultGlobal(), &model.BodyLimit{MaxBytes: 1 << 20, Status: 413}, ""},
		{"annotation", map[string]string{"proxy-body-size": "8k"}, DefaultGlobal(), &model.BodyLimit{MaxBytes: 8 << 10, Status: 413}, ""},
		{"zero disables", map[string]string{"proxy-body-size": "0"}, DefaultGlobal(), nil, ""},
		{"configmap zero", nil, big, nil, ""},
		{"bad value keeps default", map[string]string{"proxy-body-size": "lots"}, DefaultGlobal(), &model.BodyLimit{MaxBytes: 1 << 20, Status: 413}, `proxy-body-size="lots"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := reader(tt.ann).BodyLimit(tt.global)
			if tt.wantErr == "" && err != nil {
				t.Fatal(err)
			}
			if tt.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tt.wantErr)) {
				t.Fatalf("err = %v, want %q", err, tt.wantErr)
			}
			if diff := cmp.Diff(tt.want, got, ignoreSource); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}

func TestCORS(t *testing.T) {
	defaults := &model.CORS{
		AllowOrigins:     []string{"*"},
		AllowMethods:     []string{"GET", "PUT", "POST", "DELETE", "PATCH", "OPTIONS"},
		AllowHeaders:     strings.Split(DefaultCORSHeaders, ","),
		AllowCredentials: true,
		MaxAge:           DefaultCORSMaxAge,
	}
	withA := *defaults
	withA.AllowOrigins = []string{"https://a.example.com"}
	custom := *defaults
	custom.AllowOrigins = []string{"https://a.example.com", "https://*.b.example.com:8443"}
	custom.AllowCredentials = false
	custom.MaxAge = 600
	custom.ExposeHeaders = []string{"X-Total"}
	tests := []struct {
		name     string
		ann      map[string]string
		want     *model.CORS
		wantErrs int
	}{
		{"off by default", nil, nil, 0},
		{"disabled", map[string]string{"enable-cors": "false", "cors-allow-origin": "https://a.example.com"}, nil, 0},
		{"defaults", map[string]string{"enable-cors": "true"}, defaults, 0},
		{"custom", map[string]string{"enable-cors": "true", "cors-allow-origin": "https://a.example.com, https://*.b.example.com:8443",
			"cors-allow-credentials": "false", "cors-max-age": "600", "cors-expose-headers": "X-Total"}, &custom, 0},
		{"star in a list fails the validator: any origin", map[string]string{"enable-cors": "true", "cors-allow-origin": "https://a.example.com, *"}, defaults, 1},
		{"invalid list allows any origin", map[string]string{"enable-cors": "true", "cors-allow-origin": "https://a.example.com/path"}, defaults, 1},
		{"origin without scheme skipped", map[string]string{"enable-cors": "true", "cors-allow-origin": "https://a.example.com, b.example.com"}, &withA, 1},
		{"bad methods default", map[string]string{"enable-cors": "true", "cors-allow-methods": "GET;rm"}, defaults, 1},
		{"bad enable", map[string]string{"enable-cors": "yes"}, nil, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, errs := reader(tt.ann).CORS()
			if len(errs) != tt.wantErrs {
				t.Fatalf("errors %v, want %d", errs, tt.wantErrs)
			}
			if diff := cmp.Diff(tt.want, got, ignoreSource); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}
