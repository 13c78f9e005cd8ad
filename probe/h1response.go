package probe

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/ingress-parity/ingress-parity/witness"
)

// Limits of the response parser. A response beyond them is an error, never a hang or an
// unbounded allocation.
const (
	// maxHeaderLine is the longest status, header or chunk-size line (the reader's buffer).
	maxHeaderLine = 32 << 10
	// maxHeaderBytes bounds all header lines of one response head together.
	maxHeaderBytes = 1 << 20
	// maxInformational is how many 1xx responses may precede the final one (as net/http).
	maxInformational = 5
)

// keptHeaders are the response headers the prober reads; all others are skipped without
// allocation. Framing headers (Content-Length, Transfer-Encoding, Connection) are read by
// the parser itself.
var keptHeaders = append(append([]string{}, ComparedHeaders...), "Set-Cookie", "Location", "Content-Type", witness.Header)

// headerField is one kept response header: its canonical name (from keptHeaders) and
// its value with surrounding blanks trimmed.
type headerField struct {
	name, value string
}

// respHead is the part of an HTTP/1.x response the prober uses.
type respHead struct {
	status int
	fields []headerField
	// body framing: contentLength is -1 when unknown; chunked wins over it.
	contentLength int64
	chunked       bool
	// closeAfter: the server will close the connection (Connection: close, HTTP/1.0
	// without keep-alive, or a body delimited by the end of the connection).
	closeAfter bool
	// noBody: HEAD, 1xx, 204 and 304 answers carry no body whatever their headers say.
	noBody bool
}

// values returns every value of the kept header name (canonical spelling), in order.
func (h *respHead) values(name string) []string {
	var out []string
	for _, f := range h.fields {
		if f.name == name {
			out = append(out, f.value)
		}
	}
	return out
}

// get returns the first value of the kept header name, or "".
func (h *respHead) get(name string) string {
	for _, f := range h.fields {
		if f.name == name {
			return f.value
		}
	}
	return ""
}

// errTruncatedHead reports a connection that ended inside a response head.
var errTruncatedHead = errors.New("connection closed before the response head was complete")

// errNoResponse wraps the error of a connection that failed before any byte of a
// response arrived (a server closing an idle keep-alive connection looks like this).
var errNoResponse = errors.New("no response")

// readResponseHead reads the final response head for a request with method, skipping
// up to maxInformational 1xx answers (101 Switching Protocols is final, as in net/http).
func readResponseHead(br *bufio.Reader, method string) (*respHead, error) {
	for i := range maxInformational + 1 {
		h, err := readOneHead(br)
		if err != nil && i > 0 && errors.Is(err, errNoResponse) {
			return nil, fmt.Errorf("connection closed after an informational (1xx) response: %v", err)
		}
		if err != nil {
			return nil, err
		}
		if h.status >= 200 || h.status == 101 {
			h.noBody = h.noBody || method == "HEAD" || h.status == 101 || h.status == 204 || h.status == 304
			if h.status == 101 {
				h.closeAfter = true
			}
			if !h.noBody && !h.chunked && h.contentLength < 0 {
				h.closeAfter = true // the body runs to the end of the connection
			}
			return h, nil
		}
	}
	return nil, fmt.Errorf("more than %d informational (1xx) responses", maxInformational)
}

// readOneHead reads one status line and its header lines.
func readOneHead(br *bufio.Reader) (*respHead, error) {
	line, err := readLine(br, "status line")
	if err != nil {
		return nil, err
	}
	h := &respHead{contentLength: -1}
	minor, err := parseStatusLine(line, h)
	if err != nil {
		return nil, err
	}
	h.closeAfter = minor == 0 // HTTP/1.0 closes unless it says keep-alive
	total := len(line)
	sawCL := false
	lastKept := false // the previous field line was kept (for obs-fold continuations)
	for {
		line, err := readLine(br, "header line")
		if err != nil {
			return nil, err
		}
		if len(line) == 0 {
			return h, nil
		}
		if total += len(line); total > maxHeaderBytes {
			return nil, fmt.Errorf("response headers longer than %d bytes", maxHeaderBytes)
		}
		if line[0] == ' ' || line[0] == '\t' {
			// obs-fold (RFC 9112 5.2): a continuation of the previous field, joined by a
			// space; continuations of skipped fields are skipped with them.
			if lastKept {
				f := &h.fields[len(h.fields)-1]
				f.value = strings.TrimSpace(f.value + " " + string(bytes.TrimSpace(line)))
			}
			continue
		}
		lastKept = false
		name, value, ok := bytes.Cut(line, []byte{':'})
		if !ok || len(name) == 0 || !validFieldName(name) {
			return nil, fmt.Errorf("malformed header line %q", clip(line))
		}
		value = bytes.Trim(value, " \t")
		if bytes.IndexByte(value, 0) >= 0 {
			return nil, fmt.Errorf("header %s: value contains a NUL byte", name)
		}
		switch {
		case asciiEqualFold(name, "Content-Length"):
			n, err := strconv.ParseInt(string(value), 10, 64)
			if err != nil || n < 0 || value[0] == '+' {
				return nil, fmt.Errorf("header Content-Length %q: not a length", clip(value))
			}
			if sawCL && n != h.contentLength {
				return nil, fmt.Errorf("conflicting Content-Length headers %d and %d", h.contentLength, n)
			}
			sawCL, h.contentLength = true, n
		case asciiEqualFold(name, "Transfer-Encoding"):
			if !asciiEqualFold(value, "chunked") {
				return nil, fmt.Errorf("unsupported Transfer-Encoding %q", clip(value))
			}
			h.chunked = true
		case asciiEqualFold(name, "Connection"):
			for _, tok := range bytes.Split(value, []byte{','}) {
				tok = bytes.TrimSpace(tok)
				switch {
				case asciiEqualFold(tok, "close"):
					h.closeAfter = true
				case asciiEqualFold(tok, "keep-alive") && minor == 0:
					h.closeAfter = false
				}
			}
		default:
			for _, k := range keptHeaders {
				if asciiEqualFold(name, k) {
					h.fields = append(h.fields, headerField{name: k, value: string(value)})
					lastKept = true
					break
				}
			}
		}
	}
}

// parseStatusLine reads "HTTP/1.x NNN reason" into h and returns the minor version.
func parseStatusLine(line []byte, h *respHead) (int, error) {
	proto, rest, _ := bytes.Cut(line, []byte{' '})
	var minor int
	switch string(proto) {
	case "HTTP/1.1":
		minor = 1
	case "HTTP/1.0":
		minor = 0
	default:
		return 0, fmt.Errorf("malformed status line %q: want HTTP/1.0 or HTTP/1.1", clip(line))
	}
	code, _, _ := bytes.Cut(rest, []byte{' '})
	if len(code) != 3 || code[0] < '1' || code[0] > '5' || !isDigits(code) {
		return 0, fmt.Errorf("malformed status line %q: want a three-digit status", clip(line))
	}
	h.status = int(code[0]-'0')*100 + int(code[1]-'0')*10 + int(code[2]-'0')
	return minor, nil
}

// readLine reads one line without its CRLF (a bare LF is accepted). A line longer than
// the reader's buffer and a connection closed inside a line are errors naming what.
func readLine(br *bufio.Reader, what string) ([]byte, error) {
	line, err := br.ReadSlice('\n')
	switch {
	case errors.Is(err, bufio.ErrBufferFull):
		return nil, fmt.Errorf("%s longer than %d bytes", what, br.Size())
	case err != nil && len(line) == 0 && what == "status line":
		if err == io.EOF {
			return nil, fmt.Errorf("%w: connection closed", errNoResponse)
		}
		return nil, fmt.Errorf("%w: %w", errNoResponse, err)
	case err == io.EOF || errors.Is(err, io.ErrUnexpectedEOF):
		return nil, errTruncatedHead
	case err != nil:
		return nil, err
	}
	line = line[:len(line)-1]
	if n := len(line); n > 0 && line[n-1] == '\r' {
		line = line[:n-1]
	}
	return line, nil
}

// readBody copies the body described by h to w, at most limit bytes. It returns the
// bytes copied and whether the body ended within the limit (the connection can then be
// reused, unless h.closeAfter).
func readBody(br *bufio.Reader, h *respHead, w io.Writer, limit int64) (int64, bool, error) {
	switch {
	case h.noBody:
		return 0, true, nil
	case h.chunked:
		return readChunked(br, w, limit)
	case h.contentLength >= 0:
		n, err := copyN(w, br, min(h.contentLength, limit))
		if err == io.EOF {
			err = fmt.Errorf("connection closed after %d of %d body bytes", n, h.contentLength)
		}
		return n, err == nil && n == h.contentLength, err
	default:
		// Delimited by the end of the connection: read to EOF or the limit.
		n, err := copyN(w, br, limit)
		if err == io.EOF {
			return n, true, nil
		}
		return n, false, err
	}
}

// readChunked copies a chunked body (RFC 9112 7.1) to w, at most limit bytes, and reads
// the trailer section when the body ends within the limit.
func readChunked(br *bufio.Reader, w io.Writer, limit int64) (int64, bool, error) {
	var n int64
	for {
		line, err := readLine(br, "chunk size line")
		if err == errTruncatedHead || err == io.EOF {
			return n, false, fmt.Errorf("connection closed inside a chunked body after %d bytes", n)
		}
		if err != nil {
			return n, false, err
		}
		size, _, _ := bytes.Cut(line, []byte{';'})
		size = bytes.TrimRight(size, " \t")
		sz, perr := strconv.ParseUint(string(size), 16, 62)
		if perr != nil || len(size) == 0 {
			return n, false, fmt.Errorf("malformed chunk size %q", clip(line))
		}
		if sz == 0 {
			err := readTrailers(br)
			return n, err == nil, err
		}
		take := min(int64(sz), limit-n)
		m, err := copyN(w, br, take)
		n += m
		if err == io.EOF {
			return n, false, fmt.Errorf("connection closed inside a chunk after %d body bytes", n)
		}
		if err != nil || take < int64(sz) {
			return n, false, err // over the limit: the rest is not read
		}
		if err := readChunkEnd(br); err != nil {
			return n, false, err
		}
	}
}

// copyN copies n bytes from br's buffer to w (io.CopyN would allocate a buffer per
// call); io.EOF when the connection ends first.
func copyN(w io.Writer, br *bufio.Reader, n int64) (int64, error) {
	var done int64
	for done < n {
		if br.Buffered() == 0 {
			if _, err := br.Peek(1); err != nil {
				return done, err
			}
		}
		chunk, _ := br.Peek(int(min(int64(br.Buffered()), n-done)))
		if _, err := w.Write(chunk); err != nil {
			return done, err
		}
		_, _ = br.Discard(len(chunk))
		done += int64(len(chunk))
	}
	return done, nil
}

// readChunkEnd reads the CRLF that ends a chunk's data.
func readChunkEnd(br *bufio.Reader) error {
	b, err := br.ReadByte()
	if err == nil && b == '\r' {
		b, err = br.ReadByte()
	}
	if err != nil {
		return fmt.Errorf("connection closed after chunk data: %w", err)
	}
	if b != '\n' {
		return errors.New("chunk data longer than its chunk size")
	}
	return nil
}

// readTrailers skips the trailer fields after the last chunk, up to the empty line.
func readTrailers(br *bufio.Reader) error {
	total := 0
	for {
		line, err := readLine(br, "trailer line")
		if err != nil {
			if err == errTruncatedHead || err == io.EOF {
				return errors.New("connection closed inside the chunked trailer")
			}
			return err
		}
		if len(line) == 0 {
			return nil
		}
		if total += len(line); total > maxHeaderBytes {
			return fmt.Errorf("trailers longer than %d bytes", maxHeaderBytes)
		}
	}
}

// validFieldName reports whether b is an RFC 9110 token.
func validFieldName(b []byte) bool {
	for _, c := range b {
		if !isTokenByte(c) {
			return false
		}
	}
	return true
}

func isTokenByte(c byte) bool { return tokenBytes[c] }

// tokenBytes are the RFC 9110 tchar bytes.
var tokenBytes = func() (t [256]bool) {
	for c := range 256 {
		t[c] = 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || strings.IndexByte("!#$%&'*+-.^_`|~", byte(c)) >= 0
	}
	return t
}()

func isDigits(b []byte) bool {
	for _, c := range b {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}

// asciiEqualFold compares b with the ASCII string s ignoring case, without allocating.
func asciiEqualFold(b []byte, s string) bool {
	if len(b) != len(s) {
		return false
	}
	for i := range len(b) {
		if lowerASCII(b[i]) != lowerASCII(s[i]) {
			return false
		}
	}
	return true
}

func lowerASCII(c byte) byte {
	if 'A' <= c && c <= 'Z' {
		return c + 'a' - 'A'
	}
	return c
}

// clip shortens b for an error message.
func clip(b []byte) string {
	if len(b) > 64 {
		return string(b[:64]) + "..."
	}
	return string(b)
}
