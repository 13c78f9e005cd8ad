package golden

import (
	"path/filepath"
	"testing"
)

// recorder is a testing.TB that records failures instead of stopping the test.
type recorder struct {
	testing.TB
	failed bool
}

func (r *recorder) Errorf(string, ...any) { r.failed = true }
func (r *recorder) Fatalf(string, ...any) { r.failed = true }
func (r *recorder) Helper()               {}

func TestCheck(t *testing.T) {
	path := filepath.Join(t.TempDir(), "sub", "case.golden")
	r := &recorder{TB: t}
	Check(r, path, []byte("one\n"), false)
	if !r.failed {
		t.Error("a missing golden file must fail")
	}
	Check(t, path, []byte("one\n"), true)
	Check(t, path, []byte("one\n"), false)
	r = &recorder{TB: t}
	Check(r, path, []byte("two\n"), false)
	if !r.failed {
		t.Error("different output must fail")
	}
}
