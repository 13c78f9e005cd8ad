package probe_test

import (
	"context"
	"encoding/json"
	"os"
	"testing"

	"github.com/ingress-parity/ingress-parity/model"
	"github.com/ingress-parity/ingress-parity/probe"
	"github.com/ingress-parity/ingress-parity/probe/plan"
)

func readModel(t *testing.T, path string) *model.Model {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var m model.Model
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return &m
}

// TestLivePlanFromModels closes the loop: a plan built from models of the live estate
// (testdata/live/estate.old.json describes the nginx configuration, estate.new.json the
// intended Gateway API translation) is sent to the real nginx and HAProxy. The verdicts,
// differences and model mismatches of every probe are pinned in a golden file.
func TestLivePlanFromModels(t *testing.T) {
	e := newEstate(t)
	old := startNginx(t, e)
	nw := startHAProxy(t, e)
	p, err := plan.Build(readModel(t, "testdata/live/estate.old.json"), readModel(t, "testdata/live/estate.new.json"), nil, plan.PlanOptions{})
	if err != nil {
		t.Fatal(err)
	}
	var c collect
	sum, err := probe.Run(context.Background(), probe.FromPlan(p), probe.Options{
		Old: mustTarget(t, "old", old.target()), New: mustTarget(t, "new", nw.target()), Concurrency: 4,
	}, &c)
	if err != nil {
		t.Fatal(err)
	}
	out, _ := json.MarshalIndent(struct {
		Summary probe.Summary `json:"summary"`
		Probes  []summaryView `json:"probes"`
	}{sum, c.views}, "", "  ")
	golden(t, "live.from-models.golden.json", append(out, '\n'))
}
