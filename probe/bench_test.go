package probe_test

import (
	"context"
	"fmt"
	"os/exec"
	"regexp"
	"strconv"
	"testing"
	"time"

	"github.com/ingress-parity/ingress-parity/probe"
)

var wrkRate = regexp.MustCompile(`Requests/sec:\s+([0-9.]+)`)

// BenchmarkProbeThroughput measures probe pairs per second (old and new compared, the old
// side asked twice for noise, rate limit off) against a local nginx with a witness behind
// it, and runs wrk against the same nginx in the same run for the load generator's rate.
// Both figures are reported: pairs/s and wrk-req/s. See docs/probe.md.
func BenchmarkProbeThroughput(b *testing.B) {
	e := newEstate(b)
	ngx := startNginx(b, e)
	target := fmt.Sprintf("http://127.0.0.1:%d", ngx.HTTP)
	wrk, err := exec.LookPath("wrk")
	if err != nil {
		b.Fatalf("wrk not found: install it with `apt-get install -y wrk`")
	}
	out, err := exec.Command(wrk, "-t2", "-c32", "-d3s", "-H", "Host: shop.example.com", target+"/api/items").CombinedOutput()
	if err != nil {
		b.Fatalf("wrk: %v\n%s", err, out)
	}
	m := wrkRate.FindSubmatch(out)
	if m == nil {
		b.Fatalf("wrk output has no Requests/sec:\n%s", out)
	}
	wrkPerSec, _ := strconv.ParseFloat(string(m[1]), 64)

	tg, err := probe.ParseTarget("side", target)
	if err != nil {
		b.Fatal(err)
	}
	plan := &probe.Plan{Version: 1}
	for i := range b.N {
		plan.Probes = append(plan.Probes, probe.Probe{ID: strconv.Itoa(i), Class: "route", Request: probe.Request{Method: "GET", Scheme: "http", Host: "shop.example.com", Path: "/api/items"}})
	}
	b.ResetTimer()
	start := time.Now()
	sum, err := probe.Run(context.Background(), probe.FromPlan(plan), probe.Options{Old: tg, New: tg, Concurrency: 32}, discard{})
	elapsed := time.Since(start)
	b.StopTimer()
	if err != nil || sum.Equal != b.N {
		b.Fatalf("run: %v, summary %+v", err, sum)
	}
	b.ReportMetric(float64(b.N)/elapsed.Seconds(), "pairs/s")
	b.ReportMetric(wrkPerSec, "wrk-req/s")
}

type discard struct{}

func (discard) Write(*probe.Result) error { return nil }
