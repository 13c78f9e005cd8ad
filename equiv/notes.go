package equiv

import (
	"fmt"
	"strings"

	"github.com/ingress-parity/ingress-parity/finding"
	"github.com/ingress-parity/ingress-parity/model"
)

// noteFindings turns the build notes of level invalid or warning into fidelity findings:
// an object the API server would refuse never takes effect, whatever it says. Invalid notes
// are low, warnings info. A note both sides report alike (same code, message and object,
// whatever the file) is no difference and gives no finding.
func (c *checker) noteFindings() {
	oldNotes := map[string]bool{}
	for _, n := range c.old.Notes {
		oldNotes[noteKey(n)] = true
	}
	shared := map[string]bool{}
	for _, n := range c.new.Notes {
		if oldNotes[noteKey(n)] {
			shared[noteKey(n)] = true
		}
	}
	for _, s := range []struct {
		name string
		m    *model.Model
	}{{"old", c.old}, {"new", c.new}} {
		for _, n := range s.m.Notes {
			if n.Code == "host-split" && len(c.splits) > 0 {
				continue // the check's own host-split finding covers it, with witnesses
			}
			if shared[noteKey(n)] {
				continue
			}
			sev := finding.Info
			switch n.Level {
			case model.NoteInvalid:
				sev = finding.Low
			case model.NoteWarning:
			default:
				continue
			}
			d := &finding.Decision{Decision: "note-" + string(n.Level), Reason: n.Message, Route: finding.RouteRefOf(n.Source)}
			f := finding.Finding{
				ID:       stableID("fidelity", "note", s.name, n.Code, n.Source.String(), n.Message),
				Category: finding.Fidelity,
				Severity: sev,
				Title:    fmt.Sprintf("%s side, %s: %s", s.name, n.Code, oneLine(n.Message)),
				Witness:  finding.Witness{Headers: map[string]string{}},
				Count:    1,
				Explanation: fmt.Sprintf("While building the %s model, %s reported %s (%s)%s: %s. %s",
					s.name, s.m.Side, n.Level, n.Code, noteSource(n.Source), strings.TrimSuffix(n.Message, "."), noteAdvice(n.Level)),
				Controls: []string{"CSF2:PR.PS-01", "CSF1.1:PR.IP-1"},
			}
			if s.name == "old" {
				f.Old = d
			} else {
				f.New = d
			}
			c.notes = append(c.notes, f)
		}
	}
}

// noteKey identifies a note independently of the file it was read from.
func noteKey(n model.Note) string {
	return strings.Join([]string{n.Code, n.Message, n.Source.Kind, n.Source.Namespace, n.Source.Name, n.Source.Field}, "\x00")
}

func noteSource(s model.Source) string {
	if s == (model.Source{}) {
		return ""
	}
	return " for " + s.String()
}

func noteAdvice(l model.NoteLevel) string {
	if l == model.NoteInvalid {
		return "The API server would refuse this object, so it never takes effect: the requests it was meant to route are decided by other rules (see the other findings). Fix the object so it validates."
	}
	return "Check that the object does what was intended on this side."
}
