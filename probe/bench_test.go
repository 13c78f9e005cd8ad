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
// side asked twice for noise, rate limit off) against a local nginx, and runs wrk against
// the same nginx and URL in the same run for the load generator's rate. Reported: pairs/s,
// req/s (three requests per pair) and wrk-req/s. The "static" case is a fixed answer from
// nginx (it measures the prober); the "witness" case goes through nginx to a witness
// backend in a child process. See docs/probe.md.
func BenchmarkProbeThroughput(b *testing.B) {
	// Witnesses run in child processes: the prober's process holds only the prober.
	e := newEstateWith(b, func(name string) string { return startWitnessProcess(b, name) })
	ngx := startNginx(b, e)
	target := fmt.Sprintf("http://127.0.0.1:%d", ngx.HTTP)
	wrk, err := exec.LookPath("wrk")
	if err != nil {
		b.Fatalf("wrk not found: install it with `apt-get install -y wrk`")
	}
	for _, bc := range []struct{ name, host, path string }{
		{name: "static", host: "bench.ingress-parity.test", path: "/ok"},
		{name: "witness", host: "shop.example.com", path: "/api/items"},
	} {
		b.Run(bc.name, func(b *testing.B) { benchProbe(b, wrk, target, bc.host, bc.path) })
	}
}

func benchProbe(b *testing.B, wrk, target, host, path string) {
	out, err := exec.Command(wrk, "-t2", "-c32", "-d3s", "-H", "Host: "+host, target+path).CombinedOutput()
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
		plan.Probes = append(plan.Probes, probe.Probe{ID: strconv.Itoa(i), Class: "route", Request: probe.Request{Method: "GET", Scheme: "http", Host: host, Path: path}})
	}
	b.ResetTimer()
	start := time.Now()
	sum, err := probe.Run(context.Background(), probe.FromPlan(plan), probe.Options{Old: tg, New: tg, Concurrency: benchConcurrency}, discard{})
	elapsed := time.Since(start)
	b.StopTimer()
	if err != nil || sum.Equal != b.N {
		b.Fatalf("run: %v, summary %+v", err, sum)
	}
	b.ReportMetric(float64(b.N)/elapsed.Seconds(), "pairs/s")
	b.ReportMetric(3*float64(b.N)/elapsed.Seconds(), "req/s")
	b.ReportMetric(wrkPerSec, "wrk-req/s")
}

type discard struct{}

func (discard) Write(*probe.Result) error { return nil }

// benchConcurrency is the prober's concurrency in the benchmark, as wrk's -c.
const benchConcurrency = 32
