package equiv

import (
	"fmt"

	"github.com/ingress-parity/ingress-parity/finding"
	"github.com/ingress-parity/ingress-parity/model"
)

// side is one model as seen by one host class on one (scheme, port): the entry point and
// listener that accept it and the virtual host chosen, or nothing (connection refused).
type side struct {
	Model *model.Model
	Entry *model.EntryPoint
	// Listener is nil when no listener accepts the host: the connection is refused.
	Listener *model.Listener
	// VHost is nil when the listener has no virtual host for the host.
	VHost  *model.VirtualHost
	Scheme model.Scheme
	Port   int32
	// portOnly: no listener names the host; an HTTP listener on the port answers 404.
	portOnly bool
}

// refusedSide is a side without a listener for the request.
func refusedSide(m *model.Model, scheme model.Scheme, port int32) side {
	return side{Model: m, Scheme: scheme, Port: port}
}

// Claims reports whether a listener of the side names the host, rather than only a
// listening HTTP port that answers 404 for it.
func (s side) Claims() bool { return s.Listener != nil && !s.portOnly }

// Routes returns the routes of the chosen virtual host.
func (s side) Routes() []model.Route {
	if s.VHost == nil {
		return nil
	}
	return s.VHost.Routes
}

// decided is what one side does with one concrete request.
type decided struct {
	Side side
	// Route is the winning route; nil for the fallback, a missing virtual host or a refusal.
	Route *model.Route
	// Decision is the route's or fallback's decision; nil without a virtual host or listener.
	Decision *model.Decision
	Res      model.Resolution
}

// Refused reports whether no listener accepted the request.
func (d decided) Refused() bool { return d.Side.Listener == nil }

// decide computes what s does with req when route r wins (nil: no route matches); np is
// the normalized path (req.Path is the path as sent). It follows model.(*Model).Resolve;
// the listener's scheme and port replace the request's when the side was compared on
// another port.
func (s side) decide(req model.Request, np string, r *model.Route) decided {
	d := decided{Side: s, Route: r}
	if s.Listener == nil {
		d.Res = model.Resolution{Outcome: model.Outcome{Kind: kindRefused, Reason: s.refusedReason()}}
		return d
	}
	req.Scheme, req.Port = s.Scheme, s.Port
	d.Res = model.Resolution{EntryPoint: s.Entry.Name, Listener: s.Listener, VHost: s.VHost, Route: r}
	switch {
	case s.VHost == nil:
		// model/resolve.go: a listener without a virtual host for the host answers 404.
		d.Res.Outcome = model.Outcome{Kind: model.Reject, Status: 404, Reason: "no virtual host for " + req.Host, Source: s.Listener.Source}
	case r != nil:
		d.Decision = &r.Decision
		d.Res.Outcome = r.Decision.Apply(req, np, r.Match.Path)
	default:
		d.Decision = &s.VHost.Fallback
		d.Res.Outcome = s.VHost.Fallback.Apply(req, np, model.PathMatch{})
	}
	return d
}

// kindRefused is the pseudo decision of a side without a listener.
const kindRefused model.DecisionKind = "refused"

// refusedReason says which listener is missing.
func (s side) refusedReason() string {
	return fmt.Sprintf("no listener for %s port %d", s.Scheme, s.Port)
}

// ID identifies the deciding rule for grouping: the route id, the fallback of a virtual
// host, a missing virtual host, or a refused connection.
func (d decided) ID() string {
	switch {
	case d.Refused():
		return fmt.Sprintf("refused %s:%d", d.Side.Scheme, d.Side.Port)
	case d.Route != nil:
		return d.Route.ID
	case d.Side.VHost == nil:
		return fmt.Sprintf("%s no virtual host", d.Side.Entry.Name)
	default:
		return fmt.Sprintf("%s fallback %q", d.Side.Entry.Name, d.Side.VHost.Host.Pattern)
	}
}

// Finding converts d to the contract's decision.
func (d decided) Finding() *finding.Decision {
	if d.Refused() {
		return &finding.Decision{Decision: string(kindRefused), Reason: d.Res.Outcome.Reason}
	}
	return finding.DecisionOf(d.Res)
}

// Kind is forward, redirect, reject or refused; a forward whose backends are all invalid
// counts as a reject (the data plane answers with an error).
func (d decided) Kind() model.DecisionKind {
	o := d.Res.Outcome
	if o.Kind == model.Forward && !anyValid(o.Backends) {
		return model.Reject
	}
	return o.Kind
}

// anyValid reports whether some valid backend receives traffic: a positive weight, or
// every weight zero (then all count equally, as in shares).
func anyValid(bs []model.Backend) bool {
	zero := allZero(bs)
	for _, b := range bs {
		if b.Invalid == "" && (b.Weight > 0 || zero) {
			return true
		}
	}
	return false
}

// allZero reports whether every backend has weight 0.
func allZero(bs []model.Backend) bool {
	for _, b := range bs {
		if b.Weight != 0 {
			return false
		}
	}
	return true
}

// pathMatch is the winning route's path match (empty for a fallback).
func (d decided) pathMatch() model.PathMatch {
	if d.Route == nil {
		return model.PathMatch{}
	}
	return d.Route.Match.Path
}
