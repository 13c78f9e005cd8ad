package probe

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"strings"
)

// ResultVersion is the version of the probe result document.
const ResultVersion = 1

// JSONWriter streams the result document: {"version":1,"probes":[...],"summary":{...}}.
// Probes are written as they complete, so memory stays flat in the number of probes; the
// summary comes last because it is only known at the end.
type JSONWriter struct {
	w     *bufio.Writer
	n     int
	begun bool
}

var _ Sink = (*JSONWriter)(nil)

// NewJSONWriter writes to w.
func NewJSONWriter(w io.Writer) *JSONWriter { return &JSONWriter{w: bufio.NewWriter(w)} }

func (j *JSONWriter) begin() {
	if !j.begun {
		fmt.Fprintf(j.w, "{\"version\":%d,\"probes\":[", ResultVersion)
		j.begun = true
	}
}

// Write appends one result.
func (j *JSONWriter) Write(r *Result) error {
	j.begin()
	if j.n > 0 {
		j.w.WriteString(",")
	}
	j.w.WriteString("\n")
	j.n++
	b, err := marshal(r)
	if err != nil {
		return err
	}
	j.w.Write(b)
	return j.w.Flush()
}

// Close writes the summary and ends the document.
func (j *JSONWriter) Close(s Summary) error {
	j.begin()
	b, err := marshal(s)
	if err != nil {
		return err
	}
	fmt.Fprintf(j.w, "\n],\"summary\":%s}\n", b)
	return j.w.Flush()
}

func marshal(v any) ([]byte, error) {
	var sb strings.Builder
	enc := json.NewEncoder(&sb)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return []byte(strings.TrimSuffix(sb.String(), "\n")), nil
}

// TextWriter prints one line per different, error or mismatching probe and a summary.
type TextWriter struct {
	W io.Writer
}

var _ Sink = (*TextWriter)(nil)

// Write prints the result when it is worth a reader's attention.
func (t *TextWriter) Write(r *Result) error {
	if r.Verdict == Different || r.Verdict == Error {
		fmt.Fprintf(t.W, "%-9s %s %s://%s%s  [%s]\n", strings.ToUpper(string(r.Verdict)), r.Request.Method, r.Request.Scheme, r.Request.Host, r.Request.Path, r.ID)
		if r.Verdict == Different {
			for _, d := range r.Differences {
				fmt.Fprintf(t.W, "          %s: %s\n", d, r.Details[d])
			}
		} else {
			fmt.Fprintf(t.W, "          old: %s\n          new: %s\n", errText(r.Old), errText(r.New))
		}
	}
	for _, m := range r.ModelMismatches {
		fmt.Fprintf(t.W, "MODEL     %s side of %s: %s predicted %s, observed %s\n", m.Side, r.ID, m.Field, m.Predicted, m.Observed)
	}
	return nil
}

func errText(o *Outcome) string {
	if o == nil {
		return "(not sent)"
	}
	if o.Error != "" {
		return o.Error
	}
	return fmt.Sprintf("status %d", o.Status)
}

// Close prints the summary line.
func (t *TextWriter) Close(s Summary) error {
	fmt.Fprintf(t.W, "%d probes: %d equal, %d different, %d noise, %d errors; %d model mismatches\n",
		s.Probes, s.Equal, s.Different, s.Noise, s.Errors, s.ModelMismatches)
	if s.Aborted != "" {
		fmt.Fprintf(t.W, "incomplete: %s\n", s.Aborted)
	}
	return nil
}

// Tee writes every result to each sink in turn.
type Tee []Sink

var _ Sink = Tee(nil)

// Write forwards r to every sink, stopping at the first error.
func (t Tee) Write(r *Result) error {
	for _, s := range t {
		if err := s.Write(r); err != nil {
			return err
		}
	}
	return nil
}
