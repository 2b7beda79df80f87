package dev.glossary.common;

import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.SocketAddress;

/**
 * The client a limit applies to: the TCP peer, or the forwarded client when trusted-proxy
 * forwarding is configured (quarkus.http.proxy.*), which Quarkus then resolves into the same field.
 */
public final class ClientAddress {

    private ClientAddress() {
    }

    public static String of(HttpServerRequest request) {
        SocketAddress remote = request.remoteAddress();
        return remote == null ? "unknown" : remote.hostAddress();
    }
}
