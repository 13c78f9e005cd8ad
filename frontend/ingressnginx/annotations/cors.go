package annotations

import (
	"regexp"
	"strings"

	"github.com/ingress-parity/ingress-parity/model"
)

// ingress-nginx CORS defaults (cors/main.go).
const (
	DefaultCORSMethods = "GET, PUT, POST, DELETE, PATCH, OPTIONS"
	DefaultCORSHeaders = "DNT,Keep-Alive,User-Agent,X-Requested-With,If-Modified-Since,Cache-Control,Content-Type,Range,Authorization"
	DefaultCORSMaxAge  = 1728000
)

var (
	corsOriginRe        = regexp.MustCompile(`^([a-z]+://(\*\.)?[A-Za-z0-9\-.]*(:\d+)?|\*|null)?$`)
	corsOriginListRe    = regexp.MustCompile(`^((((([a-z]+://)?(\*\.)?[A-Za-z0-9\-.]*(:\d+)?,?)|null)+)|\*)?$`)
	corsHeadersRe       = regexp.MustCompile(`^[A-Za-z0-9-_, ]*$`)
	corsMethodsRe       = regexp.MustCompile(`^([A-Za-z]+,?\s?)+$`)
	corsExposeHeadersRe = regexp.MustCompile(`^(([A-Za-z0-9\-\_]+|\*),?\s?)+$`)
)

// CORS reads enable-cors and the cors-* annotations (cors/main.go). Nil unless enable-cors
// is true. Defaults: origin "*", the methods and headers above, credentials true, max-age
// 1728000. Bad values fall back to the default. An origin list that fails the annotation's
// validator falls back to "*", any origin; one that passes it but holds an origin without a
// scheme skips that origin.
func (r Reader) CORS() (*model.CORS, []error) {
	v, key, ok := r.get("enable-cors")
	if !ok {
		return nil, nil
	}
	on, err := ParseBool(v)
	if err != nil {
		return nil, []error{r.fail(key, v, Ignored, "%v; CORS stays off", err)}
	}
	if !on {
		return nil, nil
	}
	var errs []error
	c := &model.CORS{AllowCredentials: true, MaxAge: DefaultCORSMaxAge, Source: r.source(key)}
	o, okey, ok := r.get("cors-allow-origin")
	if ok && o != "" && !valid(o, corsOriginListRe, true) {
		errs = append(errs, r.fail(okey, o, Ignored, "invalid origin list; * (any origin) is used"))
		ok = false
	}
	if ok && o != "" {
		for _, origin := range strings.Split(o, ",") {
			origin = strings.TrimSpace(origin)
			if origin == "" {
				continue
			}
			if origin == "*" {
				c.AllowOrigins = []string{"*"}
				break
			}
			if !corsOriginRe.MatchString(origin) {
				errs = append(errs, r.fail(okey, origin, Ignored, "not an origin; skipped"))
				continue
			}
			c.AllowOrigins = append(c.AllowOrigins, origin)
		}
	} else {
		c.AllowOrigins = []string{"*"}
	}
	c.AllowHeaders = splitList(r.defaulted("cors-allow-headers", DefaultCORSHeaders, corsHeadersRe, &errs))
	c.AllowMethods = splitList(r.defaulted("cors-allow-methods", DefaultCORSMethods, corsMethodsRe, &errs))
	c.ExposeHeaders = splitList(r.defaulted("cors-expose-headers", "", corsExposeHeadersRe, &errs))
	if v, key, ok := r.get("cors-allow-credentials"); ok {
		if b, err := ParseBool(v); err != nil {
			errs = append(errs, r.fail(key, v, Ignored, "%v; true is used", err))
		} else {
			c.AllowCredentials = b
		}
	}
	if v, key, ok := r.get("cors-max-age"); ok {
		if n, err := ParseInt(v); err != nil {
			errs = append(errs, r.fail(key, v, Ignored, "%v; %d is used", err, DefaultCORSMaxAge))
		} else {
			c.MaxAge = n
		}
	}
	return c, errs
}

// defaulted is the annotation's value if it matches re, else def (with an error when set).
func (r Reader) defaulted(name, def string, re *regexp.Regexp, errs *[]error) string {
	v, key, ok := r.get(name)
	if !ok {
		return def
	}
	if !re.MatchString(v) {
		*errs = append(*errs, r.fail(key, v, Ignored, "invalid value; the default is used"))
		return def
	}
	return v
}

// splitList splits a comma-separated list, trimming entries and dropping empty ones.
func splitList(s string) []string {
	var out []string
	for _, p := range strings.Split(s, ",") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}
