package annotations

import (
	"fmt"
	"math"
	"regexp"
	"strconv"
	"strings"
	"time"
)

func sprintf(format string, args ...any) string {
	if len(args) == 0 {
		return format
	}
	return fmt.Sprintf(format, args...)
}

// ParseBool reads a boolean as ingress-nginx does (strconv.ParseBool: 1, t, true, TRUE ...).
func ParseBool(s string) (bool, error) {
	b, err := strconv.ParseBool(strings.TrimSpace(s))
	if err != nil {
		return false, fmt.Errorf("not a boolean")
	}
	return b, nil
}

// ParseInt reads a decimal integer (strconv.Atoi, as parser.GetIntAnnotation).
func ParseInt(s string) (int, error) {
	n, err := strconv.Atoi(strings.TrimSpace(s))
	if err != nil {
		return 0, fmt.Errorf("not an integer")
	}
	return n, nil
}

// sizeRe is nginx's size syntax: a number with an optional k, m or g suffix (any case).
// ingress-nginx's validator (parser.SizeRegex) also lets "b" through, which nginx refuses.
var sizeRe = regexp.MustCompile(`^(\d+)([kKmMgG]?)$`)

// ParseSize reads an nginx size ("1m", "8k", "1024", "2G") in bytes. "0" is 0 (for
// client_max_body_size: unlimited).
func ParseSize(s string) (int64, error) {
	m := sizeRe.FindStringSubmatch(strings.TrimSpace(s))
	if m == nil {
		return 0, fmt.Errorf("not an nginx size (digits with an optional k, m or g suffix)")
	}
	n, err := strconv.ParseInt(m[1], 10, 64)
	if err != nil {
		return 0, fmt.Errorf("size out of range")
	}
	shift := map[string]uint{"": 0, "k": 10, "m": 20, "g": 30}[strings.ToLower(m[2])]
	if n > (1<<62)>>shift {
		return 0, fmt.Errorf("size out of range")
	}
	return n << shift, nil
}

// nginxUnits are nginx's time units (https://nginx.org/en/docs/syntax.html), largest first.
var nginxUnits = []struct {
	suffix string
	d      time.Duration
}{
	{"ms", time.Millisecond}, // before "m" so that "ms" is not read as minutes
	{"y", 365 * 24 * time.Hour},
	{"M", 30 * 24 * time.Hour},
	{"w", 7 * 24 * time.Hour},
	{"d", 24 * time.Hour},
	{"h", time.Hour},
	{"m", time.Minute},
	{"s", time.Second},
}

var (
	durationPartRe   = regexp.MustCompile(`^(\d+)(ms|y|M|w|d|h|m|s)?$`)
	durationPrefixRe = regexp.MustCompile(`^\d+(ms|y|M|w|d|h|m|s)?`)
)

// ParseDuration reads an nginx time ("5s", "1h 30m", "1h30m", "500ms", "60" seconds).
func ParseDuration(s string) (time.Duration, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return 0, fmt.Errorf("empty duration")
	}
	var total time.Duration
	for _, field := range strings.Fields(s) {
		for field != "" {
			loc := durationPrefixRe.FindStringIndex(field)
			if loc == nil {
				return 0, fmt.Errorf("not an nginx time (like 5s, 1h 30m, 500ms)")
			}
			part := field[:loc[1]]
			field = field[loc[1]:]
			m := durationPartRe.FindStringSubmatch(part)
			n, err := strconv.ParseInt(m[1], 10, 64)
			unit := time.Second
			for _, u := range nginxUnits {
				if m[2] == u.suffix {
					unit = u.d
					break
				}
			}
			if err != nil || n > int64(math.MaxInt64/unit) || time.Duration(n)*unit > math.MaxInt64-total {
				return 0, fmt.Errorf("duration out of range")
			}
			total += time.Duration(n) * unit
		}
	}
	return total, nil
}

// headerNameRe is the header names ingress-nginx accepts in auth-response-headers
// (authreq.ValidHeader).
var headerNameRe = regexp.MustCompile(`^[a-zA-Z\d\-_]+$`)

// ParseHeaderList reads a comma-separated list of header names, skipping empty entries.
func ParseHeaderList(s string) ([]string, error) {
	var out []string
	for _, h := range strings.Split(s, ",") {
		h = strings.TrimSpace(h)
		if h == "" {
			continue
		}
		if !headerNameRe.MatchString(h) {
			return nil, fmt.Errorf("invalid header name %q", h)
		}
		out = append(out, h)
	}
	return out, nil
}

func errorf(format string, args ...any) error { return fmt.Errorf(format, args...) }

// methodRe is the methods ingress-nginx accepts for auth-method (authreq.ValidMethod).
var methodRe = regexp.MustCompile(`^(GET|HEAD|POST|PUT|PATCH|DELETE|CONNECT|OPTIONS|TRACE)$`)

// ingress-nginx annotation validators (internal/ingress/annotations/parser/validators.go).
const (
	alphaNumericChars    = `\-\.\_\~a-zA-Z0-9\/:`
	extendedAlphaNumeric = alphaNumericChars + ", "
	urlEnabledChars      = `,:\?&=`
)

var (
	basicCharsRe     = regexp.MustCompile("^[/" + alphaNumericChars + "]*$")
	charsWithSpaceRe = regexp.MustCompile("^[/" + alphaNumericChars + " ]*$")
	urlWithVarRe     = regexp.MustCompile("^[" + extendedAlphaNumeric + urlEnabledChars + "$]*$")
	// authTypeRe and authSecretTypeRe are unanchored in ingress-nginx (auth/main.go).
	authTypeRe       = regexp.MustCompile(`basic|digest`)
	authSecretTypeRe = regexp.MustCompile(`auth-file|auth-map`)
	// errorPageRe is authtls/main.go's redirectRegex.
	errorPageRe = regexp.MustCompile(`^(@[A-Za-z0-9_-]+|((https?://)?[A-Za-z0-9\-.]+(:\d+)?)?(/[A-Za-z0-9\-_.]+)*/?)$`)
)
