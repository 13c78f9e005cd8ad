package probe

import (
	"fmt"
	"slices"
	"strings"

	"github.com/ingress-parity/ingress-parity/model"
)

// Mismatch is a field in which a side's live answer contradicts the model's prediction:
// the static proof is wrong about that proxy there and must not be trusted.
type Mismatch struct {
	Side      string `json:"side"`
	Field     string `json:"field"`
	Predicted string `json:"predicted"`
	Observed  string `json:"observed"`
}

// CheckPrediction compares one side's answer with its prediction.
func CheckPrediction(side string, pr *Prediction, o *Outcome) []Mismatch {
	if pr == nil || o == nil || o.Error != "" {
		return nil
	}
	var out []Mismatch
	add := func(field, want, got string) {
		out = append(out, Mismatch{Side: side, Field: field, Predicted: want, Observed: got})
	}
	observed := observedDecision(o)
	if observed == "reject" && pr.Decision != "reject" && len(pr.Gates) > 0 && (o.Status == 401 || o.Status == 403) {
		return nil // a policy gate refused the caller; the prediction is about routing
	}
	if observed != pr.Decision {
		add("decision", describePrediction(pr), fmt.Sprintf("%s (status %d)", observed, o.Status))
		return out
	}
	switch pr.Decision {
	case "forward":
		if o.Backend != "" && len(pr.Backends) > 0 && !slices.ContainsFunc(pr.Backends, func(b string) bool { return sameBackend(b, o.Backend) }) {
			add("backend", strings.Join(pr.Backends, " | "), o.Backend)
		}
		if o.Upstream != nil && pr.UpstreamPath != "" && fullNormal(pr.UpstreamPath) != fullNormal(o.Upstream.Path) {
			add("upstream:path", pr.UpstreamPath, o.Upstream.Path)
		}
		if o.Upstream != nil && pr.UpstreamHost != "" && !strings.EqualFold(hostOnly(o.Upstream.Host), pr.UpstreamHost) {
			add("upstream:host", pr.UpstreamHost, o.Upstream.Host)
		}
	case "redirect":
		if pr.Status != 0 && pr.Status != o.Status {
			add("status", fmt.Sprint(pr.Status), fmt.Sprint(o.Status))
		}
		if pr.Location != "" && pr.Location != o.Location {
			add("location", pr.Location, o.Location)
		}
	case "reject":
		if pr.Status != 0 && pr.Status != o.Status {
			add("status", fmt.Sprint(pr.Status), fmt.Sprint(o.Status))
		}
	}
	return out
}

// observedDecision classifies a live answer as forward, redirect or reject.
func observedDecision(o *Outcome) string {
	switch {
	case o.Backend != "":
		return "forward"
	case o.Status >= 300 && o.Status < 400 && o.Location != "":
		return "redirect"
	case o.Generated || o.Status >= 400:
		return "reject"
	}
	return "forward"
}

func describePrediction(pr *Prediction) string {
	switch pr.Decision {
	case "forward":
		return "forward to " + strings.Join(pr.Backends, " | ")
	case "redirect":
		return fmt.Sprintf("redirect %d to %s", pr.Status, pr.Location)
	}
	return fmt.Sprintf("%s %d", pr.Decision, pr.Status)
}

// sameBackend matches a model backend ("ns/service" or "ns/service:port") with a witness
// name, which may be "ns/service" or just "service".
func sameBackend(model, witness string) bool {
	model, _, _ = strings.Cut(model, ":")
	if model == witness {
		return true
	}
	_, svc, ok := strings.Cut(model, "/")
	return ok && svc == witness
}

func fullNormal(p string) string {
	return model.NormalizePath(p, model.Normalization{DecodePercent: true, MergeSlashes: true, ResolveDotSegments: true})
}

func hostOnly(h string) string {
	if i := strings.LastIndexByte(h, ':'); i >= 0 && !strings.Contains(h[i:], "]") {
		return h[:i]
	}
	return h
}
