#!/usr/bin/env bash
# Checks the alert rules (promtool check rules) and runs their unit tests (promtool test rules).
# Installs Debian's prometheus package for promtool when it is missing; only promtool is wanted, so
# the server the package may have started (on a machine with systemd) is stopped and disabled again.
set -euo pipefail
cd "$(dirname "$0")"

if ! command -v promtool >/dev/null 2>&1; then
    echo "promtool is not installed; installing Debian's prometheus package with apt-get" >&2
    export DEBIAN_FRONTEND=noninteractive
    apt-get install -y -qq --no-install-recommends prometheus >/dev/null 2>&1 \
        || { apt-get update -qq && apt-get install -y -qq --no-install-recommends prometheus >/dev/null; }
    if command -v systemctl >/dev/null 2>&1 && systemctl is-enabled prometheus >/dev/null 2>&1; then
        systemctl disable --now prometheus >/dev/null 2>&1 || true
    fi
fi

promtool check rules alerts.yml
promtool test rules alerts.test.yml
