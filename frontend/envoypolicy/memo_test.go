package envoypolicy

import (
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

// TestAnswersIndependentOfOrder asks one Index for every listener and attachment of each
// golden input in three orders (as listed, reversed, and each question after a different
// one, ListenerOnly before Route) and checks the answers against a fresh Index per question:
// what Index remembers between calls (the last attachment's winners, the last listener,
// conversions per policy) must never leak into the next answer.
func TestAnswersIndependentOfOrder(t *testing.T) {
	ins, err := filepath.Glob("testdata/*.in.yaml")
	if err != nil || len(ins) == 0 {
		t.Fatalf("no cases: %v", err)
	}
	opts := cmp.Options{cmp.AllowUnexported(ListenerPolicy{}, earlyMutation{}, earlyOp{}, nameMatcher{}), cmpopts.IgnoreFields(nameMatcher{}, "re")}
	for _, in := range ins {
		t.Run(strings.TrimSuffix(filepath.Base(in), ".in.yaml"), func(t *testing.T) {
			res := loadCase(t, in)
			as := attachments(res)
			if len(as) < 2 {
				t.Fatalf("only %d attachments", len(as))
			}
			reversed := slices.Clone(as)
			slices.Reverse(reversed)
			var interleaved []Attachment
			for i := range as {
				interleaved = append(interleaved, as[i], as[len(as)-1-i])
			}
			for name, order := range map[string][]Attachment{"listed": as, "reversed": reversed, "interleaved": interleaved} {
				ix := Build(res)
				for i, a := range order {
					fresh := Build(res)
					if got, want := ix.ListenerOnly(a), fresh.ListenerOnly(a); got != want {
						t.Errorf("%s #%d %v: ListenerOnly %v, fresh index %v", name, i, a, got, want)
					}
					if d := cmp.Diff(fresh.Route(a), ix.Route(a), opts); d != "" {
						t.Errorf("%s #%d %v: Route differs from a fresh index's (-fresh +got):\n%s", name, i, a, d)
					}
					if d := cmp.Diff(fresh.Listener(a.Gateway, a.Listener), ix.Listener(a.Gateway, a.Listener), opts); d != "" {
						t.Errorf("%s #%d %v: Listener differs from a fresh index's (-fresh +got):\n%s", name, i, a, d)
					}
				}
			}
		})
	}
}
