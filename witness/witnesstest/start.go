package witnesstest

import (
	"context"
	"io"
	"log"
	"testing"

	"github.com/ingress-parity/ingress-parity/witness"
)

// Start runs a witness on a free loopback port until the test ends and returns its address.
func Start(t testing.TB, o witness.Options) string {
	t.Helper()
	if o.ErrorLog == nil {
		o.ErrorLog = log.New(io.Discard, "", 0) // refused handshakes are what some tests want
	}
	if o.Listen == "" {
		o.Listen = "127.0.0.1:0"
	}
	s, err := witness.Listen(o)
	if err != nil {
		t.Fatalf("witnesstest: start %s: %v", o.Name, err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { defer close(done); _ = s.Serve(ctx) }()
	t.Cleanup(func() { cancel(); <-done })
	return s.Addr().String()
}
