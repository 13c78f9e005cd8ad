package annotations

import (
	"errors"
	"strings"
	"testing"

	"github.com/ingress-parity/ingress-parity/model"
)

// reader builds a Reader over short annotation names ("auth-url") in namespace "shop".
func reader(short map[string]string) Reader {
	ann := make(map[string]string, len(short))
	for k, v := range short {
		ann[DefaultPrefix+"/"+k] = v
	}
	return New(ann, Options{Namespace: "shop", Source: func(key string) model.Source {
		return model.Source{Kind: "Ingress", Namespace: "shop", Name: "web", Field: "metadata.annotations." + key, File: "ing.yaml", Line: 7}
	}})
}

// wantError checks err is an *Error about annotation short with the effect and a reason
// containing reason.
func wantError(t *testing.T, err error, short string, effect Effect, reason string) {
	t.Helper()
	var e *Error
	if !errors.As(err, &e) {
		t.Fatalf("err = %v (%T), want *Error", err, err)
	}
	if e.Key != DefaultPrefix+"/"+short && e.Key != short {
		t.Errorf("Key = %q, want %q", e.Key, short)
	}
	if e.Effect != effect {
		t.Errorf("Effect = %s, want %s", e.Effect, effect)
	}
	if !strings.Contains(e.Error(), reason) {
		t.Errorf("error %q does not contain %q", e.Error(), reason)
	}
}
