package cidrset

import (
	"fmt"
	"net/netip"
	"strings"
)

// ParseError is a bad entry of a CIDR list.
type ParseError struct {
	// Index is the 0-based position of the entry in the list.
	Index int
	// Entry is the entry as written (trimmed).
	Entry string
	Err   error
}

func (e *ParseError) Error() string {
	return fmt.Sprintf("entry %d %q: %v", e.Index+1, e.Entry, e.Err)
}

func (e *ParseError) Unwrap() error { return e.Err }

// ParsePrefix reads one entry: a CIDR block ("10.0.0.0/8", "2001:db8::/32") or a single
// address ("10.1.2.3", a /32 or /128). Host bits are masked, as Go's net.ParseCIDR does (so
// ingress-nginx's "10.1.2.3/8" means 10.0.0.0/8). Zones are refused.
func ParsePrefix(entry string) (netip.Prefix, error) {
	entry = strings.TrimSpace(entry)
	if entry == "" {
		return netip.Prefix{}, fmt.Errorf("empty entry")
	}
	if strings.Contains(entry, "%") {
		return netip.Prefix{}, fmt.Errorf("zoned addresses are not allowed")
	}
	if strings.Contains(entry, "/") {
		p, err := netip.ParsePrefix(entry)
		if err != nil {
			return netip.Prefix{}, fmt.Errorf("not a CIDR block: %w", unquote(err))
		}
		return p.Masked(), nil
	}
	a, err := netip.ParseAddr(entry)
	if err != nil {
		return netip.Prefix{}, fmt.Errorf("not an IP address or CIDR block")
	}
	return netip.PrefixFrom(a, a.BitLen()), nil
}

// unquote drops netip's quoting of the whole input (ParseError already names the entry).
func unquote(err error) error {
	msg := err.Error()
	if i := strings.LastIndex(msg, "): "); i >= 0 {
		return fmt.Errorf("%s", msg[i+3:])
	}
	return err
}

// ParseList reads entries (each a CIDR block or address) into a Set. The first bad entry is
// a *ParseError naming its position and text.
func ParseList(entries []string) (Set, error) {
	ps := make([]netip.Prefix, 0, len(entries))
	for i, e := range entries {
		p, err := ParsePrefix(e)
		if err != nil {
			return Set{}, &ParseError{Index: i, Entry: strings.TrimSpace(e), Err: err}
		}
		ps = append(ps, p)
	}
	return FromPrefixes(ps...), nil
}

// Parse reads a comma-separated list ("10.0.0.0/8, 192.168.0.1"); the empty string is the
// empty set. Empty entries between commas are errors.
func Parse(list string) (Set, error) {
	if strings.TrimSpace(list) == "" {
		return Set{}, nil
	}
	return ParseList(strings.Split(list, ","))
}

// SplitList splits a comma-separated list into trimmed entries without parsing them
// ("" gives nil).
func SplitList(list string) []string {
	if strings.TrimSpace(list) == "" {
		return nil
	}
	parts := strings.Split(list, ",")
	for i := range parts {
		parts[i] = strings.TrimSpace(parts[i])
	}
	return parts
}
