package dev.glossary.web;

import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.SocketAddress;

/** The client a limit applies to: the TCP peer, or the forwarded client Quarkus resolves behind a trusted proxy. */
public final class ClientAddress {

    static final String UNKNOWN = "unknown";

    private ClientAddress() {
    }

    public static String of(HttpServerRequest request) {
        return of(request.remoteAddress());
    }

    /** A peer without an IP address (none known, or a Unix domain socket) shares one key. */
    static String of(SocketAddress remote) {
        return remote == null || remote.hostAddress() == null ? UNKNOWN : remote.hostAddress();
    }
}
