package dev.glossary.security;

import static dev.glossary.support.ProxiedInstances.ALLOWED_FAILURES;
import static dev.glossary.support.ProxiedInstances.EDITOR;
import static dev.glossary.support.ProxiedInstances.EDITOR_PASSWORD;
import static dev.glossary.support.ProxiedInstances.statusOnceCounted;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.glossary.support.PackagedInstance;
import dev.glossary.support.ProxiedInstances;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Packaged instances configured as behind a load balancer (quarkus.http.proxy.*): two that trust the
 * test's address as the balancer, one that trusts another address only. The failed-login limit
 * counts once across instances for the client the balancer names; a client that reaches an
 * instance directly is counted on its own address, whatever X-Forwarded-For it sends.
 * ThroughNginxIT puts the real nginx configuration in front.
 */
class ForwardedClientIT {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static ProxiedInstances instances;
    private static PackagedInstance behindFirst;
    private static PackagedInstance behindSecond;
    private static PackagedInstance exposed;

    @BeforeAll
    static void startInstances() throws Exception {
        instances = ProxiedInstances.onANewDatabase();
        behindFirst = instances.start("127.0.0.1");
        behindSecond = instances.start("127.0.0.1");
        exposed = instances.start("192.0.2.10");
    }

    @AfterAll
    static void stopAndDropTheDatabase() throws Exception {
        for (PackagedInstance instance : new PackagedInstance[] {behindFirst, behindSecond, exposed}) {
            if (instance != null) {
                instance.close();
            }
        }
        instances.dropDatabase();
    }

    @Test
    void shouldCountAClientsFailedLoginsOnceAcrossInstances() throws Exception {
        String client = "203.0.113.7";
        for (int i = 0; i < ALLOWED_FAILURES; i++) {
            PackagedInstance instance = i % 2 == 0 ? behindFirst : behindSecond;
            assertEquals(401, deleteTerm(instance, Optional.of(client), "guess " + i));
        }

        assertEquals(429, statusOnceCounted(() -> deleteTerm(behindFirst, Optional.of(client), EDITOR_PASSWORD)));
        assertEquals(429, deleteTerm(behindSecond, Optional.of(client), EDITOR_PASSWORD));
        assertEquals(404, deleteTerm(behindFirst, Optional.of("203.0.113.8"), EDITOR_PASSWORD));
    }

    @Test
    void shouldCountAClientThatReachesAnInstanceDirectlyOnItsOwnAddress() throws Exception {
        String claimed = "198.51.100.9";
        for (int i = 0; i < ALLOWED_FAILURES; i++) {
            assertEquals(401, deleteTerm(exposed, Optional.of(claimed), "guess " + i));
        }

        assertEquals(429, statusOnceCounted(() -> deleteTerm(exposed, Optional.of("198.51.100.99"), EDITOR_PASSWORD)));
        assertEquals(ALLOWED_FAILURES, instances.failuresOf("127.0.0.1"));
        assertFalse(instances.failuresOf(claimed) > 0, "the claimed address was counted");
    }

    /** DELETE of a term that does not exist: 404 once authenticated, so every refusal is the throttle's or the login's. */
    private static int deleteTerm(PackagedInstance instance, Optional<String> forwardedFor, String password) throws Exception {
        String credentials = Base64.getEncoder().encodeToString((EDITOR + ":" + password).getBytes(StandardCharsets.UTF_8));
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(instance.baseUrl() + "/terms/no-such-term"))
                .header("Authorization", "Basic " + credentials).DELETE();
        forwardedFor.ifPresent(address -> request.header("X-Forwarded-For", address));
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }
}
