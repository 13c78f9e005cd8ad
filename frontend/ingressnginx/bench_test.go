package ingressnginx

import (
	"fmt"
	"testing"

	"github.com/ingress-parity/ingress-parity/load"
)

// estate is a synthetic estate: ingresses Ingresses over 50 hosts, each with 10 paths; every
// seventh uses regex with a rewrite, every eleventh is a canary of the one before it.
func estate(ingresses int) *load.Resources {
	res := &load.Resources{}
	for i := range ingresses {
		host := fmt.Sprintf("h%d.example.com", i%50)
		anns := map[string]string{}
		if i%7 == 0 {
			anns[annotationPrefix+"use-regex"] = "true"
			anns[annotationPrefix+"rewrite-target"] = "/$1"
		}
		if i%11 == 10 {
			anns[annotationPrefix+"canary"] = "true"
			anns[annotationPrefix+"canary-by-header"] = "X-Canary"
			anns[annotationPrefix+"canary-weight"] = "20"
		}
		ing := ingressObject(fmt.Sprintf("ing-%d", i), host, fmt.Sprintf("svc-%d", i), anns)
		rule := &ing.Obj.Spec.Rules[0]
		base := rule.HTTP.Paths[0]
		for j := range 10 {
			p := base
			p.Path = fmt.Sprintf("/app%d/part%d", i, j)
			if i%11 == 10 {
				p.Path = fmt.Sprintf("/app%d/part%d", i-1, j)
				p.Backend.Service = &*base.Backend.Service
			}
			rule.HTTP.Paths = append(rule.HTTP.Paths, p)
		}
		res.Ingresses = append(res.Ingresses, ing)
	}
	return res
}

// BenchmarkBuild builds a 500-Ingress estate (5,500 paths).
func BenchmarkBuild(b *testing.B) {
	res := estate(500)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Build(res, Options{}); err != nil {
			b.Fatal(err)
		}
	}
}
