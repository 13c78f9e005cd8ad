package equiv

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"net/http"
	"sort"
	"strings"

	"github.com/ingress-parity/ingress-parity/finding"
	"github.com/ingress-parity/ingress-parity/model"
)

// groupKey is what one finding stands for: the deciding routes of both sides and the category.
type groupKey struct {
	OldID, NewID string
	Category     finding.Category
}

// group collects the witnesses of one finding and keeps the shortest.
type group struct {
	Key       groupKey
	Severity  finding.Severity
	Witnesses map[string]bool
	// The kept witness and what it showed.
	Req    model.Request
	ReqKey string
	// NP is the normalized path of Req.
	NP       string
	Old, New decided
	Diff     difference
	Pair     pair
}

// record adds one witness of a difference to its group.
func (c *checker) record(p pair, req model.Request, np string, od, nd decided, diff difference) {
	k := groupKey{OldID: od.ID(), NewID: nd.ID(), Category: diff.Category}
	c.mu.Lock()
	defer c.mu.Unlock()
	g := c.groups[k]
	rk := requestKey(req)
	if g == nil {
		g = &group{Key: k, Severity: diff.Severity, Witnesses: map[string]bool{}}
		c.groups[k] = g
	}
	g.Witnesses[rk] = true
	if diff.Severity.Rank() > g.Severity.Rank() {
		g.Severity = diff.Severity
	}
	if g.ReqKey == "" || shorter(req, rk, g.Req, g.ReqKey) || rk == g.ReqKey && pairKey(p) < pairKey(g.Pair) {
		g.Req, g.ReqKey, g.NP, g.Old, g.New, g.Diff, g.Pair = cloneRequest(req), rk, np, od, nd, diff, p
	}
}

// pairKey orders the entry points a witness went through, so that the witness kept does
// not depend on the order host classes were compared in.
func pairKey(p pair) string {
	name := func(s side) string {
		if s.Entry == nil {
			return ""
		}
		return s.Entry.Name
	}
	return fmt.Sprintf("%s\x00%s\x00%s:%d", name(p.Old), name(p.New), p.New.Scheme, p.New.Port)
}

// shorter orders witnesses: shorter path, then shorter request, then lexicographically.
func shorter(a model.Request, ak string, b model.Request, bk string) bool {
	if len(a.Path) != len(b.Path) {
		return len(a.Path) < len(b.Path)
	}
	if len(ak) != len(bk) {
		return len(ak) < len(bk)
	}
	return ak < bk
}

// requestKey is a canonical text of a request: method, URL and sorted headers.
func requestKey(r model.Request) string {
	var b strings.Builder
	b.WriteString(r.Method + " " + r.URL())
	names := make([]string, 0, len(r.Headers))
	for n := range r.Headers {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		b.WriteString("\n" + n + ": " + strings.Join(r.Headers[n], ","))
	}
	return b.String()
}

func cloneRequest(r model.Request) model.Request {
	if r.Headers != nil {
		h := make(http.Header, len(r.Headers))
		for k, v := range r.Headers {
			h[k] = append([]string(nil), v...)
		}
		r.Headers = h
	}
	return r
}

// stableID is prefix plus the first 8 hex digits of the SHA-256 of the parts.
func stableID(prefix string, parts ...string) string {
	sum := sha256.Sum256([]byte(strings.Join(parts, "\x00")))
	return prefix + "-" + hex.EncodeToString(sum[:4])
}

// splitGroup is one set of new entry points that all claim some host.
type splitGroup struct {
	Entries []string
	Hosts   map[string]bool
	// Ports are the "scheme port" pairs on which the entry points share a host.
	Ports map[string]bool
	Req   model.Request
	Old   side
}

// hostSplit records that several new entry points accept host h.
func (c *checker) hostSplit(o side, news []side, h hostClass) {
	var entries []string
	for _, n := range news {
		entries = append(entries, n.Entry.Name)
	}
	sort.Strings(entries)
	k := strings.Join(entries, "\x00")
	c.mu.Lock()
	defer c.mu.Unlock()
	s := c.splits[k]
	if s == nil {
		s = &splitGroup{Entries: entries, Hosts: map[string]bool{}, Ports: map[string]bool{}}
		c.splits[k] = s
	}
	s.Hosts[h.Name] = true
	s.Ports[fmt.Sprintf("%s port %d", o.Scheme, o.Port)] = true
	req := model.Request{Method: "GET", Scheme: o.Scheme, Host: h.Name, Port: o.Port, Path: "/"}
	if s.Req.Host == "" || len(req.Host) < len(s.Req.Host) || (len(req.Host) == len(s.Req.Host) && requestKey(req) < requestKey(s.Req)) {
		s.Req, s.Old = req, o
	}
}
