package probe

import (
	"bytes"
	"context"
	"testing"
	"time"
)

func TestLimiterSpacesSlots(t *testing.T) {
	l := newLimiter(4) // one slot per 250ms
	start := time.Now()
	l.next = start.Add(time.Hour) // pretend a long queue: the next wait must block
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := l.wait(ctx); err == nil {
		t.Fatal("wait returned nil for a canceled context with a queued slot")
	}
	if got, want := l.next.Sub(start), time.Hour+250*time.Millisecond; got != want {
		t.Errorf("next slot advanced by %v, want %v", got, want)
	}
	if newLimiter(0) != nil || (*limiter)(nil).wait(ctx) != nil {
		t.Error("rate 0 must mean no limiter and no waiting")
	}
}

func TestProgressLine(t *testing.T) {
	var buf bytes.Buffer
	p := newProgress(&buf, 10)
	p.finish(Summary{Probes: 5, Different: 1, Errors: 2})
	want := "\r[###############               ] 5/10 probes, 1 different, 0 noise, 2 errors \n"
	if buf.String() != want {
		t.Errorf("progress = %q, want %q", buf.String(), want)
	}
	buf.Reset()
	newProgress(&buf, 0).finish(Summary{Probes: 3})
	if want := "\r3 probes, 0 different, 0 noise, 0 errors \n"; buf.String() != want {
		t.Errorf("progress without total = %q, want %q", buf.String(), want)
	}
	newProgress(nil, 5).finish(Summary{}) // no terminal: nothing, no panic
}
