# Makefile: the commands the README promises.

GO ?= go

.PHONY: check test test-tools vet bench build

# check runs the main job on the shipped examples.
check:
	$(GO) run ./cmd/ingress-parity check --old examples/drifted/old --new examples/drifted/new; \
	  code=$$?; [ $$code -eq 1 ] || { echo "expected differences (exit 1), got $$code"; exit 1; }
	$(GO) run ./cmd/ingress-parity check --old examples/clean/old --new examples/clean/new

# test runs the whole suite, installing nginx and HAProxy (Debian packages) when missing.
test: test-tools vet
	$(GO) test ./...

test-tools:
	./scripts/install-test-tools.sh

vet:
	@out=$$(gofmt -l $$(git ls-files '*.go')); [ -z "$$out" ] || { echo "gofmt needed: $$out"; exit 1; }
	$(GO) vet ./...

bench:
	$(GO) test -run '^$$' -bench . -benchmem ./...

build:
	$(GO) build -o bin/ingress-parity ./cmd/ingress-parity
