package dev.glossary.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.glossary.support.Nginx;
import dev.glossary.support.PackagedInstance;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Packaged instances configured as behind a load balancer (quarkus.http.proxy.*): two that trust the
 * test's address as the balancer (the test itself, or nginx in front of them), one that trusts
 * another address only. The failed-login limit
 * counts once across instances for the client the balancer names; a client that reaches an
 * instance directly is counted on its own address, whatever X-Forwarded-For it sends.
 */
class ForwardedClientIT {

    private static final String ADMIN_JDBC = "jdbc:postgresql://127.0.0.1:5432/postgres";
    private static final String DB_USER = "postgres";
    private static final String DB_PASSWORD = "postgres";
    private static final String EDITOR = "it-admin";
    private static final String EDITOR_PASSWORD = "it-password";
    /** The default of glossary.security.login-failures-allowed. */
    private static final int ALLOWED = 10;

    private static final String DATABASE = "glossary_it_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static PackagedInstance behindFirst;
    private static PackagedInstance behindSecond;
    private static PackagedInstance exposed;
    private static Nginx nginx;

    @BeforeAll
    static void startInstances() throws Exception {
        sql(ADMIN_JDBC, "CREATE DATABASE " + DATABASE);
        behindFirst = PackagedInstance.start(environment("127.0.0.1"));
        behindSecond = PackagedInstance.start(environment("127.0.0.1"));
        exposed = PackagedInstance.start(environment("192.0.2.10"));
        nginx = Nginx.inFrontOf(List.of(behindFirst, behindSecond));
    }

    @AfterAll
    static void stopAndDropTheDatabase() throws Exception {
        for (AutoCloseable started : new AutoCloseable[] {nginx, behindFirst, behindSecond, exposed}) {
            if (started != null) {
                started.close();
            }
        }
        sql(ADMIN_JDBC, "DROP DATABASE IF EXISTS " + DATABASE + " WITH (FORCE)");
    }

    @Test
    void shouldCountAClientsFailedLoginsOnceAcrossInstances() throws Exception {
        String client = "203.0.113.7";
        for (int i = 0; i < ALLOWED; i++) {
            PackagedInstance instance = i % 2 == 0 ? behindFirst : behindSecond;
            assertEquals(401, deleteTerm(instance, Optional.of(client), "guess " + i));
        }

        assertEquals(429, statusOnceCounted(behindFirst, Optional.of(client)));
        assertEquals(429, deleteTerm(behindSecond, Optional.of(client), EDITOR_PASSWORD));
        assertEquals(404, deleteTerm(behindFirst, Optional.of("203.0.113.8"), EDITOR_PASSWORD));
    }

    @Test
    void shouldCountAClientThatReachesAnInstanceDirectlyOnItsOwnAddress() throws Exception {
        String claimed = "198.51.100.9";
        for (int i = 0; i < ALLOWED; i++) {
            assertEquals(401, deleteTerm(exposed, Optional.of(claimed), "guess " + i));
        }

        assertEquals(429, statusOnceCounted(exposed, Optional.of("198.51.100.99")));
        assertEquals(ALLOWED, failuresOf("127.0.0.1"));
        assertFalse(failuresOf(claimed) > 0, "the claimed address was counted");
    }

    /**
     * Through nginx (the shared template), which takes turns between the two instances: each sees
     * only half of the client's failures, so only a shared count refuses it; and nginx names the
     * address it saw, so the addresses the client claims count for nothing.
     */
    @Test
    void shouldCountAClientsFailedLoginsThroughNginxOnTheAddressNginxSaw() throws Exception {
        String client = "127.0.0.2";
        for (int i = 0; i < ALLOWED; i++) {
            assertEquals(401, deleteThroughNginx(client, "192.0.2." + (i + 1), "guess " + i));
        }

        Instant deadline = Instant.now().plusSeconds(5);
        int status = deleteThroughNginx(client, "192.0.2.200", EDITOR_PASSWORD);
        while (status != 429 && Instant.now().isBefore(deadline)) {
            Thread.sleep(20);
            status = deleteThroughNginx(client, "192.0.2.200", EDITOR_PASSWORD);
        }
        assertEquals(429, status);
        assertEquals(ALLOWED, failuresOf(client));
        assertEquals(0, failuresOf("192.0.2.1"));
        assertEquals(404, deleteThroughNginx("127.0.0.3", client, EDITOR_PASSWORD));
    }

    /**
     * A DELETE sent to nginx from a loopback address of the test's choosing (all of 127/8 is this
     * machine's), claiming another client with X-Forwarded-For; answers the status.
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

    private static Map<String, String> environment(String trustedProxy) {
        Map<String, String> environment = new HashMap<>();
        environment.put("QUARKUS_DATASOURCE_JDBC_URL", "jdbc:postgresql://127.0.0.1:5432/" + DATABASE);
        environment.put("QUARKUS_DATASOURCE_USERNAME", DB_USER);
        environment.put("QUARKUS_DATASOURCE_PASSWORD", DB_PASSWORD);
        environment.put("GLOSSARY_ADMIN_USERNAME", EDITOR);
        environment.put("GLOSSARY_ADMIN_PASSWORD", EDITOR_PASSWORD);
        environment.put("GLOSSARY_PUBLIC_BASE_URL", "http://127.0.0.1");
        environment.put("QUARKUS_HTTP_PROXY_PROXY_ADDRESS_FORWARDING", "true");
        environment.put("QUARKUS_HTTP_PROXY_ALLOW_X_FORWARDED", "true");
        environment.put("QUARKUS_HTTP_PROXY_TRUSTED_PROXIES", trustedProxy);
        return environment;
    }

    /**
     * The answer to the right password once the last failure is counted: a failure is written a
     * moment after its 401 goes out, so the first tries may still get through (404).
     */
    private static int statusOnceCounted(PackagedInstance instance, Optional<String> forwardedFor) throws Exception {
        Instant deadline = Instant.now().plusSeconds(5);
        int status = deleteTerm(instance, forwardedFor, EDITOR_PASSWORD);
        while (status != 429 && Instant.now().isBefore(deadline)) {
            Thread.sleep(20);
            status = deleteTerm(instance, forwardedFor, EDITOR_PASSWORD);
        }
        return status;
    }

    /** DELETE of a term that does not exist: 404 once authenticated, so every refusal is the throttle's or the login's. */
    private static int deleteTerm(PackagedInstance instance, Optional<String> forwardedFor, String password) throws Exception {
        String credentials = Base64.getEncoder().encodeToString((EDITOR + ":" + password).getBytes(StandardCharsets.UTF_8));
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(instance.baseUrl() + "/terms/no-such-term"))
                .header("Authorization", "Basic " + credentials).DELETE();
        forwardedFor.ifPresent(address -> request.header("X-Forwarded-For", address));
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private static int failuresOf(String clientKey) throws SQLException {
        try (Connection connection = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:5432/" + DATABASE, DB_USER, DB_PASSWORD);
                PreparedStatement query = connection.prepareStatement(
                        "SELECT coalesce(sum(failures), 0) FROM glossary.login_failure WHERE client_key = ?")) {
            query.setString(1, clientKey);
            try (ResultSet row = query.executeQuery()) {
                row.next();
                return row.getInt(1);
            }
        }
    }

    private static void sql(String url, String statement) throws SQLException {
        try (Connection connection = DriverManager.getConnection(url, DB_USER, DB_PASSWORD);
                Statement sql = connection.createStatement()) {
            sql.execute(statement);
        }
    }
}
