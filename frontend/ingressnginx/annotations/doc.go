// Package annotations holds pure parsers for the ingress-nginx annotations and controller
// ConfigMap keys that bear on identity: who may reach a location (allow/deny lists, basic,
// external and client-certificate authentication, satisfy), limits (rate, connections, body
// size), CORS, HSTS, and how the client address and the upstream identity headers are derived.
// Every parser produces model policy types with ingress-nginx's defaults applied.
//
// Facts come from the ingress-nginx sources (internal/ingress/annotations/*,
// internal/ingress/controller/config/config.go, internal/ingress/controller/template/configmap.go,
// rootfs/etc/nginx/template/nginx.tmpl) and docs/user-guide/nginx-configuration/. No code is
// copied.
//
// ingress-nginx treats a bad annotation in one of three ways, and so does every parser here:
// the annotation is ignored and a default applies (Error.Effect == Ignored); the whole
// location is denied and answers 503 (Denied; nginx.tmpl: "Location denied ... return
// 503"); or the value fails the annotation's validator, the parser passes the validation
// error on and the controller drops the whole Ingress (Rejected; annotations.go Extract,
// store.go). Which one applies is per annotation and read from its parser. Error messages
// name the annotation and the bad value, with URL credentials and query strings removed;
// secret content is never read.
package annotations
