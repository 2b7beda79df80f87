#!/bin/bash
# HTTP/1.1 GET over bash's /dev/tcp: the Temurin JRE image has no curl or wget.
# Sourced by aot-training.sh for http_get. Run as a command it is the image's health check:
#   http-status.sh [PATH]   exits 0 when PATH (default /q/health/ready) answers 200 on this container.

# Prints the status line of GET PATH on 127.0.0.1:$QUARKUS_HTTP_PORT (8080 unless set).
http_get() {
    exec 3<>"/dev/tcp/127.0.0.1/${QUARKUS_HTTP_PORT:-8080}" || return 1
    printf 'GET %s HTTP/1.1\r\nHost: localhost\r\nAccept: */*\r\nConnection: close\r\n\r\n' "$1" >&3
    local status=""
    read -r -t 10 status <&3 || true
    exec 3<&-
    [[ -n $status ]] && printf '%s\n' "$status"
}

if [[ ${BASH_SOURCE[0]} == "$0" ]]; then
    read -r _ code _ < <(http_get "${1:-/q/health/ready}" 2>/dev/null)
    [[ ${code:-} == 200 ]]
fi
