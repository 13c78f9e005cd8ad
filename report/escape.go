package report

import "net/url"

func queryEscape(s string) string { return url.QueryEscape(s) }

func queryUnescape(s string) string {
	if u, err := url.QueryUnescape(s); err == nil {
		return u
	}
	return s
}
