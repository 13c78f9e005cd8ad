package load

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"

	yaml "go.yaml.in/yaml/v3"
)

// Options configures Load.
type Options struct {
	// Stdin is read for the path "-".
	Stdin io.Reader
}

// stdinName is the file name reported for objects read from stdin.
const stdinName = "<stdin>"

// Load reads every path (a file, a directory searched recursively for *.yaml, *.yml and
// *.json in lexical order, or "-" for opts.Stdin) and returns the objects found, in input
// order. A malformed document, an unknown field or a value of the wrong type is an *Error;
// objects of kinds ingress-parity does not read are listed in Skipped, objects the API
// server would refuse in Invalid.
func Load(paths []string, opts Options) (*Resources, error) {
	out := &Resources{}
	for _, p := range paths {
		if p == "-" {
			if opts.Stdin == nil {
				return nil, errors.New("load: path \"-\" given but no stdin reader")
			}
			data, err := io.ReadAll(opts.Stdin)
			if err != nil {
				return nil, fmt.Errorf("load: reading stdin: %w", err)
			}
			r, err := LoadBytes(stdinName, data)
			if err != nil {
				return nil, err
			}
			out.Merge(r)
			continue
		}
		files, err := inputFiles(p)
		if err != nil {
			return nil, err
		}
		for _, f := range files {
			data, err := os.ReadFile(f)
			if err != nil {
				return nil, fmt.Errorf("load: %w", err)
			}
			r, err := LoadBytes(f, data)
			if err != nil {
				return nil, err
			}
			out.Merge(r)
		}
	}
	return out, nil
}

// inputFiles expands p: a file is itself (whatever its name), a directory is every
// *.yaml, *.yml and *.json below it in lexical order, leaving out hidden directories.
func inputFiles(p string) ([]string, error) {
	info, err := os.Stat(p)
	if err != nil {
		return nil, fmt.Errorf("load: %w", err)
	}
	if !info.IsDir() {
		return []string{p}, nil
	}
	var files []string
	err = filepath.WalkDir(p, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			if path != p && strings.HasPrefix(d.Name(), ".") {
				return filepath.SkipDir
			}
			return nil
		}
		switch strings.ToLower(filepath.Ext(path)) {
		case ".yaml", ".yml", ".json":
			files = append(files, path)
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("load: %w", err)
	}
	return files, nil
}

// LoadBytes reads the YAML or JSON documents in data as if read from the file name.
// Documents are parsed and decoded in parallel; the result is in document order, and the
// error, if any, is the one of the first failing document.
func LoadBytes(name string, data []byte) (*Resources, error) {
	if looksLikeJSON(data) {
		// JSON allows tabs wherever YAML forbids them; a raw tab cannot occur inside a
		// valid JSON string, so turning tabs into spaces changes no value and no offset.
		data = bytes.ReplaceAll(data, []byte{'\t'}, []byte{' '})
		return loadStream(name, data, 0)
	}
	chunks := splitDocuments(data)
	if len(chunks) < 64 {
		return loadSmall(name, data, chunks)
	}
	type result struct {
		r   *Resources
		err error
	}
	results := make([]result, len(chunks))
	next := make(chan int, len(chunks))
	for i := range chunks {
		next <- i
	}
	close(next)
	var wg sync.WaitGroup
	for w := 0; w < runtime.GOMAXPROCS(0); w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				r, err := loadChunk(name, chunks[i])
				results[i] = result{r, err}
			}
		}()
	}
	wg.Wait()
	out := &Resources{}
	for _, res := range results {
		if res.err != nil {
			return nil, res.err
		}
		out.Merge(res.r)
	}
	return out, nil
}

// loadSmall reads a stream of few documents: with the fast parser when it takes every
// document, else whole with go.yaml.in/yaml/v3.
func loadSmall(name string, data []byte, chunks []chunk) (*Resources, error) {
	roots := make([]*yaml.Node, len(chunks))
	for i, c := range chunks {
		root, ok := fastParse(c.data, c.line-1)
		if !ok {
			return loadStream(name, data, 0)
		}
		roots[i] = root
	}
	r := &Resources{}
	for i, root := range roots {
		roots[i] = nil // release each tree once decoded
		if err := r.addNode(name, root, 0); err != nil {
			return nil, err
		}
	}
	return r, nil
}

// loadChunk reads one document: with the fast parser when it can, else with
// go.yaml.in/yaml/v3 (which reports any syntax error).
func loadChunk(name string, c chunk) (*Resources, error) {
	if r, ok, err := loadFast(name, c); ok {
		return r, err
	}
	root, ok := fastParse(c.data, c.line-1)
	if !ok {
		return loadStream(name, c.data, c.line-1)
	}
	r := &Resources{}
	if err := r.addNode(name, root, 0); err != nil {
		return nil, err
	}
	return r, nil
}

// loadStream reads the documents of data one after the other; lineOffset is added to
// every line (data is a part of a file starting after lineOffset lines).
func loadStream(name string, data []byte, lineOffset int) (*Resources, error) {
	r := &Resources{}
	dec := yaml.NewDecoder(bytes.NewReader(data))
	for {
		var doc yaml.Node
		err := dec.Decode(&doc)
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			e := syntaxError(name, err)
			if e.Line > 0 {
				e.Line += lineOffset
			}
			return nil, e
		}
		if doc.Kind != yaml.DocumentNode || len(doc.Content) == 0 {
			continue
		}
		if lineOffset != 0 {
			shiftLines(&doc, lineOffset)
		}
		if err := r.addNode(name, doc.Content[0], 0); err != nil {
			return nil, err
		}
	}
	return r, nil
}

// shiftLines adds off to the line of n and of every node below it.
func shiftLines(n *yaml.Node, off int) {
	n.Line += off
	for _, c := range n.Content {
		shiftLines(c, off)
	}
}

// looksLikeJSON reports whether data starts (after white space) with '{' or '['.
func looksLikeJSON(data []byte) bool {
	t := bytes.TrimLeft(data, " \t\r\n")
	return len(t) > 0 && (t[0] == '{' || t[0] == '[')
}

// maxListNesting bounds Lists inside Lists.
const maxListNesting = 8

// addNode reads one object node (or a List of them) into r.
func (r *Resources) addNode(file string, n *yaml.Node, nesting int) error {
	for n.Kind == yaml.AliasNode && n.Alias != nil {
		n = n.Alias
	}
	if n.Kind == yaml.ScalarNode && n.ShortTag() == "!!null" {
		return nil // an empty or comment-only document
	}
	if n.Kind != yaml.MappingNode {
		r.Skipped = append(r.Skipped, Diagnostic{
			Source:  srcAt(file, n.Line),
			Message: "skipped: document is not an object",
		})
		return nil
	}
	// Clones: the fast parser's values share the memory of the whole document.
	d := &document{file: file, line: n.Line, node: n, apiVersion: strings.Clone(scalarAt(n, "apiVersion")), kind: strings.Clone(scalarAt(n, "kind"))}
	if d.apiVersion == "" || d.kind == "" {
		r.Skipped = append(r.Skipped, Diagnostic{
			Source:  srcAt(file, n.Line),
			Message: "skipped: not a Kubernetes object (no apiVersion or kind)",
		})
		return nil
	}
	if items := valueAt(n, "items"); items != nil && (d.kind == "List" || strings.HasSuffix(d.kind, "List")) {
		if items.Kind != yaml.SequenceNode {
			return &Error{File: file, Line: items.Line, Field: "items", Message: "wrong type: want list"}
		}
		if nesting >= maxListNesting {
			return &Error{File: file, Line: n.Line, Message: "Lists nested too deeply"}
		}
		for _, item := range items.Content {
			if err := r.addNode(file, item, nesting+1); err != nil {
				return err
			}
		}
		return nil
	}
	h := handlerFor(d.apiVersion, d.kind)
	if h == nil {
		src := srcAt(file, n.Line)
		src.Kind = d.kind
		src.Name = strings.Clone(scalarAt(valueAt(n, "metadata"), "name"))
		src.Namespace = strings.Clone(scalarAt(valueAt(n, "metadata"), "namespace"))
		r.Skipped = append(r.Skipped, Diagnostic{
			Source:  src,
			Message: fmt.Sprintf("skipped: apiVersion %s kind %s is not read by ingress-parity", d.apiVersion, d.kind),
		})
		return nil
	}
	conv, cerr := convert(file, n)
	if cerr != nil {
		return cerr
	}
	d.conv = conv
	defer conv.release()
	if err := h(r, d); err != nil {
		return err
	}
	return nil
}

// Merge appends every object and diagnostic of o to r, keeping their order.
func (r *Resources) Merge(o *Resources) {
	if o == nil {
		return
	}
	r.Ingresses = append(r.Ingresses, o.Ingresses...)
	r.IngressClasses = append(r.IngressClasses, o.IngressClasses...)
	r.ConfigMaps = append(r.ConfigMaps, o.ConfigMaps...)
	r.Services = append(r.Services, o.Services...)
	r.Secrets = append(r.Secrets, o.Secrets...)
	r.GatewayClasses = append(r.GatewayClasses, o.GatewayClasses...)
	r.Gateways = append(r.Gateways, o.Gateways...)
	r.HTTPRoutes = append(r.HTTPRoutes, o.HTTPRoutes...)
	r.GRPCRoutes = append(r.GRPCRoutes, o.GRPCRoutes...)
	r.ReferenceGrants = append(r.ReferenceGrants, o.ReferenceGrants...)
	r.Other = append(r.Other, o.Other...)
	r.Skipped = append(r.Skipped, o.Skipped...)
	r.Invalid = append(r.Invalid, o.Invalid...)
}
