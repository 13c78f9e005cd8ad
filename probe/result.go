package probe

// Verdict is the judgement on one probe.
type Verdict string

const (
	// Equal: both sides answered the same in every compared field.
	Equal Verdict = "equal"
	// Different: old and new differ in a field where old agrees with itself.
	Different Verdict = "different"
	// Noise: old and new differ only in fields where old also differs from itself, or
	// fields the user ignores.
	Noise Verdict = "noise"
	// Error: a side could not be reached or did not answer.
	Error Verdict = "error"
)

// Result is the comparison of one probe.
type Result struct {
	ID      string      `json:"id"`
	Class   string      `json:"class"`
	Why     string      `json:"why,omitempty"`
	Request SentRequest `json:"request"`
	// RequestID is the X-Request-ID prefix of every send of this probe ("<id>-old", "<id>-new").
	RequestID string   `json:"requestID"`
	Old       *Outcome `json:"old"`
	New       *Outcome `json:"new"`
	Verdict   Verdict  `json:"verdict"`
	// Differences are the fields in which new differs from old, noise removed.
	Differences []string `json:"differences"`
	// Details say how each difference looks ("301 -> 200").
	Details map[string]string `json:"details,omitempty"`
	// Noise are the fields that differed but are noise for this probe's class.
	Noise     []string   `json:"noise,omitempty"`
	Predicted *Predicted `json:"predicted,omitempty"`
	// ModelMismatches are the fields in which a side contradicted its prediction.
	ModelMismatches []Mismatch `json:"modelMismatches,omitempty"`
}

// Summary counts results.
type Summary struct {
	Probes          int `json:"probes"`
	Equal           int `json:"equal"`
	Different       int `json:"different"`
	Noise           int `json:"noise"`
	Errors          int `json:"errors"`
	ModelMismatches int `json:"modelMismatches"`
	// Incomplete is true when the run stopped before every probe was sent.
	Incomplete bool `json:"incomplete"`
	// Aborted says why the run stopped early (error rate, interrupt, probe limit).
	Aborted string `json:"aborted,omitempty"`
}

func (s *Summary) add(r *Result) {
	s.Probes++
	switch r.Verdict {
	case Equal:
		s.Equal++
	case Different:
		s.Different++
	case Noise:
		s.Noise++
	case Error:
		s.Errors++
	}
	s.ModelMismatches += len(r.ModelMismatches)
}

// ExitCode is the process exit code for a summary, as for check: 1 when differences were
// found, else 3 when the run is incomplete, had errors or contradicted the model, else 0.
func (s Summary) ExitCode() int {
	switch {
	case s.Different > 0:
		return 1
	case s.Incomplete || s.Errors > 0 || s.ModelMismatches > 0:
		return 3
	}
	return 0
}

// SentRequest is the request as sent, in results: every field present, the port filled in
// with the scheme's default. Credentials applied from an Identity are not shown.
type SentRequest struct {
	Method  string            `json:"method"`
	Scheme  string            `json:"scheme"`
	Host    string            `json:"host"`
	Port    int32             `json:"port"`
	Path    string            `json:"path"`
	Query   string            `json:"query"`
	Headers map[string]string `json:"headers"`
	// Proxy is the PROXY protocol header each side's connection started with (the probe's
	// or the side's default); absent when neither side got one.
	Proxy *ProxyPlan `json:"proxy,omitempty"`
}

// sent describes r as sent.
func sent(r Request) SentRequest {
	s := SentRequest{Method: r.Method, Scheme: r.Scheme, Host: r.Host, Port: r.Port, Path: r.Path, Query: r.Query, Headers: r.Headers}
	if s.Port == 0 {
		s.Port = 80
		if r.Scheme == "https" {
			s.Port = 443
		}
	}
	if s.Headers == nil {
		s.Headers = map[string]string{}
	}
	return s
}
