package probe

import "slices"

// learnNoise records the fields old differed from itself in for class and returns every
// field known as noise for class so far (Diffy's method).
func (r *runner) learnNoise(class string, fields []string) []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	known := r.classNoise[class]
	for _, f := range fields {
		if f != "error" && !slices.Contains(known, f) {
			known = append(known, f)
		}
	}
	r.classNoise[class] = known
	return slices.Clone(known)
}

func (r *runner) judge(res *Result, old2 *Outcome, noise []string) {
	diffs, details := Compare(res.Old, res.New, r.opts.Compare)
	if res.Old.Error != "" || res.New.Error != "" || old2.Error != "" {
		res.Verdict = Error
		res.Differences = append(res.Differences, diffs...)
		res.Details = details
		return
	}
	for _, f := range diffs {
		if slices.Contains(noise, f) || slices.ContainsFunc(r.opts.Ignore, func(ig IgnoreRule) bool { return ig.Matches(res.Class, f) }) {
			res.Noise = append(res.Noise, f)
			delete(details, f)
			continue
		}
		res.Differences = append(res.Differences, f)
	}
	if len(details) > 0 {
		res.Details = details
	}
	switch {
	case len(res.Differences) > 0:
		res.Verdict = Different
	case len(res.Noise) > 0:
		res.Verdict = Noise
	default:
		res.Verdict = Equal
	}
}
