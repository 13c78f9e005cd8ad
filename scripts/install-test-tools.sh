#!/usr/bin/env bash
# install-test-tools.sh installs the programs the live tests run (real nginx and HAProxy on
# loopback) from Debian's packages when they are missing, and fails when they cannot be had.
set -euo pipefail
need=()
for bin in nginx haproxy; do
	command -v "$bin" >/dev/null 2>&1 || [ -x "/usr/sbin/$bin" ] || need+=("$bin")
done
if [ ${#need[@]} -gt 0 ]; then
	if [ "$(id -u)" -ne 0 ]; then
		echo "install-test-tools: missing ${need[*]}; install them (apt-get install -y ${need[*]}) or run as root" >&2
		exit 1
	fi
	export DEBIAN_FRONTEND=noninteractive
	# Keep the packages' services from starting: the tests run their own on loopback ports.
	if [ ! -e /usr/sbin/policy-rc.d ]; then
		printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d
		chmod +x /usr/sbin/policy-rc.d
		trap 'rm -f /usr/sbin/policy-rc.d' EXIT
	fi
	apt-get update -q
	apt-get install -y -q --no-install-recommends "${need[@]}"
fi
for bin in nginx haproxy; do
	command -v "$bin" >/dev/null 2>&1 || [ -x "/usr/sbin/$bin" ] || { echo "install-test-tools: $bin is still missing" >&2; exit 1; }
done
