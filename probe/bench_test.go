package probe_test

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/ingress-parity/ingress-parity/probe"
)

var wrkRate = regexp.MustCompile(`Requests/sec:\s+([0-9.]+)`)

// BenchmarkProbeThroughput measures probe pairs per second (old and new compared, the old
// side asked twice for noise, rate limit off) against a local nginx, and runs wrk against
// the same nginx and URL in the same run (before and after the prober) for the load
// generator's rate. Reported: pairs/s, req/s (three requests per pair), wrk-req/s (the
// mean of both wrk runs) and load1 (the load average at the start). The "static" case is a fixed answer from
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
	load := loadAverage(b)
	before := runWrk(b, wrk, target, host, path)

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
	// wrk runs before and after the prober, so a change in the machine's load during the
	// run shows in both rates rather than favouring one.
	after := runWrk(b, wrk, target, host, path)
	b.ReportMetric(float64(b.N)/elapsed.Seconds(), "pairs/s")
	b.ReportMetric(3*float64(b.N)/elapsed.Seconds(), "req/s")
	b.ReportMetric((before+after)/2, "wrk-req/s")
	b.ReportMetric(load, "load1")
}

// runWrk runs wrk for three seconds with 32 connections and returns its request rate.
func runWrk(b *testing.B, wrk, target, host, path string) float64 {
	out, err := exec.Command(wrk, "-t2", "-c32", "-d3s", "-H", "Host: "+host, target+path).CombinedOutput()
	if err != nil {
		b.Fatalf("wrk: %v\n%s", err, out)
	}
	m := wrkRate.FindSubmatch(out)
	if m == nil {
		b.Fatalf("wrk output has no Requests/sec:\n%s", out)
	}
	rate, _ := strconv.ParseFloat(string(m[1]), 64)
	return rate
}

// loadAverage is the one-minute load average when the case starts (other jobs on the
// machine share its CPUs with nginx, wrk and the prober).
func loadAverage(b *testing.B) float64 {
	raw, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		b.Fatalf("load average: %v", err)
	}
	f := strings.Fields(string(raw))
	if len(f) == 0 {
		b.Fatalf("load average: empty /proc/loadavg")
	}
	v, err := strconv.ParseFloat(f[0], 64)
	if err != nil {
		b.Fatalf("load average %q: %v", f[0], err)
	}
	return v
}

type discard struct{}

func (discard) Write(*probe.Result) error { return nil }

// benchConcurrency is the prober's concurrency in the benchmark, as wrk's -c.
const benchConcurrency = 32
