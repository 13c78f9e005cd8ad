package probe

import (
	"fmt"
	"io"
	"strings"
	"time"
)

// progress draws a one-line progress bar on a terminal, at most ten times a second.
type progress struct {
	w     io.Writer
	total int
	last  time.Time
}

func newProgress(w io.Writer, total int) *progress { return &progress{w: w, total: total} }

func (p *progress) update(s Summary) {
	if p.w == nil || time.Since(p.last) < 100*time.Millisecond {
		return
	}
	p.last = time.Now()
	p.draw(s)
}

func (p *progress) draw(s Summary) {
	bar := ""
	if p.total > 0 {
		const width = 30
		n := min(width, s.Probes*width/p.total)
		bar = "[" + strings.Repeat("#", n) + strings.Repeat(" ", width-n) + "] "
		fmt.Fprintf(p.w, "\r%s%d/%d probes, %d different, %d noise, %d errors ", bar, s.Probes, p.total, s.Different, s.Noise, s.Errors)
		return
	}
	fmt.Fprintf(p.w, "\r%d probes, %d different, %d noise, %d errors ", s.Probes, s.Different, s.Noise, s.Errors)
}

func (p *progress) finish(s Summary) {
	if p.w == nil {
		return
	}
	p.draw(s)
	fmt.Fprintln(p.w)
}
