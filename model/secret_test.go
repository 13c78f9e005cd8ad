package model

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	yaml "go.yaml.in/yaml/v3"
)

func TestSecretNeverPrints(t *testing.T) {
	const value = "hunter2-token"
	s := Secret(value)
	type holder struct {
		Token   Secret            `json:"token" yaml:"token"`
		Headers map[string]Secret `json:"headers" yaml:"headers"`
	}
	h := holder{Token: s, Headers: map[string]Secret{"Authorization": s}}
	outputs := map[string]string{
		"String":   s.String(),
		"%s":       fmt.Sprintf("%s", s),
		"%v":       fmt.Sprintf("%v", s),
		"%+v":      fmt.Sprintf("%+v", h),
		"%#v":      fmt.Sprintf("%#v", h),
		"%q":       fmt.Sprintf("%q", s),
		"%x":       fmt.Sprintf("%x", s),
		"%d":       fmt.Sprintf("%d", s),
		"Sprint":   fmt.Sprint(s),
		"Println":  fmt.Sprintln(h),
		"GoString": s.GoString(),
	}
	j, err := json.Marshal(h)
	if err != nil {
		t.Fatal(err)
	}
	outputs["json"] = string(j)
	y, err := yaml.Marshal(h)
	if err != nil {
		t.Fatal(err)
	}
	outputs["yaml"] = string(y)
	for name, out := range outputs {
		if strings.Contains(out, value) || strings.Contains(out, fmt.Sprintf("%x", value)) {
			t.Errorf("%s leaks the secret: %s", name, out)
		}
		if !strings.Contains(out, "redacted") { // JSON escapes < and >
			t.Errorf("%s does not say %s: %s", name, Redacted, out)
		}
	}
	if s.Reveal() != value {
		t.Errorf("Reveal = %q", s.Reveal())
	}
	if s.IsZero() || !Secret("").IsZero() {
		t.Error("IsZero wrong")
	}
}
