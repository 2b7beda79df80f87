package dev.glossary.security;

import static dev.glossary.support.ProxiedInstances.ALLOWED_FAILURES;
import static dev.glossary.support.ProxiedInstances.EDITOR;
import static dev.glossary.support.ProxiedInstances.EDITOR_PASSWORD;
import static dev.glossary.support.ProxiedInstances.statusOnceCounted;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.glossary.support.Nginx;
import dev.glossary.support.PackagedInstance;
import dev.glossary.support.ProxiedInstances;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Two packaged instances behind nginx, configured by the template docker-compose and
 * bench/cluster.sh use, trusting nginx's X-Forwarded-For. Needs nginx, so it runs where the build
 * is told nginx is there (GLOSSARY_IT_NGINX set: .ci/run installs nginx and sets it; pom.xml).
 */
class ThroughNginxIT {

    private static ProxiedInstances instances;
    private static PackagedInstance first;
    private static PackagedInstance second;
    private static Nginx nginx;

    @BeforeAll
    static void startInstancesBehindNginx() throws Exception {
        instances = ProxiedInstances.onANewDatabase();
        first = instances.start("127.0.0.1");
        second = instances.start("127.0.0.1");
        nginx = Nginx.inFrontOf(List.of(first, second));
    }

    @AfterAll
    static void stopEverything() throws Exception {
        for (AutoCloseable started : new AutoCloseable[] {nginx, first, second}) {
            if (started != null) {
                started.close();
            }
        }
        instances.dropDatabase();
    }

    /**
     * nginx takes turns between the two instances: each sees only half of the client's failures, so
     * only a shared count refuses it; and nginx names the address it saw, so the addresses the client
     * claims count for nothing.
     */
    @Test
    void shouldCountAClientsFailedLoginsOnceAcrossInstancesOnTheAddressNginxSaw() throws Exception {
        String client = "127.0.0.2";
        for (int i = 0; i < ALLOWED_FAILURES; i++) {
            assertEquals(401, deleteThroughNginx(client, "192.0.2." + (i + 1), "guess " + i));
        }

        assertEquals(429, statusOnceCounted(() -> deleteThroughNginx(client, "192.0.2.200", EDITOR_PASSWORD)));
        assertEquals(ALLOWED_FAILURES, instances.failuresOf(client));
        assertEquals(0, instances.failuresOf("192.0.2.1"));
        assertEquals(404, deleteThroughNginx("127.0.0.3", client, EDITOR_PASSWORD));
    }

    @Test
    void shouldGiveTheInstancesTheRequestIdNginxMadeWhenTheClientSentNone() throws Exception {
        String echoed = requestIdThroughNginx(null);
        assertTrue(echoed.matches("[0-9a-f]{32}"), "nginx's own id, not one an instance made: " + echoed);
    }

    @Test
    void shouldPassTheClientsRequestIdThrough() throws Exception {
        assertEquals("trace-42", requestIdThroughNginx("trace-42"));
    }

    /** The X-Request-Id a public read through nginx answered with. */
    private static String requestIdThroughNginx(String sent) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", nginx.port())) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(("GET /letters HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                    + (sent == null ? "" : "X-Request-Id: " + sent + "\r\n")
                    + "Connection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            BufferedReader answer = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
            for (String line = answer.readLine(); line != null && !line.isEmpty(); line = answer.readLine()) {
                if (line.regionMatches(true, 0, "X-Request-Id:", 0, 13)) {
                    return line.substring(13).trim();
                }
            }
            throw new AssertionError("no X-Request-Id in the answer");
        }
    }

    /**
     * A DELETE of a term that does not exist, sent to nginx from a loopback address of the test's
     * choosing (all of 127/8 is this machine's) and claiming another client with X-Forwarded-For;
     * answers the status.
     */
    private static int deleteThroughNginx(String from, String claimed, String password) throws IOException {
        String credentials = Base64.getEncoder().encodeToString((EDITOR + ":" + password).getBytes(StandardCharsets.UTF_8));
        try (Socket socket = new Socket()) {
            socket.bind(new InetSocketAddress(from, 0));
            socket.connect(new InetSocketAddress("127.0.0.1", nginx.port()), 2_000);
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(("DELETE /terms/no-such-term HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                    + "Authorization: Basic " + credentials + "\r\nX-Forwarded-For: " + claimed
                    + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            String statusLine = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII))
                    .readLine();
            return Integer.parseInt(statusLine.split(" ")[1]);
        }
    }
}
