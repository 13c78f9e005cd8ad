package estategen

import (
	"fmt"
	"math/rand/v2"
)

// hostsPerNamespace keeps each team Gateway at 2*25 = 50 listeners, under Gateway API's 64.
const hostsPerNamespace = 25

// words are first path segments. None holds 's' or 'k': under Unicode case folding (Go RE2,
// Envoy) they also match U+017F and U+212A, which nginx's byte-wise PCRE caseless match does
// not, and the regex hosts are meant to be equivalent.
var words = []string{
	"api", "cart", "feed", "home", "media", "order", "pay", "team", "unit", "video",
	"blog", "auth", "data", "file", "help", "item", "map", "note", "page", "quote",
	"rate", "tag", "web", "zone", "alpha", "beta", "deal", "form", "grid", "info",
	"log", "menu", "poll", "report", "board", "chart", "event", "image", "layout", "window",
}

// tails are optional deeper segments after the first one.
var tails = []string{"", "/v1", "/v2", "/view", "/edit", "/all", "/latest", "/tree"}

// pathKind is how an Ingress path matches.
type pathKind int

const (
	kindPrefix pathKind = iota
	kindExact
	kindImplSpecific // nginx string prefix, or a regex on a regex host
)

// canaryKind is how a canary Ingress selects traffic.
type canaryKind int

const (
	canaryNone canaryKind = iota
	canaryWeight
	canaryHeader
)

// identityKind is which identity control an Ingress carries.
type identityKind int

const (
	identityNone identityKind = iota
	identityAllowlist
	identityAuthURL
	identityAuthTLS
)

// canaryWeightPercent and the canary header are the canary settings of every canary Ingress.
const (
	canaryWeightPercent = 20
	canaryHeaderName    = "X-Canary"
	canaryHeaderValue   = "on"
)

// estate is the plan both sides are written from.
type estate struct {
	namespaces []string
	hosts      []*host
	ingresses  []*ingressPlan
}

// host is one hostname and what is special about it.
type host struct {
	index     int
	name      string // app00042.example.com
	label     string // app00042
	namespace string
	tls       bool
	regex     bool // use-regex on every Ingress of the host
	rewrite   bool // rewrite-target "/" on the first Ingress
	drift     bool // use-regex on the first Ingress only in nginx; translated as if absent
	ingresses []*ingressPlan
}

// ingressPlan is one Ingress.
type ingressPlan struct {
	name     string
	host     *host
	service  string // backend of every path but a canaried one
	paths    []pathPlan
	canary   canaryKind // this Ingress is a canary of the host's first Ingress, path 0
	identity identityKind
}

// pathPlan is one path of an Ingress and its backend.
type pathPlan struct {
	value   string
	kind    pathKind
	regex   bool // the value holds regex syntax
	service string
}

// plan lays out the estate for opts.
func plan(opts Options) *estate {
	n := max(opts.Ingresses, 1)
	rng := rand.New(rand.NewPCG(opts.Seed, 0x9e3779b97f4a7c15))
	e := &estate{}
	nHosts := (n + 1) / 2
	for h := range nHosts {
		ns := fmt.Sprintf("team-%03d", h/hostsPerNamespace)
		if h%hostsPerNamespace == 0 {
			e.namespaces = append(e.namespaces, ns)
		}
		label := fmt.Sprintf("app%05d", h)
		hp := &host{
			index: h, name: label + ".example.com", label: label, namespace: ns,
			tls:   h%2 == 0,
			regex: h%10 == 3,
		}
		hp.rewrite = hp.regex && h%20 == 13
		hp.drift = opts.DriftEvery > 0 && h%opts.DriftEvery == opts.DriftEvery-1 && !hp.regex
		e.hosts = append(e.hosts, hp)
	}
	for k := range n {
		hp := e.hosts[k/2]
		ing := &ingressPlan{name: fmt.Sprintf("%s-%c", hp.label, 'a'+k%2), host: hp}
		ing.service = ing.name
		hp.ingresses = append(hp.ingresses, ing)
		e.ingresses = append(e.ingresses, ing)
	}
	for _, hp := range e.hosts {
		planHost(rng, hp, opts)
	}
	return e
}

// planHost gives the Ingresses of hp their paths, canary and identity settings.
func planHost(rng *rand.Rand, hp *host, opts Options) {
	seg := 0 // first segments are numbered per host: no path of a host prefixes another
	nextFirst := func() string {
		s := fmt.Sprintf("/%s%02d", words[rng.IntN(len(words))], seg)
		seg++
		return s
	}
	first := hp.ingresses[0]
	if len(hp.ingresses) == 2 && hp.index%20 == 7 {
		c := hp.ingresses[1]
		c.canary = canaryWeight
		if (hp.index/20)%2 == 1 {
			c.canary = canaryHeader
		}
	}
	for i, ing := range hp.ingresses {
		if ing.canary != canaryNone {
			p := first.paths[0]
			p.service = ing.name
			ing.paths = []pathPlan{p}
			first.paths[0].service = first.name + "-stable"
			continue
		}
		count := 4 + rng.IntN(3)
		for range count {
			p := pathPlan{value: nextFirst() + tails[rng.IntN(len(tails))], service: ing.service}
			switch r := rng.IntN(10); {
			case hp.regex:
				p.kind = kindImplSpecific
				if r < 5 {
					p.value += "/[0-9]+"
					p.regex = true
				}
			case r == 0:
				p.kind = kindImplSpecific
			case r <= 3:
				p.kind = kindExact
			default:
				p.kind = kindPrefix
			}
			ing.paths = append(ing.paths, p)
		}
		if opts.Identity && hp.index%3 == i%3 {
			ing.identity = identityKind(1 + (hp.index/3)%3)
		}
	}
}
