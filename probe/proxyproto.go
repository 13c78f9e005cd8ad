package probe

import (
	"encoding/binary"
	"errors"
	"fmt"
	"net/netip"
	"strconv"
	"strings"
)

// DefaultProxySource is the client address a PROXY protocol header announces when none is
// given: 203.0.113.7 (TEST-NET-3, RFC 5737), an address no real client has.
const DefaultProxySource = "203.0.113.7"

// ProxyHeader is a PROXY protocol header (haproxy doc/proxy-protocol.txt) that a probe's
// connection starts with, as a load balancer in front of the side would send it. The
// header belongs to the connection: connections are pooled per header, never shared with
// probes that announce another source or none.
type ProxyHeader struct {
	// Source is the client address announced: IPv4 or IPv6, without a zone.
	Source string `json:"source,omitempty"`
	// SourcePort is the client port announced (0: the connection's own local port).
	SourcePort int `json:"sourcePort,omitempty"`
	// Version is 1 (the text line "PROXY TCP4 ...", the default) or 2 (binary).
	Version int `json:"version,omitempty"`
}

// ProxyPlan is the PROXY protocol header each side's connections start with. Source,
// SourcePort and Version at the top apply to both sides; Old and New, when set, replace
// them for that side (old-secondary follows old). A side with neither gets the side's
// default (--old-proxy-protocol, --new-proxy-protocol), else no header.
type ProxyPlan struct {
	ProxyHeader
	Old *ProxyHeader `json:"old,omitempty"`
	New *ProxyHeader `json:"new,omitempty"`
}

// For is the header for the side named side ("old", "new", "old-secondary"), nil for none.
func (p *ProxyPlan) For(side string) *ProxyHeader {
	if p == nil {
		return nil
	}
	if h := p.Old; h != nil && (side == "old" || side == "old-secondary") {
		return h
	}
	if h := p.New; h != nil && side == "new" {
		return h
	}
	if p.Source != "" {
		return &p.ProxyHeader
	}
	return nil
}

// Validate checks every header of the plan; errors name the field ("old.source").
func (p *ProxyPlan) Validate() error {
	if p.Source == "" && (p.SourcePort != 0 || p.Version != 0) {
		return errors.New("source is empty")
	}
	if p.Source == "" && p.Old == nil && p.New == nil {
		return errors.New("names no header: set source, old or new")
	}
	for _, s := range []struct {
		at string
		h  *ProxyHeader
	}{{"", &p.ProxyHeader}, {"old.", p.Old}, {"new.", p.New}} {
		if s.h == nil || (s.at == "" && s.h.Source == "") {
			continue
		}
		if err := s.h.Validate(); err != nil {
			return fmt.Errorf("%s%w", s.at, err)
		}
	}
	return nil
}

// ErrProxyHeader wraps every invalid PROXY protocol header.
var ErrProxyHeader = errors.New("invalid PROXY protocol header")

// Validate checks that the header can be written: a literal IPv4 or IPv6 source without a
// zone, a port in range and version 1 or 2. Errors name the field.
func (h ProxyHeader) Validate() error {
	if _, err := h.source(); err != nil {
		return err
	}
	if h.SourcePort < 0 || h.SourcePort > 65535 {
		return fmt.Errorf("sourcePort %d: %w: want 0-65535", h.SourcePort, ErrProxyHeader)
	}
	if h.Version != 0 && h.Version != 1 && h.Version != 2 {
		return fmt.Errorf("version %d: %w: want 1 or 2", h.Version, ErrProxyHeader)
	}
	return nil
}

// source parses Source.
func (h ProxyHeader) source() (netip.Addr, error) {
	a, err := netip.ParseAddr(h.Source)
	if err != nil {
		return netip.Addr{}, fmt.Errorf("source %q: %w: want an IPv4 or IPv6 address", h.Source, ErrProxyHeader)
	}
	if a.Zone() != "" {
		return netip.Addr{}, fmt.Errorf("source %q: %w: an address zone cannot be announced", h.Source, ErrProxyHeader)
	}
	return a, nil
}

// ParseProxyFlag reads a side option such as --old-proxy-protocol: "" (or "v1") announces
// DefaultProxySource with a version 1 line; otherwise comma-separated parts, each "v1",
// "v2" or the source address ("v2,2001:db8::7"). flag names the option in errors.
func ParseProxyFlag(flag, value string) (*ProxyHeader, error) {
	h := &ProxyHeader{Source: DefaultProxySource, Version: 1}
	for _, part := range strings.Split(value, ",") {
		switch part = strings.TrimSpace(part); part {
		case "", "true":
		case "v1", "v2":
			h.Version, _ = strconv.Atoi(part[1:])
		default:
			h.Source = part
		}
	}
	if err := h.Validate(); err != nil {
		return nil, fmt.Errorf("--%s %q: %w", flag, value, err)
	}
	return h, nil
}

// v2Signature starts every version 2 header (proxy-protocol.txt section 2.2).
const v2Signature = "\r\n\r\n\x00\r\nQUIT\n"

// appendProxyHeader appends h for a connection from local to remote: the announced source
// is h.Source (port h.SourcePort, or local's port when 0), the destination is remote, as
// the side sees it. Both addresses must be of one family: an IPv4 address meeting an IPv6
// one is written as IPv4-mapped IPv6 (TCP6), as a dual-stack load balancer would.
func appendProxyHeader(b []byte, h ProxyHeader, local, remote netip.AddrPort) ([]byte, error) {
	if err := h.Validate(); err != nil {
		return b, err
	}
	src, _ := h.source()
	src = src.Unmap()
	srcPort := uint16(h.SourcePort)
	if srcPort == 0 {
		srcPort = local.Port()
	}
	dst := remote.Addr().WithZone("").Unmap()
	if !dst.IsValid() {
		return b, fmt.Errorf("%w: destination address %v is not an IP address", ErrProxyHeader, remote)
	}
	if src.Is4() != dst.Is4() {
		src, dst = netip.AddrFrom16(src.As16()), netip.AddrFrom16(dst.As16())
	}
	if h.Version == 2 {
		return appendProxyV2(b, src, dst, srcPort, remote.Port()), nil
	}
	proto := "TCP6"
	if src.Is4() {
		proto = "TCP4"
	}
	b = append(b, "PROXY "...)
	b = append(b, proto...)
	b = append(b, ' ')
	b = src.AppendTo(b)
	b = append(b, ' ')
	b = dst.AppendTo(b)
	b = append(b, ' ')
	b = strconv.AppendUint(b, uint64(srcPort), 10)
	b = append(b, ' ')
	b = strconv.AppendUint(b, uint64(remote.Port()), 10)
	return append(b, "\r\n"...), nil
}

// appendProxyV2 appends a version 2 PROXY command for a TCP stream (proxy-protocol.txt
// section 2.2: version 2 command PROXY 0x21, family 0x11 TCP over IPv4 or 0x21 over
// IPv6, then the length and the addresses and ports in network order).
func appendProxyV2(b []byte, src, dst netip.Addr, srcPort, dstPort uint16) []byte {
	b = append(b, v2Signature...)
	b = append(b, 0x21)
	if src.Is4() {
		b = append(b, 0x11, 0, 12)
	} else {
		b = append(b, 0x21, 0, 36)
	}
	b = append(b, src.AsSlice()...)
	b = append(b, dst.AsSlice()...)
	b = binary.BigEndian.AppendUint16(b, srcPort)
	return binary.BigEndian.AppendUint16(b, dstPort)
}
