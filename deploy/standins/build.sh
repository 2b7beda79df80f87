#!/bin/bash
# Stand-ins for the official base images, built from Debian's packages, for machines that reach
# Debian's mirrors but no container registry (deploy/check.sh calls this; docs/deployment.md).
#
#   deploy/standins/build.sh IMAGE...    e.g. postgres:17 nginx:1.30
#
# For each IMAGE that is neither present nor pullable, a root file system is made with debootstrap
# (variant minbase, plus the packages below), imported as a base image, and the directory named
# below adds what the official image's users rely on (entrypoint, environment) in a Dockerfile. The
# result is tagged with the official name, so the root Dockerfile and docker-compose.yml run
# unchanged, and labelled org.glossary.standin=<directory> so that it can be told apart.
# They are stand-ins: they behave like the official images only as far as this project uses them.
#
# The root file systems are cached as tarballs under $GLOSSARY_CHECK_CACHE/rootfs, keyed by suite and
# package list: a second run imports them without downloading anything.
set -Eeuo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
CACHE=${GLOSSARY_CHECK_CACHE:-/var/cache/glossary-check}
MIRROR=${GLOSSARY_DEBIAN_MIRROR:-http://deb.debian.org/debian}

# official name -> "directory suite packages" (comma-separated, debootstrap --include).
# bookworm for Java 17 (trixie has no openjdk-17); trixie for PostgreSQL 17, Java 25 and Python.
standin_for() {
    case $1 in
        eclipse-temurin:17-jdk) echo "temurin-17-jdk bookworm openjdk-17-jdk-headless,ca-certificates,curl,unzip" ;;
        eclipse-temurin:25-jre) echo "temurin-25-jre trixie openjdk-25-jre-headless,ca-certificates" ;;
        postgres:17) echo "postgres-17 trixie postgresql-17,gosu,locales" ;;
        nginx:*) echo "nginx trixie nginx,gettext-base,curl,ca-certificates" ;;
        axllent/mailpit:*) echo "mailpit trixie python3" ;;
        *) return 1 ;;
    esac
}

log() { printf '[standins] %s\n' "$*" >&2; }

# rootfs_image DIR SUITE PACKAGES: prints the name of an imported image holding the root file system.
rootfs_image() {
    local dir=$1 suite=$2 packages=$3 key tarball image
    key=$(printf '%s %s %s' "$suite" "$packages" "$MIRROR" | sha256sum | cut -c1-12)
    image="glossary-standin-rootfs:$dir-$key"
    if docker image inspect "$image" >/dev/null 2>&1; then
        echo "$image"
        return
    fi
    tarball="$CACHE/rootfs/$dir-$suite-$key.tar"
    if [[ ! -s $tarball ]]; then
        local root="$CACHE/rootfs/$dir.tmp"
        rm -rf "$root"
        mkdir -p "$root" "$CACHE/debs/$suite"
        log "debootstrap $suite for $dir ($packages)"
        debootstrap --variant=minbase --include="$packages" --cache-dir="$CACHE/debs/$suite" \
            "$suite" "$root" "$MIRROR" >"$CACHE/rootfs/$dir.debootstrap.log" 2>&1 || {
            tail -20 "$CACHE/rootfs/$dir.debootstrap.log" >&2
            return 1
        }
        # What an image does not need: downloaded packages, package lists, docs.
        rm -rf "$root"/var/cache/apt/archives/*.deb "$root"/var/lib/apt/lists/* \
            "$root"/usr/share/doc/* "$root"/usr/share/man/*
        tar --numeric-owner -C "$root" -cf "$tarball.tmp" .
        mv "$tarball.tmp" "$tarball"
        rm -rf "$root"
    fi
    log "importing $tarball"
    docker import "$tarball" "$image" >/dev/null
    echo "$image"
}

build_standin() {
    local name=$1 spec dir suite packages base
    spec=$(standin_for "$name") || { log "no stand-in known for $name"; return 1; }
    read -r dir suite packages <<<"$spec"
    base=$(rootfs_image "$dir" "$suite" "$packages")
    log "building $name from $HERE/$dir"
    # The build context: the directory, plus the CA certificates this machine added to its own trust
    # store (/usr/local/share/ca-certificates; none on most machines). Behind a TLS-inspecting proxy
    # the image build's downloads (Maven Central) need them as the host does; the JDK stand-in
    # installs them.
    local context
    context=$(mktemp -d)
    cp -r "$HERE/$dir/." "$context/"
    mkdir -p "$context/local-ca"
    find /usr/local/share/ca-certificates -name '*.crt' -exec cp {} "$context/local-ca/" \; 2>/dev/null || true
    # The classic builder: it needs no BuildKit and so no buildx on the client; FROM the imported base.
    # Its output (and a newer client's notice that it is deprecated) only when it fails.
    DOCKER_BUILDKIT=0 docker build --build-arg ROOTFS="$base" --label org.glossary.standin="$dir" \
        -t "$name" "$context" >"$context.log" 2>&1 || { cat "$context.log" >&2; return 1; }
    rm -rf "$context" "$context.log"
}

for name in "$@"; do
    if docker image inspect "$name" >/dev/null 2>&1; then
        log "$name: present"
    elif docker pull -q "$name" >/dev/null 2>&1; then
        log "$name: pulled"
    else
        build_standin "$name"
        log "$name: stand-in built"
    fi
done
