package load

import "bytes"

// chunk is a part of a YAML stream holding one document, and the line it starts on.
type chunk struct {
	data []byte
	line int
}

// splitDocuments cuts a YAML stream before each document start marker ("---" at the
// start of a line, followed by white space or the end of the line). YAML forbids such a
// line inside a document (c-forbidden, YAML 1.2 section 9.1.3), so every chunk can be
// parsed on its own. Streams with directives ("%YAML", "%TAG" lines), which bind to
// the next document, are returned whole.
func splitDocuments(data []byte) []chunk {
	var out []chunk
	start, startLine := 0, 1
	line := 1
	for i := 0; i < len(data); {
		end := bytes.IndexByte(data[i:], '\n')
		next := len(data)
		if end >= 0 {
			next = i + end + 1
		}
		l := data[i:next]
		if len(l) > 0 && l[0] == '%' {
			return []chunk{{data: data, line: 1}}
		}
		if isDocumentStart(l) && i > start {
			out = append(out, chunk{data: data[start:i], line: startLine})
			start, startLine = i, line
		}
		line++
		i = next
	}
	if start < len(data) {
		out = append(out, chunk{data: data[start:], line: startLine})
	}
	return out
}

// isDocumentStart reports whether line (with its newline) is a "---" marker line.
func isDocumentStart(l []byte) bool {
	if len(l) < 3 || l[0] != '-' || l[1] != '-' || l[2] != '-' {
		return false
	}
	if len(l) == 3 {
		return true
	}
	switch l[3] {
	case ' ', '\t', '\r', '\n':
		return true
	}
	return false
}
