package reach

import (
	"strings"

	"github.com/ingress-parity/ingress-parity/model"
)

// compatible reports whether some request may meet the non-path conditions of both a and
// b. It is conservative: only plain contradictions (two methods, two exact values of one
// header, a value and its absence) make two matches incompatible.
func compatible(a, b model.Match) bool {
	if a.Method != "" && b.Method != "" && a.Method != b.Method {
		return false
	}
	return !contradict(a.Headers, b.Headers, strings.EqualFold) &&
		!contradict(a.Query, b.Query, equal) &&
		!contradict(a.Cookies, b.Cookies, equal)
}

func equal(a, b string) bool { return a == b }

// contradict reports whether a condition of as and one of bs on the same name exclude each other.
func contradict(as, bs []model.ValueMatch, sameName func(string, string) bool) bool {
	for _, x := range as {
		for _, y := range bs {
			if sameName(x.Name, y.Name) && exclusive(x, y) {
				return true
			}
		}
	}
	return false
}

// exclusive reports whether no value (or absence) meets both x and y.
func exclusive(x, y model.ValueMatch) bool {
	needsValue := func(v model.ValueMatch) bool {
		return !v.Not && (v.Kind == model.MatchExact || v.Kind == model.MatchRegex || v.Kind == model.MatchPresent)
	}
	needsAbsence := func(v model.ValueMatch) bool {
		return (v.Kind == model.MatchAbsent && !v.Not) || (v.Kind == model.MatchPresent && v.Not)
	}
	switch {
	case needsValue(x) && needsAbsence(y), needsAbsence(x) && needsValue(y):
		return true
	case x.Kind == model.MatchExact && y.Kind == model.MatchExact:
		if x.Not == y.Not {
			return !x.Not && x.Value != y.Value
		}
		return x.Value == y.Value
	}
	return false
}

// covers reports whether every request that meets later's non-path conditions also meets
// earlier's: earlier has no condition later lacks.
func covers(earlier, later model.Match) bool {
	if earlier.Method != "" && earlier.Method != later.Method {
		return false
	}
	return subset(earlier.Headers, later.Headers, strings.EqualFold) &&
		subset(earlier.Query, later.Query, equal) &&
		subset(earlier.Cookies, later.Cookies, equal)
}

// subset reports whether every condition of as is also in bs.
func subset(as, bs []model.ValueMatch, sameName func(string, string) bool) bool {
	for _, x := range as {
		found := false
		for _, y := range bs {
			if sameName(x.Name, y.Name) && x.Kind == y.Kind && x.Value == y.Value && x.Not == y.Not {
				found = true
				break
			}
		}
		if !found {
			return false
		}
	}
	return true
}
