// Package reach builds the reachability table of one side's model: for every backend
// (namespace/service:port), each way in (entry point, listener scheme and port, host pattern,
// the path language that reaches it, readable) and what a caller needs to be served there
// (allowed source CIDRs after client-IP derivation, authentication, satisfy mode, rate and
// body limits).
//
// Build reads only the model: the frontends have already put every precedence rule into the
// order of routes and every default into the policies, so the table means the same for an
// ingress-nginx side and a Gateway API side. Routes whose decision is a redirect or a
// reject are not ways in; a virtual host's fallback that forwards is a way in for "any other
// path". A route whose every path is won by earlier routes of its virtual host is listed as
// unreachable instead of as a way in.
//
// No value of a secret is ever read or printed: authentication is described by references
// (namespace/name of a secret, an issuer, a URL).
package reach
