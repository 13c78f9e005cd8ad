package model

import (
	"net/http"
	"testing"
)

func TestPathMatchMatches(t *testing.T) {
	tests := []struct {
		name string
		m    PathMatch
		yes  []string
		no   []string
	}{
		{"exact", PathMatch{Kind: PathExact, Value: "/foo"}, []string{"/foo"}, []string{"/foo/", "/foobar", "/FOO"}},
		{"nginx string prefix", PathMatch{Kind: PathPrefix, Value: "/foo"}, []string{"/foo", "/foobar", "/foo/x"}, []string{"/fo", "/bar/foo"}},
		{"segment prefix", PathMatch{Kind: PathSegmentPrefix, Value: "/foo"}, []string{"/foo", "/foo/", "/foo/bar"}, []string{"/foobar", "/fo"}},
		{"segment prefix trailing slash ignored", PathMatch{Kind: PathSegmentPrefix, Value: "/foo/"}, []string{"/foo", "/foo/bar"}, []string{"/foobar"}},
		{"segment prefix root", PathMatch{Kind: PathSegmentPrefix, Value: "/"}, []string{"/", "/anything"}, nil},
		{"regex full match", PathMatch{Kind: PathRegex, Value: "/v[0-9]+"}, []string{"/v1", "/v10"}, []string{"/v1/x", "/V1"}},
		{"nginx ~* prefix", PathMatch{Kind: PathRegexPrefix, Value: "/api/v[0-9]+", CaseInsensitive: true}, []string{"/api/v1", "/API/V2/users", "/api/v1x"}, []string{"/api/v", "/x/api/v1"}},
		{"regex with $ stays anchored", PathMatch{Kind: PathRegexPrefix, Value: "/exact$"}, []string{"/exact"}, []string{"/exact/more"}},
		{"quote meta", PathMatch{Kind: PathExact, Value: "/a.b"}, []string{"/a.b"}, []string{"/axb"}},
		{"pcre lookahead matches nothing", PathMatch{Kind: PathRegex, Value: "/(?!admin)"}, nil, []string{"/x", "/admin"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for _, p := range tt.yes {
				if !tt.m.Matches(p) {
					t.Errorf("%q should match", p)
				}
			}
			for _, p := range tt.no {
				if tt.m.Matches(p) {
					t.Errorf("%q should not match", p)
				}
			}
		})
	}
	if _, err := (PathMatch{Kind: PathRegex, Value: "(?<=x)y"}).Pattern(); err == nil {
		t.Error("lookbehind: want a RegexError")
	}
}

func TestHostMatches(t *testing.T) {
	tests := []struct {
		pattern, host string
		mode          WildcardMode
		want          bool
	}{
		{"", "anything.example.com", WildcardOneLabel, true},
		{"shop.example.com", "SHOP.example.com", WildcardOneLabel, true},
		{"*.example.com", "a.example.com", WildcardOneLabel, true},
		{"*.example.com", "a.b.example.com", WildcardOneLabel, false},
		{"*.example.com", "a.b.example.com", WildcardAnyLabels, true},
		{"*.example.com", "example.com", WildcardAnyLabels, false},
		{"*.example.com", "xexample.com", WildcardAnyLabels, false},
	}
	for _, tt := range tests {
		if got := HostMatches(tt.pattern, tt.host, tt.mode); got != tt.want {
			t.Errorf("HostMatches(%q, %q, %s) = %v, want %v", tt.pattern, tt.host, tt.mode, got, tt.want)
		}
	}
}

func TestNormalizePath(t *testing.T) {
	nginx := Normalization{DecodePercent: true, MergeSlashes: true, ResolveDotSegments: true}
	tests := []struct {
		in   string
		n    Normalization
		want string
	}{
		{"/a//b", nginx, "/a/b"},
		{"/a/./b/../c", nginx, "/a/c"},
		{"/a/%62", nginx, "/a/b"},
		{"/a%2Fb", nginx, "/a/b"},
		{"/a/b/", nginx, "/a/b/"},
		{"/a/..", nginx, "/"},
		{"/a//b", Normalization{}, "/a//b"},
		{"", Normalization{}, "/"},
	}
	for _, tt := range tests {
		if got := NormalizePath(tt.in, tt.n); got != tt.want {
			t.Errorf("NormalizePath(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestDecisionApply(t *testing.T) {
	req := Request{Method: "GET", Scheme: HTTP, Host: "shop.example.com", Port: 80, Path: "/something/abc", Query: "x=1", Headers: http.Header{}}
	tests := []struct {
		name string
		d    Decision
		want Outcome
	}{
		{"nginx capture rewrite", Decision{Kind: Forward, Rewrite: &Rewrite{Kind: RewriteRegex, Pattern: "/something(/|$)(.*)", Replacement: "/$2", CaseInsensitive: true}},
			Outcome{Kind: Forward, UpstreamPath: "/abc", UpstreamHost: "shop.example.com"}},
		{"nginx $1 followed by digit", Decision{Kind: Forward, Rewrite: &Rewrite{Kind: RewriteRegex, Pattern: "/(some)thing", Replacement: "/$10"}},
			Outcome{Kind: Forward, UpstreamPath: "/some0", UpstreamHost: "shop.example.com"}},
		{"prefix replace to root", Decision{Kind: Forward, Rewrite: &Rewrite{Kind: RewritePrefix, Prefix: "/something", Replacement: "/"}},
			Outcome{Kind: Forward, UpstreamPath: "/abc", UpstreamHost: "shop.example.com"}},
		{"full path literal $1", Decision{Kind: Forward, Rewrite: &Rewrite{Kind: RewriteFullPath, Replacement: "/$1", Host: "internal"}},
			Outcome{Kind: Forward, UpstreamPath: "/$1", UpstreamHost: "internal"}},
		{"https redirect keeps uri", Decision{Kind: Redirect, Status: 308, Redirect: &RedirectSpec{Scheme: "https", KeepQuery: true}},
			Outcome{Kind: Redirect, Status: 308, Location: "https://shop.example.com/something/abc?x=1"}},
		{"redirect to port", Decision{Kind: Redirect, Status: 302, Redirect: &RedirectSpec{Host: "www.example.com", Port: 8443, Scheme: "https"}},
			Outcome{Kind: Redirect, Status: 302, Location: "https://www.example.com:8443/something/abc"}},
		{"fixed url with uri", Decision{Kind: Redirect, Status: 301, Redirect: &RedirectSpec{URL: "https://new.example.com/", AppendURI: true}},
			Outcome{Kind: Redirect, Status: 301, Location: "https://new.example.com/something/abc?x=1"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := tt.d.Apply(req, req.Path, PathMatch{})
			if got.Kind != tt.want.Kind || got.UpstreamPath != tt.want.UpstreamPath || got.UpstreamHost != tt.want.UpstreamHost || got.Location != tt.want.Location || got.Status != tt.want.Status {
				t.Errorf("got %+v\nwant %+v", got, tt.want)
			}
		})
	}
}

func TestValueMatch(t *testing.T) {
	always := ValueMatch{Name: "X-Canary", Kind: MatchExact, Value: "always"}
	if !always.Matches("always", true) || always.Matches("", false) || always.Matches("never", true) {
		t.Error("exact header match")
	}
	notNever := ValueMatch{Name: "X-Canary", Kind: MatchExact, Value: "never", Not: true}
	if !notNever.Matches("", false) || notNever.Matches("never", true) {
		t.Error("negated match")
	}
	absent := ValueMatch{Name: "X-Canary", Kind: MatchAbsent}
	if !absent.Matches("", false) || absent.Matches("x", true) {
		t.Error("absent match")
	}
}

// A regex value ending in an unterminated \Q quotes to its end, as RE2 reads it alone.
func TestPatternUnterminatedQuote(t *testing.T) {
	m := PathMatch{Kind: PathRegex, Value: `/a\Q.b`}
	if !m.Matches("/a.b") || m.Matches("/axb") {
		t.Errorf("%s: want a literal match of /a.b", m.Value)
	}
}
