package dev.glossary.webhook;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A real HTTP receiver on 127.0.0.1 for delivery tests: it keeps every request as it arrived (headers
 * and the exact body bytes) and answers the status a test sets. It can be taken down and brought back
 * on the same port, so an endpoint's URL stays valid across the outage.
 */
final class WebhookReceiver implements AutoCloseable {

    record Received(String id, String timestamp, String signature, String contentType, byte[] body, Instant at) {
    }

    private final List<Received> received = new CopyOnWriteArrayList<>();
    private volatile int status = 204;
    private int port;
    private HttpServer server;

    WebhookReceiver() throws IOException {
        start();
    }

    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 50);
        server.createContext("/", exchange -> {
            try (InputStream in = exchange.getRequestBody()) {
                byte[] body = in.readAllBytes();
                var headers = exchange.getRequestHeaders();
                received.add(new Received(headers.getFirst("webhook-id"), headers.getFirst("webhook-timestamp"),
                        headers.getFirst("webhook-signature"), headers.getFirst("content-type"), body, Instant.now()));
            }
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
        });
        server.start();
        port = server.getAddress().getPort();
    }

    /** Down: connections are refused until {@link #start()}. */
    void stop() {
        server.stop(0);
    }

    void answer(int status) {
        this.status = status;
    }

    String url() {
        return "http://127.0.0.1:" + port + "/hooks";
    }

    List<Received> received() {
        return new ArrayList<>(received);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
