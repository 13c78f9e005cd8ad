package model

import (
	"errors"
	"fmt"
	"net/netip"
)

// Sentinel errors of Policy.Validate and ClientIPDerivation.Validate; wrap them with the
// field path, test with errors.Is.
var (
	ErrInvalidCIDR   = errors.New("invalid CIDR")
	ErrInvalidValue  = errors.New("invalid value")
	ErrMissingSecret = errors.New("missing secret reference")
)

// FieldError is a Validate failure at a field path inside a policy.
type FieldError struct {
	Field string
	Err   error
	// Detail names the offending value when it is not a secret.
	Detail string
}

func (e *FieldError) Error() string {
	if e.Detail != "" {
		return fmt.Sprintf("%s: %v: %s", e.Field, e.Err, e.Detail)
	}
	return fmt.Sprintf("%s: %v", e.Field, e.Err)
}

func (e *FieldError) Unwrap() error { return e.Err }

// Validate checks what frontends must guarantee: canonical CIDRs, known enum values,
// secrets named. It returns every problem, joined (nil when valid).
func (p *Policy) Validate() error {
	if p == nil {
		return nil
	}
	var errs []error
	bad := func(field string, err error, detail string) {
		errs = append(errs, &FieldError{Field: field, Err: err, Detail: detail})
	}
	oneOf := func(field string, v string, allowed ...string) {
		for _, a := range allowed {
			if v == a {
				return
			}
		}
		bad(field, ErrInvalidValue, fmt.Sprintf("%q", v))
	}
	if p.Satisfy != "" {
		oneOf("satisfy", string(p.Satisfy), string(SatisfyAll), string(SatisfyAny))
	}
	if a := p.IPAccess; a != nil {
		oneOf("ipAccess.address", string(a.Address), string(AddressClient), string(AddressPeer))
		oneOf("ipAccess.default", string(a.Default), string(Allow), string(Deny))
		for i, r := range a.Rules {
			oneOf(fmt.Sprintf("ipAccess.rules[%d].action", i), string(r.Action), string(Allow), string(Deny))
			checkCIDRs(fmt.Sprintf("ipAccess.rules[%d].cidrs", i), r.CIDRs, bad)
		}
	}
	if au := p.Auth; au != nil {
		if au.Basic != nil && au.Basic.Secret == "" {
			bad("auth.basic.secret", ErrMissingSecret, "")
		}
		if au.External != nil {
			if au.External.URL == "" {
				bad("auth.external.url", ErrInvalidValue, "empty")
			}
			for i, c := range au.External.SuccessCodes {
				if c < 100 || c > 599 {
					bad(fmt.Sprintf("auth.external.successCodes[%d]", i), ErrInvalidValue, fmt.Sprint(c))
				}
			}
			if cc := au.External.ClientCopy; cc != "" {
				oneOf("auth.external.clientCopy", string(cc), string(ClientCopyRemoved), string(ClientCopyKeptIfUnset), string(ClientCopyAppended))
			}
		}
		if au.APIKey != nil && len(au.APIKey.Secrets) == 0 {
			bad("auth.apiKey.secrets", ErrMissingSecret, "")
		}
		if c := au.ClientCert; c != nil {
			oneOf("auth.clientCert.mode", string(c.Mode), string(CertRequired), string(CertOptional), string(CertOptionalNoCA), string(CertRequireAny), string(CertOff))
			if c.VerifyDepth < 0 {
				bad("auth.clientCert.verifyDepth", ErrInvalidValue, fmt.Sprint(c.VerifyDepth))
			}
			if c.XFCC != "" {
				oneOf("auth.clientCert.xfcc", string(c.XFCC), string(XFCCSanitize), string(XFCCForwardOnly), string(XFCCAppendForward), string(XFCCSanitizeSet), string(XFCCAlwaysForwardOnly))
			}
		}
	}
	if r := p.RateLimit; r != nil {
		checkCIDRs("rateLimit.exempt", r.Exempt, bad)
		if r.RequestsPerSecond < 0 || r.RequestsPerMinute < 0 || r.Burst < 0 || r.Connections < 0 {
			bad("rateLimit", ErrInvalidValue, "negative limit")
		}
	}
	if b := p.BodyLimit; b != nil && b.MaxBytes < 0 {
		bad("bodyLimit.maxBytes", ErrInvalidValue, fmt.Sprint(b.MaxBytes))
	}
	for i, h := range p.UpstreamHeaders {
		oneOf(fmt.Sprintf("upstreamHeaders[%d].action", i), string(h.Action), string(HeaderReplace), string(HeaderAppend), string(HeaderPass), string(HeaderPassOrGenerate), string(HeaderStrip))
		if h.Name == "" {
			bad(fmt.Sprintf("upstreamHeaders[%d].name", i), ErrInvalidValue, "empty")
		}
	}
	return errors.Join(errs...)
}

// Validate checks the derivation's source, header and trusted CIDRs.
func (d *ClientIPDerivation) Validate() error {
	if d == nil {
		return nil
	}
	var errs []error
	bad := func(field string, err error, detail string) {
		errs = append(errs, &FieldError{Field: field, Err: err, Detail: detail})
	}
	switch d.From {
	case ClientIPPeer, "":
	case ClientIPForwardedFor, ClientIPCustomHeader:
		if d.Header == "" {
			bad("clientIP.header", ErrInvalidValue, "empty")
		}
	default:
		bad("clientIP.from", ErrInvalidValue, fmt.Sprintf("%q", d.From))
	}
	if d.TrustedHops < 0 {
		bad("clientIP.trustedHops", ErrInvalidValue, fmt.Sprint(d.TrustedHops))
	}
	checkCIDRs("clientIP.trustedCIDRs", d.TrustedCIDRs, bad)
	return errors.Join(errs...)
}

// checkCIDRs reports entries that are not canonical (masked) prefixes.
func checkCIDRs(field string, cidrs []string, bad func(string, error, string)) {
	for i, c := range cidrs {
		p, err := netip.ParsePrefix(c)
		if err != nil || p != p.Masked() || p.Addr().Zone() != "" {
			bad(fmt.Sprintf("%s[%d]", field, i), ErrInvalidCIDR, fmt.Sprintf("%q", c))
		}
	}
}
