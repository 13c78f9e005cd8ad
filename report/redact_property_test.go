package report

import (
	"bytes"
	"net/url"
	"strings"
	"testing"

	"pgregory.net/rapid"

	"github.com/ingress-parity/ingress-parity/finding"
)

// TestRedactProperty: a credential in a sensitive header, cookie or query parameter never
// appears in any output format, however it is quoted.
func TestRedactProperty(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		secret := rapid.StringOfN(rapid.RuneFrom([]rune("abcXYZ019-_.~+/=' ;:")), 12, 24, -1).Draw(t, "secret")
		if strings.TrimSpace(secret) != secret || strings.Count(secret, " ") > 0 {
			secret = strings.ReplaceAll(secret, " ", "s")
		}
		header := rapid.SampledFrom([]string{"Authorization", "X-Api-Key", "X-Auth-Token", "Proxy-Authorization"}).Draw(t, "header")
		param := rapid.SampledFrom([]string{"token", "access_token", "api_key", "password"}).Draw(t, "param")
		q := url.Values{param: {secret}, "page": {"2"}}.Encode()
		quoted := "'" + strings.ReplaceAll(header+": "+secret, "'", `'\''`) + "'"
		cookie := "'" + strings.ReplaceAll("Cookie: sid="+secret, "'", `'\''`) + "'"
		f := finding.Finding{
			ID: "misroute-00000000", Category: finding.Misroute, Severity: finding.High, Count: 1,
			Title:       "GET http://h/x?" + q,
			Witness:     finding.Witness{Method: "GET", Scheme: "http", Host: "h", Port: 80, Path: "/x", Query: q, Headers: map[string]string{header: secret, "Cookie": "sid=" + secret}},
			Curl:        "curl -sS -i --resolve h:80:127.0.0.1 'http://h/x?" + q + "' -H " + quoted + " -H " + cookie,
			Old:         &finding.Decision{Decision: "redirect", Status: 302, Location: "https://h/x?" + q},
			Explanation: "header " + header + " = " + secret,
		}
		r := &finding.Result{Verdict: finding.Different, Findings: []finding.Finding{f}}
		for _, format := range Formats {
			var buf bytes.Buffer
			if err := Write(&buf, r, format); err != nil {
				t.Fatal(err)
			}
			out := buf.String()
			for _, form := range []string{secret, url.QueryEscape(secret), strings.ReplaceAll(secret, "'", `'\''`), mdEscape(secret), htmlEscape(secret)} {
				if strings.Contains(out, form) {
					t.Fatalf("%s output contains the secret %q (as %q):\n%s", format, secret, form, out)
				}
			}
		}
	})
}
