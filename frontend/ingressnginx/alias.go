package ingressnginx

import (
	"strings"

	"github.com/ingress-parity/ingress-parity/model"
)

// aliasVHosts are the server-alias names of the servers as extra virtual hosts with the
// same routes (nginx lists them in the server's server_name). controller.go createServers
// drops an alias equal to a server's host name; an alias claimed by two servers goes to
// the first in configuration order (nginx ignores the conflicting name). Wildcard and
// regex aliases (nginx `*.x` matches any number of labels, `~` a regex) are not modelled.
// A certificate counts as configured for an alias only when the server has TLS: whether
// its certificate names the alias (ssl.IsValidHostname) cannot be checked from the objects.
func (b *builder) aliasVHosts(scheme model.Scheme) []model.VirtualHost {
	var out []model.VirtualHost
	claimed := map[string]bool{}
	for _, h := range b.serverOrder() {
		srv := b.servers[h]
		for _, alias := range srv.aliases {
			alias = strings.ToLower(alias)
			switch {
			case alias == h:
				continue
			case strings.ContainsAny(alias, "*~"):
				if scheme == model.HTTP {
					b.note(model.NoteWarning, "server-alias-not-modelled", srv.aliasSource,
						"server-alias %q is a wildcard or regex server name; not modelled", alias)
				}
				continue
			}
			if _, isServer := b.servers[alias]; isServer || claimed[alias] {
				if scheme == model.HTTP {
					b.note(model.NoteWarning, "server-alias-conflict", srv.aliasSource,
						"server-alias %q of %s is already a server name or another server's alias: nginx ignores it", alias, h)
				}
				continue
			}
			claimed[alias] = true
			shadow := *srv
			shadow.hostname = alias
			v := b.vhost(&shadow, scheme)
			v.Source = srv.aliasSource
			out = append(out, v)
		}
	}
	return out
}
