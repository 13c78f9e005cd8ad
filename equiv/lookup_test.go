package equiv

import (
	"path/filepath"
	"testing"

	"github.com/ingress-parity/ingress-parity/model"
)

// The indexes must choose what the scans of package model choose, for every model in
// testdata, every listener port and every host class.
func TestLookupAgreesWithScan(t *testing.T) {
	files, err := filepath.Glob("testdata/*.old.yaml")
	news, _ := filepath.Glob("testdata/*.new.yaml")
	files = append(files, news...)
	if err != nil || len(news) == 0 {
		t.Fatalf("no testdata models: %v", err)
	}
	for _, f := range files {
		m := loadModel(t, f)
		look := newLookup()
		hosts := hostClasses(m, m)
		for i := range m.EntryPoints {
			ep := &m.EntryPoints[i]
			for _, lk := range listenerKeys(ep) {
				for _, h := range append(hosts, hostClass{Name: "SHOP.example.com"}) {
					want := openSide(m, ep, lk.Scheme, lk.Port, h.Name)
					got := look.open(m, ep, lk.Scheme, lk.Port, h.Name)
					if got.Listener != want.Listener || got.VHost != want.VHost || got.portOnly != want.portOnly {
						t.Errorf("%s %s %s:%d host %s: index chose listener %p vhost %p, scan %p %p", f, ep.Name, lk.Scheme, lk.Port, h.Name, got.Listener, got.VHost, want.Listener, want.VHost)
					}
				}
			}
		}
	}
}

// openSide selects the listener and virtual host of ep for host on scheme/port by the scans
// of package model: the reference lookup.open's indexes are held against.
func openSide(m *model.Model, ep *model.EntryPoint, scheme model.Scheme, port int32, host string) side {
	s := side{Model: m, Entry: ep, Scheme: scheme, Port: port}
	req := model.Request{Scheme: scheme, Port: port, Host: host}
	s.Listener = ep.SelectListener(req, m.Profile.Wildcard)
	if s.Listener != nil {
		s.VHost = s.Listener.SelectVirtualHost(host, m.Profile.Wildcard)
	} else {
		// An HTTP port accepts any Host and answers 404 (model.(*EntryPoint).PortListener).
		s.Listener = ep.PortListener(req)
		s.portOnly = s.Listener != nil
	}
	return s
}
