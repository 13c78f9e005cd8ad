// Package cidrset is an interval arithmetic over IPv4 and IPv6 addresses (net/netip) for the
// client-IP dimension of the request space.
//
// A Set is a sorted list of disjoint, non-adjacent address Ranges; IPv4 and IPv6 are separate
// families (an IPv4-mapped IPv6 address such as ::ffff:10.0.0.1 is an IPv6 address here, as
// it is to a data plane that sees it on an IPv6 socket). Parse reads CIDR lists the way
// ingress-nginx does (comma separated, spaces trimmed, plain addresses allowed, host bits
// masked: Go's net.ParseCIDR, ingress-nginx internal/net/ipnet.go), naming the bad entry.
//
// Partition cuts the whole address space at every boundary of any number of sets: the
// classes a checker must try, each with one representative address and the sets it belongs
// to. Two addresses of one class are treated alike by every allow/deny list built from those
// sets, so trying one representative per class is a complete search of the client-IP
// dimension.
package cidrset
