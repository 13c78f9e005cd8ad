package probe

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"iter"
	"net/url"
	"os"
	"strings"
)

// CorpusOptions say how corpus lines become probes.
type CorpusOptions struct {
	// Scheme, Host and Port are used when an entry does not carry them (ingress-nginx's
	// default log format has no host). Host is required for access logs.
	Scheme string
	Host   string
	Port   int32
	// AllowUnsafeMethods keeps methods other than GET, HEAD and OPTIONS (skipped otherwise).
	AllowUnsafeMethods bool
}

// ReadCorpus streams probes from an ingress-nginx access log (default log-format-upstream)
// or a HAR file, chosen by content: a HAR file starts with "{". Entries with unsafe methods
// are skipped unless allowed; identical requests are sent once. Errors name file and line.
func ReadCorpus(path string, opts CorpusOptions) iter.Seq2[Probe, error] {
	return func(yield func(Probe, error) bool) {
		f, err := os.Open(path)
		if err != nil {
			yield(Probe{}, fmt.Errorf("--corpus: %w", err))
			return
		}
		defer f.Close()
		br := bufio.NewReaderSize(f, 64<<10)
		first, _ := br.Peek(64)
		if strings.HasPrefix(strings.TrimSpace(string(first)), "{") {
			readHAR(path, br, opts, yield)
			return
		}
		readAccessLog(path, br, opts, yield)
	}
}

// readAccessLog reads ingress-nginx access log lines. The default format is
// `$remote_addr - $remote_user [$time_local] "$request" $status ...`
// (ingress-nginx internal/ingress/controller/config/config.go, logFormatUpstream): the
// request line is the first quoted field, and the host is not logged.
func readAccessLog(path string, r io.Reader, opts CorpusOptions, yield func(Probe, error) bool) {
	if opts.Host == "" {
		yield(Probe{}, fmt.Errorf("--corpus %s: access logs carry no host: give --corpus-host", path))
		return
	}
	seen := map[string]bool{}
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64<<10), 1<<20)
	line := 0
	for sc.Scan() {
		line++
		text := strings.TrimSpace(sc.Text())
		if text == "" || strings.HasPrefix(text, "#") {
			continue
		}
		_, rest, ok := strings.Cut(text, "\"")
		reqLine, _, ok2 := strings.Cut(rest, "\"")
		if !ok || !ok2 {
			if !yield(Probe{}, fmt.Errorf("%s:%d: no quoted request line", path, line)) {
				return
			}
			continue
		}
		fields := strings.Fields(reqLine)
		if len(fields) != 3 || !strings.HasPrefix(fields[2], "HTTP/") {
			continue // "-" or a malformed request the proxy logged with 400: nothing to replay
		}
		p, err := corpusProbe(fields[0], fields[1], opts)
		if err != nil {
			if !yield(Probe{}, fmt.Errorf("%s:%d: %w", path, line, err)) {
				return
			}
			continue
		}
		if skipCorpus(p, opts, seen) {
			continue
		}
		p.ID = fmt.Sprintf("corpus-%d", line)
		p.Why = fmt.Sprintf("%s:%d", path, line)
		if !yield(p, nil) {
			return
		}
	}
	if err := sc.Err(); err != nil {
		yield(Probe{}, fmt.Errorf("%s:%d: %w", path, line, err))
	}
}

func skipCorpus(p Probe, opts CorpusOptions, seen map[string]bool) bool {
	if !opts.AllowUnsafeMethods && !SafeMethod(p.Request.Method) {
		return true
	}
	key := p.Request.Method + " " + p.Request.Scheme + "://" + p.Request.Host + p.Request.Path + "?" + p.Request.Query
	if seen[key] {
		return true
	}
	seen[key] = true
	return false
}

// corpusProbe builds a probe from a method and a request target (origin or absolute form).
func corpusProbe(method, target string, opts CorpusOptions) (Probe, error) {
	scheme := opts.Scheme
	if scheme == "" {
		scheme = "http"
	}
	req := Request{Method: method, Scheme: scheme, Host: opts.Host, Port: opts.Port}
	if strings.HasPrefix(target, "http://") || strings.HasPrefix(target, "https://") {
		u, err := url.Parse(target)
		if err != nil {
			return Probe{}, fmt.Errorf("request target %q: %w", target, err)
		}
		req.Scheme, req.Host = u.Scheme, u.Hostname()
		target = u.RequestURI()
	}
	req.Path, req.Query, _ = strings.Cut(target, "?")
	if err := req.Validate(); err != nil {
		return Probe{}, err
	}
	return Probe{Class: "corpus", Request: req}, nil
}

type harFile struct {
	Log struct {
		Entries []struct {
			Request struct {
				Method  string `json:"method"`
				URL     string `json:"url"`
				Headers []struct {
					Name  string `json:"name"`
					Value string `json:"value"`
				} `json:"headers"`
			} `json:"request"`
		} `json:"entries"`
	} `json:"log"`
}

// harHeaders are the request headers kept from HAR entries; credentials and cookies
// are dropped so no secret is replayed or written to results.
var harHeaders = map[string]bool{"accept": true, "accept-language": true, "origin": true, "content-type": true, "user-agent": true}

func readHAR(path string, r io.Reader, opts CorpusOptions, yield func(Probe, error) bool) {
	var h harFile
	if err := json.NewDecoder(r).Decode(&h); err != nil {
		yield(Probe{}, fmt.Errorf("--corpus %s: HAR: %w", path, err))
		return
	}
	seen := map[string]bool{}
	for i, e := range h.Log.Entries {
		at := fmt.Sprintf("%s: log.entries[%d].request", path, i)
		u, err := url.Parse(e.Request.URL)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			if !yield(Probe{}, fmt.Errorf("%s.url %q: want an absolute http(s) URL", at, e.Request.URL)) {
				return
			}
			continue
		}
		p, err := corpusProbe(e.Request.Method, u.String(), opts)
		if err != nil {
			if !yield(Probe{}, fmt.Errorf("%s: %w", at, err)) {
				return
			}
			continue
		}
		if u.Port() != "" {
			var port int
			fmt.Sscan(u.Port(), &port)
			p.Request.Port = int32(port)
		}
		for _, hd := range e.Request.Headers {
			if harHeaders[strings.ToLower(hd.Name)] {
				if p.Request.Headers == nil {
					p.Request.Headers = map[string]string{}
				}
				p.Request.Headers[hd.Name] = hd.Value
			}
		}
		if skipCorpus(p, opts, seen) {
			continue
		}
		p.ID = fmt.Sprintf("har-%d", i)
		p.Why = fmt.Sprintf("%s entry %d", path, i)
		if !yield(p, nil) {
			return
		}
	}
}
