package probe

import (
	"context"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"iter"
	"math/rand/v2"
	"sync"
	"time"
)

// Options configure a probe run. The zero value of each limit means its default.
type Options struct {
	Old, New Target
	// OldSecondary is a second old replica: its differences from old are noise too.
	OldSecondary Target
	// Rate is the most requests per second sent to each side (0: unlimited).
	Rate float64
	// Concurrency is how many probes are in flight at once (default 8).
	Concurrency int
	// MaxProbes stops the run after this many probes (0: no limit).
	MaxProbes int
	// Timeout bounds each request, connection to last body byte (default 10s).
	Timeout time.Duration
	// MaxErrorRate aborts the run when a side's share of failed requests passes it
	// after MinErrorSamples requests (defaults 0.5 and 10).
	MaxErrorRate    float64
	MinErrorSamples int
	TLS             TLSOptions
	Compare         CompareOptions
	Ignore          []IgnoreRule
	// AllowUnsafeMethods sends methods other than GET, HEAD and OPTIONS.
	AllowUnsafeMethods bool
	// Progress receives a progress line (a terminal); nil for none. Total is the number of
	// probes when known, for the bar.
	Progress io.Writer
	Total    int
	// RunID prefixes every X-Request-ID (default: random).
	RunID string
}

func (o *Options) defaults() {
	if o.Concurrency <= 0 {
		o.Concurrency = 8
	}
	if o.Timeout <= 0 {
		o.Timeout = 10 * time.Second
	}
	if o.MaxErrorRate <= 0 {
		o.MaxErrorRate = 0.5
	}
	if o.MinErrorSamples <= 0 {
		o.MinErrorSamples = 10
	}
	if o.RunID == "" {
		o.RunID = randomHex(4)
	}
}

// Sink receives results in probe order.
type Sink interface {
	Write(*Result) error
}

// ErrNoTarget is returned when a side has no address.
var ErrNoTarget = errors.New("probe: --old and --new are required")

// FromPlan yields the probes of a plan.
func FromPlan(p *Plan) iter.Seq2[Probe, error] {
	return func(yield func(Probe, error) bool) {
		for _, pr := range p.Probes {
			if !yield(pr, nil) {
				return
			}
		}
	}
}

// Run sends every probe to both sides and writes one Result per probe to sink, in order,
// holding at most a small window of results in memory. When ctx ends (Ctrl-C), probes in
// flight finish, the results so far are written and the summary is marked incomplete.
// The error is an input error from probes or a sink failure; the summary is valid either way.
func Run(ctx context.Context, probes iter.Seq2[Probe, error], opts Options, sink Sink) (Summary, error) {
	opts.defaults()
	var sum Summary
	if opts.Old.IsZero() || opts.New.IsZero() {
		return sum, ErrNoTarget
	}
	base, err := opts.TLS.config()
	if err != nil {
		return sum, err
	}
	if opts.OldSecondary.Proxy == nil {
		opts.OldSecondary.Proxy = opts.Old.Proxy // a replica of old sits behind the same load balancer
	}
	for _, t := range []Target{opts.Old, opts.New, opts.OldSecondary} {
		if t.Proxy != nil {
			if err := t.Proxy.Validate(); err != nil {
				return sum, fmt.Errorf("--%s-proxy-protocol: %w", t.Name, err)
			}
		}
	}
	r := &runner{opts: opts, classNoise: map[string][]string{}}
	r.old = newSender(opts.Old, base, opts.Timeout, newLimiter(opts.Rate))
	r.new = newSender(opts.New, base, opts.Timeout, newLimiter(opts.Rate))
	if !opts.OldSecondary.IsZero() {
		r.sec = newSender(opts.OldSecondary, base, opts.Timeout, newLimiter(opts.Rate))
	}
	defer r.close()
	return r.run(ctx, probes, sink)
}

type runner struct {
	opts          Options
	old, new, sec *sender

	mu         sync.Mutex
	classNoise map[string][]string // fields old differed from itself in, per class
}

func (r *runner) close() {
	for _, s := range []*sender{r.old, r.new, r.sec} {
		if s != nil {
			s.close()
		}
	}
}

type job struct {
	idx   int
	probe Probe
}

type done struct {
	idx    int
	result *Result // nil: not sent (interrupted)
	err    error
}

func (r *runner) run(ctx context.Context, probes iter.Seq2[Probe, error], sink Sink) (Summary, error) {
	var sum Summary
	window := 4 * r.opts.Concurrency
	slots := make(chan struct{}, window)
	jobs := make(chan job)
	results := make(chan done, window)
	stop := make(chan struct{}) // closed by the collector to abort dispatch
	var stopOnce sync.Once
	abort := func() { stopOnce.Do(func() { close(stop) }) }

	var inputErr error
	var limitHit bool
	go func() { // dispatcher
		defer close(jobs)
		i := 0
		for p, err := range probes {
			if err != nil {
				inputErr = err
				return
			}
			if r.opts.MaxProbes > 0 && i >= r.opts.MaxProbes {
				limitHit = true
				return
			}
			select {
			case slots <- struct{}{}:
			case <-ctx.Done():
				return
			case <-stop:
				return
			}
			select {
			case jobs <- job{idx: i, probe: p}:
			case <-ctx.Done():
				return
			case <-stop:
				return
			}
			i++
		}
	}()
	var wg sync.WaitGroup
	for range r.opts.Concurrency {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := range jobs {
				res, err := r.probe(ctx, j)
				results <- done{idx: j.idx, result: res, err: err}
			}
		}()
	}
	go func() { wg.Wait(); close(results) }()

	prog := newProgress(r.opts.Progress, r.opts.Total)
	var errs sideErrors
	pending := map[int]done{}
	next := 0
	var firstErr error
	for d := range results {
		pending[d.idx] = d
		for {
			d, ok := pending[next]
			if !ok {
				break
			}
			delete(pending, next)
			next++
			<-slots
			if d.err != nil && firstErr == nil {
				firstErr = d.err
				abort()
			}
			if d.result == nil {
				continue
			}
			sum.add(d.result)
			if err := sink.Write(d.result); err != nil && firstErr == nil {
				firstErr = fmt.Errorf("writing results: %w", err)
				abort()
			}
			prog.update(sum)
			if msg := errs.add(d.result, r.opts); msg != "" && sum.Aborted == "" {
				sum.Aborted = msg
				abort()
			}
		}
	}
	prog.finish(sum)
	switch {
	case sum.Aborted != "":
	case ctx.Err() != nil:
		sum.Aborted = "interrupted"
	case limitHit:
		sum.Aborted = fmt.Sprintf("stopped at --max-probes %d", r.opts.MaxProbes)
	}
	sum.Incomplete = sum.Aborted != "" || inputErr != nil || firstErr != nil
	if inputErr != nil {
		return sum, inputErr
	}
	return sum, firstErr
}

// sideErrors counts failed requests per side to abort on a high error rate.
type sideErrors struct {
	oldSent, oldFailed, newSent, newFailed int
}

func (s *sideErrors) add(res *Result, o Options) string {
	s.oldSent++
	if res.Old != nil && res.Old.Error != "" {
		s.oldFailed++
	}
	s.newSent++
	if res.New != nil && res.New.Error != "" {
		s.newFailed++
	}
	check := func(side string, sent, failed int) string {
		if sent >= o.MinErrorSamples && float64(failed) > o.MaxErrorRate*float64(sent) {
			return fmt.Sprintf("%s side error rate %d/%d above %.0f%%", side, failed, sent, 100*o.MaxErrorRate)
		}
		return ""
	}
	if m := check("old", s.oldSent, s.oldFailed); m != "" {
		return m
	}
	return check("new", s.newSent, s.newFailed)
}

// probe sends one probe to every side and judges the answers. Sends already started
// finish even when ctx ends; a probe not yet started returns a nil result.
func (r *runner) probe(ctx context.Context, j job) (*Result, error) {
	if ctx.Err() != nil {
		return nil, nil
	}
	p := &j.probe
	reqID := fmt.Sprintf("%s-%06d", r.opts.RunID, j.idx)
	res := &Result{ID: p.ID, Class: p.Class, Why: p.Why, Request: sent(p.Request), RequestID: reqID, Predicted: p.Predicted, Differences: []string{}}
	if o, n := r.old.proxyFor(p), r.new.proxyFor(p); o != nil || n != nil {
		res.Request.Proxy = &ProxyPlan{Old: o, New: n}
	}
	if !r.opts.AllowUnsafeMethods && !SafeMethod(p.Request.Method) {
		msg := fmt.Sprintf("method %s not sent without --allow-unsafe-methods", p.Request.Method)
		res.Old, res.New, res.Verdict = &Outcome{Error: msg}, &Outcome{Error: msg}, Error
		return res, nil
	}
	if err := p.Request.Validate(); err != nil {
		return nil, fmt.Errorf("probe %s: request: %w", p.ID, err)
	}
	trace := randomHex(16)
	sendCtx := context.WithoutCancel(ctx)
	send := func(s *sender, suffix string) (*Outcome, error) {
		return s.send(sendCtx, p, sendMeta{RequestID: reqID + "-" + suffix, TraceParent: "00-" + trace + "-" + randomHex(8) + "-01"})
	}
	// Old and new are asked at the same moment, so state that changes over time (a
	// deployment, a cache) shows as the same on both.
	var newErr error
	newDone := make(chan struct{})
	go func() {
		defer close(newDone)
		res.New, newErr = send(r.new, "new")
	}()
	var err error
	res.Old, err = send(r.old, "old")
	<-newDone
	if err != nil {
		return nil, err
	}
	if newErr != nil {
		return nil, newErr
	}
	old2, err := send(r.old, "old2")
	if err != nil {
		return nil, err
	}
	noise, _ := Compare(res.Old, old2, r.opts.Compare)
	if r.sec != nil {
		sec, err := send(r.sec, "old-secondary")
		if err != nil {
			return nil, err
		}
		n, _ := Compare(res.Old, sec, r.opts.Compare)
		noise = append(noise, n...)
	}
	noise = r.learnNoise(p.Class, noise)
	r.judge(res, old2, noise)
	if p.Predicted != nil {
		res.ModelMismatches = append(CheckPrediction("old", p.Predicted.Old, res.Old), CheckPrediction("new", p.Predicted.New, res.New)...)
	}
	return res, nil
}

// randomHex returns n random bytes in hex. Ids must be unique, not secret: math/rand/v2
// avoids a system call per request.
func randomHex(n int) string {
	b := make([]byte, n)
	var w [8]byte
	for i := 0; i < n; i += 8 {
		binary.LittleEndian.PutUint64(w[:], rand.Uint64())
		copy(b[i:], w[:])
	}
	return hex.EncodeToString(b)
}
