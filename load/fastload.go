package load

import (
	"strings"

	yaml "go.yaml.in/yaml/v3"
)

// fastConvert renders a document the fast parser reads (see fastParse) straight to JSON,
// with no node tree: the same JSON, value starts and field lines convert gives for the
// tree fastParse builds (FuzzFastConvert checks it). It returns ok false for anything
// else, and for what the converter would refuse, so that the node path reports it.
func fastConvert(file string, data []byte, lineOffset int) (conv *converted, p *fastParser, ok bool) {
	if _, ok := fastLines(data); !ok {
		return nil, nil, false
	}
	c := newConverter(file)
	p = &fastParser{src: string(data), line: lineOffset, emit: c}
	if _, ok := p.run(); !ok {
		c.out.release()
		return nil, nil, false
	}
	return c.done(), p, true
}

// loadFast reads one document of a kind ingress-parity reads with fastConvert. It
// returns ok false, having done nothing, when the document needs the node path: input
// outside the fast subset, a List, a kind that is skipped, no apiVersion or kind.
func loadFast(name string, c chunk) (r *Resources, ok bool, err error) {
	conv, p, ok := fastConvert(name, c.data, c.line-1)
	if !ok {
		return nil, false, nil
	}
	defer conv.release()
	kind := p.kind
	if p.apiVersion == "" || kind == "" || kind == "List" || strings.HasSuffix(kind, "List") {
		return nil, false, nil
	}
	h := handlerFor(p.apiVersion, kind)
	if h == nil {
		return nil, false, nil
	}
	d := &document{
		file: name, line: p.rootLine, apiVersion: strings.Clone(p.apiVersion), kind: strings.Clone(kind), conv: conv,
		tree: func() *yaml.Node {
			root, _ := fastParse(c.data, c.line-1)
			return root
		},
	}
	r = &Resources{}
	if err := h(r, d); err != nil {
		return nil, true, err
	}
	return r, true, nil
}
